/// Tight byte loops shared by the JSON reader and writer.
enum JSONByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Index of the first byte in `from..<end` that a JSON string cannot hold as is (`"`, `\`, or a
    /// control character below 0x20), or `end`. Looks at eight bytes per step.
    @inline(__always)
    static func firstSpecial(_ base: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        var i = from
        while i &+ 8 <= end {
            let w = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            let quote = w ^ (ones &* 0x22)
            let backslash = w ^ (ones &* 0x5C)
            // A byte is flagged when it is zero (quote/backslash) or below 0x20 (control). Borrows
            // can only flag bytes above a truly flagged one, so the lowest flag is exact.
            let m = (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((w &- ones &* 0x20) & ~w)) & highs
            if m != 0 { return i &+ (m.trailingZeroBitCount &>> 3) }
            i &+= 8
        }
        while i < end {
            let c = base[i]
            if c == 0x22 || c == 0x5C || c < 0x20 { return i }
            i &+= 1
        }
        return end
    }

    /// Like `firstSpecial`, and ORs every byte passed over into `seen` (so `seen & 0x80` tells
    /// whether any non-ASCII byte was skipped).
    @inline(__always)
    static func firstSpecial(_ base: UnsafePointer<UInt8>, from: Int, end: Int, seen: inout UInt64) -> Int {
        var i = from
        var acc: UInt64 = 0
        while i &+ 8 <= end {
            let w = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            let quote = w ^ (ones &* 0x22)
            let backslash = w ^ (ones &* 0x5C)
            let m = (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((w &- ones &* 0x20) & ~w)) & highs
            if m != 0 {
                let k = m.trailingZeroBitCount &>> 3
                // Only the bytes before the special one count as passed over.
                acc |= k == 0 ? 0 : w & (UInt64.max &>> UInt64(64 &- 8 &* k))
                seen |= acc
                return i &+ k
            }
            acc |= w
            i &+= 8
        }
        while i < end {
            let c = base[i]
            if c == 0x22 || c == 0x5C || c < 0x20 { break }
            acc |= UInt64(c)
            i &+= 1
        }
        seen |= acc
        return i
    }

    /// True when any byte OR-ed into `seen` was non-ASCII.
    @inline(__always)
    static func sawNonASCII(_ seen: UInt64) -> Bool { seen & highs != 0 }
}
