import CIF

/// Finds the spans of running text that could be chemical notation, in one pass over UTF-8 bytes.
///
/// The scanner only proposes; `ChemicalNotation.read` decides. It splits the text into runs of the
/// characters formulas are written with (letters, digits, brackets, adduct dots, signs, sub- and
/// superscripts, Greek prefixes), trims sentence punctuation, and keeps two kinds of candidates:
/// formula-shaped runs whose capitals and lower-case letters spell element symbols (so `The`, `Fig`
/// and `However` are dropped without a lookup), and words that start a lexicon name (`gypsum`,
/// `slaked lime`, `iron`). It also counts cement-chemistry keywords, so the caller can decide once per
/// document whether cement notation applies.
struct MentionScanner {
    /// A candidate span: UTF-8 byte offsets into the text.
    struct Candidate: Equatable {
        enum Kind: Equatable {
            /// A formula-shaped run.
            case formula
            /// A run of `words` lexicon words (`slaked lime` is 2).
            case name(words: Int)
        }
        var start: Int
        var end: Int
        var kind: Kind
        /// Smaller candidates to try when the whole is not a mention (the parts of `TiO2/graphene`).
        var parts: [Candidate] = []
    }

    /// The candidates, in text order, and the number of cement keywords seen.
    struct Result {
        var candidates: [Candidate] = []
        var cementKeywords = 0
    }

    // MARK: - Tables

    // The tables, copied into the instance once: statics are reached through a lazy-initialisation
    // check on every access, which the hot loop cannot afford.
    let elements: [Bool] = MentionScanner.isElement.flatMap { $0 }
    let wordFlags = MentionScanner.words
    let lead = MentionScanner.leadingJunk
    let trail = MentionScanner.trailingJunk

    init() {}

    /// `isElement[a][b]`: whether the capital `a` (0–25) followed by the lower-case `b` (0–25, or 26 for
    /// none) is an element symbol. D and T are not H here (see the README's rule 3).
    static let isElement: [[Bool]] = {
        var t = Array(repeating: Array(repeating: false, count: 27), count: 26)
        for e in ChemicalElement.all {
            let u = Array(e.symbol.utf8)
            guard e.symbol != "D", e.symbol != "T", let a = u.first, a >= 65, a <= 90 else { continue }
            if u.count == 1 { t[Int(a - 65)][26] = true } else if u.count == 2, u[1] >= 97, u[1] <= 122 { t[Int(a - 65)][Int(u[1] - 97)] = true }
        }
        return t
    }()

    /// The length of the element symbol at `i` (before `end`): 2 when the capital and the small letter
    /// after it spell one, else 1 when the capital alone is one, else nil. D and T are no symbols here.
    @inline(__always)
    static func elementSymbolLength<C: RandomAccessCollection>(_ c: C, at i: Int, end: Int) -> Int? where C.Element == UInt8, C.Index == Int {
        let first = c[i]
        guard first >= 65, first <= 90 else { return nil }
        let a = Int(first - 65)
        if i + 1 < end, c[i + 1] >= 97, c[i + 1] <= 122, isElement[a][Int(c[i + 1] - 97)] { return 2 }
        return isElement[a][26] ? 1 : nil
    }

    /// Flags of every word the scanner looks up: the low byte is the most words a lexicon name
    /// starting with the word has (0: none starts with it); `cementFlag` marks cement keywords.
    static let words: WordTable = {
        var most: [UInt64: Int] = [:]
        for name in lexiconNames {
            let parts = name.split(separator: " ")
            guard let first = parts.first else { continue }
            let h = hash(first.utf8)
            most[h] = max(most[h] ?? 0, parts.count)
        }
        // About a third full: small enough to stay in the L1 cache, where most lookups of the hot loop (every
        // word of the text) end at an empty slot.
        var table = WordTable(capacity: 3 * (most.count + cementWords.count))
        for (h, n) in most { table.insert(h, UInt16(n)) }
        for h in cementWords { table.insert(h, cementFlag) }
        return table
    }()

    static let cementFlag: UInt16 = 0x100

    /// The lexicon's names: element names (with British spellings) and trivial and mineral names.
    static let lexiconNames: [String] = Array(Names.elementNames.keys) + Array(Names.trivial.keys) + ["silicone", "soda-lime"]

