import Foundation
import Testing
import CorpusCore
import GGUF
import InferenceKernelsX86
import _CorpusTestSupport
@testable import Inference

/// The SIMD and AVX-512 kernels against their scalar twin, on random rows of every type and length and on
/// SmolLM2's real rows.
@Suite struct QuantKernelTests {
    /// The kernels compute the same exact integer sums per block as ScalarDot and differ only in the order
    /// (and, for AVX-512, the fused multiply-adds) of the f32 accumulation of ≤ 128 block terms (or 4096
    /// float products): worst case about nb·2^-24 ≈ 7.6e-6 of Σ|terms|, typically far less. 1e-5 of
    /// Σ|w_i·a_i| (dequantized values, which bounds Σ|terms|) plus a 1e-6 absolute floor.
    static let summationRelativeTolerance: Double = 1e-5
    static let absoluteFloor: Double = 1e-6

    static func lengths(_ type: GGMLType) -> [Int] {
        switch type.blockSize {
        case 256: return [256, 512, 768, 1536, 4096]
        case 32: return [32, 64, 96, 160, 576, 1536, 4096]
        default: return [1, 15, 16, 17, 63, 64, 100, 576, 1536, 4096]
        }
    }

    struct Case {
        var type: GGMLType, n: Int, weights: [UInt8], activations: [UInt8]
        /// Σ|w_i·a_i| over the dequantized rows.
        var magnitude: Double

        init(_ type: GGMLType, n: Int, weights: [UInt8], x: [Float]) {
            self.type = type; self.n = n; self.weights = weights
            let partner = type.dotPartner
            activations = partner == .f32 ? QuantTestSupport.floatBytes(x) : QuantTestSupport.quantize(x, as: partner)
            let w = QuantTestSupport.dequantize(type, weights, count: n)
            let a = partner == .f32 ? x : QuantTestSupport.dequantize(partner, activations, count: n)
            magnitude = (0..<n).reduce(0.0) { $0 + Double(abs(w[$1] * a[$1])) }
        }

        func run(_ kernels: DotKernels) -> Float {
            weights.withUnsafeBytes { w in activations.withUnsafeBytes { a in
                kernels.dot(type, weights: w.baseAddress!, activations: a.baseAddress!, count: n) } }
        }

        var tolerance: Double { QuantKernelTests.summationRelativeTolerance * magnitude + QuantKernelTests.absoluteFloor }
    }

    static func randomCases(_ type: GGMLType) -> [Case] {
        var rng = SeededGenerator(seed: 41 + UInt64(type.rawValue))
        return lengths(type).flatMap { n in
            (0..<2).map { _ in Case(type, n: n, weights: QuantTestSupport.randomRow(type, count: n, &rng), x: QuantTestSupport.randomActivations(n, &rng)) }
        }
    }

    @Test(arguments: QuantTestSupport.weightTypes)
    func simdMatchesScalar(_ type: GGMLType) {
        for c in Self.randomCases(type) {
            let s = c.run(.scalar), v = c.run(.simd)
            if type.blockSize > 1 {
                // Same integer sums and the same f32 operations in the same order: identical.
                #expect(v == s, "\(type) n=\(c.n): simd \(v) scalar \(s)")
            } else {
                #expect(abs(Double(v) - Double(s)) <= c.tolerance, "\(type) n=\(c.n): simd \(v) scalar \(s)")
            }
        }
    }

    @Test(arguments: QuantTestSupport.weightTypes)
    func avx512MatchesScalar(_ type: GGMLType) {
        guard CPUFeatures.hasAVX512VNNI else { print("avx512MatchesScalar: no AVX-512 VNNI on this CPU: skipping"); return }
        for c in Self.randomCases(type) {
            let s = c.run(.scalar), v = c.run(.avx512)
            #expect(abs(Double(v) - Double(s)) <= c.tolerance, "\(type) n=\(c.n): avx512 \(v) scalar \(s) (tolerance \(c.tolerance))")
        }
    }

