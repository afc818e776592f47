/// Everything the SentencePiece BPE encoder and decoder look up, built once from a model file.
///
/// Symbols. While encoding, every symbol is an `Int32`:
/// * `0..<count`: a piece id (a merged symbol is always a piece; a single scalar that is itself a piece
///   gets that piece's id, whatever its type);
/// * `count...`: a *pseudo* id for a scalar that appears inside some mergeable piece but is not a piece
///   by itself (it can still merge; if it survives it falls back to bytes);
/// * `-1`: a scalar that appears in no mergeable piece, so it can never merge (*inert*);
/// * `≤ -2`: a user-defined piece matched before merging, `-(id + 2)`, which never merges (*frozen*).
///
/// Merges. `merges` maps a pair of symbols `(a, b)` to the piece whose text is `text(a) + text(b)`,
/// for every way of cutting every mergeable piece (NORMAL, USER_DEFINED, UNUSED) in two at a scalar
/// boundary where both halves can be symbols. Because a merged symbol is always a mergeable piece and
/// an unmerged one is a single scalar, "the concatenation is a piece" (what sentencepiece checks with a
/// string lookup) is exactly "the pair is in `merges`".
final class SentencePieceVocabulary: Sendable {
    typealias PieceType = SentencePieceModelFile.PieceType

    let path: String
    let pieces: [String]
    let types: [PieceType]
    /// Scores, with -0.0 folded to 0.0 so that the heap's integer key orders them as floats compare.
    let scores: [Float]
    /// Mergeable pieces (NORMAL, USER_DEFINED, UNUSED) by UTF-8 text, as sentencepiece's `pieces_`. Keys
    /// are bytes, never `String`s: `String` equality is canonical equivalence (U+212B == U+00C5).
    let mergeable: [[UInt8]: Int32]
    /// CONTROL, UNKNOWN and BYTE pieces by UTF-8 text, as sentencepiece's `reserved_id_map_`.
    let reserved: [[UInt8]: Int32]
    let unknownID: Int32
    /// `byteIDs[b]` is the id of `<0xNN>`; empty without byte fallback.
    let byteIDs: [Int32]
    let byteFallback: Bool
    let addDummyPrefix: Bool
    let removeExtraWhitespaces: Bool
    /// U+2581 when whitespace is escaped, else U+0020.
    let spaceScalar: UInt32
    let unknownSurface: [UInt8]

    let asciiAtoms: [Int32]
    let otherAtoms: IntTable
    /// The scalar of each pseudo id, at index `id - count`.
    let pseudoScalars: [UInt32]
    let merges: IntTable
    /// User-defined pieces by first scalar, longest first (sentencepiece's prefix matcher).
    let userDefined: [UInt32: [(scalars: [UInt32], id: Int32)]]
    let hasUnused: Bool
    /// True when no mergeable piece holds a space symbol right after a non-space scalar, so that no merge can
    /// ever cross the gap in front of a space symbol that follows a non-space one (see `encode`).
    let wordStartsAreBoundaries: Bool

    // Decoding.
    let decodedText: [UInt8]
    let decodedStart: [Int32]
    let startsWithSpaceSymbol: [Bool]
    /// The byte value of a BYTE piece, else -1.
    let byteValue: [Int16]

    let bosID: Int?
    let eosID: Int?

