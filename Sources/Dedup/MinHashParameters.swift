import Foundation

/// The settings of near-duplicate detection. Two runs compare signatures only when these agree
/// (and so do the permutation tables' checksums).
public struct MinHashParameters: Sendable, Hashable, Codable {
    /// Words per shingle.
    public var ngram: Int
    /// LSH bands, and MinHash values (rows) per band; `bands * rows` permutations.
    public var bands: Int
    public var rows: Int
    /// Seed of the permutation table.
    public var seed: UInt64
    /// A candidate pair (same values in at least one band) is a duplicate only when its estimated
    /// Jaccard similarity is at least this: from the verification sketches, or with `sketch = 0`
    /// from the share of equal MinHash values.
    public var threshold: Double
    /// Size of each document's verification sketch: the `sketch` smallest distinct 32-bit shingle
    /// hashes (a bottom-k sketch). Pairs are verified on it: exactly for documents with fewer
    /// distinct shingles, otherwise with a standard error of about √(J(1−J)/k), a third of the
    /// 112 MinHash values' at k = 1024. 0: verify on the MinHash signature.
    public var sketch: Int

    public static let `default` = MinHashParameters(ngram: 5, bands: 14, rows: 8, seed: MinHasher.defaultSeed, threshold: 0.8, sketch: 1024)

    public init(ngram: Int, bands: Int, rows: Int, seed: UInt64, threshold: Double, sketch: Int = MinHashParameters.default.sketch) {
        self.ngram = ngram; self.bands = bands; self.rows = rows; self.seed = seed; self.threshold = threshold; self.sketch = sketch
    }

    public var permutations: Int { bands * rows }

    /// Exact keys only, no MinHash (the `exact_dedup` stage's workspace).
    public static let exactOnly = MinHashParameters(ngram: 1, bands: 0, rows: 0, seed: 0, threshold: 1, sketch: 0)
    public var isExactOnly: Bool { permutations == 0 }

    /// The permutation table's checksum (0 for exact-only settings).
    public var tableChecksum: UInt64 { isExactOnly ? 0 : MinHasher(permutations: permutations, seed: seed).tableChecksum }

    /// Checks the values a user can set; the error names the setting.
    public func validate() throws(DedupError) {
        if self == .exactOnly { return }
        if ngram < 1 { throw .invalidSetting(name: "ngram", reason: "must be at least 1, got \(ngram)") }
        if bands < 1 { throw .invalidSetting(name: "bands", reason: "must be at least 1, got \(bands)") }
        if rows < 1 { throw .invalidSetting(name: "rows", reason: "must be at least 1, got \(rows)") }
        if permutations > 1024 { throw .invalidSetting(name: "bands × rows", reason: "at most 1024 permutations, got \(permutations)") }
        if !(0...1).contains(threshold) { throw .invalidSetting(name: "threshold", reason: "must be within 0…1, got \(threshold)") }
        if sketch < 0 || sketch > 65536 || sketch % 2 != 0 {
            throw .invalidSetting(name: "sketch", reason: "must be an even number within 0…65536, got \(sketch)")
        }
    }

    /// The probability that a pair with Jaccard similarity `j` becomes a candidate: 1 − (1 − j^r)^b.
    public func candidateProbability(jaccard j: Double) -> Double {
        1 - pow(1 - pow(j, Double(rows)), Double(bands))
    }

    /// The similarity at which the S-curve is steepest, about (1/b)^(1/r).
    public var curveThreshold: Double { pow(1 / Double(bands), 1 / Double(rows)) }

    /// The key of band `band`: its `rows` values folded with `Mix.fmix64`, salted by the band number.
    @inline(__always)
    public func bandKey(_ signature: UnsafeBufferPointer<UInt64>, band: Int) -> UInt64 {
        var k = UInt64(band) &* 0x9e37_79b9_7f4a_7c15
        let start = band * rows
        for r in start..<(start + rows) { k = Mix.fmix64(k ^ signature[r]) }
        return k
    }
}

/// Turns a text into its dedup keys: the exact key, the shingle count and the MinHash signature.
/// Reuses its buffers; one per thread.
public struct DocumentSigner {
    public let parameters: MinHashParameters
    public let hasher: MinHasher
    private let shingler: ShingleHasher
    private var words: [UInt64] = []
    private var shingles: [UInt64] = []

    public init(parameters: MinHashParameters) {
        self.parameters = parameters
        hasher = MinHasher(permutations: parameters.permutations, seed: parameters.seed)
        shingler = ShingleHasher(n: parameters.ngram)
    }

    /// The verification sketch of the last signed text (see `MinHashParameters.sketch`), ascending.
    public private(set) var sketch: [UInt32] = []

    /// Signs `text`, writing the signature into `signature` and the verification sketch into
    /// `sketch`; returns the exact key and the number of shingles (0: no words, the signature is
    /// all `UInt64.max` and takes no part in LSH).
    public mutating func sign(_ text: String, into signature: UnsafeMutableBufferPointer<UInt64>) -> (key: ExactKey, shingles: Int) {
        words.removeAll(keepingCapacity: true)
        shingles.removeAll(keepingCapacity: true)
        WordHashes.forEach(in: text) { words.append($0) }
        let key = words.withUnsafeBufferPointer { w in
            shingler.shingles(of: w, into: &shingles)
            return ExactKey(words: w)
        }
        shingles.withUnsafeBufferPointer { hasher.signature(of: $0, into: signature) }
        if parameters.sketch > 0 { BottomSketch.make(shingles, size: parameters.sketch, into: &sketch) }
        return (key, shingles.count)
    }

    /// Signs `text` into a new array (convenience).
    public mutating func sign(_ text: String) -> (key: ExactKey, shingles: Int, signature: [UInt64]) {
        var signature = [UInt64](repeating: .max, count: parameters.permutations)
        let r = signature.withUnsafeMutableBufferPointer { sign(text, into: $0) }
        return (r.key, r.shingles, signature)
    }
}
