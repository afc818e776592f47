/// The BPE merge loop of `SentencePieceEncoder`, over a doubly linked list of symbols.
///
/// The rule is sentencepiece's (`bpe_model.cc`): among all adjacent pairs whose concatenation is a
/// mergeable piece, merge the one with the highest piece score, the leftmost one on a tie; repeat.
/// Two interchangeable strategies pick that pair:
/// * `mergeByScan`: keeps the candidate piece of every adjacent pair and rescans the (short) list for the
///   best one after each merge: O(k²) for k symbols, no allocation, fastest for words;
/// * `mergeByHeap`: a binary max-heap keyed by (score, −left), with stale entries skipped when popped:
///   O(k log k), used for long runs (and for models with UNUSED pieces, whose resegmentation depends on
///   the order in which candidate pairs are found, which this path reproduces).
struct SentencePieceMerger {
    let vocabulary: SentencePieceVocabulary
    /// Symbols (see `SentencePieceVocabulary`); a merged-away symbol is `dead`.
    var symbols: [Int32]
    var prev: [Int32]
    var next: [Int32]
    var candidate: [Int32]
    var candidateScore: [Float]
    var heap: [HeapEntry] = []
    /// UNUSED piece id → the two symbols of the last candidate pair found for it (sentencepiece's `rev_merge`).
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

    init(vocabulary: SentencePieceVocabulary, symbols: [Int32]) {
        self.vocabulary = vocabulary
        self.symbols = symbols
        let n = symbols.count
        prev = [Int32](repeating: -1, count: n)
        next = [Int32](repeating: -1, count: n)
        candidate = [Int32](repeating: -1, count: n)
        candidateScore = [Float](repeating: 0, count: n)
    }

    /// Links `lo..<hi` into a list of its own.
    mutating func link(_ lo: Int, _ hi: Int) {
        for i in lo..<hi {
            prev[i] = Int32(i - 1)
            next[i] = Int32(i + 1)
        }
        prev[lo] = -1
        next[hi - 1] = -1
    }

    // MARK: scan

    @inline(__always) private mutating func setCandidate(_ a: Int32, _ b: Int32) {
        let m = vocabulary.merge(symbols[Int(a)], symbols[Int(b)])
        candidate[Int(a)] = m
        if m >= 0 { candidateScore[Int(a)] = vocabulary.scores[Int(m)] }
    }

    /// Merges the list `lo..<hi` (already linked) to the end by rescanning.
    mutating func mergeByScan(_ lo: Int, _ hi: Int) {
        guard hi - lo >= 2 else { return }
        for i in lo..<(hi - 1) { setCandidate(Int32(i), Int32(i + 1)) }
        candidate[hi - 1] = -1
        while true {
            var best: Int32 = -1
            var bestScore: Float = 0
            var i = Int32(lo)
            while i >= 0 {
                let c = candidate[Int(i)]
                if c >= 0 {
                    let s = candidateScore[Int(i)]
                    if best < 0 || s > bestScore { best = i; bestScore = s }
                }
                i = next[Int(i)]
            }
            if best < 0 { return }
            let right = next[Int(best)]
            symbols[Int(best)] = candidate[Int(best)]
            symbols[Int(right)] = Self.dead
            let after = next[Int(right)]
            next[Int(best)] = after
            if after >= 0 {
                prev[Int(after)] = best
                setCandidate(best, after)
            } else {
                candidate[Int(best)] = -1
            }
            let before = prev[Int(best)]
            if before >= 0 { setCandidate(before, best) }
        }
    }

    // MARK: heap

    @inline(__always) static func orderedBits(_ score: Float) -> UInt64 {
        let bits = score.bitPattern
        return UInt64(bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000)
    }

    private mutating func push(_ a: Int32, _ b: Int32, recordUnused: Bool) {
        let m = vocabulary.merge(symbols[Int(a)], symbols[Int(b)])
        guard m >= 0 else { return }
        if recordUnused && vocabulary.types[Int(m)] == .unused {
            reverseMerges[m] = (symbols[Int(a)], symbols[Int(b)])
        }
        let key = Self.orderedBits(vocabulary.scores[Int(m)]) << 32 | UInt64(UInt32.max - UInt32(a))
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

    /// Merges the list `lo..<hi` (already linked) to the end with a priority queue.
    mutating func mergeByHeap(_ lo: Int, _ hi: Int, recordUnused: Bool) {
        guard hi - lo >= 2 else { return }
        heap.removeAll(keepingCapacity: true)
        for i in lo..<(hi - 1) { push(Int32(i), Int32(i + 1), recordUnused: recordUnused) }
        while let top = pop() {
            let left = Int32(bitPattern: UInt32.max - UInt32(truncatingIfNeeded: top.key))
            // Stale unless `left` is alive, still followed by `right`, and `right` is unchanged (`left` cannot
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
            if before >= 0 { push(before, left, recordUnused: recordUnused) }
            if after >= 0 { push(left, after, recordUnused: recordUnused) }
        }
    }
}
