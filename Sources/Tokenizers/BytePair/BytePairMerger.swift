/// Byte-pair merging of one pre-token: starting from one symbol per byte, repeatedly merge the
/// adjacent pair with the lowest rank (the leftmost such pair on a tie) until no adjacent pair has
/// a merge. This is tiktoken's `byte_pair_merge` and the merge loop of Hugging Face's BPE model.
///
/// Short pieces use tiktoken's quadratic loop over an array of pair ranks, which is fastest for a
/// handful of symbols. Pieces longer than `heapThreshold` symbols use a binary heap over a linked
/// list of symbols, O(n log n), so a pathological piece (a megabyte without a space) stays fast; the
/// result is the same, since both always take the lowest (rank, position).
struct BytePairMerger {
    static let heapThreshold = 64

    /// Reusable buffers, one set per encoding call.
    struct Scratch {
        var symbols: [UInt32] = []
        var pairs: [UInt64] = []
        var next: [Int32] = []
        var prev: [Int32] = []
        var heap: [HeapEntry] = []
        init() {
            symbols.reserveCapacity(256)
            pairs.reserveCapacity(256)
        }
    }

    struct HeapEntry {
        /// `rank << 32 | position of the left symbol`: lower rank first, then leftmost.
        var key: UInt64
        /// The two symbol ids the entry was computed from (to detect stale entries).
        var pair: UInt64
        var merged: UInt32
    }

    let merges: MergeTable

    /// Merges `scratch.symbols` in place; on return it holds the final ids, in order.
    func merge(_ scratch: inout Scratch) {
        let n = scratch.symbols.count
        guard n > 1 else { return }
        if n <= Self.heapThreshold { mergeShort(&scratch) } else { mergeLong(&scratch) }
    }

    /// tiktoken's loop: keep the rank of every adjacent pair; take the minimum, merge, update the two
    /// neighbouring ranks.
    func mergeShort(_ scratch: inout Scratch) {
        var n = scratch.symbols.count
        var symbols: [UInt32] = [], pairs: [UInt64] = []
        swap(&symbols, &scratch.symbols)
        swap(&pairs, &scratch.pairs)
        defer { swap(&symbols, &scratch.symbols); swap(&pairs, &scratch.pairs) }
        pairs.removeAll(keepingCapacity: true)
        let merges = self.merges
        for i in 0..<(n - 1) { pairs.append(merges.lookup(symbols[i], symbols[i + 1])) }
        symbols.withUnsafeMutableBufferPointer { sym in
            pairs.withUnsafeMutableBufferPointer { pairs in
                while n > 1 {
                    var best = MergeTable.none, at = -1
                    for i in 0..<(n - 1) where pairs[i] < best { best = pairs[i]; at = i }
                    if at < 0 { break }
                    sym[at] = UInt32(truncatingIfNeeded: best)
                    // Remove symbol at + 1 and pair at (pairs[at] becomes the pair after the merge).
                    var j = at + 1
                    while j < n - 1 { sym[j] = sym[j + 1]; j += 1 }
                    j = at
                    while j < n - 2 { pairs[j] = pairs[j + 1]; j += 1 }
                    n -= 1
                    if at + 1 < n { pairs[at] = merges.lookup(sym[at], sym[at + 1]) }
                    if at > 0 { pairs[at - 1] = merges.lookup(sym[at - 1], sym[at]) }
                }
            }
        }
        symbols.removeLast(symbols.count - n)
    }

    /// The heap version: symbols form a doubly linked list indexed by their first position; the heap
    /// holds candidate merges, checked for staleness when popped.
    func mergeLong(_ scratch: inout Scratch) {
        let n = scratch.symbols.count
        let merges = self.merges
        var symbols: [UInt32] = [], nextList: [Int32] = [], prevList: [Int32] = [], heap: [HeapEntry] = []
        swap(&symbols, &scratch.symbols)
        swap(&nextList, &scratch.next)
        swap(&prevList, &scratch.prev)
        swap(&heap, &scratch.heap)
        defer {
            swap(&symbols, &scratch.symbols); swap(&nextList, &scratch.next)
            swap(&prevList, &scratch.prev); swap(&heap, &scratch.heap)
        }
        nextList.removeAll(keepingCapacity: true)
        prevList.removeAll(keepingCapacity: true)
        for i in 0..<n {
            nextList.append(i + 1 < n ? Int32(i + 1) : -1)
            prevList.append(Int32(i - 1))
        }
        heap.removeAll(keepingCapacity: true)
        let dead = UInt32.max
        symbols.withUnsafeMutableBufferPointer { sym in
            nextList.withUnsafeMutableBufferPointer { next in
                prevList.withUnsafeMutableBufferPointer { prev in
                    func push(_ left: Int) {
                        let right = Int(next[left])
                        guard right >= 0 else { return }
                        let m = merges.lookup(sym[left], sym[right])
                        guard m != MergeTable.none else { return }
                        let entry = HeapEntry(key: (m >> 32) << 32 | UInt64(left),
                                              pair: UInt64(sym[left]) << 32 | UInt64(sym[right]),
                                              merged: UInt32(truncatingIfNeeded: m))
                        Self.heapPush(&heap, entry)
                    }
                    for i in 0..<(n - 1) { push(i) }
                    while let top = Self.heapPop(&heap) {
                        let left = Int(top.key & 0xFFFF_FFFF)
                        guard sym[left] != dead else { continue }
                        let right = Int(next[left])
                        guard right >= 0, UInt64(sym[left]) << 32 | UInt64(sym[right]) == top.pair else { continue }
                        sym[left] = top.merged
                        sym[right] = dead
                        let after = next[right]
                        next[left] = after
                        if after >= 0 { prev[Int(after)] = Int32(left) }
                        if prev[left] >= 0 { push(Int(prev[left])) }
                        push(left)
                    }
                }
            }
        }
        var w = 0
        for i in 0..<n where symbols[i] != dead {
            symbols[w] = symbols[i]
            w += 1
        }
        symbols.removeLast(n - w)
    }

    private static func heapPush(_ heap: inout [HeapEntry], _ entry: HeapEntry) {
        heap.append(entry)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[parent].key > heap[i].key else { break }
            heap.swapAt(parent, i)
            i = parent
        }
    }

    private static func heapPop(_ heap: inout [HeapEntry]) -> HeapEntry? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var i = 0
            let n = heap.count
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < n && heap[l].key < heap[m].key { m = l }
                if r < n && heap[r].key < heap[m].key { m = r }
                if m == i { break }
                heap.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}
