import Foundation
import Testing
import CorpusCore
import _CorpusTestSupport
@testable import Inference

/// The activation quantizers: llama.cpp's x86 numerics (round half to even), round-trip error bounds,
/// the q8_1 sum and q8_K bsums, and gguf-py's Q8_0 quantizer as an independent check.
@Suite struct QuantActivationTests {
    /// Rounding to the nearest quant step errs by at most half a step, d/2 = amax/254; storing d as fp16
    /// (11 significant bits) moves each dequantized value by at most |q| * |d - fp16(d)| ≤ 127 * d * 2^-11
    /// = amax * 2^-11. (q8_K keeps d in f32, so only the first term, plus f32 rounding, applies.)
    static func q8RoundTripBound(amax: Float, fp16Scale: Bool) -> Float {
        amax / 254 * (1 + 1e-5) + (fp16Scale ? amax * 0x1p-11 : 0)
    }

    static func blockAmax(_ x: ArraySlice<Float>) -> Float { x.reduce(0) { max($0, abs($1)) } }

    @Test(arguments: [GGMLType.q8_0, .q8_1, .q8_K])
    func roundTripStaysWithinHalfAStep(_ type: GGMLType) {
        var rng = SeededGenerator(seed: 11 + UInt64(type.rawValue))
        let x = QuantTestSupport.randomActivations(type.blockSize * 24, &rng)
        let y = QuantTestSupport.dequantize(type, QuantTestSupport.quantize(x, as: type), count: x.count)
        for b in 0..<(x.count / type.blockSize) {
            let r = (b * type.blockSize)..<((b + 1) * type.blockSize)
            let bound = Self.q8RoundTripBound(amax: Self.blockAmax(x[r]), fp16Scale: type != .q8_K)
            let worst = r.map { abs(x[$0] - y[$0]) }.max()!
            #expect(worst <= bound, "\(type) block \(b): error \(worst) > \(bound)")
        }
    }

    @Test func q8_1SumIsTheF32ScaleTimesTheQuantSum() {
        var rng = SeededGenerator(seed: 12)
        let x = QuantTestSupport.randomActivations(32 * 40, &rng)
        let q = QuantTestSupport.quantize(x, as: .q8_1)
        for b in 0..<40 {
            let o = 36 * b
            let sum = (0..<32).reduce(Int32(0)) { $0 + Int32(Int8(bitPattern: q[o + 4 + $1])) }
            let d = Self.blockAmax(x[(32 * b)..<(32 * b + 32)]) / 127
            let s = UInt16(q[o + 2]) | UInt16(q[o + 3]) << 8
            #expect(s == HalfFloat.bits(from: d * Float(sum)), "block \(b)")
            let dq = UInt16(q[o]) | UInt16(q[o + 1]) << 8
            #expect(dq == HalfFloat.bits(from: d), "block \(b) d")
        }
    }

    @Test func q8_KBlockSumsAndScale() {
        var rng = SeededGenerator(seed: 13)
        var x = QuantTestSupport.randomActivations(256 * 6, &rng)
        for j in 256..<512 { x[j] = 0 }                        // an all-zero block: d = 0, quants 0
        let q = QuantTestSupport.quantize(x, as: .q8_K)
        for b in 0..<6 {
            let o = 292 * b
            let qs = (0..<256).map { Int(Int8(bitPattern: q[o + 4 + $0])) }
            for g in 0..<16 {
                let bsum = Int(Int16(bitPattern: UInt16(q[o + 260 + 2 * g]) | UInt16(q[o + 261 + 2 * g]) << 8))
                #expect(bsum == qs[(16 * g)..<(16 * g + 16)].reduce(0, +), "block \(b) bsum \(g)")
            }
            let d = Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(q[o + $1]) << (8 * UInt32($1)) })
            if b == 1 { #expect(d == 0 && qs.allSatisfy { $0 == 0 }); continue }
            // The element of largest magnitude maps to -127 (iscale = -127/max), so d has the opposite sign.
            let slice = x[(256 * b)..<(256 * b + 256)]
            let top = slice.indices.max { abs(x[$0]) < abs(x[$1]) }!
            #expect(qs[top - 256 * b] == -127, "block \(b)")
            #expect(d == 1 / (-127 / x[top]))
        }
    }

    /// Ties go to the even integer (llama.cpp's AVX path, `_mm256_round_ps` nearest), not away from zero.
    @Test func q8_0RoundsTiesToEven() {
        var x = [Float](repeating: 0, count: 32)
        x[0] = 127; x[1] = 2.5; x[2] = -2.5; x[3] = 3.5; x[4] = 0.5; x[5] = -0.5; x[6] = 1.49
        let q = QuantTestSupport.quantize(x, as: .q8_0).dropFirst(2).map { Int8(bitPattern: $0) }
        #expect(Array(q[0..<7]) == [127, 2, -2, 4, 0, 0, 1])
    }

    /// gguf-py's `quantize(x, Q8_0)` mirrors ggml's scalar reference: q = roundf(x * (1/d)), half away from zero.
    /// Our x86 numerics use x * (127/amax) and ties to even, so a quant may differ by one where x*id lies
    /// within a rounding error of a half-integer; everywhere else (and in every fp16 d) they must agree.
    static let nearTieWidth: Float = 1e-4

    @Test func q8_0AgreesWithGGUFPyExceptAtTies() throws {
        var rng = SeededGenerator(seed: 14)
        var x = QuantTestSupport.randomActivations(32 * 128, &rng)
        x[0] = 127; x[5] = 2.5                                  // block 0: amax 127, id 1, an exact tie
        let ours = QuantTestSupport.quantize(x, as: .q8_0)
        let dir = try Fixtures.temporaryDirectory("quant-q8")
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("x.f32"), output = dir.appendingPathComponent("q.bin")
        try Data(QuantTestSupport.floatBytes(x)).write(to: input)
        guard let result = try QuantTestSupport.reference(["quantize", "Q8_0", input.path, output.path], test: "q8_0AgreesWithGGUFPyExceptAtTies") else { return }
        try #require(result.status == 0, "dequant_reference.py: \(result.stderr)")
        let theirs = Array(try Data(contentsOf: output))
        try #require(theirs.count == ours.count)
        var differing = 0
        for b in 0..<128 {
            let o = 34 * b
            #expect(ours[o] == theirs[o] && ours[o + 1] == theirs[o + 1], "block \(b): fp16 d differs")
            let amax = Self.blockAmax(x[(32 * b)..<(32 * b + 32)])
            for j in 0..<32 where ours[o + 2 + j] != theirs[o + 2 + j] {
                differing += 1
                let v = x[32 * b + j] * (127 / amax), a = Int(Int8(bitPattern: ours[o + 2 + j])), t = Int(Int8(bitPattern: theirs[o + 2 + j]))
                #expect(abs(a - t) == 1 && abs(abs(v - v.rounded(.down)) - 0.5) < Self.nearTieWidth,
                        "block \(b) element \(j): x*id = \(v), ours \(a), gguf-py \(t)")
            }
        }
        #expect(differing >= 1 && differing < 16, "\(differing) quants differ (the planted tie must be one)")
    }
}
