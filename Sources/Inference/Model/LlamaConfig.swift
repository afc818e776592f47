import GGUF

/// The hyperparameters of a LLaMA-family model, read from GGUF metadata (`<arch>.*` keys).
public struct LlamaConfig: Sendable, Hashable {
    /// `general.architecture`: `llama`, `mistral`, `qwen2`, ...
    public var architecture: String
    public var vocabularySize: Int
    public var embeddingLength: Int
    public var layerCount: Int
    public var feedForwardLength: Int
    public var headCount: Int
    public var kvHeadCount: Int
    public var headDimension: Int
    /// Dimensions rotated by RoPE (the first `ropeDimension` of each head).
    public var ropeDimension: Int
    public var ropeFrequencyBase: Double
    /// Linear position scaling (`rope.scale_linear` or `rope.scaling.factor` with type `linear`), 1 when absent.
    public var ropeLinearScale: Double
    /// NEOX-style RoPE rotates (i, i + d/2) pairs; the LLaMA style rotates adjacent (2i, 2i+1) pairs.
    public var ropeNeoxStyle: Bool
    public var rmsEpsilon: Float
    public var contextLength: Int

    /// Reads the configuration of `file`; every missing or impossible value is an error naming the key.
    public init(file: GGUFFile) throws {
        func fail(_ reason: String) -> InferenceError { .badModel(path: file.path, reason: reason) }
        guard let arch = file["general.architecture"]?.stringValue else { throw fail("no general.architecture") }
        let supported = ["llama", "mistral", "qwen2", "granite"]
        guard supported.contains(arch) else {
            throw InferenceError.unsupported(path: file.path, reason: "architecture \(arch) (the engine runs \(supported.joined(separator: ", ")))")
        }
        architecture = arch
        func int(_ key: String, default value: Int? = nil, range: ClosedRange<Int> = 1...1 << 24) throws -> Int {
            guard let v = file["\(arch).\(key)"]?.intValue ?? value else { throw fail("missing \(arch).\(key)") }
            guard range.contains(v) else { throw fail("\(arch).\(key) = \(v) is outside \(range)") }
            return v
        }
        embeddingLength = try int("embedding_length")
        layerCount = try int("block_count", range: 1...1024)
        feedForwardLength = try int("feed_forward_length")
        headCount = try int("attention.head_count", range: 1...4096)
        kvHeadCount = try int("attention.head_count_kv", default: headCount, range: 1...4096)
        guard headCount % kvHeadCount == 0 else { throw fail("\(headCount) heads do not share \(kvHeadCount) KV heads evenly") }
        guard embeddingLength % headCount == 0 else { throw fail("embedding length \(embeddingLength) is not a multiple of \(headCount) heads") }
        headDimension = try int("attention.key_length", default: embeddingLength / headCount, range: 2...4096)
        guard headDimension % 2 == 0 else { throw fail("odd head dimension \(headDimension)") }
        ropeDimension = try int("rope.dimension_count", default: headDimension, range: 2...4096)
        guard ropeDimension <= headDimension, ropeDimension % 2 == 0 else { throw fail("rope dimension \(ropeDimension) does not fit head dimension \(headDimension)") }
        contextLength = try int("context_length", default: 4096)
        let eps = file["\(arch).attention.layer_norm_rms_epsilon"]?.doubleValue ?? 1e-5
        guard eps > 0, eps < 1 else { throw fail("rms epsilon \(eps)") }
        rmsEpsilon = Float(eps)
        let base = file["\(arch).rope.freq_base"]?.doubleValue ?? 10_000
        guard base > 1 else { throw fail("rope frequency base \(base)") }
        ropeFrequencyBase = base
        var scale = file["\(arch).rope.scale_linear"]?.doubleValue ?? 1
        if file["\(arch).rope.scaling.type"]?.stringValue == "linear", let f = file["\(arch).rope.scaling.factor"]?.doubleValue, f > 0 { scale = f }
        guard scale > 0 else { throw fail("rope scale \(scale)") }
        ropeLinearScale = scale
        ropeNeoxStyle = arch == "qwen2"
        vocabularySize = file["\(arch).vocab_size"]?.intValue ?? file["tokenizer.ggml.tokens"]?.arrayValue?.count ?? 0
        guard vocabularySize > 0 else { throw fail("no vocabulary size (\(arch).vocab_size or tokenizer.ggml.tokens)") }
    }

    /// Width of the K and V projections.
    public var kvDimension: Int { kvHeadCount * headDimension }
    /// Width of the Q projection.
    public var queryDimension: Int { headCount * headDimension }
}
