import CorpusCore
/// Byte-level BPE training from pre-token counts, as in GPT-2 and LLaMA-3.
///
/// Input: each distinct pre-token's bytes with its count (see `PreTokenCounter`). Every byte is a
/// base token (ids 0...255 in byte order); each merge adds one token. The loop keeps a count for
/// every adjacent pair and the words each pair occurs in, and a max-heap of pairs; merging a pair
/// updates only the words that contain it (no recount per merge). Heap entries whose count went
/// stale are re-pushed with the current count when they surface.
///
/// **Tie-break** (deterministic): the pair with the highest count; among equal counts, the pair
/// whose merged token's bytes sort first, then the pair with the shorter left token. So the
/// result does not depend on input order, thread count or hash seeds.
public struct BPETrainer: Sendable {
    /// Merges to learn at most (the vocabulary is 256 + merges + special tokens).
    public var merges: Int
    /// Stop when the best pair occurs fewer times than this.
    public var minimumFrequency: Int

    public init(merges: Int, minimumFrequency: Int = 2) {
        self.merges = merges
        self.minimumFrequency = max(1, minimumFrequency)
    }

    /// The result: token bytes by id (bytes first) and the merges as id pairs, in order.
    public struct Result: Sendable {
        public var tokens: [[UInt8]]
        public var merges: [(Int, Int)]
        public init(tokens: [[UInt8]], merges: [(Int, Int)]) { self.tokens = tokens; self.merges = merges }
    }

    /// Learns merges from `words` (pre-token bytes → count), starting from `initial` (a previous
    /// result to extend; nil: the 256 bytes). With `initial`, the words are first segmented by the
    /// existing merges, so the new merges come after them (the `extend` mode).
    public func train(_ words: [[UInt8]: Int], extending initial: Result? = nil) -> Result {
        train(words, extending: initial, segment: nil)
    }

    /// Learns merges on top of `initial`, whose words are first segmented by `segment` (the base
    /// tokenizer's own encoder, e.g. tiktoken's rank semantics) when given, else by `initial`'s
    /// merges. New tokens get ids from `initial.tokens.count` on; ids with empty bytes in `initial`
    /// (reserved, such as special tokens) are never produced.
    public func train(_ words: [[UInt8]: Int], extending initial: Result?, segment: ((_ bytes: [UInt8]) -> [Int])?) -> Result {
        var tokens: [[UInt8]] = initial?.tokens ?? (0...255).map { [UInt8($0)] }
        var mergeList: [(Int, Int)] = initial?.merges ?? []
        var tokenIndex: [[UInt8]: Int] = [:]
        for (i, t) in tokens.enumerated() where !t.isEmpty && tokenIndex[t] == nil { tokenIndex[t] = i }

        // Words as symbol sequences, in a stable order (sorted bytes) so ids do not depend on hashing.
        let entries = words.filter { !$0.key.isEmpty }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        var symbols: [[Int]] = entries.map { $0.key.map(Int.init) }
        let counts: [Int] = entries.map(\.value)
        if let segment {
            for w in symbols.indices { symbols[w] = segment(entries[w].key) }
        } else if let initial {
            var ranks: [Pair: Int] = [:]
            for (i, m) in initial.merges.enumerated() where ranks[Pair(m.0, m.1)] == nil { ranks[Pair(m.0, m.1)] = i }
            for w in symbols.indices { symbols[w] = Self.apply(ranks: ranks, tokens: tokenIndex, bytesOf: tokens, to: symbols[w]) }
        }

        var pairCounts: [Pair: Int] = [:]
        var pairWords: [Pair: Set<Int>] = [:]
        for (w, s) in symbols.enumerated() where s.count > 1 {
            for k in 0..<(s.count - 1) {
                let p = Pair(s[k], s[k + 1])
                pairCounts[p, default: 0] += counts[w]
                pairWords[p, default: []].insert(w)
            }
        }
        var heap = MinHeap<PairHeap.Entry>()
        for (p, c) in pairCounts where c > 0 { heap.push(.init(count: c, pair: p, merged: tokens[p.left] + tokens[p.right], leftLength: tokens[p.left].count)) }

        while mergeList.count - (initial?.merges.count ?? 0) < merges, let top = heap.pop() {
            let current = pairCounts[top.pair] ?? 0
            if current != top.count {
                if current > 0 { heap.push(.init(count: current, pair: top.pair, merged: top.merged, leftLength: top.leftLength)) }
                continue
            }
            guard current >= minimumFrequency else { break }
            // Two pairs can spell the same bytes (a+bc, ab+c): the second merge reuses the token.
            let newID = tokenIndex[top.merged] ?? tokens.count
            if newID == tokens.count { tokens.append(top.merged); tokenIndex[top.merged] = newID }
            mergeList.append((top.pair.left, top.pair.right))
            var touched: [Pair: Int] = [:]
            for w in pairWords[top.pair] ?? [] {
                let old = symbols[w]
                var new: [Int] = []
                new.reserveCapacity(old.count)
                var k = 0
                while k < old.count {
                    if k + 1 < old.count, old[k] == top.pair.left, old[k + 1] == top.pair.right { new.append(newID); k += 2 } else { new.append(old[k]); k += 1 }
                }
                // Replace the word's pair counts: remove the old pairs, add the new ones.
                for k in 0..<max(0, old.count - 1) {
                    let p = Pair(old[k], old[k + 1])
                    pairCounts[p, default: 0] -= counts[w]
                    touched[p, default: 0] -= counts[w]
                }
                for k in 0..<max(0, new.count - 1) {
                    let p = Pair(new[k], new[k + 1])
                    pairCounts[p, default: 0] += counts[w]
                    touched[p, default: 0] += counts[w]
                    pairWords[p, default: []].insert(w)
                }
                symbols[w] = new
            }
            pairWords[top.pair] = nil
            pairCounts[top.pair] = nil
            for (p, delta) in touched where delta > 0 && p != top.pair {
                heap.push(.init(count: pairCounts[p]!, pair: p, merged: tokens[p.left] + tokens[p.right], leftLength: tokens[p.left].count))
            }
        }
        return Result(tokens: tokens, merges: mergeList)
    }

