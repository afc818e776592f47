/// Byte strings collected before a `ByteSequenceTable` is built.
struct ByteSequenceKeys {
    /// All keys, back to back; key `k` is `bytes[start[k]..<start[k + 1]]`.
    var bytes: [UInt8] = []
    var start: [Int] = [0]
    var values: [UInt32] = []

    var count: Int { values.count }

    mutating func append<C: Collection<UInt8>>(_ key: C, value: UInt32) {
        bytes.append(contentsOf: key)
        start.append(bytes.count)
        values.append(value)
    }

    func key(_ k: Int) -> ArraySlice<UInt8> { bytes[start[k]..<start[k + 1]] }
}

/// A hash table from byte strings to token ids (open addressing, linear probing), built once from
/// `ByteSequenceKeys` and then only read. Lookups take a pointer and a length, so pieces of a text
/// buffer are looked up without copying.
final class ByteSequenceTable: @unchecked Sendable {  // immutable once built
    private let keyBytes: UnsafeMutablePointer<UInt8>
    private let keyStart: UnsafeMutablePointer<Int>
    private let values: UnsafeMutablePointer<UInt32>
    /// Slot → key index + 1 (0 = empty); the slot count is a power of two, at most half full.
    private let slots: UnsafeMutablePointer<UInt32>
    /// The high 32 bits of each slot's hash, to skip most byte comparisons.
    private let tags: UnsafeMutablePointer<UInt32>
    private let mask: Int
    let count: Int
    /// Key indices that repeated an earlier key (the later value wins, as in a JSON object or a
    /// Rust `HashMap` built from a list).
    private(set) var duplicates: [Int] = []

    init(_ keys: ByteSequenceKeys) {
        count = keys.count
        var capacity = 16
        while capacity < count * 2 { capacity <<= 1 }
        mask = capacity - 1
        keyBytes = .allocate(capacity: max(keys.bytes.count, 1))
        keyBytes.initialize(from: keys.bytes, count: keys.bytes.count)
        keyStart = .allocate(capacity: keys.start.count)
        keyStart.initialize(from: keys.start, count: keys.start.count)
        values = .allocate(capacity: max(count, 1))
        values.initialize(from: keys.values, count: count)
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        tags = .allocate(capacity: capacity)
        tags.initialize(repeating: 0, count: capacity)
        for k in 0..<count {
            let p = keyBytes + keyStart[k], n = keyStart[k + 1] - keyStart[k]
            let h = Self.hash(p, n)
            if let slot = find(p, n, hash: h) {
                slots[slot] = UInt32(k + 1)
                duplicates.append(k)
                continue
            }
            var slot = Int(truncatingIfNeeded: h) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt32(k + 1)
            tags[slot] = UInt32(truncatingIfNeeded: h >> 32)
        }
    }

    deinit {
        keyBytes.deallocate(); keyStart.deallocate(); values.deallocate(); slots.deallocate(); tags.deallocate()
    }

    /// The value of the `count` bytes at `p`.
    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt32? {
        guard let slot = find(p, count, hash: Self.hash(p, count)) else { return nil }
        return values[Int(slots[slot]) - 1]
    }

    /// The value of `key`.
    func lookup<C: Collection<UInt8>>(_ key: C) -> UInt32? {
        let bytes = Array(key)
        return bytes.withUnsafeBufferPointer { lookup($0.baseAddress ?? UnsafePointer(keyBytes), $0.count) }
    }

    @inline(__always)
    private func find(_ p: UnsafePointer<UInt8>, _ count: Int, hash h: UInt64) -> Int? {
        let tag = UInt32(truncatingIfNeeded: h >> 32)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if tags[slot] == tag {
                let k = Int(entry) - 1
                let s = keyStart[k]
                if keyStart[k + 1] - s == count && memoryEqual(keyBytes + s, p, count) { return slot }
            }
            slot = (slot + 1) & mask
        }
    }

    /// A fast 64-bit hash of `count` bytes (8 bytes per step, then the tail).
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(truncatingIfNeeded: count &+ 1)
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        if i < count {
            var w: UInt64 = 0, shift: UInt64 = 0
            while i < count { w |= UInt64(p[i]) << shift; shift += 8; i += 1 }
            h = (h ^ w) &* 0x94D0_49BB_1331_11EB
            h ^= h >> 29
        }
        h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return h ^ (h >> 32)
    }
}

@inline(__always)
func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var i = 0
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    while i + 8 <= count {
        if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
        i += 8
    }
    while i < count {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}
