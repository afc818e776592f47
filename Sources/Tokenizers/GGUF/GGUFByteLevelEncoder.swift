/// The byte-level BPE tokenizer (`tokenizer.ggml.model = "gpt2"`) embedded in a GGUF model, encoding
/// as llama.cpp does with special-token parsing off: control-token text is plain text.
///
/// Tokens are byte strings in GPT-2's alphabet; `merges` gives the ranks; the pre-tokenizer comes
/// from `tokenizer.ggml.pre`: `smollm` isolates every `\p{N}` character, then applies the GPT-2
/// pattern to the text between them; `llama3`/`llama-bpe`/`llama-v3` use the LLaMA-3 pattern (and
/// whole-token lookup, llama.cpp's `ignore_merges`); `gpt2` and `default` the GPT-2 pattern.
/// The result is a `HuggingFaceBPE` with the equivalent pre-tokenizer steps.
enum GGUFByteLevelEncoder {
    static func make(vocabulary v: GGUFVocabulary, path: String) throws -> HuggingFaceBPE {
        guard v.model == "gpt2" else { throw TokenizerError.unsupported(path: path, reason: "tokenizer.ggml.model \(v.model) is not byte-level BPE") }
        guard let merges = v.merges else { throw TokenizerError.malformed(path: path, offset: 0, reason: "a gpt2 tokenizer without tokenizer.ggml.merges") }
        let control = Set((v.tokenTypes ?? []).enumerated().filter { $0.element == 3 }.map(\.offset))
        var idOfBytes: [[UInt8]: UInt32] = [:]
        var decodeBytes: [UInt8] = []
        var decodeStart: [Int] = [0]
        var keys = ByteSequenceKeys()
        for (id, token) in v.tokens.enumerated() {
            let bytes = ByteLevelAlphabet.bytes(of: token) ?? Array(token.utf8)
            decodeBytes.append(contentsOf: bytes)
            decodeStart.append(decodeBytes.count)
            guard !control.contains(id), idOfBytes[bytes] == nil else { continue }
            idOfBytes[bytes] = UInt32(id)
            keys.append(bytes, value: UInt32(id))
        }
        var byteIDs = [UInt32](repeating: BytePairModel.missing, count: 256)
        for b in 0..<256 { if let id = idOfBytes[[UInt8(b)]] { byteIDs[b] = id } }
        var entries: [(left: UInt32, right: UInt32, rank: UInt32, merged: UInt32)] = []
        entries.reserveCapacity(merges.count)
        for (rank, merge) in merges.enumerated() {
            let parts = merge.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let a = ByteLevelAlphabet.bytes(of: String(parts[0])), let b = ByteLevelAlphabet.bytes(of: String(parts[1])) else {
                throw TokenizerError.malformed(path: path, offset: 0, reason: "merge #\(rank) \"\(merge)\" is not two byte-level tokens")
            }
            guard let left = idOfBytes[a], let right = idOfBytes[b], let merged = idOfBytes[a + b] else { continue }
            entries.append((left, right, UInt32(rank), merged))
        }
        let pre = v.pre ?? "default"
        let encode = HuggingFaceBPE.Step.byteLevel(addPrefixSpace: false, useRegex: false)
        let steps: [HuggingFaceBPE.Step]
        switch pre {
        case "smollm": steps = [.digits(individual: true), .split(.gpt2), encode]
        case "llama3", "llama-bpe", "llama-v3": steps = [.split(.llama3), encode]
        case "gpt2", "default", "gpt-2": steps = [.split(.gpt2), encode]
        default: throw TokenizerError.unsupported(path: path, reason: "pre-tokenizer \(pre) is not supported (smollm, llama3, gpt2)")
        }
        let wholePieces = steps.first == .split(.llama3) ? ByteSequenceTable(keys) : nil
        let model = BytePairModel(byteIDs: byteIDs, wholePieces: wholePieces, merges: MergeTable(entries),
                                  decodeBytes: decodeBytes, decodeStart: decodeStart)
        return HuggingFaceBPE(model: model, steps: steps, vocabularySize: v.tokens.count, bosID: v.bosID, eosID: v.eosID)
    }
}
