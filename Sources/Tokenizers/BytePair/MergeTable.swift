/// The BPE merge rules as a hash table from a pair of adjacent token ids to the merge's priority
/// (rank; lower merges first) and the id of the merged token.
///
/// Values are packed as `rank << 32 | mergedID`, so comparing packed values compares ranks first;
/// `MergeTable.none` (all ones) means "no merge" and compares above every real merge.
final class MergeTable: @unchecked Sendable {  // immutable once built
    static let none = UInt64.max

    private let keys: UnsafeMutablePointer<UInt64>
    private let values: UnsafeMutablePointer<UInt64>
    private let mask: Int
    let count: Int

    /// Builds the table; when a pair appears twice, the later entry wins.
    init(_ entries: [(left: UInt32, right: UInt32, rank: UInt32, merged: UInt32)]) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity <<= 1 }
        mask = capacity - 1
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: UInt64.max, count: capacity)
        values = .allocate(capacity: capacity)
        values.initialize(repeating: MergeTable.none, count: capacity)
        var n = 0
        for e in entries {
            let key = UInt64(e.left) << 32 | UInt64(e.right)
            var slot = Self.slot(key, mask)
            while keys[slot] != UInt64.max && keys[slot] != key { slot = (slot + 1) & mask }
            if keys[slot] == UInt64.max { n += 1 }
            keys[slot] = key
            values[slot] = UInt64(e.rank) << 32 | UInt64(e.merged)
        }
        count = n
    }

    deinit { keys.deallocate(); values.deallocate() }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        var h = key &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        return Int(truncatingIfNeeded: h) & mask
    }

    /// `rank << 32 | mergedID` for the pair, or `MergeTable.none`.
    @inline(__always)
    func lookup(_ left: UInt32, _ right: UInt32) -> UInt64 {
        let key = UInt64(left) << 32 | UInt64(right)
        var slot = Self.slot(key, mask)
        while true {
            let k = keys[slot]
            if k == key { return values[slot] }
            if k == UInt64.max { return MergeTable.none }
            slot = (slot + 1) & mask
        }
    }
}
