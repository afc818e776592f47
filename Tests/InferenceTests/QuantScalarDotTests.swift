import Foundation
import Testing
import CorpusCore
import _CorpusTestSupport
@testable import Inference

/// ScalarDot against the f32 dot of the dequantized weights with the *unquantized* activations: the only
/// difference is the activation quantization, which the bound below accounts for block by block.
@Suite struct QuantScalarDotTests {
    /// Per activation block with largest magnitude amax and weights w_i, the quantized activations differ
    /// from x by at most amax/254 + amax*2^-11 each (half a step, and fp16 rounding of d; see
    /// QuantActivationTests), so the dot moves by at most Σ|w_i| times that. q8_1's `s` (used for the
    /// Q4_1/Q5_1 offset m) is fp16(d_f32 * Σq) rather than fp16(d)*Σq: up to |m|*(32*127*d*2^-11 + |s|*2^-11)
    /// more. f32 weight and activation rows need no quantization; for them (and for the f32 accumulation
    /// everywhere) the slack is 1e-5 of Σ|w_i x_i| (4096 f32 additions, worst case about n*2^-24 ≈ 2.4e-4,
    /// typically √n*2^-24; the tests use 1e-5 + a 1e-6 absolute floor).
    static let accumulationRelativeTolerance: Double = 1e-5
    static let absoluteFloor: Double = 1e-6

    static func bound(_ type: GGMLType, weights w: [Float], bytes: [UInt8], x: [Float]) -> Double {
        var total = 0.0, magnitude = 0.0
        let partner = type.dotPartner
        for i in 0..<x.count { magnitude += Double(abs(w[i] * x[i])) }
        if partner != .f32 {
            for b in 0..<(x.count / partner.blockSize) {
                let r = (b * partner.blockSize)..<((b + 1) * partner.blockSize)
                let amax = Double(r.map { abs(x[$0]) }.max()!)
                let step = amax / 254 * (1 + 1e-5) + (partner == .q8_K ? 0 : amax * 0x1p-11)
                total += r.reduce(0.0) { $0 + Double(abs(w[$1])) } * step
                if type == .q4_1 || type == .q5_1 {
                    let m = Double(abs(HalfFloat.float(fromBits: UInt16(bytes[type.blockBytes * b + 2]) | UInt16(bytes[type.blockBytes * b + 3]) << 8)))
                    let d = amax / 127
                    total += m * (32 * 127 * d * 0x1p-11 + 32 * 127 * d * 0x1p-11)
                }
            }
        }
        return total + accumulationRelativeTolerance * magnitude + absoluteFloor
    }

    static func lengths(_ type: GGMLType) -> [Int] {
        type.blockSize == 256 ? [256, 512, 1536, 4096] : [32, 64, 96, 576, 1536, 4096]
    }

    @Test(arguments: QuantTestSupport.weightTypes)
    func scalarDotMatchesFloatDotWithinQuantizationBound(_ type: GGMLType) {
        var rng = SeededGenerator(seed: 21 + UInt64(type.rawValue))
        for n in Self.lengths(type) {
            for _ in 0..<3 {
                let bytes = QuantTestSupport.randomRow(type, count: n, &rng)
                let w = QuantTestSupport.dequantize(type, bytes, count: n)
                let x = QuantTestSupport.randomActivations(n, &rng)
                let a = type.dotPartner == .f32 ? QuantTestSupport.floatBytes(x) : QuantTestSupport.quantize(x, as: type.dotPartner)
                let got = bytes.withUnsafeBytes { wb in a.withUnsafeBytes { ab in
                    ScalarDot.dot(type, weights: wb.baseAddress!, activations: ab.baseAddress!, count: n) } }
                let exact = (0..<n).reduce(0.0) { $0 + Double(w[$1]) * Double(x[$1]) }
                let tolerance = Self.bound(type, weights: w, bytes: bytes, x: x)
                #expect(abs(Double(got) - exact) <= tolerance, "\(type) n=\(n): \(got) vs \(exact) (bound \(tolerance))")
            }
        }
    }

    /// The integer path must equal the dot of the two *dequantized* rows up to f32 rounding alone
    /// (this isolates the quant arithmetic from the activation rounding, so it is much tighter).
    @Test(arguments: QuantTestSupport.weightTypes)
    func scalarDotEqualsDotOfDequantizedRows(_ type: GGMLType) {
        var rng = SeededGenerator(seed: 31 + UInt64(type.rawValue))
        for n in Self.lengths(type) {
            let bytes = QuantTestSupport.randomRow(type, count: n, &rng)
            let w = QuantTestSupport.dequantize(type, bytes, count: n)
            let x = QuantTestSupport.randomActivations(n, &rng)
            let partner = type.dotPartner
            let a = partner == .f32 ? QuantTestSupport.floatBytes(x) : QuantTestSupport.quantize(x, as: partner)
            let xa = partner == .f32 ? x : QuantTestSupport.dequantize(partner, a, count: n)
            let got = bytes.withUnsafeBytes { wb in a.withUnsafeBytes { ab in
                ScalarDot.dot(type, weights: wb.baseAddress!, activations: ab.baseAddress!, count: n) } }
            var exact = 0.0, magnitude = 0.0
            for i in 0..<n { exact += Double(w[i]) * Double(xa[i]); magnitude += Double(abs(w[i] * xa[i])) }
            // q8_1's s carries its own fp16 rounding (see above): allow |m| * |s| * 2^-11 per block plus the
            // d-vs-fp16(d) difference in s.
            var sSlack = 0.0
            if type == .q4_1 || type == .q5_1 {
                for b in 0..<(n / 32) {
                    let m = Double(abs(HalfFloat.float(fromBits: UInt16(bytes[type.blockBytes * b + 2]) | UInt16(bytes[type.blockBytes * b + 3]) << 8)))
                    let amax = Double(x[(32 * b)..<(32 * b + 32)].map(abs).max()!)
                    sSlack += m * 2 * 32 * amax * 0x1p-11
                }
            }
            let tolerance = Self.accumulationRelativeTolerance * magnitude + sSlack + Self.absoluteFloor
            #expect(abs(Double(got) - exact) <= tolerance, "\(type) n=\(n): \(got) vs \(exact) (tolerance \(tolerance))")
        }
    }
}
