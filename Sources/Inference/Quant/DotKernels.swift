import Foundation
import InferenceKernelsX86

/// The dot-product implementations, one choice for the whole engine: `scalar` (the readable reference),
/// `simd` (portable Swift SIMD), `avx512` (AVX-512 VNNI, x86 only). `best` picks the fastest the CPU runs;
/// `MATCORPUS_KERNELS=scalar|simd|avx512` overrides it (avx512 is refused where the CPU lacks it).
public enum DotKernels: String, Sendable, CaseIterable {
    case scalar, simd, avx512

    public static let best: DotKernels = {
        let available: DotKernels = CPUFeatures.hasAVX512VNNI ? .avx512 : .simd
        guard let name = ProcessInfo.processInfo.environment["MATCORPUS_KERNELS"], let requested = DotKernels(rawValue: name) else {
            return available
        }
        return requested == .avx512 && !CPUFeatures.hasAVX512VNNI ? available : requested
    }()

    /// Whether this machine can run these kernels.
    public var isAvailable: Bool { self != .avx512 || CPUFeatures.hasAVX512VNNI }

    /// The dot of a `count`-element row of `type` with activations in `type.dotPartner`.
    public func dot(_ type: GGMLType, weights: UnsafeRawPointer, activations: UnsafeRawPointer, count: Int) -> Float {
        switch self {
        case .scalar: return ScalarDot.dot(type, weights: weights, activations: activations, count: count)
        case .simd: return SIMDDot.dot(type, weights: weights, activations: activations, count: count)
        case .avx512:
            precondition(count % type.blockSize == 0, "\(type): \(count) is not a whole number of blocks")
            return AVX512Dot.dot(type.rawValue, count, weights, activations)
        }
    }

    /// `out[r]` = dot of the row at `weights + r * rowStride` (bytes) with `activations`, r in 0..<rows.
    public func dotRows(_ type: GGMLType, count: Int, weights: UnsafeRawPointer, rowStride: Int, rows: Int,
                        activations: UnsafeRawPointer, out: UnsafeMutablePointer<Float>) {
        switch self {
        case .scalar:
            for r in 0..<rows { out[r] = ScalarDot.dot(type, weights: weights + r * rowStride, activations: activations, count: count) }
        case .simd:
            SIMDDot.dotRows(type, count: count, weights: weights, rowStride: rowStride, rows: rows, activations: activations, out: out)
        case .avx512:
            precondition(count % type.blockSize == 0, "\(type): \(count) is not a whole number of blocks")
            AVX512Dot.dotRows(type.rawValue, count, weights, rowStride: rowStride, rows: rows, activations, out)
        }
    }

    /// `out[t * outStride + r]` = row r · token t's activations (at `activations + t * activationStride`),
    /// for `tokens` tokens: the same values as `dotRows` per token. Where `packsTokens(type)`, the rows are
    /// packed into a temporary buffer first (an engine packs once per input with `packTokenRow` and calls
    /// the packed entry itself); other kernels run `dotRows` token by token.
    public func dotRows(_ type: GGMLType, count: Int, weights: UnsafeRawPointer, rowStride: Int, rows: Int,
                        activations: UnsafeRawPointer, activationStride: Int, tokens: Int, out: UnsafeMutablePointer<Float>, outStride: Int) {
        if tokens > 1, packsTokens(type) {
            let packed = UnsafeMutableRawPointer.allocate(byteCount: Self.packedTokenBytes(count: count, tokens: tokens), alignment: 64)
            defer { packed.deallocate() }
            for t in 0..<tokens {
                packTokenRow(type.dotPartner, count: count, row: activations + t * activationStride, token: t, tokens: tokens, into: packed)
            }
            dotRows(type, count: count, weights: weights, rowStride: rowStride, rows: rows, packedActivations: UnsafeRawPointer(packed),
                    tokens: tokens, out: out, outStride: outStride)
            return
        }
        for t in 0..<tokens {
            dotRows(type, count: count, weights: weights, rowStride: rowStride, rows: rows, activations: activations + t * activationStride, out: out + t * outStride)
        }
    }

    /// Whether this kernel set has a multi-token kernel for `type` over packed activations: the AVX-512
    /// kernels for Q4_1 and Q8_0 (`AVX512DotTokens`), which unpack each weight block pair once for four
    /// tokens.
    public func packsTokens(_ type: GGMLType) -> Bool { self == .avx512 && AVX512DotTokens.supports(type.rawValue) }

    /// Bytes of a packed buffer for `tokens` activation rows of `count` values.
    public static func packedTokenBytes(count: Int, tokens: Int) -> Int { AVX512DotTokens.packedBytes(count, tokens: tokens) }

    /// Packs token `token`'s quantized row (`partner` Q8_0 or Q8_1, as `quantize` wrote it) into the packed
    /// buffer `into` (64-byte aligned, `packedTokenBytes(count:tokens:)` long) of `tokens` rows.
    public func packTokenRow(_ partner: GGMLType, count: Int, row: UnsafeRawPointer, token: Int, tokens: Int, into: UnsafeMutableRawPointer) {
        precondition(self == .avx512 && (partner == .q8_0 || partner == .q8_1), "only the AVX-512 kernels take packed Q8_0/Q8_1 rows")
        AVX512DotTokens.pack(partner.rawValue, count, row, token: token, tokens: tokens, into: into)
    }

    /// `out[t * outStride + r]` = row r · token t of `packedActivations` (`tokens` rows packed by
    /// `packTokenRow`); the same bits as `dotRows` per token. Only where `packsTokens(type)`.
    public func dotRows(_ type: GGMLType, count: Int, weights: UnsafeRawPointer, rowStride: Int, rows: Int,
                        packedActivations: UnsafeRawPointer, tokens: Int, out: UnsafeMutablePointer<Float>, outStride: Int) {
        precondition(packsTokens(type), "\(self) has no packed multi-token kernel for \(type)")
        precondition(count % type.blockSize == 0, "\(type): \(count) is not a whole number of blocks")
        AVX512DotTokens.dotRows(type.rawValue, count, weights, rowStride: rowStride, rows: rows, packed: packedActivations,
                                tokens: tokens, out, outStride: outStride)
    }

    /// Quantizes an activation row to `format` (the scalar `ActivationQuantizer` is the reference; the
    /// AVX-512 Q8_0/Q8_1 quantizer gives the same bytes).
    public func quantize(_ x: UnsafePointer<Float>, count: Int, as format: GGMLType, into dst: UnsafeMutableRawPointer) {
        if self == .avx512, format == .q8_0 || format == .q8_1 {
            precondition(count % 32 == 0, "\(format): \(count) is not a whole number of blocks")
            AVX512Activations.quantizeQ8(x, blocks: count / 32, withSum: format == .q8_1, into: dst)
        } else {
            ActivationQuantizer.quantize(x, count: count, as: format, into: dst)
        }
    }

    /// Σ a[i]·b[i] (attention scores).
    @inline(__always)
    public func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        self == .avx512 ? AVX512Activations.dot(a, b, count) : FloatVector.dot(a, b, count: count)
    }

    /// `y[i] += s·x[i]` (attention's weighted sum of values).
    @inline(__always)
    public func axpy(_ s: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        if self == .avx512 { AVX512Activations.axpy(s, x, y, count) } else { FloatVector.axpy(s, x, y, count: count) }
    }
}
