import Testing
import _CorpusTestSupport
@testable import Tokenizers

@Suite struct BPETrainerTests {
    static func counts(_ text: String) -> [[UInt8]: Int] {
        var c: [[UInt8]: Int] = [:]
        for w in text.split(separator: " ") { c[Array((" " + w).utf8), default: 0] += 1 }
        return c
    }

    @Test func incrementalTrainingEqualsTheRecountingTwin() {
        var rng = SeededGenerator(seed: 4)
        let alphabet = Array("aabbcdeeeffghhiinooprsstt")
        for round in 0..<8 {
            var words: [[UInt8]: Int] = [:]
            for _ in 0..<200 {
                let n = 1 + Int(rng.next() % 9)
                let w = String((0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
                words[Array(w.utf8), default: 0] += 1 + Int(rng.next() % 5)
            }
            let trainer = BPETrainer(merges: 60, minimumFrequency: 2)
            let fast = trainer.train(words), slow = trainer.referenceTrain(words)
            #expect(fast.tokens == slow.tokens, "round \(round)")
            #expect(fast.merges.map { [$0.0, $0.1] } == slow.merges.map { [$0.0, $0.1] }, "round \(round)")
        }
    }

    @Test func mergesTheMostFrequentPairFirstWithAStatedTieBreak() {
        // "ab" ×3 beats "cd" ×2; then "abab"-internal pairs.
        let r = BPETrainer(merges: 1).train([Array("ab".utf8): 3, Array("cd".utf8): 2])
        #expect(r.tokens.count == 257 && r.tokens[256] == Array("ab".utf8))
        // Equal counts: the merged token whose bytes sort first ("ab" < "cd").
        let t = BPETrainer(merges: 1).train([Array("cd".utf8): 2, Array("ab".utf8): 2])
        #expect(t.tokens[256] == Array("ab".utf8))
    }

    @Test func stopsAtTheMinimumFrequency() {
        let r = BPETrainer(merges: 100, minimumFrequency: 3).train([Array("ab".utf8): 3, Array("cd".utf8): 2])
        #expect(r.merges.count == 1)
    }

    @Test func extendLearnsNewMergesAfterTheExistingOnes() {
        let base = BPETrainer(merges: 5).train(Self.counts("the cat sat on the mat the end"))
        let extended = BPETrainer(merges: 4).train(Self.counts("perovskite perovskite perovskite oxide oxide"), extending: base)
        #expect(Array(extended.merges.prefix(base.merges.count)).map { [$0.0, $0.1] } == base.merges.map { [$0.0, $0.1] })
        #expect(extended.merges.count == base.merges.count + 4)
        #expect(extended.tokens.prefix(base.tokens.count).elementsEqual(base.tokens))
    }
}

@Suite struct PreTokenCounterTests {
    @Test func parallelCountsEqualASingleThreadedCount() throws {
        let texts = (0..<500).map { i in "sample \(i % 17) was annealed at \(i % 5)00 K and the sample was cooled" }
        let split: @Sendable (String, (Substring) -> Void) -> Void = { text, body in for w in text.split(separator: " ") { body(w) } }
        var expected: [[UInt8]: Int] = [:]
        for t in texts { for w in t.split(separator: " ") { expected[Array(w.utf8), default: 0] += 1 } }
        for workers in [1, 2, 4] {
            let batches = BatchList(texts, size: 37)
            let got = try PreTokenCounter(workers: workers, split: split).count { batches.next() }
            #expect(got == expected, "\(workers) workers")
        }
    }
}

final class BatchList: @unchecked Sendable {
    private var rest: ArraySlice<String>
    private let size: Int
    init(_ texts: [String], size: Int) { rest = texts[...]; self.size = size }
    func next() -> [String]? {
        guard !rest.isEmpty else { return nil }
        defer { rest = rest.dropFirst(size) }
        return Array(rest.prefix(size))
    }
}