    /// Segments `word` by applying `ranks` (lowest rank first), as an encoder would.
    static func apply(ranks: [Pair: Int], tokens: [[UInt8]: Int], bytesOf: [[UInt8]], to word: [Int]) -> [Int] {
        var s = word
        while s.count > 1 {
            var best: (rank: Int, at: Int)? = nil
            for k in 0..<(s.count - 1) {
                if let r = ranks[Pair(s[k], s[k + 1])], best == nil || r < best!.rank { best = (r, k) }
            }
            guard let b = best else { break }
            let p = Pair(s[b.at], s[b.at + 1])
            let merged = tokens[bytesOf[p.left] + bytesOf[p.right]]!
            var out: [Int] = []
            var k = 0
            while k < s.count {
                if k + 1 < s.count, s[k] == p.left, s[k + 1] == p.right { out.append(merged); k += 2 } else { out.append(s[k]); k += 1 }
            }
            s = out
        }
        return s
    }

    /// Reference twin: recounts every pair before each merge (quadratic; for tests on small inputs).
    public func referenceTrain(_ words: [[UInt8]: Int]) -> Result {
        var tokens: [[UInt8]] = (0...255).map { [UInt8($0)] }
        var mergeList: [(Int, Int)] = []
        var symbols = words.filter { !$0.key.isEmpty }.map { ($0.key.map(Int.init), $0.value) }
        while mergeList.count < merges {
            var counts: [Pair: Int] = [:]
            for (s, c) in symbols where s.count > 1 { for k in 0..<(s.count - 1) { counts[Pair(s[k], s[k + 1]), default: 0] += c } }
            guard let best = counts.min(by: { a, b in
                PairHeap.Entry(count: a.value, pair: a.key, merged: tokens[a.key.left] + tokens[a.key.right], leftLength: tokens[a.key.left].count)
                    < PairHeap.Entry(count: b.value, pair: b.key, merged: tokens[b.key.left] + tokens[b.key.right], leftLength: tokens[b.key.left].count)
            }), best.value >= minimumFrequency else { break }
            let merged = tokens[best.key.left] + tokens[best.key.right]
            let newID = tokens.firstIndex(of: merged) ?? tokens.count
            if newID == tokens.count { tokens.append(merged) }
            mergeList.append((best.key.left, best.key.right))
            symbols = symbols.map { s, c in
                var out: [Int] = []
                var k = 0
                while k < s.count {
                    if k + 1 < s.count, s[k] == best.key.left, s[k + 1] == best.key.right { out.append(newID); k += 2 } else { out.append(s[k]); k += 1 }
                }
                return (out, c)
            }
        }
        return Result(tokens: tokens, merges: mergeList)
    }
}

/// An adjacent pair of token ids.
struct Pair: Hashable, Sendable {
    var left: Int
    var right: Int
    init(_ left: Int, _ right: Int) { self.left = left; self.right = right }
}

/// Candidate merges; `MinHeap<PairHeap.Entry>` pops the pair to merge next.
enum PairHeap {
    struct Entry: Comparable {
        var count: Int
        var pair: Pair
        var merged: [UInt8]
        var leftLength: Int
        /// `a < b` when `a` should be merged first: higher count, then merged bytes that sort
        /// first, then the shorter left part.
        static func < (a: Entry, b: Entry) -> Bool {
            if a.count != b.count { return a.count > b.count }
            if a.merged != b.merged { return a.merged.lexicographicallyPrecedes(b.merged) }
            return a.leftLength < b.leftLength
        }
        static func == (a: Entry, b: Entry) -> Bool { a.count == b.count && a.merged == b.merged && a.leftLength == b.leftLength }
    }
}
