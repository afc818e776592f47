/// An open-addressing hash table from 64-bit hashes to counts, for the repetition rules: Swift's
/// `Set` and `Dictionary` hash every key again with SipHash, which here would cost more than the
/// rest of the filter. Keys are already well-mixed hashes (`TextScan.mix`), so the low bits index
/// the table directly. The storage is kept between documents.
struct HashCounter {
    private var keys: [UInt64] = []
    private var counts: [Int32] = []
    private var mask = 0

    /// Empties the table, sized for about `expected` distinct keys.
    mutating func reset(expected: Int) {
        var capacity = 16
        while capacity < expected * 2 { capacity <<= 1 }
        if keys.count != capacity {
            keys = [UInt64](repeating: 0, count: capacity)
            counts = [Int32](repeating: 0, count: capacity)
        } else {
            keys.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            counts.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
        mask = capacity - 1
    }

    /// Adds one to `key`'s count and returns the new count. Key 0 is stored as 1.
    @inline(__always) mutating func increment(_ key: UInt64) -> Int {
        let k = key == 0 ? 1 : key
        var i = Int(truncatingIfNeeded: k) & mask
        while true {
            let found = keys[i]
            if found == k {
                counts[i] += 1
                return Int(counts[i])
            }
            if found == 0 {
                keys[i] = k
                counts[i] = 1
                return 1
            }
            i = (i + 1) & mask
        }
    }
}
