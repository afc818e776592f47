/// Word n-gram shingles as 64-bit hashes.
///
/// Shingle `j` covers words `j ..< j+n`. Its hash is a polynomial over the word hashes, rolled
/// forward one word at a time, then avalanched with `Mix.fmix64`, so order matters (`a b` ≠ `b a`)
/// and the cost per shingle is constant whatever `n` is. A text with fewer than `n` words but at
/// least one has one shingle, over all its words; a text with no words has none.
public struct ShingleHasher: Sendable {
    /// Words per shingle.
    public let n: Int
    private let topPower: UInt64

    static let base: UInt64 = 0x100_0000_01b3_9d2d

    public init(n: Int) {
        precondition(n >= 1, "shingles need at least one word")
        self.n = n
        var p: UInt64 = 1
        for _ in 1..<max(n, 1) { p &*= Self.base }
        topPower = n > 1 ? p : 1
    }

    /// Appends the shingle hashes of a word-hash sequence to `shingles`.
    public func shingles(of words: UnsafeBufferPointer<UInt64>, into shingles: inout [UInt64]) {
        let count = words.count
        guard count > 0 else { return }
        var rolling: UInt64 = 0
        let first = min(n, count)
        for k in 0..<first { rolling = rolling &* Self.base &+ words[k] }
        shingles.append(Mix.fmix64(rolling ^ UInt64(first)))
        guard count > n else { return }
        for j in 1...(count - n) {
            rolling = (rolling &- words[j - 1] &* topPower) &* Self.base &+ words[j + n - 1]
            shingles.append(Mix.fmix64(rolling ^ UInt64(n)))
        }
    }

    /// Reference twin of `shingles(of:into:)`: each shingle hashed from scratch.
    public func referenceShingles(of words: [UInt64]) -> [UInt64] {
        guard !words.isEmpty else { return [] }
        if words.count < n {
            var h: UInt64 = 0
            for w in words { h = h &* Self.base &+ w }
            return [Mix.fmix64(h ^ UInt64(words.count))]
        }
        return (0...(words.count - n)).map { j in
            var h: UInt64 = 0
            for w in words[j..<(j + n)] { h = h &* Self.base &+ w }
            return Mix.fmix64(h ^ UInt64(n))
        }
    }
}

/// A 128-bit key of a text's normalized words: two independent 64-bit polynomial hashes of the
/// word sequence plus the word count folded in. Two texts with the same words in the same order
/// (whatever their case, spacing and punctuation) have the same key.
public struct ExactKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) { self.high = high; self.low = low }

    /// The key of a word-hash sequence.
    public init(words: UnsafeBufferPointer<UInt64>) {
        var a: UInt64 = 0x243f_6a88_85a3_08d3
        var b: UInt64 = 0x1319_8a2e_0370_7344
        for w in words {
            a = (a ^ w) &* 0x9e37_79b9_7f4a_7c15
            b = (b &+ Mix.fmix64(w ^ 0xa409_3822_299f_31d0)) &* 0xc2b2_ae3d_27d4_eb4f
        }
        high = Mix.fmix64(a ^ UInt64(words.count))
        low = Mix.fmix64(b &+ UInt64(words.count))
    }

    /// The key of `text`'s words.
    public init(text: String) {
        var words: [UInt64] = []
        WordHashes.forEach(in: text) { words.append($0) }
        self = words.withUnsafeBufferPointer { ExactKey(words: $0) }
    }

    public static func < (l: ExactKey, r: ExactKey) -> Bool { (l.high, l.low) < (r.high, r.low) }

    public var description: String {
        let h = String(high, radix: 16), l = String(low, radix: 16)
        return String(repeating: "0", count: 16 - h.count) + h + String(repeating: "0", count: 16 - l.count) + l
    }
}
