import GGUF

/// A LLaMA-family model mapped from a GGUF file: its configuration and weight views.
///
/// Weights stay in the mapped file (nothing is copied or dequantized at load); norm vectors, which are
/// small and read on every token, are copied out as floats. The model is immutable and can be shared
/// by any number of `LlamaContext`s.
public final class LlamaModel: @unchecked Sendable {
    /// One transformer block's weights.
    public struct Layer: Sendable {
        public let attentionNorm: [Float]
        public let query, key, value, attentionOutput: WeightMatrix
        /// Q, K and V biases (Qwen2); nil for LLaMA.
        public let queryBias, keyBias, valueBias: [Float]?
        public let feedForwardNorm: [Float]
        public let gate, up, down: WeightMatrix
    }

    public let file: GGUFFile
    public let config: LlamaConfig
    public let tokenEmbedding: WeightMatrix
    public let outputNorm: [Float]
    /// The output head: `output.weight`, or the token embedding when the head is tied.
    public let output: WeightMatrix
    public let layers: [Layer]

    /// Maps `path` and checks every tensor the architecture needs: presence, shape, type and bounds.
    public convenience init(path: String) throws {
        try self.init(file: GGUFFile(path: path))
    }

    public init(file: GGUFFile) throws {
        self.file = file
        let c = try LlamaConfig(file: file)
        config = c
        let d = c.embeddingLength
        func matrix(_ name: String, columns: Int, rows: Int) throws -> WeightMatrix {
            try WeightMatrix(file: file, name: name, columns: columns, rows: rows)
        }
        func vector(_ name: String, count: Int, required: Bool = true) throws -> [Float]? {
            guard file.tensors.contains(where: { $0.name == name }) || required else { return nil }
            let m = try WeightMatrix(file: file, name: name, columns: count, rows: 1)
            return m.dequantizedRow(0)
        }
        tokenEmbedding = try matrix("token_embd.weight", columns: d, rows: c.vocabularySize)
        outputNorm = try vector("output_norm.weight", count: d)!
        if file.tensors.contains(where: { $0.name == "output.weight" }) {
            output = try matrix("output.weight", columns: d, rows: c.vocabularySize)
        } else {
            output = tokenEmbedding
        }
        var layers: [Layer] = []
        for i in 0..<c.layerCount {
            let p = "blk.\(i)."
            layers.append(Layer(
                attentionNorm: try vector(p + "attn_norm.weight", count: d)!,
                query: try matrix(p + "attn_q.weight", columns: d, rows: c.queryDimension),
                key: try matrix(p + "attn_k.weight", columns: d, rows: c.kvDimension),
                value: try matrix(p + "attn_v.weight", columns: d, rows: c.kvDimension),
                attentionOutput: try matrix(p + "attn_output.weight", columns: c.queryDimension, rows: d),
                queryBias: try vector(p + "attn_q.bias", count: c.queryDimension, required: false),
                keyBias: try vector(p + "attn_k.bias", count: c.kvDimension, required: false),
                valueBias: try vector(p + "attn_v.bias", count: c.kvDimension, required: false),
                feedForwardNorm: try vector(p + "ffn_norm.weight", count: d)!,
                gate: try matrix(p + "ffn_gate.weight", columns: d, rows: c.feedForwardLength),
                up: try matrix(p + "ffn_up.weight", columns: d, rows: c.feedForwardLength),
                down: try matrix(p + "ffn_down.weight", columns: c.feedForwardLength, rows: d)))
        }
        self.layers = layers
    }

    /// Bytes of all weight matrices (what one token's forward pass reads).
    public var weightBytes: Int {
        var total = output.rows * output.rowBytes
        for l in layers {
            for m in [l.query, l.key, l.value, l.attentionOutput, l.gate, l.up, l.down] { total += m.rows * m.rowBytes }
        }
        return total
    }
}
