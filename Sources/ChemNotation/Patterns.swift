import Foundation

/// Compiled regular expressions for the readers, built once per pattern and shared by all threads.
///
/// The readers run on candidate mentions only (a few per sentence), so NSRegularExpression is fast
/// enough once its compilation is out of the loop; the scanner that finds candidates is hand-written.
enum Patterns {
    private static let compiled = LockedCache<String, NSRegularExpression>()

    static func regex(_ pattern: String) -> NSRegularExpression {
        if let re = compiled.get(pattern) { return re }
        // The patterns are literals in this module; a bad one is a programming error.
        let re = try! NSRegularExpression(pattern: pattern)
        compiled.put(pattern, re)
        return re
    }

    /// The capture groups of the first match of `pattern` in `s` (group 0 is the whole match).
    static func groups(_ s: String, _ pattern: String) -> [String]? {
        let re = regex(pattern)
        guard let m = re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) else { return nil }
        return (0..<m.numberOfRanges).map { k in
            Range(m.range(at: k), in: s).map { String(s[$0]) } ?? ""
        }
    }

    /// Whether `pattern` matches anywhere in `s`.
    static func matches(_ s: String, _ pattern: String) -> Bool {
        regex(pattern).firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
    }

    /// The range of the first match of `pattern` in `s`.
    static func range(_ s: String, _ pattern: String) -> Range<String.Index>? {
        guard let m = regex(pattern).firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) else { return nil }
        return Range(m.range, in: s)
    }

    /// `s` with every match of `pattern` replaced by `template` (`$1` refers to groups).
    static func replace(_ s: String, _ pattern: String, with template: String) -> String {
        regex(pattern).stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: template)
    }
}

extension String {
    /// `hasSuffix(suffix)` for an ASCII `suffix`, answered by the last byte when that differs: a string that
    /// ends with the suffix ends with its last byte, since no other spelling of an ASCII character is canonically
    /// equivalent to it (bar `;`, `` ` `` and `K`, which no suffix here ends with).
    @inline(__always)
    func endsWith(_ suffix: StaticString) -> Bool {
        guard utf8.last == suffix.utf8Start[suffix.utf8CodeUnitCount - 1] else { return false }
        return hasSuffix(String(describing: suffix))
    }
}

extension StringProtocol {
    /// Whether the UTF-8 bytes of `needle` occur in this string: a plain byte search, without
    /// Foundation's locale-aware `range(of:)` (the readers call it on every candidate).
    func hasBytes(_ needle: String) -> Bool {
        var needle = needle
        if let found = needle.withUTF8({ n in utf8.withContiguousStorageIfAvailable { h in Self.search(n, in: h) } }) { return found }
        let n = Array(needle.utf8)
        guard let first = n.first else { return true }
        let u = utf8
        var i = u.startIndex
        while i != u.endIndex {
            if u[i] == first {
                var j = u.index(after: i), k = 1
                while k < n.count, j != u.endIndex, u[j] == n[k] { j = u.index(after: j); k += 1 }
                if k == n.count { return true }
            }
            i = u.index(after: i)
        }
        return false
    }

    /// Whether the bytes `n` occur in `h`.
    private static func search(_ n: UnsafeBufferPointer<UInt8>, in h: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = n.first else { return true }
        guard n.count <= h.count else { return false }
        var i = 0
        let last = h.count - n.count
        while i <= last {
            if h[i] == first {
                var k = 1
                while k < n.count, h[i + k] == n[k] { k += 1 }
                if k == n.count { return true }
            }
            i += 1
        }
        return false
    }
}

extension StringProtocol {
    /// `trimmingCharacters(in: .whitespaces)` without Foundation: tab and the space separators trimmed off
    /// both ends, scalar by scalar. Plain ASCII ends are decided from their bytes.
    var trimmedWhitespace: String { Self.trimmedWhitespace(Substring(self)) }

    private static func trimmedWhitespace(_ s: Substring) -> String {
        let u = s.utf8
        if let first = u.first, let last = u.last, first < 0x80, last < 0x80,
           first != 0x20, first != 0x09, last != 0x20, last != 0x09 { return String(s) }
        let scalars = s.unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, isWhitespaceScalar(scalars[start].value) { start = scalars.index(after: start) }
        while start < end {
            let previous = scalars.index(before: end)
            guard isWhitespaceScalar(scalars[previous].value) else { break }
            end = previous
        }
        return String(s[start..<end])
    }
}

/// Whether Foundation's `CharacterSet.whitespaces` holds the scalar `v`: tab, space, no-break space, the
/// Ogham space mark, U+2000…U+200B, the narrow no-break space, the medium mathematical space and the
/// ideographic space (a test compares it with Foundation over every scalar).
@inline(__always)
func isWhitespaceScalar(_ v: UInt32) -> Bool {
    if v < 0x80 { return v == 0x20 || v == 0x09 }
    return v == 0xA0 || v == 0x1680 || (v >= 0x2000 && v <= 0x200B) || v == 0x202F || v == 0x205F || v == 0x3000
}
