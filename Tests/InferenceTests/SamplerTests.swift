import CorpusCore
import Foundation
import Testing
@testable import Inference

@Suite struct SamplerTests {
    /// A row of `n` logits from a seeded generator, roughly like a model's (normal-ish, std 3).
    static func randomLogits(_ n: Int, seed: UInt64) -> [Float] {
        var g = SplitMix64(seed: seed)
        return (0..<n).map { _ in
            let u = (0..<4).reduce(Float(0)) { acc, _ in acc + Float(g.next() >> 40) / Float(1 << 24) }
            return (u - 2) * 5.2
        }
    }

    /// Logits whose softmax is `probabilities`.
    static func logits(_ probabilities: [Double]) -> [Float] { probabilities.map { Float(log($0)) } }

    func ids(_ p: SamplingParameters, _ logits: [Float], history: [Int] = []) -> [Int] {
        var s = Sampler(p)
        var l = logits
        return l.withUnsafeMutableBufferPointer { s.candidates(logits: $0, history: history).map(\.id) }
    }

    @Test func greedyIsTheExactArgmaxWithTheLowestIdOnTies() {
        var s = Sampler(.greedy)
        var l: [Float] = [0.5, 3, -1, 3, 2.999999]
        #expect(s.sample(logits: &l, history: []) == 1)
        for seed in 0..<20 as Range<UInt64> {
            var row = Self.randomLogits(49_152, seed: seed)
            let want = row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) }!
            #expect(s.sample(logits: &row, history: []) == want)
        }
        var allEqual = [Float](repeating: -2, count: 10)
        #expect(s.sample(logits: &allEqual, history: []) == 0)
        var withNaN: [Float] = [.nan, 1, .nan, 2, 2]
        #expect(s.sample(logits: &withNaN, history: []) == 3)
    }

    @Test func topKOfOneIsGreedyAtAnyTemperature() {
        var greedy = Sampler(.greedy)
        var top1 = Sampler(SamplingParameters(temperature: 1.5, topK: 1, topP: 1, minP: 0, seed: 9))
        for seed in 0..<50 as Range<UInt64> {
            var a = Self.randomLogits(2_000, seed: seed)
            var b = a
            if seed % 5 == 0 { a[7] = a.max()!; a[1_500] = a[7]; b = a }  // a tie at the top
            #expect(top1.sample(logits: &b, history: []) == greedy.sample(logits: &a, history: []))
        }
    }

    @Test func topKKeepsTheKBestInOrderByPartialSelection() {
        let row = Self.randomLogits(49_152, seed: 3)
        let want = row.indices.sorted { row[$0] > row[$1] || (row[$0] == row[$1] && $0 < $1) }.prefix(40)
        #expect(ids(SamplingParameters(temperature: 1, topK: 40, topP: 1, minP: 0), row) == Array(want))
        // Ties at the cut keep the lower ids.
        let tied: [Float] = [1, 5, 3, 3, 3, 0]
        #expect(ids(SamplingParameters(temperature: 1, topK: 3, topP: 1, minP: 0), tied) == [1, 2, 3])
    }

    @Test func topPKeepsTheSmallestPrefixReachingP() {
        let l = Self.logits([0.1, 0.4, 0.2, 0.3])
        func topP(_ p: Float, topK: Int = 0) -> [Int] { ids(SamplingParameters(temperature: 1, topK: topK, topP: p, minP: 0), l) }
        #expect(topP(0.35) == [1])
        #expect(topP(0.5) == [1, 3])
        #expect(topP(0.75) == [1, 3, 2])
        #expect(topP(0.95) == [1, 3, 2, 0])
        // After top-k the probabilities are renormalized over the k left (0.4/0.7, 0.3/0.7).
        #expect(topP(0.6, topK: 2) == [1, 3])
        #expect(topP(0.55, topK: 2) == [1])
        // The expanding selection over a large row: 307 equal peaks hold nearly all the probability,
        // so top-p 0.5 keeps the first 154 of them (153/307 < 0.5 ≤ 154/307).
        var big = [Float](repeating: -20, count: 49_152)
        for i in stride(from: 100, to: 49_152, by: 160) { big[i] = 5 }
        let peaks = big.indices.filter { big[$0] == 5 }
        #expect(peaks.count == 307)
        let kept = ids(SamplingParameters(temperature: 1, topK: 0, topP: 0.5, minP: 0), big)
        #expect(kept == Array(peaks.prefix(154)))
        // More than the first selection of 256 is needed for 0.9: 277 peaks.
        #expect(ids(SamplingParameters(temperature: 1, topK: 0, topP: 0.9, minP: 0), big) == Array(peaks.prefix(277)))
        // A flat row needs most of the vocabulary: the same prefix as a brute-force sort.
        let flat = Self.randomLogits(3_000, seed: 8).map { $0 / 10 }
        let order = flat.indices.sorted { flat[$0] > flat[$1] || (flat[$0] == flat[$1] && $0 < $1) }
        let z = flat.reduce(0.0) { $0 + exp(Double($1)) }
        var cumulative = 0.0, n = 0
        while cumulative < 0.9 { cumulative += exp(Double(flat[order[n]])) / z; n += 1 }
        #expect(n > 750)
        #expect(ids(SamplingParameters(temperature: 1, topK: 0, topP: 0.9, minP: 0), flat) == Array(order.prefix(n)))
    }

    @Test func minPKeepsTokensWithinAFactorOfTheBest() {
        let l = Self.logits([0.5, 0.2, 0.1, 0.04, 0.16])
        #expect(ids(SamplingParameters(temperature: 1, topK: 0, topP: 1, minP: 0.3), l) == [0, 1, 4])  // unsorted path: id order
        #expect(ids(SamplingParameters(temperature: 1, topK: 4, topP: 1, minP: 0.3), l) == [0, 1, 4])  // sorted path
        #expect(ids(SamplingParameters(temperature: 1, topK: 0, topP: 1, minP: 0.1), l) == [0, 1, 2, 4])
        #expect(ids(SamplingParameters(temperature: 1, topK: 0, topP: 1, minP: 0.99), l) == [0])
    }

    @Test func chainOrderIsPenaltiesTopKTopPMinPTemperature() {
        // Top-p runs on probabilities at temperature 1; the temperature only reshapes what is left.
        let l = Self.logits([0.5, 0.3, 0.15, 0.05])
        var s = Sampler(SamplingParameters(temperature: 0.5, topK: 3, topP: 0.7, minP: 0.5))
        var row = l
        let c = row.withUnsafeMutableBufferPointer { s.candidates(logits: $0, history: []) }
        #expect(c.map(\.id) == [0, 1])  // top-k {0,1,2}; top-p 0.5/0.95+0.3/0.95 ≥ 0.7; min-p keeps 0.3 ≥ 0.25
        #expect(abs(c[0].logit - l[0] / 0.5) < 1e-6 && abs(c[1].logit - l[1] / 0.5) < 1e-6)
        // A penalty first can change which tokens survive top-k.
        #expect(ids(SamplingParameters(temperature: 1, topK: 1, topP: 1, minP: 0, repetitionPenalty: 4), l, history: [0]) == [1])
    }

    @Test func repetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsOfSeenTokens() {
        var s = Sampler(SamplingParameters(temperature: 0, repetitionPenalty: 2, repetitionWindow: 3))
        var l: [Float] = [2, -2, 1, 0.5, 0, 4]
        // Window 3 of [5, 0, 1, 0, 3]: tokens 1, 0, 3 (0 counted twice, penalized once).
        let id = s.sample(logits: &l, history: [5, 0, 1, 0, 3])
        #expect(l == [1, -4, 1, 0.25, 0, 4])
        #expect(id == 5)  // 5 is outside the window
        var whole = Sampler(SamplingParameters(temperature: 0, repetitionPenalty: 2, repetitionWindow: -1))
        var m: [Float] = [2, 2.5, 1, 1, 1, 4]
        #expect(whole.sample(logits: &m, history: [5, 1, 2]) == 0)  // 4 → 2, 2.5 → 1.25
        #expect(m == [2, 1.25, 0.5, 1, 1, 2])
        var off = Sampler(SamplingParameters(temperature: 0, repetitionPenalty: 2, repetitionWindow: 0))
        var n: [Float] = [1, 2]
        _ = off.sample(logits: &n, history: [1])
        #expect(n == [1, 2])
        // Frequency and presence penalties: count × frequency + presence.
        var fp = Sampler(SamplingParameters(temperature: 0, frequencyPenalty: 0.5, presencePenalty: 0.25))
        var f: [Float] = [3, 3, 3]
        _ = fp.sample(logits: &f, history: [0, 0, 1])
        #expect(f == [3 - 1.25, 3 - 0.75, 3])
    }

    @Test func sameSeedSameTokensDifferentSeedsDifferentTokens() {
        let row = Self.randomLogits(1_000, seed: 11).map { $0 / 4 }  // flat enough for varied draws
        func run(_ seed: UInt64, _ p: SamplingParameters) -> [Int] {
            var params = p
            params.seed = seed
            var s = Sampler(params)
            var history: [Int] = []
            for _ in 0..<100 {
                var l = row
                history.append(s.sample(logits: &l, history: history))
            }
            return history
        }
        for p in [SamplingParameters(temperature: 1, topK: 0, topP: 1, minP: 0), SamplingParameters(), SamplingParameters(topK: 0, topP: 0.9, repetitionPenalty: 1.1)] {
            #expect(run(42, p) == run(42, p))
            #expect(run(42, p) != run(43, p))
            #expect(Set(run(7, p)).count > 10)
        }
    }

    @Test func drawsAtTemperatureOneFollowTheDistribution() {
        let probabilities = [0.4, 0.25, 0.15, 0.1, 0.06, 0.04]
        var s = Sampler(SamplingParameters(temperature: 1, topK: 0, topP: 1, minP: 0, seed: 2024))
        let draws = 20_000
        var counts = [Int](repeating: 0, count: probabilities.count)
        let row = Self.logits(probabilities)
        for _ in 0..<draws {
            var l = row
            counts[s.sample(logits: &l, history: [])] += 1
        }
        let chiSquare = zip(counts, probabilities).reduce(0.0) { acc, x in
            let expected = Double(draws) * x.1
            return acc + (Double(x.0) - expected) * (Double(x.0) - expected) / expected
        }
        // 5 degrees of freedom: P(χ² > 20.5) = 0.001.
        #expect(chiSquare < 20.5, "counts \(counts), χ² \(chiSquare)")
        // Temperature 2 flattens: p_i ∝ √p_i.
        var hot = Sampler(SamplingParameters(temperature: 2, topK: 0, topP: 1, minP: 0, seed: 5))
        var first = 0
        for _ in 0..<draws {
            var l = row
            if hot.sample(logits: &l, history: []) == 0 { first += 1 }
        }
        let want = sqrt(0.4) / probabilities.map(sqrt).reduce(0, +)
        #expect(abs(Double(first) / Double(draws) - want) < 0.015)
    }

    @Test func samplingAVocabularyRowCostsLessThanSortingIt() {
        // Measured against a full sort of the same row in the same build, so that it holds in debug
        // builds and on a busy machine alike.
        let row = Self.randomLogits(49_152, seed: 1)
        var s = Sampler(SamplingParameters(seed: 1))  // llama.cpp defaults: top-k 40, top-p 0.95, min-p 0.05, temp 0.8
        let rounds = 20
        var start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<rounds {
            var l = row
            _ = s.sample(logits: &l, history: Array(0..<64))
        }
        let sampling = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(rounds) / 1000
        start = DispatchTime.now().uptimeNanoseconds
        var sink = 0
        for _ in 0..<2 {
            let order = row.indices.sorted { row[$0] > row[$1] }
            sink &+= order[0]
        }
        let sorting = Double(DispatchTime.now().uptimeNanoseconds - start) / 2 / 1000
        print("49152 logits: sampling (defaults) \(Int(sampling)) µs per token, a full sort \(Int(sorting)) µs (checksum \(sink))")
        #expect(sampling * 3 < sorting)
    }

    @Test func parametersDecodeWithDefaultsForMissingFields() throws {
        let p = try JSONDecoder().decode(SamplingParameters.self, from: Data(#"{"temperature": 0, "top_k": 1, "seed": 7}"#.utf8))
        #expect(p == SamplingParameters(temperature: 0, topK: 1, seed: 7))
        let round = try JSONDecoder().decode(SamplingParameters.self, from: JSONEncoder().encode(SamplingParameters(minP: 0.1, repetitionWindow: 32)))
        #expect(round == SamplingParameters(minP: 0.1, repetitionWindow: 32))
    }
}
