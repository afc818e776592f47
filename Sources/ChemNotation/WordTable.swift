/// A fixed open-addressing table from a word's 64-bit hash to small flags, for the scanner's hot
/// loop (Swift's `Set`/`Dictionary` hash their keys again with SipHash, which costs more than the
/// scan of the word itself).
///
/// A 64K-bit filter by the top sixteen bits of the hash answers most lookups of absent words (nearly every
/// word of running text) with one bit test and no probe.
struct WordTable {
    private var filter = [UInt64](repeating: 0, count: 1024)
    private var keys: [UInt64]
    private var values: [UInt16]
    private let mask: Int

    /// A table for up to `capacity / 2` words.
    init(capacity: Int = 4096) {
        var size = 16
        while size < capacity { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: 0, count: size)
        mask = size - 1
    }

    /// ORs `flags` into the entry of `hash`.
    mutating func insert(_ hash: UInt64, _ flags: UInt16) {
        let h = hash == 0 ? 1 : hash
        var i = Int(truncatingIfNeeded: h) & mask
        while keys[i] != 0 && keys[i] != h { i = (i + 1) & mask }
        keys[i] = h
        values[i] |= flags
        filter[Int(h >> 54)] |= 1 << ((h >> 48) & 63)
    }

    /// The flags of `hash`, 0 when absent.
    @inline(__always)
    func lookup(_ hash: UInt64) -> UInt16 {
        let h = hash == 0 ? 1 : hash
        guard filter[Int(h >> 54)] >> ((h >> 48) & 63) & 1 != 0 else { return 0 }
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let k = keys[i]
            if k == h { return values[i] }
            if k == 0 { return 0 }
            i = (i + 1) & mask
        }
    }
}
