import Foundation

/// A Hugging Face byte-level BPE tokenizer loaded from `tokenizer.json`, encoding exactly as
/// `tokenizers` does with `add_special_tokens=False`, except that added and special tokens inside
/// the text are plain text (never extracted as control tokens).
///
/// Supported: `model.type` "BPE" with `vocab`, `merges` as `"a b"` strings or `["a", "b"]` pairs
/// (rank = position), `ignore_merges`, `unk_token`/`fuse_unk`; no normalizer; a pre-tokenizer that
/// is `ByteLevel` (GPT-2 regex when `use_regex`, `add_prefix_space`), or a `Sequence` of `Split`
/// (the GPT-2, LLaMA-3 or single-digit LLaMA-3 regex, behavior `Isolated`) and `Digits` steps
/// ending in `ByteLevel`. Other files are refused with `TokenizerError.unsupported` naming the part.
/// Decoding maps byte-level characters back to bytes (the `ByteLevel` decoder).
public struct HuggingFaceBPE: TokenEncoder {
    public let vocabularySize: Int
    public let bosID: Int?
    public let eosID: Int?
    let steps: [Step]
    let model: BytePairModel

    /// One pre-tokenizer step, applied to every piece the previous step produced.
    enum Step: Sendable, Equatable {
        case split(BytePairPattern)
        case digits(individual: Bool)
        case byteLevel(addPrefixSpace: Bool, useRegex: Bool)
    }

    public static func load(path: String) throws -> any TokenEncoder { try HuggingFaceBPE(path: path) }

    /// An encoder from parts built elsewhere (a GGUF vocabulary); `steps` must end with `.byteLevel`.
    init(model: BytePairModel, steps: [Step], vocabularySize: Int, bosID: Int?, eosID: Int?) {
        precondition(steps.last.map { if case .byteLevel = $0 { return true } else { return false } } ?? false)
        self.model = model
        self.steps = steps
        self.vocabularySize = vocabularySize
        self.bosID = bosID
        self.eosID = eosID
    }

