/// Byte-level scanning shared by the filters: whitespace, scalar decoding, tokens, lines and
/// paragraphs over the UTF-8 bytes of a text. Nothing here allocates per byte or per token.
enum TextScan {
    /// ASCII whitespace: space, tab, line feed, vertical tab, form feed, carriage return.
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b &- 0x09) < 5 }

    /// The byte length of a non-ASCII space starting at `i` (U+00A0, U+2000–U+200A, U+202F, U+205F,
    /// U+3000), or 0. Text that went through `unicode_normalize` has none left; raw text may.
    @inline(__always) static func wideSpaceLength(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let b = p[i]
        if b == 0xC2 { return i + 1 < p.count && p[i + 1] == 0xA0 ? 2 : 0 }
        guard i + 2 < p.count else { return 0 }
        if b == 0xE2 {
            let c = p[i + 1], d = p[i + 2]
            if c == 0x80, d <= 0x8A || d == 0xAF { return 3 }
            if c == 0x81, d == 0x9F { return 3 }
        } else if b == 0xE3, p[i + 1] == 0x80, p[i + 2] == 0x80 {
            return 3
        }
        return 0
    }

    /// Decodes the scalar starting at `i` (the text is valid UTF-8: it comes from a `String`).
    @inline(__always) static func decode(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (scalar: Unicode.Scalar, length: Int) {
        let b0 = UInt32(p[i])
        if b0 < 0x80 { return (Unicode.Scalar(UInt8(b0)), 1) }
        @inline(__always) func cont(_ k: Int) -> UInt32 { i + k < p.count ? UInt32(p[i + k] & 0x3F) : 0 }
        let value: UInt32, length: Int
        if b0 < 0xE0 { value = (b0 & 0x1F) << 6 | cont(1); length = 2 }
        else if b0 < 0xF0 { value = (b0 & 0x0F) << 12 | cont(1) << 6 | cont(2); length = 3 }
        else { value = (b0 & 0x07) << 18 | cont(1) << 12 | cont(2) << 6 | cont(3); length = 4 }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", min(length, p.count - i))
    }

    /// Number of scalars (characters as Python counts them) in `p[range]`.
    @inline(__always) static func scalarCount(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var n = 0
        var i = start
        while i < end { if p[i] & 0xC0 != 0x80 { n += 1 }; i += 1 }
        return n
    }

    /// ASCII punctuation stripped from both ends of a token to find its core word: `stirring.` → `stirring`.
    @inline(__always) static func isEdgePunctuation(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "!"), UInt8(ascii: "?"),
             UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
             UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "*"):
            return true
        default:
            return false
        }
    }

    @inline(__always) static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) &- UInt8(ascii: "a") < 26 }
    @inline(__always) static func isASCIIDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }
    @inline(__always) static func isUpperASCII(_ b: UInt8) -> Bool { b &- UInt8(ascii: "A") < 26 }

    /// Calls `body` for every run of non-whitespace bytes, classified.
    @inline(__always) static func forEachToken(_ p: UnsafeBufferPointer<UInt8>, _ body: (Token) -> Void) {
        let n = p.count
        var i = 0
        while i < n {
            // Skip whitespace.
            let b = p[i]
            if isSpace(b) { i += 1; continue }
            if b >= 0x80 { let w = wideSpaceLength(p, i); if w > 0 { i += w; continue } }
            var t = Token()
            t.start = i
            while i < n {
                let c = p[i]
                if c < 0x80 {
                    if isSpace(c) { break }
                    if isASCIILetter(c) { t.letters += 1; if c < UInt8(ascii: "a") { t.uppercase += 1 } }
                    else if isASCIIDigit(c) { t.digits += 1 }
                    t.scalars += 1
                    i += 1
                } else {
                    if wideSpaceLength(p, i) > 0 { break }
                    let (s, len) = decode(p, i)
                    if s.properties.isAlphabetic {
                        t.letters += 1
                        if s.properties.isUppercase { t.uppercase += 1 }
                    }
                    t.nonASCII = true
                    t.scalars += 1
                    i += len
                }
            }
            t.end = i
            var cs = t.start, ce = t.end
            while cs < ce, isEdgePunctuation(p[cs]) { cs += 1 }
            while ce > cs, isEdgePunctuation(p[ce - 1]) { ce -= 1 }
            t.coreStart = cs; t.coreEnd = ce
            t.coreScalars = t.scalars - (cs - t.start) - (t.end - ce)
            body(t)
        }
    }

    /// Calls `body` with the byte range of every line that is not blank, without its surrounding whitespace.
    @inline(__always) static func forEachLine(_ p: UnsafeBufferPointer<UInt8>, _ body: (_ start: Int, _ end: Int) -> Void) {
        forEachLineWithBlanks(p) { s, t in if s < t { body(s, t) } }
    }

    /// The paragraphs of a text: runs of non-blank lines, separated by one or more blank lines, as
    /// byte ranges without surrounding whitespace.
    static func paragraphs(_ p: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = -1, end = -1
        forEachLineWithBlanks(p) { s, e in
            if s == e {
                if start >= 0 { result.append(start..<end); start = -1 }
            } else {
                if start < 0 { start = s }
                end = e
            }
        }
        if start >= 0 { result.append(start..<end) }
        return result
    }

    /// Like `forEachLine`, but blank lines are reported too, as an empty range.
    @inline(__always) static func forEachLineWithBlanks(_ p: UnsafeBufferPointer<UInt8>, _ body: (_ start: Int, _ end: Int) -> Void) {
        let n = p.count
        var i = 0
        while i < n {
            var e = i
            while e < n, p[e] != 0x0A { e += 1 }
            var s = i, t = e
            while s < t, isSpace(p[s]) { s += 1 }
            while t > s, isSpace(p[t - 1]) { t -= 1 }
            body(s, t)
            i = e + 1
        }
    }

    /// FNV-1a over `p[start..<end]`, finished with a 64-bit mix: the identity of a word, line or paragraph.
    @inline(__always) static func hash(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        var i = start
        while i < end { h = (h ^ UInt64(p[i])) &* 0x0000_0100_0000_01B3; i += 1 }
        return mix(h)
    }

    /// A 64-bit finalizer (from SplitMix64) so that combined hashes spread well.
    @inline(__always) static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Runs `body` on the UTF-8 bytes of `text` without copying when the string is native.
    @inline(__always) static func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        var copy = text
        return try copy.withUTF8(body)
    }
}

/// A run of non-whitespace bytes with counts that the rules need.
struct Token {
    /// Byte range of the whole token.
    var start = 0, end = 0
    /// Byte range without ASCII punctuation at either end (`(Fig.` → `Fig`).
    var coreStart = 0, coreEnd = 0
    var scalars = 0, coreScalars = 0
    var letters = 0, digits = 0, uppercase = 0
    var nonASCII = false

    /// Has no letter and no digit: `|`, `=`, `±`, `–`, `...`.
    var isSymbol: Bool { letters == 0 && digits == 0 }
    /// Its core is letters only: a candidate word of a language.
    var isLetterWord: Bool { letters > 0 && letters == coreScalars }
}