    /// Single words that mark cement chemistry.
    /// (Single-word keywords only, without the weak `binder`, `blended` and `blends` that battery and
    /// polymer papers use too, nor `afm`/`aft`, which are atomic force microscopy as often as cement phases.)
    static let cementWordList: [String] = Cement.keywords.filter { !$0.contains(" ") && !["binder", "blended", "blends", "afm", "aft"].contains($0) } + [
        "cements", "clinkers", "pozzolans", "mortars", "concretes", "slags", "geopolymers", "katoite", "cementitious",
        "c3a", "c4af", "c-a-s-h",
    ]

    /// Hashes of `cementWordList`.
    static let cementWords: Set<UInt64> = Set(cementWordList.map { hash($0.utf8) })

    /// The word hash of the scanner's tables: the bytes with ASCII and Latin-1 letters folded to lower case
    /// (`Åkermanite`), packed eight to a little-endian word, each word mixed in, then the length. Words of up to
    /// eight bytes never collide (each step is a bijection); `spanHash` is its fast twin for ASCII spans.
    static func hash<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var h = hashSeed
        var chunk: UInt64 = 0
        var count = 0
        var previous: UInt8 = 0
        for var b in bytes {
            if b >= 65, b <= 90 { b |= 0x20 } else if previous == 0xC3, b >= 0x80, b <= 0x9E, b != 0x97 { b |= 0x20 }
            chunk |= UInt64(b) << (UInt64(count & 7) * 8)
            count += 1
            if count & 7 == 0 { h = mix(h, chunk); chunk = 0 }
            previous = b
        }
        if count & 7 != 0 { h = mix(h, chunk) }
        return mix(h, UInt64(count))
    }

    /// The `m` (1–8) bytes at `p` as a little-endian word, zero above them: one load where the buffer has eight
    /// bytes there, else byte by byte.
    @inline(__always)
    static func chunk(_ bytes: UnsafeBufferPointer<UInt8>, _ p: Int, _ m: Int) -> UInt64 {
        if p + 8 <= bytes.count {
            let x = UInt64(littleEndian: UnsafeRawBufferPointer(bytes).loadUnaligned(fromByteOffset: p, as: UInt64.self))
            return m < 8 ? x & ((1 << (UInt64(m) * 8)) &- 1) : x
        }
        var x: UInt64 = 0
        for t in 0..<m { x |= UInt64(bytes[p + t]) << (UInt64(t) * 8) }
        return x
    }

    /// `hash` of `bytes[s..<e]`, eight bytes at a time while they are ASCII (capitals folded by a bit trick: in
    /// bytes below 0x80, adding 0x3F sets bit 7 from `A` up and adding 0x25 from `[` up); `hash` itself when a
    /// byte is not ASCII.
    @inline(__always)
    static func spanHash(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> UInt64 {
        let high: UInt64 = 0x8080_8080_8080_8080
        var h = hashSeed
        var p = s
        while p < e {
            let x = chunk(bytes, p, min(8, e - p))
            if x & high != 0 { return hash(bytes[s..<e]) }
            let capitals = (x &+ 0x3F3F_3F3F_3F3F_3F3F) & ~(x &+ 0x2525_2525_2525_2525) & high
            h = mix(h, x | capitals >> 2)
            p += 8
        }
        return mix(h, UInt64(e - s))
    }

    static var hashSeed: UInt64 { 0x243F_6A88_85A3_08D3 }

    @inline(__always)
    static func mix(_ h: UInt64, _ chunk: UInt64) -> UInt64 {
        let x = (h ^ chunk) &* 0x9E37_79B9_7F4A_7C15
        return x ^ (x >> 32)
    }

    /// FNV-1a, for the element-context noun table.
    static var fnvOffset: UInt64 { 0xcbf2_9ce4_8422_2325 }

    @inline(__always)
    static func fnvStep(_ h: UInt64, _ b: UInt8) -> UInt64 { (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }

    /// ASCII bytes that can appear inside a run.
    static let asciiRun: [Bool] = {
        var t = Array(repeating: false, count: 128)
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") { t[Int(b)] = true }
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { t[Int(b)] = true }
        for b in UInt8(ascii: "0")...UInt8(ascii: "9") { t[Int(b)] = true }
        for c in "()[]{}.*+-^'$:/@" { t[Int(c.asciiValue!)] = true }
        return t
    }()

    /// `asciiRun` as two 64-bit masks, for the hot loop (checked against `asciiRun` by a test).
    @inline(__always)
    static func isRunByte(_ c: UInt8) -> Bool {
        c < 64 ? (0x07FF_EF90_0000_0000 as UInt64) >> c & 1 != 0 : (0x2FFF_FFFE_6FFF_FFFF as UInt64) >> (c &- 64) & 1 != 0
    }

    /// Non-ASCII scalars that can appear inside a run.
    static func runScalar(_ v: UInt32) -> Bool {
        switch v {
        case 0xB7, 0xB2, 0xB3, 0xB9: return true                  // · ² ³ ¹
        case 0xC0...0x24F: return v != 0xD7 && v != 0xF7          // Latin letters with diacritics (wüstite), not × ÷
        case 0x304: return true                                   // combining macron (cement S̄, C̄)
        case 0x3B1...0x3C9: return true                           // Greek small letters (α-, δ)
        case 0x2010, 0x2011, 0x2013, 0x2212: return true          // hyphens, en dash, minus
        case 0x2032: return true                                  // prime (1T′)
        case 0x2070...0x209C: return true                         // super- and subscripts
        case 0x2022, 0x2219, 0x22C5: return true                  // • ∙ ⋅
        default: return false
        }
    }

    // MARK: - Scan

    /// Scans `bytes` (valid UTF-8).
    ///
    /// Byte classes come 64 at a time (`ByteClassMasks`): the gaps between runs, the small letters of a word,
    /// its trailing stops and the stretches of ASCII inside a run are crossed with a shift and a bit count.
    /// `scanReference` is the same scan byte by byte.
    func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Result {
        var result = Result()
        result.candidates.reserveCapacity(bytes.count / 64)
        let n = bytes.count
        var cursor = ByteClassCursor(bytes)
        var i = 0
        while i < n {
            // The next byte that may start a run: an ASCII run byte or a non-ASCII scalar.
            i = cursor.nextIn(i, .runOrHigh)
            guard i < n else { break }
            let b = bytes[i]
            if b >= 0x80 {
                let (v, len) = Self.decode(bytes, i)
                if !Self.runScalar(v) { i += len; continue }
            }
            // A run starts here. Most runs are plain words (`the`, `However.`): three or more letters, small
            // after the first, maybe a trailing stop. They matter only when a name or a cement keyword starts
            // with them. Words of one or two letters that start with a capital may be element symbols (`In`,
            // `As`) and take the full path; small-letter ones are words like the rest.
            let start = i
            if (b >= 97 && b <= 122) || (b >= 65 && b <= 90) {
                let k = cursor.nextOutside(i + 1, .small)
                let j = cursor.nextOutside(k, .stop)
                // A comma ends the word unless a stop came before it (a dopant list, `SrAl2O4:Eu2+,Dy3+`).
                let ends = j == n || (!cursor.contains(j, .runOrHigh) && (j == k || !cursor.contains(j, .comma)))
                if ends, k - start >= 3 || b >= 97, wordFlags.lookup(Self.spanHash(bytes, start, k)) == 0 {
                    i = j
                    continue
                }
            }
            var colon = false
            // Whether the run has an ASCII letter, a `$` or a non-ASCII scalar: a run without any (`300`, `2.5`,
            // `(1)`, `--`) holds no candidate, and `consider` is not asked.
            var lettered = false
            while i < n {
                // The ASCII run bytes up to the next other byte.
                let stop = cursor.nextOutside(i, .run)
                if stop > i {
                    if !colon, cursor.any(i, stop, .colon) { colon = true }
                    if !lettered, cursor.any(i, stop, .letter) { lettered = true }
                    i = stop
                    if i == n { break }
                }
                let c = bytes[i]
                if c < 0x80 {
                    // A dopant list after a colon goes on past commas: `SrAl2O4:Eu2+,Dy3+`.
                    if c == UInt8(ascii: ","), colon, i + 1 < n, bytes[i + 1] >= 65, bytes[i + 1] <= 90 { i += 1; continue }
                    break
                }
                let (v, len) = Self.decode(bytes, i)
                if !Self.runScalar(v) { break }
                lettered = true
                i += len
            }
            if !lettered { continue }
            consider(bytes, start, i, into: &result)
        }
        return result
    }

    /// `scan`, byte by byte: the reference the block-wise scan is tested against.
    func scanReference(_ bytes: UnsafeBufferPointer<UInt8>) -> Result {
        var result = Result()
        result.candidates.reserveCapacity(bytes.count / 64)
        let n = bytes.count
        var i = 0
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                if !Self.isRunByte(b) { i += 1; continue }
            } else {
                let (v, len) = Self.decode(bytes, i)
                if !Self.runScalar(v) { i += len; continue }
            }
            // A run starts here. Most runs are plain words (`the`, `However.`): three or more letters, small
            // after the first, maybe a trailing stop. They are hashed as they are read and matter only when
            // a name or a cement keyword starts with them.
            // Words of one or two letters that start with a capital may be element symbols (`In`, `As`) and take
            // the full path; small-letter ones are words like the rest (`consider` would only look them up).
            let start = i
            if (b >= 97 && b <= 122) || (b >= 65 && b <= 90) {
                var k = i + 1
                while k < n, bytes[k] >= 97, bytes[k] <= 122 { k += 1 }
                var j = k
                while j < n, bytes[j] == UInt8(ascii: ".") || bytes[j] == UInt8(ascii: ":") || bytes[j] == UInt8(ascii: ";") { j += 1 }
                // A comma ends the word unless a colon came before it (a dopant list, `SrAl2O4:Eu2+,Dy3+`).
                let ends = j == n || (bytes[j] < 0x80 && !Self.isRunByte(bytes[j]) && (bytes[j] != UInt8(ascii: ",") || j == k))
                if ends, k - start >= 3 || b >= 97, wordFlags.lookup(Self.hash(bytes[start..<k])) == 0 {
                    i = j
                    continue
                }
            }
            var colon = false
            // Whether the run has an ASCII letter, a `$` or a non-ASCII scalar: a run without any (`300`, `2.5`,
            // `(1)`, `--`) holds no candidate, and `consider` is not asked.
            var lettered = false
            while i < n {
                let c = bytes[i]
                if c < 0x80 {
                    if c == UInt8(ascii: ":") { colon = true }
                    // A dopant list after a colon goes on past commas: `SrAl2O4:Eu2+,Dy3+`.
                    if c == UInt8(ascii: ","), colon, i + 1 < n, bytes[i + 1] >= 65, bytes[i + 1] <= 90 { i += 1; continue }
                    if !Self.isRunByte(c) { break }
                    if (c | 0x20) &- 97 < 26 || c == UInt8(ascii: "$") { lettered = true }
                    i += 1
                } else {
                    let (v, len) = Self.decode(bytes, i)
                    if !Self.runScalar(v) { break }
                    lettered = true
                    i += len
                }
            }
            if !lettered { continue }
            consider(bytes, start, i, into: &result)
        }
        return result
    }

    /// Decodes the scalar at `i` and its length (the text is valid UTF-8).
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let b = bytes[i]
        let n = bytes.count
        if b < 0xE0, i + 1 < n { return ((UInt32(b & 0x1F) << 6) | UInt32(bytes[i + 1] & 0x3F), 2) }
        if b < 0xF0, i + 2 < n { return ((UInt32(b & 0x0F) << 12) | (UInt32(bytes[i + 1] & 0x3F) << 6) | UInt32(bytes[i + 2] & 0x3F), 3) }
        if i + 3 < n {
            return ((UInt32(b & 0x07) << 18) | (UInt32(bytes[i + 1] & 0x3F) << 12) | (UInt32(bytes[i + 2] & 0x3F) << 6) | UInt32(bytes[i + 3] & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }

    /// Trims a run and records the candidates in it.
    func consider(_ bytes: UnsafeBufferPointer<UInt8>, _ runStart: Int, _ runEnd: Int, into result: inout Result) {
        guard let (s, e) = trim(bytes, runStart, runEnd) else { return }
        // Classify: capitals (beyond the first), digits or chemistry characters make it formula-shaped.
        var uppers = 0, lowers = 0, digits = 0, other = 0, firstUpper = false, hyphenAt = -1
        var k = s
        while k < e {
            let c = bytes[k]
            if c >= 65, c <= 90 { uppers += 1; if k == s { firstUpper = true } } else if c >= 97, c <= 122 { lowers += 1 } else if c >= 48, c <= 57 { digits += 1 } else if c == UInt8(ascii: "-") {
                if hyphenAt < 0 { hyphenAt = k }
            } else if c == UInt8(ascii: "'") {} else if c < 0x80 {
                other += 1
            } else if c >= 0xC3 && c < 0xCA {
                // A Latin letter with a diacritic (`ä` in strätlingite): a small letter.
                lowers += 1
            } else if c < 0xC0 {
                // A continuation byte: counted with its lead byte.
            } else { other += 1 }
            k += 1
        }
        let wordLike = digits == 0 && other == 0 && (uppers == 0 || (uppers == 1 && firstUpper && lowers > 0))
        // `In`, `Co`, `Fe-doped`, `Li-rich`: a capitalised word of one or two letters (before any hyphen)
        // may be an element symbol.
        let symbolLike = uppers == 1 && firstUpper && (hyphenAt > s ? hyphenAt - s : e - s) <= 2
        if wordLike && !symbolLike {
            word(bytes, s, e, hyphenAt: hyphenAt, into: &result)
            return
        }
        if bytes[s] == UInt8(ascii: "$") || uppers > 0 || Self.containsMacron(bytes, s, e) {
            formulaRun(bytes, s, e, into: &result)
        } else if lowers > 0, let g = Self.greekPrefixEnd(bytes, s, e) {
            // `α-alumina`
            word(bytes, g, e, hyphenAt: -1, into: &result, startOverride: s)
        }
    }

    static func containsMacron(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        var k = s
        while k + 1 < e { if bytes[k] == 0xCC, bytes[k + 1] == 0x84 { return true }; k += 1 }
        return false
    }

    /// The offset after a Greek-letter prefix and its hyphen (`α-`), if the run starts with one.
    static func greekPrefixEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
        guard s + 2 < e, bytes[s] == 0xCE || bytes[s] == 0xCF, bytes[s + 2] == UInt8(ascii: "-") else { return nil }
        return s + 3
    }

    /// A word run: a lexicon name start (maybe followed by more words), or a cement keyword.
    func word(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, hyphenAt: Int, into result: inout Result, startOverride: Int? = nil) {
        let whole = wordFlags.lookup(Self.spanHash(bytes, s, e))
        if whole & Self.cementFlag != 0 { result.cementKeywords += 1 }
        if whole & 0xFF != 0 {
            result.candidates.append(Candidate(start: startOverride ?? s, end: e, kind: .name(words: Int(whole & 0xFF))))
            return
        }
        // `lead-free`, `silica-based`: the name before the hyphen.
        if hyphenAt > s {
            let head = wordFlags.lookup(Self.spanHash(bytes, s, hyphenAt))
            if head & Self.cementFlag != 0 { result.cementKeywords += 1 }
            if head & 0xFF != 0 {
                result.candidates.append(Candidate(start: startOverride ?? s, end: hyphenAt, kind: .name(words: 1)))
            }
        }
    }

    /// A formula-shaped run, split at `/` between formulas and cut before a hyphenated lower-case word
    /// (`LiFePO4-based`, `Fe-doped`).
    func formulaRun(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, into result: inout Result) {
        // Cement shorthands count as cement keywords.
        let len = e - s
        // `AFt`, `AFm` as written (not `AFM`, atomic force microscopy) are cement phases.
        if len == 3, bytes[s] == UInt8(ascii: "A"), bytes[s + 1] == UInt8(ascii: "F"), bytes[s + 2] == UInt8(ascii: "t") || bytes[s + 2] == UInt8(ascii: "m") {
            result.cementKeywords += 1
        }
        if len <= 7 {
            if wordFlags.lookup(Self.spanHash(bytes, s, e)) & Self.cementFlag != 0 { result.cementKeywords += 1 }
        }
        var pieceStart = s
        var k = s
        var slashes: [Int] = []
        while k < e {
            let c = bytes[k]
            if c == UInt8(ascii: "/"), k > s, k + 1 < e, !(Self.isDigit(bytes[k - 1]) && Self.isDigit(bytes[k + 1])) {
                slashes.append(k)
            } else if c == UInt8(ascii: "-"), k > pieceStart, Self.lowerWordFollows(bytes, k + 1, e) {
                slashPieces(bytes, pieceStart, k, slashes: slashes, into: &result)
                // Skip the word.
                k += 1
                while k < e, bytes[k] >= 97, bytes[k] <= 122 { k += 1 }
                pieceStart = k
                continue
            }
            k += 1
        }
        slashPieces(bytes, pieceStart, e, slashes: slashes, into: &result)
    }

    /// A piece that may hold `/`: the whole (`Pt/C`, a composite) with its parts as alternatives.
    func slashPieces(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, slashes: [Int], into result: inout Result) {
        let inside = slashes.filter { $0 > s && $0 < e }
        guard !inside.isEmpty else { piece(bytes, s, e, into: &result); return }
        var parts = Result()
        var from = s
        var unit = false
        for cut in inside + [e] {
            if from < cut {
                consider(bytes, from, cut, into: &parts)
                // `A/cm2`, `mL/min`, `P4/mmm`: a part in small letters that names nothing makes a unit or a
                // symbol, not a composite (`TiO2/graphene` keeps its whole).
                if bytes[from] >= 97, bytes[from] <= 122 {
                    var k = from
                    while k < cut, bytes[k] >= 97, bytes[k] <= 122 { k += 1 }
                    if wordFlags.lookup(Self.spanHash(bytes, from, k)) & 0xFF == 0 { unit = true }
                }
            }
            from = cut + 1
        }
        // A space group (`P4/mmm`, `P21/c`, `I41/amd`, `C2/m`): a lattice letter, digits, `/`, glide letters.
        if Self.isSpaceGroup(bytes, s, e) { return }
        guard !unit, let (ts, te) = trim(bytes, s, e), (s..<e).contains(where: { bytes[$0] >= 65 && bytes[$0] <= 90 }) else {
            result.candidates += parts.candidates
            return
        }
        result.candidates.append(Candidate(start: ts, end: te, kind: .formula, parts: parts.candidates))
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

    /// `[PABCFIR][0-9]+/[abcdmn]+` (maybe continued by more symmetry symbols) at `s`.
    static func isSpaceGroup(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        guard e - s >= 4, "PABCFIR".utf8.contains(bytes[s]) else { return false }
        var k = s + 1
        while k < e, isDigit(bytes[k]) { k += 1 }
        guard k > s + 1, k < e, bytes[k] == UInt8(ascii: "/") else { return false }
        k += 1
        let glide = k
        while k < e, "abcdmn".utf8.contains(bytes[k]) { k += 1 }
        return k > glide
    }

    /// Whether a lower-case ASCII word of at least two letters starts at `k` and ends the piece.
    static func lowerWordFollows(_ bytes: UnsafeBufferPointer<UInt8>, _ k: Int, _ e: Int) -> Bool {
        var j = k
        while j < e, bytes[j] >= 97, bytes[j] <= 122 { j += 1 }
        return j - k >= 2 && (j == e || bytes[j] == UInt8(ascii: "-") || bytes[j] == UInt8(ascii: "/"))
    }

    /// Records a trimmed piece when its letters can spell element symbols.
    func piece(_ bytes: UnsafeBufferPointer<UInt8>, _ s0: Int, _ e0: Int, into result: inout Result) {
        guard let (s, e) = trim(bytes, s0, e0) else { return }
        guard plausible(bytes, s, e) else { return }
        result.candidates.append(Candidate(start: s, end: e, kind: .formula))
    }

    /// False when a lower-case letter cannot belong to an element symbol, a variable (`x`, `y`, `z`,
    /// `n`) or a phase prefix (`t-ZrO2`): `The`, `Fig`, `However`. Cement phases written with
    /// lower-case letters (`AFt`, `AFm`, `Mc`, `Hc`, `Ms`) are let through.
    func plausible(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        var i = s
        var sawUpper = false
        if e - s >= 3, bytes[s] >= 97, bytes[s] <= 122, bytes[s + 1] == UInt8(ascii: "-") { i = s + 2 } else if bytes[s] >= 97, bytes[s] <= 122 {
            // A variable comes after a symbol, never first (`xI50`, `zT`).
            return false
        }
        while i < e {
            let c = bytes[i]
            if c >= 65, c <= 90 {
                sawUpper = true
                let a = Int(c - 65)
                if i + 1 < e, bytes[i + 1] >= 97, bytes[i + 1] <= 122, elements[a * 27 + Int(bytes[i + 1] - 97)] { i += 2; continue }
                i += 1
                continue
            }
            if c >= 97, c <= 122 {
                if c == UInt8(ascii: "x") || c == UInt8(ascii: "y") || c == UInt8(ascii: "z") || c == UInt8(ascii: "n") { i += 1; continue }
                return Self.cementLowercase(bytes, s, e)
            }
            i += 1
        }
        return sawUpper || bytes[s] == UInt8(ascii: "$") || Self.containsMacron(bytes, s, e)
    }

    static func cementLowercase(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        guard e - s <= 3 else { return false }
        return cementPhaseWords.contains { $0.elementsEqual(bytes[s..<e]) }
    }

    static let cementPhaseWords: [[UInt8]] = ["AFt", "AFm", "Mc", "Hc", "Ms"].map { Array($0.utf8) }

    static let leadingJunk: [Bool] = table(".:/'@*+-^")
    static let trailingJunk: [Bool] = table(".,:;'/@*^")

    static func table(_ chars: String) -> [Bool] {
        var t = Array(repeating: false, count: 128)
        for c in chars.utf8 { t[Int(c)] = true }
        return t
    }

    /// Strips sentence punctuation and unbalanced brackets from both ends; nil when nothing is left.
    func trim(_ bytes: UnsafeBufferPointer<UInt8>, _ s0: Int, _ e0: Int) -> (Int, Int)? {
        var s = s0, e = e0
        while true {
            guard s < e else { return nil }
            let first = bytes[s]
            if first < 0x80, lead[Int(first)] { s += 1; continue }
            if first == UInt8(ascii: "(") || first == UInt8(ascii: "[") || first == UInt8(ascii: "{") {
                if !Self.balanced(bytes, s, e) { s += 1; continue }
            }
            let last = bytes[e - 1]
            if last < 0x80, trail[Int(last)] { e -= 1; continue }
            // `(Fe3C)`: brackets around the whole span.
            if first == UInt8(ascii: "("), last == UInt8(ascii: ")"), e - s > 2, Self.balanced(bytes, s + 1, e - 1) { s += 1; e -= 1; continue }
            if last == UInt8(ascii: ")") || last == UInt8(ascii: "]") || last == UInt8(ascii: "}") {
                if !Self.balanced(bytes, s, e) { e -= 1; continue }
            }
            // A trailing sign is a charge only after a digit, a letter (`Na+`) or a superscript.
            if last == UInt8(ascii: "-") || last == UInt8(ascii: "+"), e - s >= 2 {
                let prev = bytes[e - 2]
                let keep = Self.isDigit(prev) || (last == UInt8(ascii: "+") && ((prev >= 65 && prev <= 90) || (prev >= 97 && prev <= 122))) || prev == UInt8(ascii: "^")
                if !keep { e -= 1; continue }
            } else if last == UInt8(ascii: "-") || last == UInt8(ascii: "+") { e -= 1; continue }
            // Trailing middle dot, bullet or en dash (two or three bytes).
            if e - s >= 2, bytes[e - 2] == 0xC2, bytes[e - 1] == 0xB7 { e -= 2; continue }
            if e - s >= 3, bytes[e - 3] == 0xE2, (bytes[e - 2] == 0x80 && (bytes[e - 1] == 0x93 || bytes[e - 1] == 0xA2)) { e -= 3; continue }
            if e - s >= 3, bytes[e - 3] == 0xE2, bytes[e - 2] == 0x8B, bytes[e - 1] == 0x85 { e -= 3; continue }
            return (s, e)
        }
    }

    /// Whether brackets pair up within the span.
    static func balanced(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        var depth = 0
        for k in s..<e {
            switch bytes[k] {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                if depth < 0 { return false }
            default: break
            }
        }
        return depth == 0
    }
}
