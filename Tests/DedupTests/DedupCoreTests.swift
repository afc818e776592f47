import Testing
import _CorpusTestSupport
@testable import Dedup

@Suite struct WordHashTests {
    @Test func wordsAreLowercasedRunsOfLettersAndDigits() {
        #expect(WordHashes.words(in: "Fe2O3, the α-Al2O3 FILM (99.9%)") == ["fe2o3", "the", "α", "al2o3", "film", "99", "9"])
        #expect(WordHashes.words(in: "  \n\t") == [])
        #expect(WordHashes.words(in: "Ångström ÉCOLE naïve") == ["ångström", "école", "naïve"])
    }

    @Test func byteScannerAgreesWithTheWordList() {
        for text in ["Fe2O3 and Fe3O4 were annealed at 800 °C.", "Ångström-scale ÉCOLE naïve résumé Σ", "a\u{0301}b c—d", "x\u{FFFD}y \u{1F600} z"] {
            var hashes: [UInt64] = []
            WordHashes.forEach(in: text) { hashes.append($0) }
            #expect(hashes == WordHashes.words(in: text).map(WordHashes.hash(normalizedWord:)), "\(text)")
        }
    }

    @Test func digitsAreKept() {
        #expect(ExactKey(text: "Fe2O3 film") != ExactKey(text: "Fe3O4 film"))
    }
}

@Suite struct ShingleTests {
    @Test func rollingShinglesEqualTheReference() {
        var rng = SeededGenerator(seed: 11)
        for n in 1...7 {
            for count in [0, 1, n - 1, n, n + 1, 40] where count >= 0 {
                let words = (0..<count).map { _ in rng.next() }
                var rolled: [UInt64] = []
                words.withUnsafeBufferPointer { ShingleHasher(n: n).shingles(of: $0, into: &rolled) }
                #expect(rolled == ShingleHasher(n: n).referenceShingles(of: words), "n \(n), \(count) words")
            }
        }
    }

    @Test func orderMatters() {
        let h = ShingleHasher(n: 2)
        #expect(h.referenceShingles(of: [1, 2]) != h.referenceShingles(of: [2, 1]))
    }

    @Test func exactKeyIgnoresCaseSpacingAndPunctuationButNotOrder() {
        #expect(ExactKey(text: "The  film, annealed.\n") == ExactKey(text: "the film annealed"))
        #expect(ExactKey(text: "film the annealed") != ExactKey(text: "the film annealed"))
        #expect(ExactKey(text: "") == ExactKey(text: " ... "))
    }
}

@Suite struct MinHashTests {
    @Test func fastSignatureEqualsTheScalarTwin() {
        var rng = SeededGenerator(seed: 5)
        for permutations in [1, 7, 8, 9, 112, 128] {
            let hasher = MinHasher(permutations: permutations, seed: rng.next())
            for size in [0, 1, 3, 100, 1000] {
                let shingles = (0..<size).map { _ in rng.next() }
                #expect(hasher.signature(of: shingles) == hasher.referenceSignature(of: shingles), "\(permutations) permutations, \(size) shingles")
            }
        }
    }

    @Test func tableDependsOnTheSeedOnly() {
        #expect(MinHasher(permutations: 112, seed: 1).tableChecksum == MinHasher(permutations: 112, seed: 1).tableChecksum)
        #expect(MinHasher(permutations: 112, seed: 1).tableChecksum != MinHasher(permutations: 112, seed: 2).tableChecksum)
        #expect(MinHasher(permutations: 112, seed: 1).a.allSatisfy { $0 & 1 == 1 })
    }

