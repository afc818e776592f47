/// The BPE merge loop of `SentencePieceEncoder`.
///
/// The rule is sentencepiece's (`bpe_model.cc`): among all adjacent pairs whose concatenation is a
/// mergeable piece, merge the one with the highest piece score, the leftmost one on a tie; repeat.
/// Two interchangeable strategies pick that pair:
/// * `mergeCompact`: the symbols of a short part sit in a contiguous array with the candidate piece of each
///   adjacent pair beside them; after each merge the array closes up and the best candidate is found by a
///   linear scan. O(k²) for k symbols, no allocation: fastest for words.
/// * `HeapMerger`: a doubly linked list and a binary max-heap keyed by (score, −left), stale entries skipped
///   when popped: O(k log k), for long runs, and for models with UNUSED pieces, whose resegmentation
///   depends on the order in which candidate pairs are found, which this path reproduces.
enum SentencePieceMerger {
    /// Merges `symbols[0..<count]` in place; returns the new count. `candidate` and `candidateScore` are
    /// scratch space for at least `count` elements.
    @inline(__always)
    static func mergeCompact(_ symbols: UnsafeMutablePointer<Int32>, count: Int, tables: SentencePieceVocabulary.Tables,
                             candidate: UnsafeMutablePointer<Int32>, candidateScore: UnsafeMutablePointer<Float>) -> Int {
        var k = count
        guard k >= 2 else { return k }
        for i in 0..<(k - 1) {
            let m = tables.merge(symbols[i], symbols[i + 1])
            candidate[i] = m
            if m >= 0 { candidateScore[i] = tables.scores[Int(m)] }
        }
        while true {
            var best = -1
            var bestScore: Float = 0
            for i in 0..<(k - 1) where candidate[i] >= 0 {
                let s = candidateScore[i]
                if best < 0 || s > bestScore { best = i; bestScore = s }
            }
            if best < 0 { return k }
            symbols[best] = candidate[best]
            // Close up: symbol best+1 goes; pair candidates best+1..<k-1 move down one.
            var j = best + 1
            while j < k - 1 {
                symbols[j] = symbols[j + 1]
                candidate[j] = candidate[j + 1]
                candidateScore[j] = candidateScore[j + 1]
                j += 1
            }
            k -= 1
            if best < k - 1 {
                let m = tables.merge(symbols[best], symbols[best + 1])
                candidate[best] = m
                if m >= 0 { candidateScore[best] = tables.scores[Int(m)] }
            }
            if best > 0 {
                let m = tables.merge(symbols[best - 1], symbols[best])
                candidate[best - 1] = m
                if m >= 0 { candidateScore[best - 1] = tables.scores[Int(m)] }
            }
            if k < 2 { return k }
        }
    }

    /// The linked-list and heap merger over a whole buffer of symbols, used part by part.
    struct HeapMerger {
        let tables: SentencePieceVocabulary.Tables
        let symbols: UnsafeMutablePointer<Int32>
        var prev: [Int32]
        var next: [Int32]
        var heap: [HeapEntry] = []
        let recordUnused: Bool
        /// UNUSED piece id → the two symbols of the last candidate pair found for it (sentencepiece's
        /// `rev_merge`).
        var reverseMerges: [Int32: (Int32, Int32)] = [:]

        static let dead = Int32.min

        struct HeapEntry {
            /// Ordered score in the high 32 bits, `UInt32.max - left` in the low 32 bits: a larger key is a
            /// better pair.
            var key: UInt64
            var right: Int32
            var rightSymbol: Int32
            var merged: Int32
        }

        init(tables: SentencePieceVocabulary.Tables, symbols: UnsafeMutablePointer<Int32>, count: Int, recordUnused: Bool) {
            self.tables = tables
            self.symbols = symbols
            self.recordUnused = recordUnused
            prev = [Int32](repeating: -1, count: count)
            next = [Int32](repeating: -1, count: count)
        }

        @inline(__always) static func orderedBits(_ score: Float) -> UInt64 {
            let bits = score.bitPattern
            return UInt64(bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000)
        }

        private mutating func push(_ a: Int32, _ b: Int32) {
            let m = tables.merge(symbols[Int(a)], symbols[Int(b)])
            guard m >= 0 else { return }
            if recordUnused && tables.isUnused(m) {
                reverseMerges[m] = (symbols[Int(a)], symbols[Int(b)])
            }
            let key = Self.orderedBits(tables.scores[Int(m)]) << 32 | UInt64(UInt32.max - UInt32(a))
            heap.append(HeapEntry(key: key, right: b, rightSymbol: symbols[Int(b)], merged: m))
            var i = heap.count - 1
            let entry = heap[i]
            while i > 0 {
                let parent = (i - 1) >> 1
                if heap[parent].key >= entry.key { break }
                heap[i] = heap[parent]
                i = parent
            }
            heap[i] = entry
        }

        private mutating func pop() -> HeapEntry? {
            guard let top = heap.first else { return nil }
            let last = heap.removeLast()
            if heap.isEmpty { return top }
            var i = 0
            let n = heap.count
            while true {
                let l = 2 * i + 1
                if l >= n { break }
                var c = l
                if l + 1 < n && heap[l + 1].key > heap[l].key { c = l + 1 }
                if heap[c].key <= last.key { break }
                heap[i] = heap[c]
                i = c
            }
            heap[i] = last
            return top
        }

        /// Links `lo..<hi` into a list of its own and merges it to the end; the survivors are reached from `lo`
        /// through `next`.
        mutating func merge(_ lo: Int, _ hi: Int) {
            for i in lo..<hi {
                prev[i] = Int32(i - 1)
                next[i] = Int32(i + 1)
            }
            prev[lo] = -1
            next[hi - 1] = -1
            guard hi - lo >= 2 else { return }
            heap.removeAll(keepingCapacity: true)
            for i in lo..<(hi - 1) { push(Int32(i), Int32(i + 1)) }
            while let top = pop() {
                let left = Int32(bitPattern: UInt32.max - UInt32(truncatingIfNeeded: top.key))
                // Stale unless `left` is alive, still followed by `right`, and `right` unchanged (`left` cannot
                // have changed while `right` stayed its neighbour: it changes only by absorbing its neighbour).
                guard symbols[Int(left)] != Self.dead, next[Int(left)] == top.right,
                      symbols[Int(top.right)] == top.rightSymbol else { continue }
                let right = top.right
                symbols[Int(left)] = top.merged
                symbols[Int(right)] = Self.dead
                let after = next[Int(right)]
                next[Int(left)] = after
                if after >= 0 { prev[Int(after)] = left }
                let before = prev[Int(left)]
                // The order of these two pushes is sentencepiece's (it matters for `reverseMerges`).
                if before >= 0 { push(before, left) }
                if after >= 0 { push(left, after) }
            }
        }
    }
}
