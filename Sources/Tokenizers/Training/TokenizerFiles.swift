import CorpusCore

/// Writes trained byte-level BPE tokenizers as Hugging Face `tokenizer.json` and tiktoken ranks.
public enum TokenizerFiles {
    /// GPT-2's printable stand-ins for bytes (see `ByteLevelAlphabet`): a space is `Ġ`, a newline `Ċ`.
    public static let byteToUnicode: [Character] = ByteLevelAlphabet.scalarOfByte.map { Character(Unicode.Scalar($0)!) }

    /// The bytes a byte-level token string stands for, or nil when it has characters outside the alphabet.
    public static func bytes(ofByteLevel token: String) -> [UInt8]? { ByteLevelAlphabet.bytes(of: token) }

    /// A token's bytes in GPT-2's byte alphabet.
    public static func byteLevelString(_ bytes: [UInt8]) -> String { String(bytes.map { byteToUnicode[Int($0)] }) }

    /// `tokenizer.json` for `result`, pre-tokenized by `pattern` (a regex in the `regex`/Oniguruma
    /// dialect HF uses) with the special tokens appended after the learned ones.
    public static func huggingFaceJSON(_ result: BPETrainer.Result, pattern: String, specialTokens: [String]) -> String {
        huggingFaceJSON(tokens: result.tokens, merges: result.merges, pattern: pattern,
                        specialTokens: specialTokens.enumerated().map { (result.tokens.count + $0.offset, $0.element) }, ignoreMerges: false)
    }

    /// `tokenizer.json` for tokens by id (empty bytes: an id without a token, e.g. a special
    /// token's), `merges` in priority order, special tokens at their ids, and `ignore_merges`
    /// (a pre-token that is a whole token is that token: tiktoken's rule).
    public static func huggingFaceJSON(tokens: [[UInt8]], merges mergeList: [(Int, Int)], pattern: String,
                                       specialTokens: [(id: Int, text: String)], ignoreMerges: Bool) -> String {
        func quote(_ s: String) -> String {
            var out = [UInt8]()
            JSONValue.string(s).serializeForTokenizer(into: &out)
            return String(decoding: out, as: UTF8.self)
        }
        var vocab: [String] = []
        for (id, t) in tokens.enumerated() where !t.isEmpty { vocab.append(quote(byteLevelString(t)) + ": " + String(id)) }
        for (id, text) in specialTokens { vocab.append(quote(text) + ": " + String(id)) }
        let merges = mergeList.map { quote(byteLevelString(tokens[$0.0]) + " " + byteLevelString(tokens[$0.1])) }
        let added = specialTokens.map { id, s in
            "{\"id\": \(id), \"content\": \(quote(s)), \"single_word\": false, \"lstrip\": false, \"rstrip\": false, \"normalized\": false, \"special\": true}"
        }
        return """
        {
          "version": "1.0",
          "truncation": null,
          "padding": null,
          "added_tokens": [\(added.joined(separator: ", "))],
          "normalizer": null,
          "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": \(quote(pattern))}, "behavior": "Isolated", "invert": false},
            {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false}]},
          "post_processor": null,
          "decoder": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true},
          "model": {"type": "BPE", "dropout": null, "unk_token": null, "continuing_subword_prefix": null, "end_of_word_suffix": null,
            "fuse_unk": false, "byte_fallback": false, "ignore_merges": \(ignoreMerges),
            "vocab": {\(vocab.joined(separator: ", "))},
            "merges": [\(merges.joined(separator: ", "))]}
        }

        """
    }

    /// tiktoken ranks: one line per token, `base64(bytes) rank`, the rank being the id (ids without
    /// bytes, such as special tokens', are left out).
    public static func tiktokenRanks(_ result: BPETrainer.Result) -> String {
        var out = ""
        for (id, t) in result.tokens.enumerated() where !t.isEmpty { out += base64(t) + " " + String(id) + "\n" }
        return out
    }

    /// The merges equivalent to tiktoken's rank rule for `tokens` (ids = ranks): every split of a
    /// token into two tokens, ordered by (token, left, right) rank, as Hugging Face converts tiktoken.
    public static func mergesFromRanks(_ tokens: [[UInt8]]) -> [(Int, Int)] {
        var idOf: [[UInt8]: Int] = [:]
        for (i, t) in tokens.enumerated() where !t.isEmpty && idOf[t] == nil { idOf[t] = i }
        var merges: [(Int, Int)] = []
        for (id, t) in tokens.enumerated() where t.count > 1 {
            var splits: [(Int, Int)] = []
            for cut in 1..<t.count {
                if let a = idOf[Array(t[..<cut])], let b = idOf[Array(t[cut...])], a < id, b < id { splits.append((a, b)) }
            }
            merges += splits.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        }
        return merges
    }
    static func base64(_ bytes: [UInt8]) -> String { Base64.encode(bytes) }
}

extension JSONValue {
    /// JSON string escaping for tokenizer files: quotes, backslashes and control characters escaped,
    /// everything else written as UTF-8.
    func serializeForTokenizer(into out: inout [UInt8]) {
        guard case .string(let s) = self else { return }
        out.append(0x22)
        for u in s.utf8 {
            switch u {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += [0x5C, 0x75, 0x30, 0x30, hex[Int(u >> 4)], hex[Int(u & 15)]]
            default: out.append(u)
            }
        }
        out.append(0x22)
    }
}
