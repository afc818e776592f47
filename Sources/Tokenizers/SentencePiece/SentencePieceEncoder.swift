import Foundation

/// SentencePiece BPE (LLaMA-2's tokenizer), id for id what `SentencePieceProcessor.encode(text)` gives,
/// read from a `ModelProto` file (`tokenizer.model`).
///
/// Encoding: normalize (every U+0020 becomes U+2581 `▁`, one `▁` goes in front; no Unicode normalization),
/// split into Unicode scalars, merge by BPE (highest piece score first, leftmost on a tie), then map every
/// symbol still not a piece to its UTF-8 bytes `<0xNN>` (byte fallback). Special-token text (`<s>`) is
/// plain text. The caller adds BOS and EOS.
///
/// Speed. The BPE runs over integer symbols with a precomputed pair → piece table (no string hashing
/// in the loop). When the vocabulary allows it (`SentencePieceVocabulary.wordStartsAreBoundaries`, true for
/// LLaMA-2) the normalized text is cut in front of every `▁` that follows a non-`▁` scalar and each part is
/// merged on its own: no mergeable piece contains a non-`▁` scalar followed by `▁`, so no merge can ever
/// join symbols across such a cut, and the merges inside each part happen in the same relative order as in
/// the whole string (a merge's candidates depend only on its own part), so the result is identical. Parts of
/// up to `scanLimit` symbols are merged by rescanning, longer ones with a heap in O(k log k), so a long run
/// without spaces (a megabyte of `=`, 100,000 spaces) stays O(n log n) in time and O(n) in memory.
public struct SentencePieceEncoder: TokenEncoder {
    let vocabulary: SentencePieceVocabulary

    public var vocabularySize: Int { vocabulary.count }
    public var bosID: Int? { vocabulary.bosID }
    public var eosID: Int? { vocabulary.eosID }

    /// How `encode` cuts and merges: the results never depend on it (tests check this).
    struct Strategy: Sendable {
        /// Cut in front of word-initial `▁` when the vocabulary allows it.
        var splitAtWordStarts = true
        /// Parts of at most this many symbols are merged by rescanning, longer ones with a heap.
        var scanLimit = 24
        static let automatic = Strategy()
    }

    /// Parses a `ModelProto`. `path` names the source in errors.
    public init(modelBytes: [UInt8], path: String = "<memory>") throws {
        let model = try SentencePieceModelFile(bytes: modelBytes, path: path)
        vocabulary = try SentencePieceVocabulary(model, path: path)
    }

    /// Loads a SentencePiece BPE `.model` file.
    public static func load(path: String) throws -> any TokenEncoder {
        try SentencePieceEncoder(contentsOf: path)
    }

