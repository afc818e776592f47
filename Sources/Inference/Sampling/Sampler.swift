import CorpusCore
import Foundation  // expf, logf

/// Chooses the next token from a row of logits with llama.cpp's default chain: penalties → top-k →
/// top-p → min-p → temperature → a draw from the softmax of what is left. Deterministic for a seed
/// (SplitMix64; the draws are not llama.cpp's mt19937 draws, so sampled text differs from
/// llama.cpp's for the same seed, while greedy text does not).
///
/// Ties are broken towards the lower id everywhere, so greedy decoding is the exact argmax with the
/// lowest id among equal maxima. With top-k set the candidates are found by partial selection
/// (a k-element heap, O(n log k)), never by sorting the whole vocabulary; top-p without top-k
/// selects the best 256, 1024, ... tokens until they hold the probability asked for.
/// One sampler per sequence: it keeps the random state and scratch space between calls.
public struct Sampler: Sendable {
    /// A token still in the running: its id and its logit (divided by the temperature once that step is done).
    public struct Candidate: Sendable, Hashable {
        public var id: Int
        public var logit: Float
    }

    public let parameters: SamplingParameters
    private var rng: SplitMix64
    private var scratch: [Candidate] = []

    public init(_ p: SamplingParameters) {
        parameters = p
        rng = SplitMix64(seed: p.seed)
    }

    /// The id to emit after `history` (prompt and generated tokens so far, oldest first).
    /// The penalties are applied to `logits` in place.
    public mutating func sample(logits: UnsafeMutableBufferPointer<Float>, history: [Int]) -> Int {
        applyPenalties(logits, history: history)
        if parameters.temperature <= 0 { return Self.argmax(UnsafeBufferPointer(logits)) }
        let candidates = filter(logits)
        return draw(candidates)
    }

    /// `sample` for an array.
    public mutating func sample(logits: inout [Float], history: [Int]) -> Int {
        logits.withUnsafeMutableBufferPointer { sample(logits: $0, history: history) }
    }

    /// The candidates the draw would choose from, in decreasing logit order (ids ascending among
    /// equals, or in id order when no step needed sorting), logits already divided by the temperature:
    /// the chain without the draw. Penalties are applied to `logits` in place. Greedy decoding gives
    /// the argmax alone.
    public mutating func candidates(logits: UnsafeMutableBufferPointer<Float>, history: [Int]) -> [Candidate] {
        applyPenalties(logits, history: history)
        if parameters.temperature <= 0 {
            let id = Self.argmax(UnsafeBufferPointer(logits))
            return [Candidate(id: id, logit: logits[id])]
        }
        return filter(logits)
    }

    /// The index of the largest value, the lowest index among equals (NaN never wins; 0 when no value exceeds -infinity).
    public static func argmax(_ values: UnsafeBufferPointer<Float>) -> Int {
        var best = 0
        var bestValue = -Float.infinity
        for i in values.indices where values[i] > bestValue {
            best = i
            bestValue = values[i]
        }
        return best
    }

    // MARK: - The chain

    /// Repetition, frequency and presence penalties over the last `repetitionWindow` tokens of `history`.
    func applyPenalties(_ logits: UnsafeMutableBufferPointer<Float>, history: [Int]) {
        let p = parameters
        guard p.penalizes, !history.isEmpty else { return }
        let window = p.repetitionWindow < 0 ? history.count : min(p.repetitionWindow, history.count)
        var counts: [Int: Int] = [:]
        counts.reserveCapacity(window)
        for id in history[(history.count - window)...] where id >= 0 && id < logits.count { counts[id, default: 0] += 1 }
        for (id, count) in counts {
            var l = logits[id]
            if l <= 0 { l *= p.repetitionPenalty } else { l /= p.repetitionPenalty }
            l -= Float(count) * p.frequencyPenalty + p.presencePenalty
            logits[id] = l
        }
    }

    /// Top-k, top-p, min-p and temperature: the candidates left for the draw.
    mutating func filter(_ logits: UnsafeMutableBufferPointer<Float>) -> [Candidate] {
        let p = parameters
        let n = logits.count
        guard n > 0 else { return [] }
        var c: [Candidate]
        var sorted: Bool
        var topPDone = false
        if p.topK > 0 && p.topK < n {
            c = Self.top(p.topK, of: UnsafeBufferPointer(logits))
            sorted = true
        } else if p.topP < 1 {
            c = Self.topPWithoutK(p.topP, logits: UnsafeBufferPointer(logits))
            sorted = true
            topPDone = true
        } else {
            // No selection step: the whole row, or with min-p only the tokens within log(minP) of the best
            // (the min-p step below then keeps them all).
            var bar = -Float.infinity
            if p.minP > 0 {
                var maxLogit = -Float.infinity
                for i in 0..<n where logits[i] > maxLogit { maxLogit = logits[i] }
                bar = maxLogit + logf(p.minP)
            }
            scratch.removeAll(keepingCapacity: true)
            scratch.reserveCapacity(p.minP > 0 ? 256 : n)
            for i in 0..<n {
                let v = logits[i]
                if v >= bar { scratch.append(Candidate(id: i, logit: v)) } else if v.isNaN && bar == -.infinity { scratch.append(Candidate(id: i, logit: -.infinity)) }
            }
            c = scratch
            sorted = false
        }

        // Top-p over the candidates left, their probabilities renormalized (as after top-k).
        if p.topP < 1 && !topPDone && c.count > 1 {
            if !sorted { c.sort(by: Self.before); sorted = true }
            let maxLogit = c[0].logit
            var total: Double = 0
            for x in c { total += Double(expf(x.logit - maxLogit)) }
            var cumulative: Double = 0
            var keep = c.count
            for i in c.indices {
                cumulative += Double(expf(c[i].logit - maxLogit)) / total
                if cumulative >= Double(p.topP) { keep = i + 1; break }
            }
            c.removeSubrange(keep...)
        }

        // Min-p: keep logits within log(minP) of the best.
        if p.minP > 0 && c.count > 1 {
            let maxLogit = sorted ? c[0].logit : c.reduce(-Float.infinity) { max($0, $1.logit) }
            let threshold = maxLogit + logf(p.minP)
            if sorted {
                var keep = 1
                while keep < c.count && c[keep].logit >= threshold { keep += 1 }
                c.removeSubrange(keep...)
            } else {
                c.removeAll { $0.logit < threshold }
            }
        }

        // Temperature.
        if p.temperature != 1 {
            let t = p.temperature
            for i in c.indices { c[i].logit /= t }
        }
        return c
    }