    /// Over many random set pairs of known Jaccard similarity the estimate is unbiased and its
    /// spread matches the binomial √(J(1−J)/P) that independent permutations would give.
    @Test func estimateIsUnbiasedWithBinomialSpread() {
        var rng = SeededGenerator(seed: 99)
        let hasher = MinHasher(permutations: 112)
        for target in [0.3, 0.5, 0.8, 0.9] {
            var errors: [Double] = []
            for _ in 0..<200 {
                // |A ∩ B| = s, |A ∪ B| = u: J = s/u.
                let u = 400, s = Int(target * Double(u))
                let shared = (0..<s).map { _ in Mix.fmix64(rng.next()) }
                let onlyA = (0..<((u - s) / 2)).map { _ in Mix.fmix64(rng.next()) }
                let onlyB = (0..<(u - s - (u - s) / 2)).map { _ in Mix.fmix64(rng.next()) }
                let a = hasher.signature(of: shared + onlyA), b = hasher.signature(of: shared + onlyB)
                let j = Double(s) / Double(u)
                let estimate = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { MinHasher.estimatedJaccard(x, $0) } }
                errors.append(estimate - j)
            }
            let mean = errors.reduce(0, +) / Double(errors.count)
            let sd = (errors.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(errors.count - 1)).squareRoot()
            let binomial = (target * (1 - target) / 112).squareRoot()
            #expect(abs(mean) < 3 * binomial / Double(errors.count).squareRoot() + 0.005, "J \(target): bias \(mean)")
            #expect(sd < 1.3 * binomial && sd > 0.7 * binomial, "J \(target): sd \(sd), binomial \(binomial)")
        }
    }

    @Test func sCurve() {
        let p = MinHashParameters.default
        #expect(p.permutations == 112)
        #expect(p.candidateProbability(jaccard: 0.9) > 0.99)
        #expect(p.candidateProbability(jaccard: 0.3) < 0.01)
        #expect(abs(p.curveThreshold - 0.719) < 0.01)
    }

    @Test func settingsAreValidated() {
        var p = MinHashParameters.default
        p.rows = 0
        #expect(throws: DedupError.self) { try p.validate() }
        p = .default; p.threshold = 1.5
        #expect(throws: DedupError.self) { try p.validate() }
    }
}

@Suite struct UnionFindTests {
    @Test func keepsTheBestMemberWhateverTheEdgeOrder() {
        // Best = largest number here, to show the rule is the caller's.
        for edges in [[(0, 1), (1, 2), (3, 4)], [(2, 1), (4, 3), (0, 2)], [(3, 4), (0, 2), (1, 0)]] {
            var sets = UnionFind(count: 6)
            for (a, b) in edges { sets.union(a, b, better: { $0 > $1 }) }
            #expect([0, 1, 2].map { sets.best($0) } == [2, 2, 2])
            #expect([3, 4].map { sets.best($0) } == [4, 4])
            #expect(sets.best(5) == 5)
            #expect(sets.find(2) == 0 && sets.find(4) == 3)
        }
    }
}

@Suite struct BottomSketchTests {
    @Test func jaccardEqualsTheSetTwinAndIsExactForSmallSets() {
        var rng = SeededGenerator(seed: 21)
        for (sizeA, sizeB, shared, k) in [(10, 12, 8, 64), (300, 280, 250, 64), (2000, 2100, 1700, 256), (5, 500, 5, 16), (0, 3, 0, 8)] {
            let common = (0..<shared).map { _ in rng.next() }
            let a = common + (0..<(sizeA - shared)).map { _ in rng.next() }
            let b = common + (0..<(sizeB - shared)).map { _ in rng.next() }
            var sa: [UInt32] = [], sb: [UInt32] = []
            BottomSketch.make(a, size: k, into: &sa)
            BottomSketch.make(b, size: k, into: &sb)
            #expect(sa == sa.sorted() && Set(sa).count == sa.count && sa.count == min(k, sizeA))
            let fast = sa.withUnsafeBufferPointer { x in sb.withUnsafeBufferPointer { BottomSketch.jaccard(x, $0, size: k) } }
            #expect(fast == BottomSketch.referenceJaccard(sa, sb, size: k), "\(sizeA) \(sizeB) \(shared) k \(k)")
            if sizeA + sizeB - shared <= k, sizeA + sizeB > 0 {
                #expect(abs(fast - Double(shared) / Double(sizeA + sizeB - shared)) < 1e-12, "exact below k")
            }
        }
    }

    @Test func estimateIsCloseForLargeSets() {
        var rng = SeededGenerator(seed: 8)
        var errors: [Double] = []
        for _ in 0..<100 {
            let common = (0..<4000).map { _ in rng.next() }
            let a = common + (0..<500).map { _ in rng.next() }, b = common + (0..<500).map { _ in rng.next() }
            var sa: [UInt32] = [], sb: [UInt32] = []
            BottomSketch.make(a, size: 1024, into: &sa)
            BottomSketch.make(b, size: 1024, into: &sb)
            errors.append(sa.withUnsafeBufferPointer { x in sb.withUnsafeBufferPointer { BottomSketch.jaccard(x, $0, size: 1024) } } - 0.8)
        }
        let mean = errors.reduce(0, +) / 100
        let rms = (errors.map { $0 * $0 }.reduce(0, +) / 100).squareRoot()
        #expect(abs(mean) < 0.006, "bias \(mean)")
        #expect(rms < 0.016, "rms \(rms); √(J(1−J)/k) = 0.0125")
    }
}
