import Foundation

/// Hand-written byte matchers that stand in for the regular expressions `ChemicalNotation.read` ran on
/// every candidate. Each documents the pattern it replaces and returns exactly what the regex would.
///
/// ICU's `$` also matches before a line terminator at the end of the input; the matchers treat `$` as
/// the end of the string, so a string whose last byte may end a line terminator goes to the regex
/// instead (`regexEnd`). Character classes such as `[A-Z]` and `[0-9]` are ASCII in ICU, so a
/// non-ASCII byte never matches them here either. `ReaderMatcherTests` checks each against its regex.
enum ReaderMatch {
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b >= 65 && b <= 90 }
    @inline(__always) static func isLower(_ b: UInt8) -> Bool { b >= 97 && b <= 122 }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { isUpper(b) || isLower(b) }

    /// Whether the last byte of `s` may end a line terminator before which ICU's `$` matches (`\n`,
    /// `\u{B}`, `\u{C}`, `\r`, and the last bytes of U+0085, U+2028, U+2029): then the regex decides.
    static func regexEnd(_ s: String) -> Bool {
        guard let last = s.utf8.last else { return false }
        return (last >= 0x0A && last <= 0x0D) || last == 0x85 || last == 0xA8 || last == 0xA9
    }

    /// `^[A-Z][a-z]?$`: a lone symbol-shaped token (`Fe`, `O`).
    static func symbolShape(_ s: String) -> Bool {
        if regexEnd(s) { return Patterns.matches(s, #"^[A-Z][a-z]?$"#) }
        let u = s.utf8
        guard let first = u.first, isUpper(first) else { return false }
        if u.count == 1 { return true }
        return u.count == 2 && isLower(u[u.index(after: u.startIndex)])
    }

    /// `^[A-Z][a-z]?1$`: a symbol with the count 1 (`Fe1`).
    static func symbolWithOne(_ s: String) -> Bool {
        if regexEnd(s) { return Patterns.matches(s, #"^[A-Z][a-z]?1$"#) }
        let u = Array(s.utf8)
        guard u.count >= 2, isUpper(u[0]) else { return false }
        let i = isLower(u[1]) ? 2 : 1
        return u.count == i + 1 && u[i] == UInt8(ascii: "1")
    }

    /// `^[A-Z][a-z]?[0-9]+$`: a symbol with a count (`O2`, `C60`, `S105`).
    static func symbolWithCount(_ s: String) -> Bool {
        if regexEnd(s) { return Patterns.matches(s, #"^[A-Z][a-z]?[0-9]+$"#) }
        let u = Array(s.utf8)
        guard u.count >= 2, isUpper(u[0]) else { return false }
        let i = isLower(u[1]) ? 2 : 1
        guard i < u.count else { return false }
        return u[i...].allSatisfy(isDigit)
    }

    static let romanNumerals: Set<String> = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]

    /// `^([A-Z][a-z]?)\((I|II|III|IV|V|VI|VII|VIII)\)$`: an oxidation state (`Fe(III)`); the symbol and
    /// the numeral.
    static func oxidationState(_ s: String) -> (symbol: String, roman: String)? {
        if regexEnd(s) {
            guard let m = Patterns.groups(s, #"^([A-Z][a-z]?)\((I|II|III|IV|V|VI|VII|VIII)\)$"#) else { return nil }
            return (m[1], m[2])
        }
        let u = Array(s.utf8)
        guard u.count >= 4, isUpper(u[0]), u.last == UInt8(ascii: ")") else { return nil }
        let open = isLower(u[1]) ? 2 : 1
        guard u[open] == UInt8(ascii: "(") else { return nil }
        let roman = String(decoding: u[(open + 1)..<(u.count - 1)], as: UTF8.self)
        guard romanNumerals.contains(roman) else { return nil }
        return (String(decoding: u[0..<open], as: UTF8.self), roman)
    }

    /// `\((?:-?[0-9]){3,4}\)$`: where a surface or orientation written last starts (`MgO(001)`,
    /// `Si(1-10)`), as a UTF-8 offset; nil when there is none. Only the last `(` can start the match.
    static func orientationStart(_ s: String) -> Int? {
        if regexEnd(s) {
            guard let r = Patterns.range(s, #"\((?:-?[0-9]){3,4}\)$"#) else { return nil }
            return s.utf8.distance(from: s.startIndex, to: r.lowerBound)
        }
        let u = Array(s.utf8)
        guard u.count >= 5, u[u.count - 1] == UInt8(ascii: ")") else { return nil }
        // Units `-?[0-9]` from the end back to an opening bracket.
        var k = u.count - 2
        var units = 0
        while k >= 0, isDigit(u[k]) {
            units += 1
            k -= 1
            if k >= 0, u[k] == UInt8(ascii: "-") { k -= 1 }
        }
        guard k >= 0, u[k] == UInt8(ascii: "("), units >= 3, units <= 4 else { return nil }
        return k
    }

    /// `s` without a trailing orientation: `Patterns.replace(s, #"\((?:-?[0-9]){3,4}\)$"#, with: "")`.
    static func withoutOrientation(_ s: String) -> String {
        if regexEnd(s) { return Patterns.replace(s, #"\((?:-?[0-9]){3,4}\)$"#, with: "") }
        guard let k = orientationStart(s) else { return s }
        return String(decoding: Array(s.utf8)[0..<k], as: UTF8.self)
    }

    /// `s.replacingOccurrences(of: #"\[[-+0-9]+\]$"#, with: "", options: .regularExpression)`: a
    /// canonical formula without its charge (`Fe[+3]` → `Fe`).
    static func withoutCharge(_ s: String) -> String {
        if regexEnd(s) { return s.replacingOccurrences(of: #"\[[-+0-9]+\]$"#, with: "", options: .regularExpression) }
        let u = Array(s.utf8)
        guard u.count >= 3, u[u.count - 1] == UInt8(ascii: "]") else { return s }
        var k = u.count - 2
        while k >= 0, isDigit(u[k]) || u[k] == UInt8(ascii: "+") || u[k] == UInt8(ascii: "-") { k -= 1 }
        guard k >= 0, k < u.count - 2, u[k] == UInt8(ascii: "[") else { return s }
        return String(decoding: u[0..<k], as: UTF8.self)
    }

    /// `/(?![0-9])|(?<![0-9])/`: a slash that is not between two digits (`Pt/C`, not `1/3`).
    static func hasSeparatingSlash(_ s: String) -> Bool {
        let u = Array(s.utf8)
        for (i, b) in u.enumerated() where b == UInt8(ascii: "/") {
            if i + 1 == u.count || !isDigit(u[i + 1]) || i == 0 || !isDigit(u[i - 1]) { return true }
        }
        return false
    }

    /// `^[A-Z]{2,}[0-9]{2,}[A-Z]?$`: a grade or label (`SS316`, `IN718`).
    static func gradeLabel(_ s: String) -> Bool {
        if regexEnd(s) { return Patterns.matches(s, #"^[A-Z]{2,}[0-9]{2,}[A-Z]?$"#) }
        let u = Array(s.utf8)
        var i = 0
        while i < u.count, isUpper(u[i]) { i += 1 }
        guard i >= 2 else { return false }
        let digits = i
        while i < u.count, isDigit(u[i]) { i += 1 }
        guard i - digits >= 2 else { return false }
        if i < u.count, isUpper(u[i]) { i += 1 }
        return i == u.count
    }

    /// `^[PABCFIR][0-9]+$`: a space-group-like label (`P21`, `C2`).
    static func spaceGroupLike(_ s: String) -> Bool {
        if regexEnd(s) { return Patterns.matches(s, #"^[PABCFIR][0-9]+$"#) }
        let u = Array(s.utf8)
        guard u.count >= 2, "PABCFIR".utf8.contains(u[0]) else { return false }
        return u[1...].allSatisfy(isDigit)
    }

    /// `^(?:[A-Z][a-z]?|[PABCFIRS][0-9]+'?)$`: a symbol, or a label such as `P1`, `S2'`.
    static func symbolOrLabel(_ s: String) -> Bool {
        if regexEnd(s) { return Patterns.matches(s, #"^(?:[A-Z][a-z]?|[PABCFIRS][0-9]+'?)$"#) }
        if symbolShape(s) { return true }
        var u = Array(s.utf8)
        if u.last == UInt8(ascii: "'") { u.removeLast() }
        guard u.count >= 2, "PABCFIRS".utf8.contains(u[0]) else { return false }
        return u[1...].allSatisfy(isDigit)
    }

    /// `^[A-Z][0-9]+'?$`: a capital with a number (`S2`, `A1'`).
    static func capitalNumber(_ s: String) -> Bool {
        if regexEnd(s) { return Patterns.matches(s, #"^[A-Z][0-9]+'?$"#) }
        var u = Array(s.utf8)
        if u.last == UInt8(ascii: "'") { u.removeLast() }
        guard u.count >= 2, isUpper(u[0]) else { return false }
        return u[1...].allSatisfy(isDigit)
    }

    /// `^([A-Za-z0-9()\[\]]+)\^([0-9]*)([+-])$`: an ion with a superscript charge (`Fe^3+`); the body,
    /// the digits and the sign.
    static func superscriptIon(_ s: String) -> (body: String, digits: String, sign: String)? {
        if regexEnd(s) {
            guard let m = Patterns.groups(s, #"^([A-Za-z0-9()\[\]]+)\^([0-9]*)([+-])$"#) else { return nil }
            return (m[1], m[2], m[3])
        }
        let u = Array(s.utf8)
        var i = 0
        while i < u.count, isBodyByte(u[i]) { i += 1 }
        guard i > 0, i < u.count, u[i] == UInt8(ascii: "^") else { return nil }
        var j = i + 1
        while j < u.count, isDigit(u[j]) { j += 1 }
        guard j == u.count - 1, u[j] == UInt8(ascii: "+") || u[j] == UInt8(ascii: "-") else { return nil }
        return (String(decoding: u[0..<i], as: UTF8.self), String(decoding: u[(i + 1)..<j], as: UTF8.self),
                String(decoding: u[j...], as: UTF8.self))
    }

    /// `[A-Za-z0-9()\[\]]`.
    @inline(__always) static func isBodyByte(_ b: UInt8) -> Bool {
        isLetter(b) || isDigit(b) || b == UInt8(ascii: "(") || b == UInt8(ascii: ")") || b == UInt8(ascii: "[") || b == UInt8(ascii: "]")
    }

    /// `^([A-Za-z()\[\]0-9]*[A-Za-z)\]])([0-9]*)([+-])$`: an ion with a trailing charge (`Fe3+`,
    /// `SO42-`); the body up to its last letter or closing bracket, the digits after it, and the sign.
    static func trailingChargeIon(_ s: String) -> (body: String, digits: String, sign: String)? {
        if regexEnd(s) {
            guard let m = Patterns.groups(s, #"^([A-Za-z()\[\]0-9]*[A-Za-z)\]])([0-9]*)([+-])$"#) else { return nil }
            return (m[1], m[2], m[3])
        }
        let u = Array(s.utf8)
        guard u.count >= 2, let sign = u.last, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        let end = u.count - 1
        guard u[0..<end].allSatisfy(isBodyByte) else { return nil }
        var d = end
        while d > 0, isDigit(u[d - 1]) { d -= 1 }
        guard d > 0 else { return nil }
        let last = u[d - 1]
        guard isLetter(last) || last == UInt8(ascii: ")") || last == UInt8(ascii: "]") else { return nil }
        return (String(decoding: u[0..<d], as: UTF8.self), String(decoding: u[d..<end], as: UTF8.self),
                String(decoding: u[end...], as: UTF8.self))
    }

    /// `O[0-9.]+[-+][xyz]$` anywhere: a variable deficit written on a final oxygen with a count (`O3-x`).
    static func oxygenVariableDeficit(_ s: String) -> Bool {
        if regexEnd(s) { return Patterns.matches(s, #"O[0-9.]+[-+][xyz]$"#) }
        let u = Array(s.utf8)
        guard u.count >= 4, let v = u.last, v == UInt8(ascii: "x") || v == UInt8(ascii: "y") || v == UInt8(ascii: "z") else { return false }
        let sign = u[u.count - 2]
        guard sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") else { return false }
        var k = u.count - 3
        let runEnd = k
        while k >= 0, isDigit(u[k]) || u[k] == UInt8(ascii: ".") { k -= 1 }
        return k < runEnd && k >= 0 && u[k] == UInt8(ascii: "O")
    }
}

/// `Cleanup.clean` over UTF-8 bytes for mentions without markup whose non-ASCII characters are all
/// ones it knows: subscripts, superscripts, full-width forms, dashes, dots, odd spaces, the prime, the
/// middle dot and Greek letters. None of these joins a neighbour into one Character, so rewriting
/// scalar by scalar gives what the Character loop gives. Returns nil for anything else (markup, other
/// scripts, combining marks), which the Character loop then reads.
enum ReaderCleanup {
    static func clean(_ raw: String) -> String? {
        let u = Array(raw.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(u.count + 4)
        var inSup = false
        var i = 0
        while i < u.count {
            let b = u[i]
            if b < 0x80 {
                // Markup (`$`, `\`, `&`, `<sub>`) is the slow path's.
                if b == UInt8(ascii: "$") || b == UInt8(ascii: "\\") || b == UInt8(ascii: "&") || b == UInt8(ascii: "<") { return nil }
                if b == UInt8(ascii: "*") { out.append(0xC2); out.append(0xB7) } else { out.append(b) }
                inSup = false
                i += 1
                continue
            }
            // Decode one scalar (the string is valid UTF-8).
            let v: UInt32, n: Int
            if b < 0xE0 {
                guard i + 1 < u.count else { return nil }
                v = UInt32(b & 0x1F) << 6 | UInt32(u[i + 1] & 0x3F); n = 2
            } else if b < 0xF0 {
                guard i + 2 < u.count else { return nil }
                v = UInt32(b & 0x0F) << 12 | UInt32(u[i + 1] & 0x3F) << 6 | UInt32(u[i + 2] & 0x3F); n = 3
            } else {
                return nil
            }
            if let sup = superscript(v) {
                if !inSup { out.append(UInt8(ascii: "^")); inSup = true }
                out.append(sup)
                i += n
                continue
            }
            inSup = false
            if let sub = subscriptOrSimple(v) {
                out.append(sub)
            } else if v >= 0xFF01, v <= 0xFF5E {
                out.append(UInt8(v - 0xFEE0))
            } else if v == 0x2022 || v == 0x2219 || v == 0x22C5 {
                out.append(0xC2); out.append(0xB7)
            } else if v == 0xB7 || (v >= 0x391 && v <= 0x3A9 && v != 0x3A2) || (v >= 0x3B1 && v <= 0x3C9) {
                out.append(contentsOf: u[i..<(i + n)])
            } else {
                return nil
            }
            i += n
        }
        // Spaced separators: `A · B` → `A·B`, then `A - B` → `A-B`.
        if out.contains(0x20) {
            out = replaceAll(out, [0x20, 0xC2, 0xB7, 0x20], with: [0xC2, 0xB7])
            out = replaceAll(out, [0x20, UInt8(ascii: "-"), 0x20], with: [UInt8(ascii: "-")])
        }
        // Trimmed of spaces and tabs (`.whitespaces`, which holds no other byte that can be left here).
        var start = 0, end = out.count
        while start < end, out[start] == 0x20 || out[start] == 0x09 { start += 1 }
        while end > start, out[end - 1] == 0x20 || out[end - 1] == 0x09 { end -= 1 }
        // Control characters at an end: leave the call to Foundation's trimming.
        if start < end, out[start] < 0x20 || out[end - 1] < 0x20 { return nil }
        return String(decoding: out[start..<end], as: UTF8.self)
    }

    /// The ASCII byte of a superscript digit or sign (`²` → `2`, `⁺` → `+`).
    @inline(__always) static func superscript(_ v: UInt32) -> UInt8? {
        switch v {
        case 0x2070: return UInt8(ascii: "0")
        case 0xB9: return UInt8(ascii: "1")
        case 0xB2: return UInt8(ascii: "2")
        case 0xB3: return UInt8(ascii: "3")
        case 0x2074...0x2079: return UInt8(ascii: "4") + UInt8(v - 0x2074)
        case 0x207A: return UInt8(ascii: "+")
        case 0x207B: return UInt8(ascii: "-")
        default: return nil
        }
    }

    /// The ASCII byte of a subscript (`₂` → `2`, `ₓ` → `x`), a dash (`−`, `–`, `—`, `‐`, `‑` → `-`), an
    /// odd space (no-break, thin, narrow no-break → ` `) or the prime (`′` → `'`).
    @inline(__always) static func subscriptOrSimple(_ v: UInt32) -> UInt8? {
        switch v {
        case 0x2080...0x2089: return UInt8(ascii: "0") + UInt8(v - 0x2080)
        case 0x208A: return UInt8(ascii: "+")
        case 0x208B: return UInt8(ascii: "-")
        case 0x2093: return UInt8(ascii: "x")
        case 0x2212, 0x2013, 0x2014, 0x2010, 0x2011: return UInt8(ascii: "-")
        case 0xA0, 0x2009, 0x202F: return 0x20
        case 0x2032: return UInt8(ascii: "'")
        default: return nil
        }
    }

    /// `bytes` with every occurrence of `needle`, left to right and not overlapping, replaced.
    static func replaceAll(_ bytes: [UInt8], _ needle: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == needle[0], i + needle.count <= bytes.count, bytes[i..<(i + needle.count)].elementsEqual(needle) {
                out.append(contentsOf: replacement)
                i += needle.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }
}

extension ReaderMatch {
    /// `Structure.variables` by bytes: every match of
    /// `(?<![A-Za-z])([xyz])\s*=\s*([0-9]*\.?[0-9]+)(?!\s*[-–−,]\s*[0-9])`, left to right, the first
    /// value of each variable kept. The number backtracks as the regex does: the longest reading first
    /// (`0.15`), then shorter ones (`0.1`, `0`), and the first that no range or list follows wins. Nil
    /// when a byte that `\s` might match (a non-ASCII one, `\u{B}`) is met where `\s` is tried: the
    /// regex decides then.
    static func statedVariables(_ context: String) -> [String: Double]? {
        let u = Array(context.utf8)
        let n = u.count
        var out: [String: Double] = [:]
        /// The end of `\s*` from `k`; nil when not sure.
        func spaces(_ k: Int) -> Int? {
            var k = k
            while k < n {
                let b = u[k]
                if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0C || b == 0x0D { k += 1; continue }
                if b == 0x0B || b >= 0x80 { return nil }
                break
            }
            return k
        }
        /// Whether `\s*[-–−,]\s*[0-9]` matches at `k`; nil when not sure.
        func rangeFollows(_ k: Int) -> Bool? {
            var k = k
            while k < n {
                let b = u[k]
                if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0C || b == 0x0D { k += 1; continue }
                if b == 0x0B { return nil }
                break
            }
            guard k < n else { return false }
            if u[k] == UInt8(ascii: "-") || u[k] == UInt8(ascii: ",") {
                k += 1
            } else if k + 2 < n, u[k] == 0xE2, (u[k + 1] == 0x80 && u[k + 2] == 0x93) || (u[k + 1] == 0x88 && u[k + 2] == 0x92) {
                k += 3
            } else if u[k] >= 0x80 {
                return nil
            } else {
                return false
            }
            guard let d = spaces(k) else { return nil }
            return d < n && isDigit(u[d])
        }
        var i = 0
        while i < n {
            let b = u[i]
            guard b == UInt8(ascii: "x") || b == UInt8(ascii: "y") || b == UInt8(ascii: "z"), i == 0 || !isLetter(u[i - 1]) else { i += 1; continue }
            guard let eq = spaces(i + 1) else { return nil }
            guard eq < n, u[eq] == UInt8(ascii: "=") else { i += 1; continue }
            guard let p = spaces(eq + 1) else { return nil }
            // `[0-9]*\.?[0-9]+` from p: the ends in the order the regex tries them.
            var a = p
            while a < n, isDigit(u[a]) { a += 1 }
            var ends: [Int] = []
            if a < n, u[a] == UInt8(ascii: ".") {
                var q = a + 1
                while q < n, isDigit(u[q]) { q += 1 }
                if q >= a + 2 { ends += stride(from: q, through: a + 2, by: -1) }
            }
            if a >= p + 1 { ends += stride(from: a, through: p + 1, by: -1) }
            var matchEnd: Int?
            for e in ends {
                guard let follows = rangeFollows(e) else { return nil }
                if !follows { matchEnd = e; break }
            }
            guard let e = matchEnd else { i += 1; continue }
            let name = String(UnicodeScalar(b))
            if out[name] == nil, let value = Double(String(decoding: u[p..<e], as: UTF8.self)) { out[name] = value }
            i = e
        }
        return out
    }
}

extension ReaderMatch {
    /// `s.firstIndex(of: Character(byte))` for an ASCII punctuation byte, by bytes: sure when everything
    /// before it is ASCII and ASCII (or nothing) follows it, so that it is a Character of its own and
    /// no earlier Character can equal it; `.some(nil)` for a string without the byte (no other spelling of
    /// the character is canonically equivalent to it, bar `;` and `` ` ``, which are searched as Characters).
    /// Nil when not sure (the Character search decides then).
    static func firstIndex(ofASCII byte: UInt8, in s: String) -> String.Index?? {
        let u = s.utf8
        if byte != UInt8(ascii: ";"), byte != UInt8(ascii: "`"), !u.contains(byte) { return .some(nil) }
        var i = u.startIndex
        while i != u.endIndex {
            let b = u[i]
            if b >= 0x80 { return nil }
            if b == byte {
                let next = u.index(after: i)
                if next != u.endIndex, u[next] >= 0x80 { return nil }
                return .some(i)
            }
            i = u.index(after: i)
        }
        return .some(nil)
    }
}

extension ReaderMatch {
    /// `s.hasPrefix(prefix)` for an ASCII `prefix`, by bytes where that is sure: the bytes match and an
    /// ASCII byte (or nothing) follows, so no mark joins the prefix's last letter; or they differ at an
    /// ASCII byte of `s`, where no other spelling of the same Characters can start. Otherwise the
    /// Character comparison decides.
    static func hasPrefix(_ s: String, _ prefix: StaticString) -> Bool {
        let u = s.utf8
        var i = u.startIndex
        let p = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        for b in p {
            guard i != u.endIndex else { return false }
            let c = u[i]
            if c != b { return c < 0x80 ? false : s.hasPrefix(prefix.description) }
            i = u.index(after: i)
        }
        return i == u.endIndex || u[i] < 0x80 ? true : s.hasPrefix(prefix.description)
    }
}

extension ReaderMatch {
    /// `s.prefix(n)` (n Characters) by bytes where the Characters are bytes: the first n bytes, and
    /// the one after them, are ASCII other than `\r` (which joins a following `\n`). Nil otherwise
    /// (the Character prefix decides then).
    static func prefix(_ s: Substring, characters n: Int) -> Substring? {
        let u = s.utf8
        var i = u.startIndex
        var k = 0
        while k < n, i != u.endIndex {
            let b = u[i]
            if b >= 0x80 || b == 0x0D { return nil }
            i = u.index(after: i); k += 1
        }
        if i != u.endIndex, u[i] >= 0x80 { return nil }
        return s[s.startIndex..<i]
    }
}
