import Foundation

/// A tiktoken byte-level BPE tokenizer loaded from a ranks file (one `base64(token bytes) SP rank`
/// line per token, the rank being the id), such as LLaMA-3's `tokenizer.model`.
///
/// Encoding follows tiktoken's `Encoding.encode(text, allowed_special=set(), disallowed_special=())`:
/// split with the pattern, then per piece: the piece's id when its bytes are one token, else merge
/// bytes by lowest rank. Special-token text is plain text. For the LLaMA-3 ranks file (128,000 ranks)
/// the encoder also cuts long inputs as Meta's `Tokenizer.encode` does (`LongRunGuard`), adds the
/// 256 special tokens (ids 128,000–128,255) to the vocabulary and names BOS 128000 and EOS 128001.
public struct TiktokenEncoder: TokenEncoder {
    public let vocabularySize: Int
    public let bosID: Int?
    public let eosID: Int?
    public let preTokenizer: PreTokenizer
    /// Meta's LLaMA-3 cutting of long inputs, when it applies.
    let longRunGuard: LongRunGuard?
    let model: BytePairModel
    /// Special tokens: id → text (decoding only; never produced from text).
    let specialTokens: [Int: String]

    /// Opens the ranks file at `path`.
    public static func load(path: String) throws -> any TokenEncoder { try TiktokenEncoder(path: path) }