    /// Extreme quants: all weights and activations at the ends of their ranges (sign-flip and offset tricks,
    /// int32 headroom), checked against the scalar twin.
    @Test(arguments: QuantTestSupport.weightTypes.filter { $0.blockSize > 1 })
    func kernelsHandleExtremeQuants(_ type: GGMLType) {
        var rng = SeededGenerator(seed: 51)
        let n = type.blockSize == 256 ? 1024 : 1024
        for fill: UInt8 in [0x00, 0xFF, 0x80, 0x7F] {
            var w = QuantTestSupport.randomRow(type, count: n, &rng)
            let template = QuantTestSupport.randomRow(type, count: n, &rng)
            // Keep the scales of `template`, set every quant byte to `fill`.
            let scaleBytes: Set<Int> = {
                switch type {
                case .q4_0, .q5_0, .q8_0: return [0, 1]
                case .q4_1, .q5_1, .q4_K, .q5_K: return [0, 1, 2, 3]
                case .q6_K: return [208, 209]
                default: return []
                }
            }()
            for i in 0..<w.count { w[i] = scaleBytes.contains(i % type.blockBytes) ? template[i] : fill }
            for x in [[Float](repeating: 1, count: n), (0..<n).map { $0 % 2 == 0 ? Float(-1) : 1 }, QuantTestSupport.randomActivations(n, &rng)] {
                let c = Case(type, n: n, weights: w, x: x)
                let s = c.run(.scalar)
                #expect(abs(Double(c.run(.simd)) - Double(s)) <= c.tolerance, "\(type) fill \(fill): simd")
                if CPUFeatures.hasAVX512VNNI {
                    #expect(abs(Double(c.run(.avx512)) - Double(s)) <= c.tolerance, "\(type) fill \(fill): avx512 \(c.run(.avx512)) scalar \(s)")
                }
            }
        }
    }

    @Test(arguments: [GGMLType.q4_1, .q8_0, .q4_K, .q6_K, .f16])
    func dotRowsEqualsRowByRowDots(_ type: GGMLType) {
        var rng = SeededGenerator(seed: 61)
        let n = type.blockSize == 256 ? 512 : 576, rows = 7
        let stride = type.rowBytes(n)! + 8                      // a gap between rows: rowStride is honoured
        var weights = [UInt8](repeating: 0xA5, count: stride * rows)
        for r in 0..<rows { weights.replaceSubrange((r * stride)..<(r * stride + type.rowBytes(n)!), with: QuantTestSupport.randomRow(type, count: n, &rng)) }
        let x = QuantTestSupport.randomActivations(n, &rng)
        let a = type.dotPartner == .f32 ? QuantTestSupport.floatBytes(x) : QuantTestSupport.quantize(x, as: type.dotPartner)
        for kernels in DotKernels.allCases where kernels.isAvailable {
            var out = [Float](repeating: .nan, count: rows)
            weights.withUnsafeBytes { w in a.withUnsafeBytes { ab in out.withUnsafeMutableBufferPointer { o in
                kernels.dotRows(type, count: n, weights: w.baseAddress!, rowStride: stride, rows: rows, activations: ab.baseAddress!, out: o.baseAddress!)
                for r in 0..<rows {
                    let single = kernels.dot(type, weights: w.baseAddress! + r * stride, activations: ab.baseAddress!, count: n)
                    #expect(o[r] == single, "\(kernels) \(type) row \(r)")
                }
            } } }
        }
    }