    init(_ model: SentencePieceModelFile, path: String) throws {
        self.path = path
        func malformed(_ offset: Int, _ reason: String) -> TokenizerError { .malformed(path: path, offset: offset, reason: reason) }
        func unsupported(_ reason: String) -> TokenizerError { .unsupported(path: path, reason: reason) }

        guard model.modelType == SentencePieceModelFile.ModelType.bpe.rawValue else {
            let name = SentencePieceModelFile.ModelType(rawValue: model.modelType).map { "\($0)".uppercased() } ?? "\(model.modelType)"
            throw unsupported("SentencePiece model_type \(name) is not supported: only BPE models (such as LLaMA-2's) are")
        }
        guard !model.treatWhitespaceAsSuffix else { throw unsupported("treat_whitespace_as_suffix models are not supported") }
        guard model.precompiledCharsmapLength == 0 else {
            throw unsupported("normalization rule '\(model.normalizerName)' (a precompiled character map) is not supported: only identity")
        }
        guard model.denormalizerCharsmapLength == 0 else { throw unsupported("denormalizer rules are not supported") }
        let count = model.pieces.count
        guard count > 0 else { throw malformed(0, "no pieces") }
        guard count < 1 << 28 else { throw malformed(0, "too many pieces (\(count))") }

        var pieces: [String] = [], types: [PieceType] = [], scores: [Float] = []
        pieces.reserveCapacity(count); types.reserveCapacity(count); scores.reserveCapacity(count)
        var mergeable: [[UInt8]: Int32] = [:], reserved: [[UInt8]: Int32] = [:]
        mergeable.reserveCapacity(count)
        var unknownID: Int32? = nil
        var byteIDs = [Int32](repeating: -1, count: 256)
        var byteValue = [Int16](repeating: -1, count: count)
        var hasUnused = false
        var bos: Int? = nil, eos: Int? = nil
        for (i, piece) in model.pieces.enumerated() {
            let id = Int32(i)
            let key = Array(piece.text.utf8)
            guard mergeable[key] == nil && reserved[key] == nil else {
                throw malformed(piece.offset, "piece \(piece.text.debugDescription) is defined twice")
            }
            pieces.append(piece.text)
            types.append(piece.type)
            scores.append(piece.score == 0 ? 0 : piece.score)
            switch piece.type {
            case .normal, .userDefined: mergeable[key] = id
            case .unused: mergeable[key] = id; hasUnused = true
            case .control:
                reserved[key] = id
                if key == Array("<s>".utf8) && bos == nil { bos = i }
                if key == Array("</s>".utf8) && eos == nil { eos = i }
            case .unknown:
                guard unknownID == nil else { throw malformed(piece.offset, "a second UNKNOWN piece") }
                unknownID = id
                reserved[key] = id
            case .byte:
                guard model.byteFallback else { throw malformed(piece.offset, "BYTE piece \(piece.text.debugDescription) in a model without byte_fallback") }
                guard let b = Self.byte(ofPiece: piece.text) else { throw malformed(piece.offset, "BYTE piece \(piece.text.debugDescription) is not <0xNN>") }
                byteIDs[Int(b)] = id
                byteValue[i] = Int16(b)
                reserved[key] = id
            }
        }
        guard let unknownID else { throw malformed(0, "no UNKNOWN piece (<unk>)") }
        if model.byteFallback, let missing = byteIDs.firstIndex(of: -1) {
            throw malformed(0, "byte_fallback is on but there is no piece <0x\(Self.hex(UInt8(missing)))>")
        }
        self.pieces = pieces
        self.types = types
        self.scores = scores
        self.mergeable = mergeable
        self.reserved = reserved
        self.unknownID = unknownID
        self.byteIDs = model.byteFallback ? byteIDs : []
        self.byteValue = byteValue
        self.byteFallback = model.byteFallback
        self.addDummyPrefix = model.addDummyPrefix
        self.removeExtraWhitespaces = model.removeExtraWhitespaces
        self.spaceScalar = model.escapeWhitespaces ? 0x2581 : 0x20
        self.unknownSurface = Array(model.unknownSurface.utf8)
        self.hasUnused = hasUnused
        self.bosID = bos
        self.eosID = eos

        // Atoms: single scalars. A scalar that is a piece (any type) is that piece; one that occurs inside a
        // mergeable piece without being a piece gets a pseudo id.
        var atoms: [UInt32: Int32] = [:]
        var mergeableScalars: [(id: Int32, scalars: [UInt32])] = []
        mergeableScalars.reserveCapacity(mergeable.count)
        for (i, text) in pieces.enumerated() {
            let scalars = text.unicodeScalars.map(\.value)
            if scalars.count == 1 { atoms[scalars[0]] = Int32(i) }
            switch types[i] {
            case .normal, .userDefined, .unused: mergeableScalars.append((Int32(i), scalars))
            default: break
            }
        }
        var pseudo: [UInt32] = []
        for (_, scalars) in mergeableScalars {
            for s in scalars where atoms[s] == nil {
                atoms[s] = Int32(count + pseudo.count)
                pseudo.append(s)
            }
        }
        var ascii = [Int32](repeating: -1, count: 128)
        var other = IntTable(capacityFor: atoms.count)
        for (s, id) in atoms {
            if s < 128 { ascii[Int(s)] = id } else { other.insert(UInt64(s), id) }
        }
        self.asciiAtoms = ascii
        self.otherAtoms = other
        self.pseudoScalars = pseudo

        // Merges, and the check that lets encoding split before space symbols.
        var pairs: [(UInt64, Int32)] = []
        var wordStartsAreBoundaries = true
        let space = spaceScalar
        for (id, scalars) in mergeableScalars {
            for j in 1..<max(scalars.count, 1) where scalars[j] == space && scalars[j - 1] != space {
                wordStartsAreBoundaries = false
            }
            guard scalars.count >= 2 else { continue }
            for cut in 1..<scalars.count {
                let a: Int32? = cut == 1 ? atoms[scalars[0]] : mergeable[Self.utf8(scalars[0..<cut])]
                guard let a else { continue }
                let b: Int32? = cut == scalars.count - 1 ? atoms[scalars[cut]] : mergeable[Self.utf8(scalars[cut...])]
                guard let b else { continue }
                pairs.append((UInt64(UInt32(a)) << 32 | UInt64(UInt32(b)), id))
            }
        }
        var merges = IntTable(capacityFor: pairs.count)
        for (key, id) in pairs { merges.insert(key, id) }
        self.merges = merges
        self.wordStartsAreBoundaries = wordStartsAreBoundaries

        var userDefined: [UInt32: [(scalars: [UInt32], id: Int32)]] = [:]
        for (id, scalars) in mergeableScalars where types[Int(id)] == .userDefined {
            userDefined[scalars[0], default: []].append((scalars, id))
        }
        for key in userDefined.keys { userDefined[key]!.sort { $0.scalars.count > $1.scalars.count } }
        self.userDefined = userDefined

        // Decoding: each piece's text with U+2581 read as a space.
        var decodedText: [UInt8] = []
        var decodedStart: [Int32] = [0]
        var startsWithSpaceSymbol: [Bool] = []
        decodedStart.reserveCapacity(count + 1)
        for text in pieces {
            startsWithSpaceSymbol.append(text.unicodeScalars.first?.value == 0x2581)
            for s in text.unicodeScalars {
                if s.value == 0x2581 { decodedText.append(0x20) } else { decodedText.append(contentsOf: String(s).utf8) }
            }
            decodedStart.append(Int32(decodedText.count))
        }
        self.decodedText = decodedText
        self.decodedStart = decodedStart
        self.startsWithSpaceSymbol = startsWithSpaceSymbol
    }

