/// A fixed set of lower-case ASCII names, asked about spans of text with ASCII capitals folded: the
/// byte twin of `set.contains(span.lowercased())` for ASCII spans, without building a string or hashing
/// one with SipHash.
///
/// Open addressing on `MentionScanner.spanHash` (which folds the same capitals); every hit is confirmed
/// byte by byte, so a hash collision is never trusted.
struct FoldedNameSet {
    private var keys: [UInt64]
    private var slots: [Int32]
    private var names: [[UInt8]] = []
    private let mask: Int

    /// The ASCII members of `names` (others are left out: ask `contains` only about ASCII spans).
    init<S: Sequence>(_ names: S) where S.Element == String {
        let ascii = names.filter { $0.utf8.allSatisfy { $0 < 0x80 } }
        var size = 16
        while size < 2 * ascii.count { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        slots = Array(repeating: -1, count: size)
        mask = size - 1
        for name in Set(ascii) {
            let u = Array(name.utf8)
            let h = u.withUnsafeBufferPointer { MentionScanner.spanHash($0, 0, $0.count) }
            var i = Int(truncatingIfNeeded: h) & mask
            while slots[i] >= 0 { i = (i + 1) & mask }
            keys[i] = h
            slots[i] = Int32(self.names.count)
            self.names.append(u)
        }
    }

    /// Whether `bytes[s..<e]` (ASCII), with its capitals folded to small letters, is a member.
    func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let h = MentionScanner.spanHash(bytes, s, e)
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] >= 0 {
            if keys[i] == h, matches(names[Int(slots[i])], bytes, s, e) { return true }
            i = (i + 1) & mask
        }
        return false
    }

    private func matches(_ name: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        guard name.count == e - s else { return false }
        for (k, b) in name.enumerated() {
            let c = bytes[s + k]
            if (c >= 65 && c <= 90 ? c | 0x20 : c) != b { return false }
        }
        return true
    }
}
