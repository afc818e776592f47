/// The tensor element types the engine reads (ggml's type numbers, as stored in GGUF tensor infos).
///
/// Quantized types store weights in blocks: `blockSize` weights in `blockBytes` bytes (layouts in
/// `ggml-common.h`; see the README's "Inference" section). `q8_0`, `q8_1` and `q8_K` also serve as the
/// formats activations are quantized to before an integer dot product (`dotPartner`).
public enum GGMLType: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    case f32 = 0, f16 = 1, q4_0 = 2, q4_1 = 3, q5_0 = 6, q5_1 = 7, q8_0 = 8, q8_1 = 9
    case q4_K = 12, q5_K = 13, q6_K = 14, q8_K = 15, bf16 = 30

    /// Weights per block (1 for the float types).
    public var blockSize: Int {
        switch self {
        case .f32, .f16, .bf16: return 1
        case .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q8_1: return 32
        case .q4_K, .q5_K, .q6_K, .q8_K: return 256
        }
    }

    /// Bytes per block.
    public var blockBytes: Int {
        switch self {
        case .f32: return 4
        case .f16, .bf16: return 2
        case .q4_0: return 18
        case .q4_1: return 20
        case .q5_0: return 22
        case .q5_1: return 24
        case .q8_0: return 34
        case .q8_1: return 36
        case .q4_K: return 144
        case .q5_K: return 176
        case .q6_K: return 210
        case .q8_K: return 292
        }
    }

    /// Bytes of a row of `count` elements, or nil when `count` is not a whole number of blocks.
    public func rowBytes(_ count: Int) -> Int? {
        guard count >= 0, count % blockSize == 0 else { return nil }
        let (bytes, overflow) = (count / blockSize).multipliedReportingOverflow(by: blockBytes)
        return overflow ? nil : bytes
    }

    /// The activation format this weight type is multiplied with: the f32 row itself for float
    /// weights, `q8_0` for Q4_0/Q5_0/Q8_0, `q8_1` for Q4_1/Q5_1, `q8_K` for the K-quants.
    public var dotPartner: GGMLType {
        switch self {
        case .f32, .f16, .bf16: return .f32
        case .q4_0, .q5_0, .q8_0: return .q8_0
        case .q4_1, .q5_1, .q8_1: return .q8_1
        case .q4_K, .q5_K, .q6_K, .q8_K: return .q8_K
        }
    }

    public var description: String {
        switch self {
        case .f32: return "F32"
        case .f16: return "F16"
        case .bf16: return "BF16"
        case .q4_0: return "Q4_0"
        case .q4_1: return "Q4_1"
        case .q5_0: return "Q5_0"
        case .q5_1: return "Q5_1"
        case .q8_0: return "Q8_0"
        case .q8_1: return "Q8_1"
        case .q4_K: return "Q4_K"
        case .q5_K: return "Q5_K"
        case .q6_K: return "Q6_K"
        case .q8_K: return "Q8_K"
        }
    }
}