    /// Opens the ranks file at `path`. Files with exactly the ranks 0..<128,000 are taken as LLaMA-3;
    /// others get the same pattern (cl100k_base's), no special tokens and no input cutting.
    public init(path: String) throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw TokenizerError.unreadable(path: path, reason: error.localizedDescription)
        }
        let ranks = try Self.parseRanks([UInt8](data), path: path)
        if ranks.isLlama3 {
            try self.init(ranks: ranks, path: path, pattern: .llama3, specialTokens: Self.llama3SpecialTokens,
                          bos: "<|begin_of_text|>", eos: "<|end_of_text|>", guardsLongRuns: true)
        } else {
            try self.init(ranks: ranks, path: path, pattern: .llama3, specialTokens: [], bos: nil, eos: nil, guardsLongRuns: false)
        }
    }

    /// The ids of one pre-token's bytes, as `encode` gives them for that piece.
    public func encodePiece(_ bytes: [UInt8]) -> [Int] {
        var ids: [Int] = []
        var scratch = BytePairMerger.Scratch()
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return }
            model.encodePiece(base, b.count, into: &ids, scratch: &scratch)
        }
        return ids
    }

    /// The bytes of every id below `vocabularySize` (empty for special tokens and unused ranks), and
    /// the special tokens with their ids: what extending this tokenizer starts from.
    public func baseTokens() -> (tokens: [[UInt8]], specials: [(id: Int, text: String)]) {
        let tokens = (0..<vocabularySize).map { specialTokens[$0] == nil ? model.bytes(of: [$0]) : [] }
        return (tokens, specialTokens.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// LLaMA-3's 256 special tokens, in id order from 128,000.
    public static let llama3SpecialTokens: [String] = {
        var names = ["<|begin_of_text|>", "<|end_of_text|>"]
        names += (0...3).map { "<|reserved_special_token_\($0)|>" }
        names += ["<|start_header_id|>", "<|end_header_id|>", "<|reserved_special_token_4|>", "<|eot_id|>"]
        names += (5...250).map { "<|reserved_special_token_\($0)|>" }
        return names
    }()

    /// The parsed lines of a ranks file.
    struct Ranks {
        var keys = ByteSequenceKeys()
        var ranks: [UInt32] { keys.values }
        /// Byte offset of each line, for error messages.
        var lineOffsets: [Int] = []
        var isLlama3: Bool {
            keys.count == 128_000 && ranks.enumerated().allSatisfy { $0.offset == Int($0.element) }
        }
    }

    /// The largest rank accepted (ids index decoding tables).
    static let maxRank = 1 << 24

    /// Parses `base64 SP rank` lines; empty lines are skipped, `\r\n` endings accepted.
    static func parseRanks(_ bytes: [UInt8], path: String) throws -> Ranks {
        var result = Ranks()
        result.keys.bytes.reserveCapacity(bytes.count / 2)
        var lineStart = 0
        var decoded: [UInt8] = []
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let next = lineEnd + 1
            if lineEnd > lineStart && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            defer { lineStart = next }
            if lineEnd == lineStart { continue }
            func bad(_ reason: String, at offset: Int? = nil) -> TokenizerError {
                .malformed(path: path, offset: offset ?? lineStart, reason: reason)
            }
            guard let space = bytes[lineStart..<lineEnd].firstIndex(of: 0x20) else {
                throw bad("expected `base64-token rank`, found no space")
            }
            guard Base64.decode(bytes[lineStart..<space], into: &decoded) else { throw bad("invalid base64 token") }
            guard !decoded.isEmpty else { throw bad("empty token") }
            let rankStart = space + 1
            guard rankStart < lineEnd else { throw bad("missing rank", at: rankStart) }
            var rank = 0
            for k in rankStart..<lineEnd {
                let c = bytes[k]
                guard c >= 0x30 && c <= 0x39 else { throw bad("rank is not a decimal number", at: k) }
                rank = rank * 10 + Int(c - 0x30)
                guard rank <= maxRank else { throw bad("rank above \(maxRank)", at: rankStart) }
            }
            result.keys.append(decoded, value: UInt32(rank))
            result.lineOffsets.append(lineStart)
        }
        guard result.keys.count > 0 else { throw TokenizerError.malformed(path: path, offset: 0, reason: "no ranks") }
        return result
    }

    init(ranks: Ranks, path: String, pattern: BytePairPattern, specialTokens: [String], bos: String?, eos: String?,
         guardsLongRuns: Bool) throws {
        let keys = ranks.keys
        let table = ByteSequenceTable(keys)
        if let k = table.duplicates.first {
            throw TokenizerError.malformed(path: path, offset: ranks.lineOffsets[k], reason: "token appears on an earlier line too")
        }
        let maxRank = Int(ranks.ranks.max() ?? 0)
        var lineOfRank = [Int32](repeating: -1, count: maxRank + 1)
        for (k, r) in ranks.ranks.enumerated() {
            guard lineOfRank[Int(r)] < 0 else {
                throw TokenizerError.malformed(path: path, offset: ranks.lineOffsets[k], reason: "rank \(r) appears on an earlier line too")
            }
            lineOfRank[Int(r)] = Int32(k)
        }
        var byteIDs = [UInt32](repeating: BytePairModel.missing, count: 256)
        for b in 0..<256 {
            guard let id = table.lookup(CollectionOfOne(UInt8(b))) else {
                throw TokenizerError.malformed(path: path, offset: 0, reason: String(format: "the single byte 0x%02X has no rank", b))
            }
            byteIDs[b] = id
        }
        // Merges: every split of a token into two tokens merges to it, with the token's rank.
        var entries: [(left: UInt32, right: UInt32, rank: UInt32, merged: UInt32)] = []
        entries.reserveCapacity(keys.count * 4)
        keys.bytes.withUnsafeBufferPointer { all in
            for k in 0..<keys.count {
                let s = keys.start[k], n = keys.start[k + 1] - s
                guard n > 1 else { continue }
                let p = all.baseAddress! + s
                for cut in 1..<n {
                    if let a = table.lookup(p, cut), let b = table.lookup(p + cut, n - cut) {
                        entries.append((a, b, keys.values[k], keys.values[k]))
                    }
                }
            }
        }
        // Decoding: bytes of every rank, then the special tokens' text.
        let firstSpecial = maxRank + 1
        var decodeBytes: [UInt8] = []
        decodeBytes.reserveCapacity(keys.bytes.count)
        var decodeStart: [Int] = [0]
        decodeStart.reserveCapacity(firstSpecial + specialTokens.count + 1)
        for r in 0..<firstSpecial {
            let k = Int(lineOfRank[r])
            if k >= 0 { decodeBytes.append(contentsOf: keys.key(k)) }
            decodeStart.append(decodeBytes.count)
        }
        for name in specialTokens {
            decodeBytes.append(contentsOf: name.utf8)
            decodeStart.append(decodeBytes.count)
        }
        model = BytePairModel(byteIDs: byteIDs, wholePieces: table, merges: MergeTable(entries),
                              decodeBytes: decodeBytes, decodeStart: decodeStart)
        var specials: [Int: String] = [:]
        for (i, name) in specialTokens.enumerated() { specials[firstSpecial + i] = name }
        self.specialTokens = specials
        vocabularySize = firstSpecial + specialTokens.count
        bosID = bos.flatMap { name in specials.first(where: { $0.value == name })?.key }
        eosID = eos.flatMap { name in specials.first(where: { $0.value == name })?.key }
        preTokenizer = PreTokenizer(pattern: pattern)
        longRunGuard = guardsLongRuns ? LongRunGuard() : nil
    }

    public func encode(_ text: String) -> [Int] {
        var text = text
        return text.withUTF8 { buffer -> [Int] in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return [] }
            var ids: [Int] = []
            ids.reserveCapacity(buffer.count / 3)
            var scratch = BytePairMerger.Scratch()
            let chunks = longRunGuard?.pieces(buffer) ?? [0..<buffer.count]
            for chunk in chunks {
                var splitter = PreTokenSplitter(base: base, start: chunk.lowerBound, end: chunk.upperBound, pattern: preTokenizer.pattern)
                while let piece = splitter.next() {
                    model.encodePiece(base + piece.lowerBound, piece.count, into: &ids, scratch: &scratch)
                }
            }
            return ids
        }
    }

    public func decode(_ ids: [Int]) -> String {
        String(decoding: model.bytes(of: ids), as: UTF8.self)
    }

    /// The bytes of one id (empty for ids without bytes).
    public func bytes(of id: Int) -> [UInt8] { model.bytes(of: [id]) }
}
