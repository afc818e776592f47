/// Finds e-mail addresses and phone numbers in text and replaces them with placeholders, without
/// touching the numbers of science text.
///
/// E-mail: `local@domain.tld`, local part of letters, digits and `._%+-`, a domain of at least two
/// labels and a top-level label of two or more letters (`La@C82` is a fullerene, not an address).
///
/// Phone numbers need a sign that they are one; digits alone never are:
/// * international form: `+` and a country code, then groups separated by spaces, hyphens or
///   parentheses, 8–15 digits in all (`+86 10 6275 1234`, `+1 (555) 123-4567`); the `+` must not
///   follow a letter, digit or `)` (`Fe3+ 2`, `x+10`), and no `.` may appear (decimals);
/// * after a cue word (`Tel`, `Tel.:`, `Telephone`, `Phone`, `Fax`, `Mobile`, optionally `No.`):
///   7–15 digits separated by spaces, hyphens, dots, slashes or parentheses;
/// * North American form: `(555) 123-4567`, `555-123-4567`, `555.123.4567`, not inside a longer
///   run of digits, hyphens or dots; the last two not followed by a unit (`300-500-1000 nm`).
/// No match is made right after `doi`, `isbn`, `issn` or `cas` (within 12 bytes before it).
/// DOIs, ISBNs, CAS numbers, dates, year ranges, coordinates, lattice parameters and number tables
/// have none of these shapes.
public struct PIIRedactor: Sendable {
    public var redactsEmails: Bool
    public var redactsPhones: Bool
    public var emailPlaceholder: String
    public var phonePlaceholder: String

    public init(emails: Bool = true, phones: Bool = true, emailPlaceholder: String = "<EMAIL>", phonePlaceholder: String = "<PHONE>") {
        self.redactsEmails = emails
        self.redactsPhones = phones
        self.emailPlaceholder = emailPlaceholder
        self.phonePlaceholder = phonePlaceholder
    }

    /// What was found, by kind.
    public enum Kind: Sendable { case email, phone }

    /// The byte ranges of the e-mail addresses and phone numbers in `text`, in order, not overlapping.
    public func spans(in text: String) -> [(range: Range<Int>, kind: Kind)] {
        TextScan.withBytes(text) { p in spans(p) }
    }

