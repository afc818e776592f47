/// The byte-level BPE tokenizer (`tokenizer.ggml.model = "gpt2"`) embedded in a GGUF model, encoding
/// as llama.cpp does with special-token parsing off: control-token text is plain text.
///
/// Tokens are byte strings in GPT-2's alphabet; `merges` gives the ranks; the pre-tokenizer comes
/// from `tokenizer.ggml.pre`: `smollm` isolates every `\p{N}` character, then applies the GPT-2
/// pattern to the text between them; `llama3`/`llama-bpe`/`llama-v3` use the LLaMA-3 pattern (and
/// whole-token lookup, llama.cpp's `ignore_merges`); `gpt2` and `default` the GPT-2 pattern.
public struct GGUFByteLevelEncoder: TokenEncoder {
    enum Splitting { case pattern(BytePairPattern), digitsThenGPT2 }

    let model: BytePairModel
    let splitting: Splitting
    public let vocabularySize: Int
    public let bosID: Int?
    public let eosID: Int?

    public init(vocabulary v: GGUFVocabulary, path: String) throws {
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
        let split: Splitting
        switch pre {
        case "smollm": split = .digitsThenGPT2
        case "llama3", "llama-bpe", "llama-v3": split = .pattern(.llama3)
        case "gpt2", "default", "gpt-2": split = .pattern(.gpt2)
        default: throw TokenizerError.unsupported(path: path, reason: "pre-tokenizer \(pre) is not supported (smollm, llama3, gpt2)")
        }
        splitting = split
        var wholePieces: ByteSequenceTable? = nil
        if case .pattern(.llama3) = split { wholePieces = ByteSequenceTable(keys) }
        model = BytePairModel(byteIDs: byteIDs, wholePieces: wholePieces, merges: MergeTable(entries), decodeBytes: decodeBytes, decodeStart: decodeStart)
        vocabularySize = v.tokens.count
        bosID = v.bosID
        eosID = v.eosID
    }

    public func encode(_ text: String) -> [Int] {
        var text = text
        return text.withUTF8 { buffer -> [Int] in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return [] }
            var ids: [Int] = []
            var scratch = BytePairMerger.Scratch()
            func run(_ start: Int, _ end: Int, _ pattern: BytePairPattern) {
                guard start < end else { return }
                var splitter = PreTokenSplitter(base: base, start: start, end: end, pattern: pattern)
                while let piece = splitter.next() { model.encodePiece(base + piece.lowerBound, piece.count, into: &ids, scratch: &scratch) }
            }
            switch splitting {
            case .pattern(let p): run(0, buffer.count, p)
            case .digitsThenGPT2:
                var segment = 0, i = 0
                while i < buffer.count {
                    let (value, next) = decodeScalar(base, i)
                    if ScalarClassTable.shared.bits(value) & ScalarClass.number.rawValue != 0 {
                        run(segment, i, .gpt2)
                        model.encodePiece(base + i, next - i, into: &ids, scratch: &scratch)
                        segment = next
                    }
                    i = next
                }
                run(segment, buffer.count, .gpt2)
            }
            return ids
        }
    }

    public func decode(_ ids: [Int]) -> String { String(decoding: model.bytes(of: ids), as: UTF8.self) }
}
