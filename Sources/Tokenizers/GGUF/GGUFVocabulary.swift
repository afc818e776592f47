import GGUF

/// The tokenizer a GGUF model carries in its metadata (`tokenizer.ggml.*`).
///
/// `model` is `gpt2` (byte-level BPE: tokens in GPT-2's byte-to-unicode alphabet plus `merges`)
/// or `llama` (SentencePiece BPE: tokens with `scores`, byte pieces `<0xNN>`). `pre` names
/// llama.cpp's pre-tokenizer (`smollm`: every digit alone, then the GPT-2 pattern; `llama3`,
/// `llama-bpe`: the LLaMA-3 pattern; `gpt2`/`default`: the GPT-2 pattern).
public struct GGUFVocabulary: Sendable {
    public var model: String
    public var pre: String?
    public var tokens: [String]
    public var scores: [Float]?
    /// 1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte.
    public var tokenTypes: [Int]?
    /// `"a b"` pairs in merge order (gpt2 models).
    public var merges: [String]?
    public var bosID: Int?
    public var eosID: Int?
    public var unknownID: Int?
    public var addBOS: Bool?

    /// Reads the vocabulary of `file`; errors name the file and the key.
    public init(file: GGUFFile) throws {
        func fail(_ reason: String) -> TokenizerError { .malformed(path: file.path, offset: 0, reason: reason) }
        guard let model = file["tokenizer.ggml.model"]?.stringValue else { throw fail("no tokenizer.ggml.model: the model carries no tokenizer") }
        self.model = model
        pre = file["tokenizer.ggml.pre"]?.stringValue
        guard let tokens = file["tokenizer.ggml.tokens"]?.arrayValue?.compactMap(\.stringValue), !tokens.isEmpty else {
            throw fail("tokenizer.ggml.tokens is missing or not an array of strings")
        }
        self.tokens = tokens
        if let s = file["tokenizer.ggml.scores"]?.arrayValue {
            let scores = s.compactMap(\.doubleValue).map(Float.init)
            guard scores.count == tokens.count else { throw fail("tokenizer.ggml.scores has \(scores.count) values for \(tokens.count) tokens") }
            self.scores = scores
        }
        if let t = file["tokenizer.ggml.token_type"]?.arrayValue {
            let types = t.compactMap(\.intValue)
            guard types.count == tokens.count else { throw fail("tokenizer.ggml.token_type has \(types.count) values for \(tokens.count) tokens") }
            tokenTypes = types
        }
        if let m = file["tokenizer.ggml.merges"]?.arrayValue {
            merges = m.compactMap(\.stringValue)
            guard merges!.count == m.count else { throw fail("tokenizer.ggml.merges holds non-strings") }
        }
        func id(_ key: String) throws -> Int? {
            guard let v = file[key] else { return nil }
            guard let i = v.intValue, i >= 0, i < tokens.count else { throw fail("\(key) is not a token id below \(tokens.count)") }
            return i
        }
        bosID = try id("tokenizer.ggml.bos_token_id")
        eosID = try id("tokenizer.ggml.eos_token_id")
        unknownID = try id("tokenizer.ggml.unknown_token_id")
        addBOS = file["tokenizer.ggml.add_bos_token"]?.boolValue
    }
}