    /// `text` with every e-mail address and phone number replaced, and how many of each.
    public func redact(_ text: String) -> (text: String, emails: Int, phones: Int) {
        TextScan.withBytes(text) { p in
            let found = spans(p)
            if found.isEmpty { return (text, 0, 0) }
            var out: [UInt8] = []
            out.reserveCapacity(p.count)
            var at = 0, emails = 0, phones = 0
            for (r, kind) in found {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: p[at..<r.lowerBound]))
                switch kind {
                case .email: out.append(contentsOf: emailPlaceholder.utf8); emails += 1
                case .phone: out.append(contentsOf: phonePlaceholder.utf8); phones += 1
                }
                at = r.upperBound
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: p[at..<p.count]))
            return (String(decoding: out, as: UTF8.self), emails, phones)
        }
    }

    func spans(_ p: UnsafeBufferPointer<UInt8>) -> [(range: Range<Int>, kind: Kind)] {
        var result: [(range: Range<Int>, kind: Kind)] = []
        let n = p.count
        var i = 0
        var lastEnd = 0
        while i < n {
            let b = p[i]
            if redactsEmails, b == UInt8(ascii: "@"), let r = email(p, at: i, notBefore: lastEnd) {
                // An address found after a phone span that overlaps it cannot happen: phone spans end at a non-digit.
                result.append((r, .email)); lastEnd = r.upperBound; i = r.upperBound; continue
            }
            if redactsPhones, i >= lastEnd {
                if b == UInt8(ascii: "+"), let r = international(p, at: i) {
                    result.append((r, .phone)); lastEnd = r.upperBound; i = r.upperBound; continue
                }
                if TextScan.isASCIILetter(b), i == 0 || !Self.isWordByte(p[i - 1]), let r = cued(p, at: i) {
                    result.append((r, .phone)); lastEnd = r.upperBound; i = r.upperBound; continue
                }
                if TextScan.isASCIIDigit(b) || b == UInt8(ascii: "("), let r = northAmerican(p, at: i) {
                    result.append((r, .phone)); lastEnd = r.upperBound; i = r.upperBound; continue
                }
            }
            i += 1
        }
        return result
    }

    @inline(__always) static func isWordByte(_ b: UInt8) -> Bool { TextScan.isASCIILetter(b) || TextScan.isASCIIDigit(b) || b >= 0x80 }

    // MARK: - e-mail

    @inline(__always) static func isLocalByte(_ b: UInt8) -> Bool {
        TextScan.isASCIILetter(b) || TextScan.isASCIIDigit(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "_")
            || b == UInt8(ascii: "%") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
    }

    func email(_ p: UnsafeBufferPointer<UInt8>, at: Int, notBefore floor: Int) -> Range<Int>? {
        var s = at
        while s > floor, Self.isLocalByte(p[s - 1]) { s -= 1 }
        while s < at, !(TextScan.isASCIILetter(p[s]) || TextScan.isASCIIDigit(p[s])) { s += 1 }
        guard s < at else { return nil }
        var e = at + 1
        var dots = 0
        var labelStart = e
        var lastLabelLetters = true
        while e < p.count {
            let b = p[e]
            if TextScan.isASCIILetter(b) || b == UInt8(ascii: "-") {
                e += 1
            } else if TextScan.isASCIIDigit(b) {
                e += 1
            } else if b == UInt8(ascii: "."), e > labelStart, e + 1 < p.count, TextScan.isASCIILetter(p[e + 1]) || TextScan.isASCIIDigit(p[e + 1]) {
                dots += 1; e += 1; labelStart = e
            } else {
                break
            }
        }
        // A top-level label running into a capitalized word (`qq.comChenYing`) ends at the capital.
        var k = labelStart + 1
        while k < e, !(p[k] &- UInt8(ascii: "A") < 26 && p[k - 1] &- UInt8(ascii: "a") < 26) { k += 1 }
        e = k
        guard dots >= 1, e - labelStart >= 2 else { return nil }
        for k in labelStart..<e where !TextScan.isASCIILetter(p[k]) { lastLabelLetters = false }
        guard lastLabelLetters, TextScan.isASCIILetter(p[at + 1]) || TextScan.isASCIIDigit(p[at + 1]) else { return nil }
        return s..<e
    }

    // MARK: - phone numbers

    /// Consumes a phone body from `s`: digits and the separators allowed; returns the end (after
    /// the last digit or closing parenthesis) and the number of digits and of digit groups.
    @inline(__always) static func body(_ p: UnsafeBufferPointer<UInt8>, from s: Int, dots: Bool)
        -> (end: Int, digits: Int, groups: Int) {
        var k = s, end = s, digits = 0, groups = 0
        var inGroup = false
        var separators = 0
        var hyphenated = false
        while k < p.count {
            let b = p[k]
            // A number written with hyphens ends at a space after a digit (`+81-92-802-6739 858`:
            // a page number follows).
            if b == UInt8(ascii: " "), hyphenated, inGroup { break }
            if b == UInt8(ascii: "-"), inGroup { hyphenated = true }
            if TextScan.isASCIIDigit(b) {
                digits += 1
                if !inGroup { groups += 1; inGroup = true }
                separators = 0
                k += 1; end = k
            } else if b == UInt8(ascii: " ") || b == UInt8(ascii: "-") || b == UInt8(ascii: "(") || b == UInt8(ascii: ")")
                        || (dots && (b == UInt8(ascii: ".") || b == UInt8(ascii: "/"))) {
                separators += 1
                if separators > 2 { break }
                inGroup = false
                k += 1
                if b == UInt8(ascii: ")") { end = k }
            } else {
                break
            }
            if digits > 15 { return (s, 0, 0) }
        }
        // A trailing ")" counts only when an opening one was consumed.
        var open = 0
        for j in s..<end { if p[j] == UInt8(ascii: "(") { open += 1 } else if p[j] == UInt8(ascii: ")") { open -= 1 } }
        if open < 0, end > s, p[end - 1] == UInt8(ascii: ")") { end -= 1 }
        return (end, digits, groups)
    }

    /// True when the bytes after `e` continue a number (`5.3`, `-7`) or a word.
    @inline(__always) static func continues(_ p: UnsafeBufferPointer<UInt8>, _ e: Int) -> Bool {
        guard e < p.count else { return false }
        let b = p[e]
        if isWordByte(b) { return true }
        if b == UInt8(ascii: ".") || b == UInt8(ascii: "-") || b == UInt8(ascii: ",") {
            return e + 1 < p.count && TextScan.isASCIIDigit(p[e + 1])
        }
        return false
    }

    /// `doi`, `isbn`, `issn` or `cas` within the 12 bytes before `s`.
    static func afterIdentifierCue(_ p: UnsafeBufferPointer<UInt8>, _ s: Int) -> Bool {
        let from = max(0, s - 12)
        var window: [UInt8] = []
        for k in from..<s { let b = p[k]; window.append(b &- UInt8(ascii: "A") < 26 ? b | 0x20 : b) }
        for cue in ["doi", "isbn", "issn", "cas"] {
            let c = Array(cue.utf8)
            if window.count >= c.count {
                for j in 0...(window.count - c.count) where Array(window[j..<(j + c.count)]) == c {
                    if j == 0 || !TextScan.isASCIILetter(window[j - 1]) { return true }
                }
            }
        }
        return false
    }

    func international(_ p: UnsafeBufferPointer<UInt8>, at s: Int) -> Range<Int>? {
        if s > 0 {
            let prev = p[s - 1]
            if Self.isWordByte(prev) || prev == UInt8(ascii: ")") || prev == UInt8(ascii: "+") || prev == UInt8(ascii: "-")
                || prev == UInt8(ascii: ".") || prev == UInt8(ascii: "^") || prev == UInt8(ascii: "/") { return nil }
        }
        guard s + 1 < p.count, p[s + 1] &- UInt8(ascii: "1") < 9 else { return nil }
        let (end, digits, groups) = Self.body(p, from: s + 1, dots: false)
        guard digits >= 8, digits <= 15, groups >= 2 || digits >= 10, !Self.continues(p, end) else { return nil }
        guard !Self.afterIdentifierCue(p, s) else { return nil }
        return s..<end
    }

    static let cues: [[UInt8]] = ["telephone", "phone", "tel", "fax", "mobile"].map { Array($0.utf8) }

    func cued(_ p: UnsafeBufferPointer<UInt8>, at s: Int) -> Range<Int>? {
        let first = p[s] | 0x20
        guard first == UInt8(ascii: "t") || first == UInt8(ascii: "p") || first == UInt8(ascii: "f") || first == UInt8(ascii: "m") else { return nil }
        var k = -1
        for cue in Self.cues where cue[0] == first {
            if let e = BoilerplateRemover.prefixEnd(p, s, p.count, cue) { k = e; break }
        }
        guard k >= 0 else { return nil }
        // `.`, `:`, spaces, `No.`, then the number.
        var steps = 0
        while k < p.count, steps < 12 {
            let b = p[k]
            if b == UInt8(ascii: ".") || b == UInt8(ascii: ":") || b == UInt8(ascii: " ") || b == UInt8(ascii: "/") { k += 1; steps += 1; continue }
            if let e = BoilerplateRemover.prefixEnd(p, k, p.count, Array("no".utf8)) { k = e; steps += 2; continue }
            break
        }
        guard k < p.count else { return nil }
        var start = k
        if p[k] == UInt8(ascii: "+") { start = k; k += 1 }
        guard k < p.count, TextScan.isASCIIDigit(p[k]) || p[k] == UInt8(ascii: "(") else { return nil }
        let (end, digits, _) = Self.body(p, from: k, dots: true)
        guard digits >= 7, digits <= 15, !Self.continues(p, end) else { return nil }
        if p[start] == UInt8(ascii: "(") || TextScan.isASCIIDigit(p[start]) || p[start] == UInt8(ascii: "+") {} else { start = k }
        return start..<end
    }

    func northAmerican(_ p: UnsafeBufferPointer<UInt8>, at s: Int) -> Range<Int>? {
        if s > 0 {
            let prev = p[s - 1]
            if Self.isWordByte(prev) || prev == UInt8(ascii: "-") || prev == UInt8(ascii: ".") || prev == UInt8(ascii: "/")
                || prev == UInt8(ascii: "+") || prev == UInt8(ascii: ",") || prev == UInt8(ascii: "(") { return nil }
        }
        @inline(__always) func digits(_ k: Int, _ count: Int) -> Bool {
            guard k + count <= p.count else { return false }
            for j in k..<(k + count) where !TextScan.isASCIIDigit(p[j]) { return false }
            return true
        }
        var k = s
        var separator: UInt8
        let parenthesized = p[k] == UInt8(ascii: "(")
        if parenthesized {
            guard digits(k + 1, 3), k + 5 < p.count, p[k + 4] == UInt8(ascii: ")"), p[k + 5] == UInt8(ascii: " ") else { return nil }
            k += 6
            guard digits(k, 3), k + 3 < p.count, p[k + 3] == UInt8(ascii: "-") || p[k + 3] == UInt8(ascii: " ") else { return nil }
            separator = p[k + 3]
            k += 4
        } else {
            guard digits(k, 3), k + 3 < p.count else { return nil }
            separator = p[k + 3]
            guard separator == UInt8(ascii: "-") || separator == UInt8(ascii: ".") else { return nil }
            k += 4
            guard digits(k, 3), k + 3 < p.count, p[k + 3] == separator else { return nil }
            k += 4
        }
        _ = separator
        guard digits(k, 4) else { return nil }
        k += 4
        guard !Self.continues(p, k), !(k < p.count && (p[k] == UInt8(ascii: "-") || p[k] == UInt8(ascii: "."))
                                          && k + 1 < p.count && TextScan.isASCIIDigit(p[k + 1])) else { return nil }
        guard !Self.afterIdentifierCue(p, s) else { return nil }
        if !parenthesized, Self.followedByUnit(p, k) { return nil }
        return s..<k
    }

    /// A unit after a number (`300-500-1000 nm`, `… °C`, `… K`): letters only, at most three of them,
    /// or a non-ASCII start (`°C`, `μm`, `Å`).
    static func followedByUnit(_ p: UnsafeBufferPointer<UInt8>, _ e: Int) -> Bool {
        var k = e
        while k < p.count, p[k] == UInt8(ascii: " ") { k += 1 }
        guard k > e, k < p.count else { return false }
        if p[k] >= 0x80 { return true }
        var n = 0
        while k + n < p.count, TextScan.isASCIILetter(p[k + n]) { n += 1 }
        return n > 0 && n <= 3 && (k + n == p.count || !TextScan.isASCIILetter(p[k + n]))
    }
}