    var count: Int { pieces.count }

    /// The UTF-8 bytes of valid scalar values.
    static func utf8<C: Collection>(_ scalars: C) -> [UInt8] where C.Element == UInt32 {
        var out: [UInt8] = []
        for s in scalars {
            if s < 0x80 {
                out.append(UInt8(s))
            } else if s < 0x800 {
                out += [UInt8(0xC0 | s >> 6), UInt8(0x80 | s & 0x3F)]
            } else if s < 0x10000 {
                out += [UInt8(0xE0 | s >> 12), UInt8(0x80 | s >> 6 & 0x3F), UInt8(0x80 | s & 0x3F)]
            } else {
                out += [UInt8(0xF0 | s >> 18), UInt8(0x80 | s >> 12 & 0x3F), UInt8(0x80 | s >> 6 & 0x3F), UInt8(0x80 | s & 0x3F)]
            }
        }
        return out
    }

    static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(b >> 4)], digits[Int(b & 15)]], as: UTF8.self)
    }

    /// The byte of a `<0xNN>` piece (two upper-case hex digits, as sentencepiece writes them).
    static func byte(ofPiece text: String) -> UInt8? {
        let u = Array(text.utf8)
        guard u.count == 6, u[0] == 0x3C, u[1] == 0x30, u[2] == 0x78, u[5] == 0x3E else { return nil }
        func digit(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x41...0x46: return c - 0x41 + 10
            default: return nil
            }
        }
        guard let hi = digit(u[3]), let lo = digit(u[4]) else { return nil }
        return hi << 4 | lo
    }

    @inline(__always) func atom(_ scalar: UInt32) -> Int32 {
        scalar < 128 ? asciiAtoms[Int(scalar)] : otherAtoms[UInt64(scalar)]
    }

    /// The piece that `a` followed by `b` merges into, or -1.
    @inline(__always) func merge(_ a: Int32, _ b: Int32) -> Int32 {
        guard a >= 0 && b >= 0 else { return -1 }
        return merges[UInt64(UInt32(a)) << 32 | UInt64(UInt32(b))]
    }
}

/// An open-addressing hash table from `UInt64` keys to `Int32` values (-1: absent), with a multiplicative
/// hash and linear probing: much cheaper per lookup than `Dictionary`'s seeded SipHash.
struct IntTable: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private let shift: UInt64
    private let mask: Int
    private static let empty = UInt64.max

    init(capacityFor count: Int) {
        var bits = 4
        while (1 << bits) < count * 2 + 1 { bits += 1 }
        keys = [UInt64](repeating: Self.empty, count: 1 << bits)
        values = [Int32](repeating: -1, count: 1 << bits)
        shift = UInt64(64 - bits)
        mask = (1 << bits) - 1
    }

    @inline(__always) private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    mutating func insert(_ key: UInt64, _ value: Int32) {
        precondition(key != Self.empty)
        var i = slot(key)
        while keys[i] != Self.empty && keys[i] != key { i = (i + 1) & mask }
        keys[i] = key
        values[i] = value
    }

    @inline(__always) subscript(key: UInt64) -> Int32 {
        var i = slot(key)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == Self.empty { return -1 }
            i = (i + 1) & mask
        }
    }
}
