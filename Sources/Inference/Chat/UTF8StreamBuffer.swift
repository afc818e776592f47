/// Turns token pieces (byte strings that may end inside a UTF-8 character, as byte-level BPE and
/// `<0xNN>` byte tokens do) into text as it streams: each call returns the text that is complete so
/// far and keeps back an unfinished character at the end until the bytes that finish it arrive.
/// Bytes that can never form a character are replaced with U+FFFD, as `String(decoding:as:)` does.
public struct UTF8StreamBuffer: Sendable {
    private var pending: [UInt8] = []

    public init() {}

    /// Whether bytes of an unfinished character are held back.
    public var hasPendingBytes: Bool { !pending.isEmpty }

    /// Adds `bytes` and returns the text they complete (possibly empty).
    public mutating func append<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        pending.append(contentsOf: bytes)
        let cut = Self.completePrefixLength(pending)
        guard cut > 0 else { return "" }
        let text = String(decoding: pending[..<cut], as: UTF8.self)
        pending.removeFirst(cut)
        return text
    }

    /// The rest, at the end of the stream (an unfinished character becomes U+FFFD).
    public mutating func flush() -> String {
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    /// The length of `bytes` without a trailing, still possibly valid, unfinished UTF-8 sequence.
    static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        let n = bytes.count
        var p = n - 1
        // Walk back over at most 3 continuation bytes to the lead byte of the last sequence.
        while p >= 0, n - p <= 3, bytes[p] & 0xC0 == 0x80 { p -= 1 }
        guard p >= 0 else { return n }
        let lead = bytes[p]
        let needed: Int
        switch lead {
        case 0xC2...0xDF: needed = 2
        case 0xE0...0xEF: needed = 3
        case 0xF0...0xF4: needed = 4
        default: return n  // ASCII, a stray continuation or an invalid lead: nothing to wait for
        }
        let have = n - p
        guard have < needed else { return n }
        // The second byte's narrower ranges (no overlongs, surrogates or values past U+10FFFF).
        if have >= 2 {
            let second = bytes[p + 1]
            let valid: Bool
            switch lead {
            case 0xE0: valid = (0xA0...0xBF).contains(second)
            case 0xED: valid = (0x80...0x9F).contains(second)
            case 0xF0: valid = (0x90...0xBF).contains(second)
            case 0xF4: valid = (0x80...0x8F).contains(second)
            default: valid = true
            }
            if !valid { return n }
        }
        return p
    }
}