    /// Loads a SentencePiece BPE `.model` file.
    public init(contentsOf path: String) throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw TokenizerError.unreadable(path: path, reason: FileManager.default.fileExists(atPath: path) ? "\(error.localizedDescription)" : "no such file")
        }
        try self.init(modelBytes: [UInt8](data), path: path)
    }

    /// The text of piece `id` as stored (`▁` for spaces, `<0xNN>` for bytes), or nil out of range.
    public func piece(_ id: Int) -> String? {
        id >= 0 && id < vocabulary.count ? vocabulary.pieces[id] : nil
    }

    // MARK: encoding

    public func encode(_ text: String) -> [Int] {
        encode(text, strategy: .automatic)
    }

    func encode(_ text: String, strategy: Strategy) -> [Int] {
        let v = vocabulary
        let normalized = normalize(text)
        guard !normalized.isEmpty else { return [] }
        var (symbols, scalars) = initialSymbols(normalized)
        let n = symbols.count
        var merger = SentencePieceMerger(vocabulary: v, symbols: symbols)
        symbols = []
        var emitter = Emitter(vocabulary: v)
        emitter.ids.reserveCapacity(n / 3 + 4)
        if v.hasUnused {
            // Resegmenting UNUSED pieces depends on the order in which candidate pairs are found over the
            // whole string, as in sentencepiece: no cutting.
            merger.link(0, n)
            merger.mergeByHeap(0, n, recordUnused: true)
            emitter.emitList(from: 0, merger: merger, scalars: scalars)
            return emitter.ids
        }
        let split = strategy.splitAtWordStarts && v.wordStartsAreBoundaries
        let space = v.spaceScalar
        var lo = 0
        while lo < n {
            var hi = n
            if split {
                hi = lo + 1
                while hi < n && !(scalars[hi] == space && scalars[hi - 1] != space) { hi += 1 }
            }
            merger.link(lo, hi)
            if hi - lo <= strategy.scanLimit {
                merger.mergeByScan(lo, hi)
            } else {
                merger.mergeByHeap(lo, hi, recordUnused: false)
            }
            emitter.emitList(from: lo, merger: merger, scalars: scalars)
            lo = hi
        }
        scalars = []
        return emitter.ids
    }

    /// sentencepiece's normalizer without a character map: spaces to the space symbol, the dummy prefix,
    /// and (when the model asks) extra spaces removed.
    func normalize(_ text: String) -> [UInt32] {
        let v = vocabulary
        let space = v.spaceScalar
        var out: [UInt32] = []
        out.reserveCapacity(text.utf8.count + 1)
        if !v.removeExtraWhitespaces {
            if text.isEmpty { return [] }
            if v.addDummyPrefix { out.append(space) }
            Self.forEachScalar(text) { out.append($0 == 0x20 ? space : $0) }
            return out
        }
        var started = false
        var previousWasSpace = true
        Self.forEachScalar(text) { s in
            if !started {
                if s == 0x20 { return }
                started = true
                if v.addDummyPrefix { out.append(space) }
            }
            if s == 0x20 {
                if previousWasSpace { return }
                out.append(space)
                previousWasSpace = true
            } else {
                out.append(s)
                previousWasSpace = false
            }
        }
        while out.last == space { out.removeLast() }
        return out
    }

    /// Calls `body` with every scalar of `text`, decoding its UTF-8 directly when it is contiguous.
    @inline(__always) static func forEachScalar(_ text: String, _ body: (UInt32) -> Void) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { u in
            var i = 0
            let n = u.count
            while i < n {
                let b0 = UInt32(u[i])
                if b0 < 0x80 {
                    body(b0); i += 1
                } else if b0 < 0xE0 {
                    body((b0 & 0x1F) << 6 | UInt32(u[i + 1] & 0x3F)); i += 2
                } else if b0 < 0xF0 {
                    body((b0 & 0x0F) << 12 | UInt32(u[i + 1] & 0x3F) << 6 | UInt32(u[i + 2] & 0x3F)); i += 3
                } else {
                    body((b0 & 0x07) << 18 | UInt32(u[i + 1] & 0x3F) << 12 | UInt32(u[i + 2] & 0x3F) << 6 | UInt32(u[i + 3] & 0x3F)); i += 4
                }
            }
        }
        if done == nil {
            for s in text.unicodeScalars { body(s.value) }
        }
    }

    /// Symbols before merging: one per scalar, except that user-defined pieces are matched first (longest
    /// match) and frozen. Returns the symbols and, for each, its scalar (0 for a frozen piece).
    func initialSymbols(_ normalized: [UInt32]) -> ([Int32], [UInt32]) {
        let v = vocabulary
        if v.userDefined.isEmpty {
            return (normalized.map { v.atom($0) }, normalized)
        }
        var symbols: [Int32] = [], scalars: [UInt32] = []
        symbols.reserveCapacity(normalized.count)
        scalars.reserveCapacity(normalized.count)
        var i = 0
        outer: while i < normalized.count {
            if let candidates = v.userDefined[normalized[i]] {
                for (piece, id) in candidates where piece.count <= normalized.count - i {
                    if normalized[i..<(i + piece.count)].elementsEqual(piece) {
                        symbols.append(-(id + 2))
                        scalars.append(0)
                        i += piece.count
                        continue outer
                    }
                }
            }
            symbols.append(v.atom(normalized[i]))
            scalars.append(normalized[i])
            i += 1
        }
        return (symbols, scalars)
    }

    /// Turns merged symbols into ids: pieces as they are, UNUSED pieces split back, everything else to
    /// bytes (or one `<unk>` per run without byte fallback, as sentencepiece fuses them).
    struct Emitter {
        let vocabulary: SentencePieceVocabulary
        var ids: [Int] = []
        var previousUnknown = false

        init(vocabulary: SentencePieceVocabulary) { self.vocabulary = vocabulary }

        mutating func emitList(from start: Int, merger: SentencePieceMerger, scalars: [UInt32]) {
            var i = Int32(start)
            while i >= 0 {
                emit(merger.symbols[Int(i)], scalar: scalars[Int(i)], merger: merger)
                i = merger.next[Int(i)]
            }
        }

        mutating func emit(_ symbol: Int32, scalar: UInt32, merger: SentencePieceMerger) {
            let v = vocabulary
            if symbol >= 0 && Int(symbol) < v.count {
                if symbol == v.unknownID {
                    unknown(scalar)
                } else if v.hasUnused && v.types[Int(symbol)] == .unused, let (a, b) = merger.reverseMerges[symbol] {
                    emit(a, scalar: 0, merger: merger)
                    emit(b, scalar: 0, merger: merger)
                } else {
                    ids.append(Int(symbol))
                    previousUnknown = false
                }
            } else if symbol >= 0 {
                unknown(v.pseudoScalars[Int(symbol) - v.count])
            } else if symbol == -1 {
                unknown(scalar)
            } else {
                ids.append(Int(-symbol - 2))
                previousUnknown = false
            }
        }

        mutating func unknown(_ scalar: UInt32) {
            let v = vocabulary
            if v.byteFallback {
                let s = scalar
                if s < 0x80 {
                    ids.append(Int(v.byteIDs[Int(s)]))
                } else if s < 0x800 {
                    ids.append(Int(v.byteIDs[Int(0xC0 | s >> 6)]))
                    ids.append(Int(v.byteIDs[Int(0x80 | s & 0x3F)]))
                } else if s < 0x10000 {
                    ids.append(Int(v.byteIDs[Int(0xE0 | s >> 12)]))
                    ids.append(Int(v.byteIDs[Int(0x80 | s >> 6 & 0x3F)]))
                    ids.append(Int(v.byteIDs[Int(0x80 | s & 0x3F)]))
                } else {
                    ids.append(Int(v.byteIDs[Int(0xF0 | s >> 18)]))
                    ids.append(Int(v.byteIDs[Int(0x80 | s >> 12 & 0x3F)]))
                    ids.append(Int(v.byteIDs[Int(0x80 | s >> 6 & 0x3F)]))
                    ids.append(Int(v.byteIDs[Int(0x80 | s & 0x3F)]))
                }
                previousUnknown = false
            } else {
                if !previousUnknown { ids.append(Int(v.unknownID)) }
                previousUnknown = true
            }
        }
    }

    // MARK: decoding

    /// The text of `ids`, as `SentencePieceProcessor.decode`: pieces with `▁` read as spaces, the one leading
    /// space of the dummy prefix dropped, runs of byte pieces read as UTF-8 (each byte that does not start a
    /// valid character becomes U+FFFD), CONTROL pieces as nothing, `<unk>` as ` ⁇ `. Ids outside the
    /// vocabulary are skipped (sentencepiece refuses them).
    public func decode(_ ids: [Int]) -> String {
        let v = vocabulary
        var out: [UInt8] = []
        out.reserveCapacity(ids.count * 4)
        var bytes: [UInt8] = []
        var expectLeadingSpace = true
        var leadingSpaceSeen = false
        let stripsLeadingSpace = v.addDummyPrefix || v.removeExtraWhitespaces
        for id in ids {
            guard id >= 0 && id < v.count else { continue }
            let b = v.byteValue[id]
            if b >= 0 {
                bytes.append(UInt8(b))
                continue
            }
            if !bytes.isEmpty {
                Self.appendRepairingUTF8(bytes, to: &out)
                bytes.removeAll(keepingCapacity: true)
            }
            if leadingSpaceSeen || !out.isEmpty { expectLeadingSpace = false }
            leadingSpaceSeen = false
            switch v.types[id] {
            case .control:
                break
            case .unknown:
                out.append(contentsOf: v.unknownSurface)
            default:
                var start = Int(v.decodedStart[id])
                if expectLeadingSpace && stripsLeadingSpace && v.startsWithSpaceSymbol[id] {
                    start += 1
                    leadingSpaceSeen = !v.removeExtraWhitespaces
                }
                out.append(contentsOf: v.decodedText[start..<Int(v.decodedStart[id + 1])])
            }
        }
        if !bytes.isEmpty { Self.appendRepairingUTF8(bytes, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `bytes` character by character; a byte that does not begin a well-formed character (shortest
    /// form, no surrogate, at most U+10FFFF) becomes U+FFFD and decoding resumes at the next byte.
    static func appendRepairingUTF8(_ bytes: [UInt8], to out: inout [UInt8]) {
        var i = 0
        let n = bytes.count
        @inline(__always) func trail(_ k: Int) -> Bool { bytes[k] & 0xC0 == 0x80 }
        while i < n {
            let b0 = bytes[i]
            var length = 0
            if b0 < 0x80 {
                length = 1
            } else if b0 & 0xE0 == 0xC0, n - i >= 2, trail(i + 1) {
                let cp = UInt32(b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
                if cp >= 0x80 { length = 2 }
            } else if b0 & 0xF0 == 0xE0, n - i >= 3, trail(i + 1), trail(i + 2) {
                let cp = UInt32(b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                if cp >= 0x800 && !(0xD800...0xDFFF).contains(cp) { length = 3 }
            } else if b0 & 0xF8 == 0xF0, n - i >= 4, trail(i + 1), trail(i + 2), trail(i + 3) {
                let cp = UInt32(b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F)
                if cp >= 0x10000 && cp <= 0x10FFFF { length = 4 }
            }
            if length == 0 {
                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                i += 1
            } else {
                out.append(contentsOf: bytes[i..<(i + length)])
                i += length
            }
        }
    }
}