    /// One draw from the softmax of the candidates' logits.
    mutating func draw(_ c: [Candidate]) -> Int {
        let u = Double(rng.next() >> 11) / Double(1 << 53)  // one draw per token, also for a single candidate
        guard c.count > 1 else { return c.first?.id ?? 0 }
        var maxLogit = -Float.infinity
        for x in c { maxLogit = max(maxLogit, x.logit) }
        var total: Double = 0
        for x in c { total += Double(expf(x.logit - maxLogit)) }
        let target = total * u
        var running: Double = 0
        for x in c {
            running += Double(expf(x.logit - maxLogit))
            if running > target { return x.id }
        }
        // Rounding left the target just above the sum: the last candidate with any weight.
        return c.last { $0.logit > -.infinity }?.id ?? c[0].id
    }

    // MARK: - Selection

    /// Whether `a` ranks before `b`: the higher logit, the lower id among equals.
    static func before(_ a: Candidate, _ b: Candidate) -> Bool {
        a.logit > b.logit || (a.logit == b.logit && a.id < b.id)
    }

    /// The `k` best entries of `logits`, best first, by a k-element heap whose root is the worst kept.
    static func top(_ k: Int, of logits: UnsafeBufferPointer<Float>) -> [Candidate] {
        let k = min(k, logits.count)
        guard k > 0 else { return [] }
        var heap: [Candidate] = []
        heap.reserveCapacity(k)
        // Min-heap in rank order: parent ranks after (is worse than) its children.
        func siftUp(_ i: Int) {
            var i = i
            while i > 0 {
                let parent = (i - 1) / 2
                guard before(heap[parent], heap[i]) else { break }
                heap.swapAt(parent, i)
                i = parent
            }
        }
        func siftDown(_ i: Int) {
            var i = i
            while true {
                let l = 2 * i + 1, r = l + 1
                var worst = i
                if l < heap.count && before(heap[worst], heap[l]) { worst = l }
                if r < heap.count && before(heap[worst], heap[r]) { worst = r }
                if worst == i { return }
                heap.swapAt(i, worst)
                i = worst
            }
        }
        for i in 0..<k {
            let v = logits[i]
            heap.append(Candidate(id: i, logit: v.isNaN ? -.infinity : v))
            siftUp(i)
        }
        // The root's logit is the bar to clear; ids ascend, so an equal logit never ranks before the root.
        var bar = heap[0].logit
        for i in k..<logits.count {
            let v = logits[i]
            if v > bar {
                heap[0] = Candidate(id: i, logit: v)
                siftDown(0)
                bar = heap[0].logit
            }
        }
        heap.sort(by: before)
        return heap
    }

    /// The shortest best-first prefix of the whole row whose probability reaches `p`, found by
    /// selecting the best 256, 1024, ... entries until it is inside them.
    static func topPWithoutK(_ p: Float, logits: UnsafeBufferPointer<Float>) -> [Candidate] {
        var maxLogit = -Float.infinity
        for v in logits where v > maxLogit { maxLogit = v }
        var total: Double = 0
        for v in logits where !v.isNaN { total += Double(expf(v - maxLogit)) }
        var m = min(256, logits.count)
        while true {
            let best = top(m, of: logits)
            var cumulative: Double = 0
            for i in best.indices {
                cumulative += Double(expf(best[i].logit - maxLogit)) / total
                if cumulative >= Double(p) { return Array(best[...i]) }
            }
            if m == logits.count { return best }
            m *= 4
            // Past a quarter of the row a plain sort costs less than a heap that large.
            if m >= logits.count / 4 {
                var all = (0..<logits.count).map { Candidate(id: $0, logit: logits[$0].isNaN ? -.infinity : logits[$0]) }
                all.sort(by: before)
                var cumulative: Double = 0
                for i in all.indices {
                    cumulative += Double(expf(all[i].logit - maxLogit)) / total
                    if cumulative >= Double(p) { return Array(all[...i]) }
                }
                return all
            }
        }
    }
}
