import Testing
@testable import Inference
import InferenceKernelsX86

/// The AVX-512 activation kernels against their portable twins.
@Suite struct ActivationKernelTests {
    /// Rows with ties, zeros, a zero block, huge and tiny magnitudes.
    static func rows() -> [[Float]] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state) >> 40) / Float(1 << 20)
        }
        var rows: [[Float]] = []
        for scale: Float in [1e-6, 0.01, 1, 37, 3e4] { rows.append((0..<1536).map { _ in next() * scale }) }
        var ties = (0..<64).map { Float($0 % 9) - 4 }    // amax 4: x·127/4 hits .5 often
        ties.replaceSubrange(32..<64, with: repeatElement(0, count: 32))
        rows.append(ties)
        return rows
    }

    @Test func avx512QuantizersWriteTheScalarBytes() {
        guard CPUFeatures.hasAVX512VNNI else { print("no AVX-512 VNNI on this CPU: skipping"); return }
        for row in Self.rows() {
            for format in [GGMLType.q8_0, .q8_1] {
                let bytes = format.rowBytes(row.count)!
                var fast = [UInt8](repeating: 0, count: bytes), reference = [UInt8](repeating: 0, count: bytes)
                row.withUnsafeBufferPointer { x in
                    fast.withUnsafeMutableBytes { DotKernels.avx512.quantize(x.baseAddress!, count: row.count, as: format, into: $0.baseAddress!) }
                    reference.withUnsafeMutableBytes { ActivationQuantizer.quantize(x.baseAddress!, count: row.count, as: format, into: $0.baseAddress!) }
                }
                #expect(fast == reference, "\(format), amax \(row.map(abs).max()!)")
            }
        }
    }

    @Test func avx512AttentionPiecesMatchTheirTwins() {
        guard CPUFeatures.hasAVX512VNNI else { print("no AVX-512 VNNI on this CPU: skipping"); return }
        let rows = Self.rows()
        for n in [1, 15, 16, 17, 64, 100] {
            let a = Array(rows[2].prefix(n)), b = Array(rows[3].prefix(n))
            let fast = DotKernels.avx512.dot(a, b, count: n), twin = FloatVector.dot(a, b, count: n)
            let magnitude = zip(a, b).reduce(Float(0)) { $0 + abs($1.0 * $1.1) }
            #expect(abs(fast - twin) <= 1e-5 * magnitude + 1e-6, "dot n=\(n)")
            var y1 = Array(rows[1].prefix(n)), y2 = y1
            y1.withUnsafeMutableBufferPointer { DotKernels.avx512.axpy(0.37, a, $0.baseAddress!, count: n) }
            y2.withUnsafeMutableBufferPointer { FloatVector.axpy(0.37, a, $0.baseAddress!, count: n) }
            #expect(y1 == y2, "axpy n=\(n): one multiply and one add per element on both sides")
        }
    }
}