    public init(path: String) throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw TokenizerError.unreadable(path: path, reason: error.localizedDescription)
        }
        try self.init(json: [UInt8](data), path: path)
    }

    init(json: [UInt8], path: String) throws {
        let root: JSONNode
        do { root = try JSONReader.parse(json) } catch {
            throw TokenizerError.malformed(path: path, offset: error.offset, reason: "JSON: \(error.reason)")
        }
        func malformed(_ node: JSONNode?, _ reason: String) -> TokenizerError {
            .malformed(path: path, offset: node?.offset ?? 0, reason: reason)
        }
        func unsupported(_ reason: String) -> TokenizerError { .unsupported(path: path, reason: reason) }
        guard root.members != nil else { throw malformed(root, "not a JSON object") }

        // Normalizer: none.
        if let n = root["normalizer"], !n.isNull {
            let empty = n["type"]?.string == "Sequence" && (n["normalizers"]?.array?.isEmpty ?? false)
            guard empty else { throw unsupported("normalizer \(n["type"]?.string ?? "?") is not supported (byte-level BPE without a normalizer only)") }
        }

        // Pre-tokenizer steps.
        var steps: [Step] = []
        func addSteps(_ node: JSONNode) throws {
            guard let type = node["type"]?.string else { throw malformed(node, "pre_tokenizer without a type") }
            switch type {
            case "Sequence":
                guard let list = node["pretokenizers"]?.array else { throw malformed(node, "Sequence without pretokenizers") }
                for item in list { try addSteps(item) }
            case "ByteLevel":
                steps.append(.byteLevel(addPrefixSpace: node["add_prefix_space"]?.bool ?? true, useRegex: node["use_regex"]?.bool ?? true))
            case "Split":
                guard let patternNode = node["pattern"] else { throw malformed(node, "Split without a pattern") }
                guard let regex = patternNode["Regex"]?.string else {
                    throw unsupported("Split with a String pattern is not supported (Regex patterns of GPT-2 or LLaMA-3 only)")
                }
                guard let pattern = BytePairPattern(regex: regex) else {
                    throw unsupported("Split regex is not one of the supported patterns (GPT-2, LLaMA-3, LLaMA-3 with single digits): \(regex)")
                }
                guard node["behavior"]?.string == "Isolated" else {
                    throw unsupported("Split behavior \(node["behavior"]?.string ?? "?") is not supported (Isolated only)")
                }
                guard node["invert"]?.bool != true else { throw unsupported("inverted Split is not supported") }
                steps.append(.split(pattern))
            case "Digits":
                steps.append(.digits(individual: node["individual_digits"]?.bool ?? false))
            default:
                throw unsupported("pre_tokenizer \(type) is not supported (byte-level BPE: ByteLevel, Split, Digits)")
            }
        }
        guard let pre = root["pre_tokenizer"], !pre.isNull else {
            throw unsupported("no pre_tokenizer: not a byte-level BPE tokenizer (ByteLevel pre-tokenizer required)")
        }
        try addSteps(pre)
        guard case .byteLevel? = steps.last, steps.dropLast().allSatisfy({ if case .byteLevel = $0 { return false }; return true }) else {
            throw unsupported("the pre_tokenizer must end with its only ByteLevel step (byte-level BPE)")
        }
        self.steps = steps

        // Model.
        guard let modelNode = root["model"], modelNode.members != nil else { throw malformed(root, "no model") }
        if let type = modelNode["type"]?.string, type != "BPE" { throw unsupported("model type \(type) is not supported (BPE only)") }
        if let dropout = modelNode["dropout"], !dropout.isNull, case .number(let p, _) = dropout.value, p != 0 {
            throw unsupported("BPE dropout is not supported (encoding would not be deterministic)")
        }
        for key in ["continuing_subword_prefix", "end_of_word_suffix"] {
            if let v = modelNode[key]?.string, !v.isEmpty { throw unsupported("\(key) is not supported in byte-level BPE") }
        }
        guard let vocabNode = modelNode["vocab"], let vocab = vocabNode.members else { throw malformed(modelNode, "model without a vocab object") }
        guard let mergesNode = modelNode["merges"], let merges = mergesNode.array else { throw malformed(modelNode, "model without a merges array") }

        // Vocabulary: raw keys (for merges), byte-level keys (for whole pieces), decode bytes.
        var rawKeys = ByteSequenceKeys(), byteKeys = ByteSequenceKeys()
        var maxID = -1
        var idBytes: [Int: [UInt8]] = [:]
        for (key, value) in vocab {
            guard let id = value.integer, id >= 0, id < Int64(TiktokenEncoder.maxRank) else {
                throw malformed(value, "vocab id of \(key.debugDescription) is not an integer in 0..<\(TiktokenEncoder.maxRank)")
            }
            rawKeys.append(key.utf8, value: UInt32(id))
            let bytes = ByteLevelAlphabet.bytes(of: key)
            if let bytes { byteKeys.append(bytes, value: UInt32(id)) }
            idBytes[Int(id)] = bytes ?? Array(key.utf8)
            maxID = max(maxID, Int(id))
        }
        let raw = ByteSequenceTable(rawKeys)
        // Every id decodes to its (last) key; a later duplicate key replaces an earlier one.
        var byteIDs = [UInt32](repeating: BytePairModel.missing, count: 256)
        for b in 0..<256 {
            let ch = String(Character(Unicode.Scalar(ByteLevelAlphabet.scalarOfByte[b])!))
            if let id = raw.lookup(ch.utf8) { byteIDs[b] = id }
        }
        if modelNode["byte_fallback"]?.bool == true, byteIDs.contains(BytePairModel.missing) {
            throw unsupported("byte_fallback with single bytes missing from the vocabulary is not supported")
        }

        // Merges (rank = position; legacy "#version" lines are skipped).
        var entries: [(left: UInt32, right: UInt32, rank: UInt32, merged: UInt32)] = []
        entries.reserveCapacity(merges.count)
        for node in merges {
            let a: String, b: String
            if let line = node.string {
                if line.hasPrefix("#version") { continue }
                let parts = line.split(separator: " ", omittingEmptySubsequences: false)
                guard parts.count == 2 else { throw malformed(node, "merge \(line.debugDescription) is not two tokens separated by one space") }
                a = String(parts[0]); b = String(parts[1])
            } else if let pair = node.array, pair.count == 2, let x = pair[0].string, let y = pair[1].string {
                a = x; b = y
            } else {
                throw malformed(node, "a merge must be \"a b\" or [\"a\", \"b\"]")
            }
            guard let left = raw.lookup(a.utf8) else { throw malformed(node, "merge token \(a.debugDescription) is not in the vocab") }
            guard let right = raw.lookup(b.utf8) else { throw malformed(node, "merge token \(b.debugDescription) is not in the vocab") }
            guard let merged = raw.lookup(Array(a.utf8) + Array(b.utf8)) else {
                throw malformed(node, "merged token \((a + b).debugDescription) is not in the vocab")
            }
            entries.append((left, right, UInt32(entries.count), merged))
        }

        // Added tokens: decodable, counted in the vocabulary size, never matched in text.
        var added: [String: Int] = [:]
        for node in root["added_tokens"]?.array ?? [] {
            guard let id = node["id"]?.integer, id >= 0, id < Int64(TiktokenEncoder.maxRank), let content = node["content"]?.string else {
                throw malformed(node, "added token without an integer id and a content string")
            }
            added[content] = Int(id)
            idBytes[Int(id)] = ByteLevelAlphabet.bytes(of: content) ?? Array(content.utf8)
            maxID = max(maxID, Int(id))
        }
        var decodeBytes: [UInt8] = [], decodeStart = [0]
        decodeStart.reserveCapacity(maxID + 2)
        for id in 0...max(maxID, 0) {
            if let bytes = idBytes[id] { decodeBytes.append(contentsOf: bytes) }
            decodeStart.append(decodeBytes.count)
        }

        var unknownID: UInt32?
        if let unk = modelNode["unk_token"]?.string {
            guard let id = raw.lookup(unk.utf8) else { throw malformed(modelNode, "unk_token \(unk.debugDescription) is not in the vocab") }
            unknownID = id
        }
        let ignoreMerges = modelNode["ignore_merges"]?.bool ?? false
        model = BytePairModel(byteIDs: byteIDs, wholePieces: ignoreMerges ? ByteSequenceTable(byteKeys) : nil,
                              merges: MergeTable(entries), unknownID: unknownID,
                              fusesUnknown: modelNode["fuse_unk"]?.bool ?? false,
                              decodeBytes: decodeBytes, decodeStart: decodeStart)
        vocabularySize = maxID + 1

        // BOS and EOS: from a TemplateProcessing post-processor, else by the usual names.
        func idOf(_ name: String) -> Int? { added[name] ?? raw.lookup(name.utf8).map(Int.init) }
        var bos: Int?, eos: Int?
        func template(_ node: JSONNode?) {
            guard let node else { return }
            if node["type"]?.string == "Sequence" {
                for item in node["processors"]?.array ?? [] { template(item) }
                return
            }
            guard node["type"]?.string == "TemplateProcessing", let single = node["single"]?.array else { return }
            var seenSequence = false
            for item in single {
                if item["Sequence"] != nil { seenSequence = true; continue }
                guard let name = item["SpecialToken"]?["id"]?.string else { continue }
                let id = node["special_tokens"]?[name]?["ids"]?.array?.first?.integer.map(Int.init) ?? idOf(name)
                if seenSequence { eos = id } else if bos == nil { bos = id }
            }
        }
        template(root["post_processor"])
        bosID = bos ?? ["<|begin_of_text|>", "<s>", "<|startoftext|>", "<bos>"].lazy.compactMap { added[$0] }.first
        eosID = eos ?? ["<|end_of_text|>", "</s>", "<|endoftext|>", "<eos>"].lazy.compactMap { added[$0] }.first
    }

    public func encode(_ text: String) -> [Int] {
        var text = text
        return text.withUTF8 { buffer -> [Int] in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return [] }
            var ids: [Int] = []
            ids.reserveCapacity(buffer.count / 3)
            var scratch = BytePairMerger.Scratch()
            run(step: 0, base, 0..<buffer.count, into: &ids, scratch: &scratch)
            return ids
        }
    }

    /// Applies step `step` to the piece `range` of the buffer at `base`, then the later steps to
    /// each resulting piece, and the model to the final pieces. Empty pieces are dropped.
    private func run(step: Int, _ base: UnsafePointer<UInt8>, _ range: Range<Int>, into ids: inout [Int],
                     scratch: inout BytePairMerger.Scratch) {
        guard !range.isEmpty else { return }
        switch steps[step] {
        case .split(let pattern):
            var splitter = PreTokenSplitter(base: base, start: range.lowerBound, end: range.upperBound, pattern: pattern)
            while let piece = splitter.next() { run(step: step + 1, base, piece, into: &ids, scratch: &scratch) }
        case .digits(let individual):
            let classes = ScalarClassTable.shared
            var i = range.lowerBound, pieceStart = i, inNumber = false
            while i < range.upperBound {
                let (v, next) = decodeScalar(base, i)
                let isNumber = classes.bits(v) & ScalarClass.number.rawValue != 0
                if i > pieceStart && (isNumber != inNumber || (isNumber && individual)) {
                    run(step: step + 1, base, pieceStart..<i, into: &ids, scratch: &scratch)
                    pieceStart = i
                }
                inNumber = isNumber
                i = next
            }
            run(step: step + 1, base, pieceStart..<range.upperBound, into: &ids, scratch: &scratch)
        case .byteLevel(let addPrefixSpace, let useRegex):
            // The last step: optionally prepend a space, optionally split with GPT-2's regex, encode.
            if addPrefixSpace && base[range.lowerBound] != 0x20 {
                var spaced = [UInt8](repeating: 0x20, count: range.count + 1)
                for k in 0..<range.count { spaced[k + 1] = base[range.lowerBound + k] }
                spaced.withUnsafeBufferPointer { encodeFinal($0.baseAddress!, 0..<$0.count, useRegex: useRegex, into: &ids, scratch: &scratch) }
            } else {
                encodeFinal(base, range, useRegex: useRegex, into: &ids, scratch: &scratch)
            }
        }
    }

    private func encodeFinal(_ base: UnsafePointer<UInt8>, _ range: Range<Int>, useRegex: Bool, into ids: inout [Int],
                             scratch: inout BytePairMerger.Scratch) {
        if useRegex {
            var splitter = PreTokenSplitter(base: base, start: range.lowerBound, end: range.upperBound, pattern: .gpt2)
            while let piece = splitter.next() { model.encodePiece(base + piece.lowerBound, piece.count, into: &ids, scratch: &scratch) }
        } else {
            model.encodePiece(base + range.lowerBound, range.count, into: &ids, scratch: &scratch)
        }
    }

    public func decode(_ ids: [Int]) -> String {
        String(decoding: model.bytes(of: ids), as: UTF8.self)
    }
}