    /// The multi-token entry gives, bit for bit, what `dotRows` gives token by token: for every kernel set,
    /// token counts that fill groups of four and leave remainders, and odd block counts (a last single block).
    @Test(arguments: [GGMLType.q4_1, .q8_0, .q4_0, .q6_K])
    func multiTokenRowsEqualRowsPerToken(_ type: GGMLType) {
        var rng = SeededGenerator(seed: 67)
        for n in type.blockSize == 256 ? [512] : [576, 544, 32] {
            let rows = 5, stride = type.rowBytes(n)! + 4
            var weights = [UInt8](repeating: 0x5A, count: stride * rows)
            for r in 0..<rows { weights.replaceSubrange((r * stride)..<(r * stride + type.rowBytes(n)!), with: QuantTestSupport.randomRow(type, count: n, &rng)) }
            for tokens in [2, 4, 7] {
                let one = QuantTestSupport.quantize(QuantTestSupport.randomActivations(n, &rng), as: type.dotPartner)
                let aStride = one.count + 12
                var a = [UInt8](repeating: 0, count: aStride * tokens)
                for t in 0..<tokens {
                    a.replaceSubrange((t * aStride)..<(t * aStride + one.count), with: QuantTestSupport.quantize(QuantTestSupport.randomActivations(n, &rng), as: type.dotPartner))
                }
                for kernels in DotKernels.allCases where kernels.isAvailable {
                    let outStride = rows + 3
                    var out = [Float](repeating: .nan, count: outStride * tokens)
                    weights.withUnsafeBytes { w in a.withUnsafeBytes { ab in out.withUnsafeMutableBufferPointer { o in
                        kernels.dotRows(type, count: n, weights: w.baseAddress!, rowStride: stride, rows: rows, activations: ab.baseAddress!,
                                        activationStride: aStride, tokens: tokens, out: o.baseAddress!, outStride: outStride)
                        var single = [Float](repeating: 0, count: rows)
                        for t in 0..<tokens {
                            kernels.dotRows(type, count: n, weights: w.baseAddress!, rowStride: stride, rows: rows, activations: ab.baseAddress! + t * aStride, out: &single)
                            for r in 0..<rows { #expect(o[t * outStride + r] == single[r], "\(kernels) \(type) n=\(n) tokens=\(tokens) token \(t) row \(r)") }
                            for r in rows..<outStride where t < tokens - 1 { #expect(o[t * outStride + r].isNaN, "\(kernels) wrote past the rows") }
                        }
                    } } }
                }
            }
        }
    }

    /// SmolLM2's own rows (Q4_1 attention and FFN matrices, the Q8_0 embedding), against activations
    /// quantized from random hidden states.
    @Test func kernelsMatchScalarOnSmolLM2Rows() throws {
        guard let path = Fixtures.smolLM2 else { print(Fixtures.smolLM2Missing); return }
        let file = try GGUFFile(path: path)
        var rng = SeededGenerator(seed: 71)
        for name in ["blk.0.attn_q.weight", "blk.3.ffn_gate.weight", "blk.7.ffn_down.weight", "token_embd.weight"] {
            let info = try #require(file.tensors.first { $0.name == name })
            let type = try #require(GGMLType(rawValue: info.typeCode))
            let n = info.dimensions[0], rowBytes = type.rowBytes(n)!
            let rows = min(64, info.dimensions[1])
            let all = Array(try file.bytes(of: info, count: rowBytes * rows))
            let x = QuantTestSupport.randomActivations(n, &rng)
            for r in 0..<rows {
                let c = Case(type, n: n, weights: Array(all[(r * rowBytes)..<((r + 1) * rowBytes)]), x: x)
                let s = c.run(.scalar)
                #expect(c.run(.simd) == s, "\(name) row \(r): simd")
                if CPUFeatures.hasAVX512VNNI {
                    let v = c.run(.avx512)
                    #expect(abs(Double(v) - Double(s)) <= c.tolerance, "\(name) row \(r): avx512 \(v) scalar \(s)")
                }
            }
        }
    }

    @Test func bestKernelsRunHere() {
        #expect(DotKernels.best.isAvailable)
        #if os(Linux) && arch(x86_64)
        let flags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n").first { $0.hasPrefix("flags") } ?? ""
        let words = Set(flags.split(separator: " "))
        #expect(CPUFeatures.hasAVX512VNNI == ["avx512f", "avx512bw", "avx512vl", "avx512_vnni"].allSatisfy { words.contains($0) })
        #endif
    }
}
