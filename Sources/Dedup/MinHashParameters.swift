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
    /// A candidate pair (same values in at least one band) is a duplicate only when the signatures
    /// agree in at least this fraction of positions (the MinHash estimate of Jaccard similarity).
    public var threshold: Double

    public static let `default` = MinHashParameters(ngram: 5, bands: 14, rows: 8, seed: MinHasher.defaultSeed, threshold: 0.7)

    public init(ngram: Int, bands: Int, rows: Int, seed: UInt64, threshold: Double) {
        self.ngram = ngram; self.bands = bands; self.rows = rows; self.seed = seed; self.threshold = threshold
    }

    public var permutations: Int { bands * rows }

    /// Checks the values a user can set; the error names the setting.
    public func validate() throws(DedupError) {
        if ngram < 1 { throw .invalidSetting(name: "ngram", reason: "must be at least 1, got \(ngram)") }
        if bands < 1 { throw .invalidSetting(name: "bands", reason: "must be at least 1, got \(bands)") }
        if rows < 1 { throw .invalidSetting(name: "rows", reason: "must be at least 1, got \(rows)") }
        if permutations > 1024 { throw .invalidSetting(name: "bands × rows", reason: "at most 1024 permutations, got \(permutations)") }
        if !(0...1).contains(threshold) { throw .invalidSetting(name: "threshold", reason: "must be within 0…1, got \(threshold)") }
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

    /// Signs `text`, writing the signature into `signature`; returns the exact key and the number
    /// of shingles (0: no words, the signature is all `UInt64.max` and takes no part in LSH).
    public mutating func sign(_ text: String, into signature: UnsafeMutableBufferPointer<UInt64>) -> (key: ExactKey, shingles: Int) {
        words.removeAll(keepingCapacity: true)
        shingles.removeAll(keepingCapacity: true)
        WordHashes.forEach(in: text) { words.append($0) }
        let key = words.withUnsafeBufferPointer { w in
            shingler.shingles(of: w, into: &shingles)
            return ExactKey(words: w)
        }
        shingles.withUnsafeBufferPointer { hasher.signature(of: $0, into: signature) }
        return (key, shingles.count)
    }

    /// Signs `text` into a new array (convenience).
    public mutating func sign(_ text: String) -> (key: ExactKey, shingles: Int, signature: [UInt64]) {
        var signature = [UInt64](repeating: .max, count: parameters.permutations)
        let r = signature.withUnsafeMutableBufferPointer { sign(text, into: $0) }
        return (r.key, r.shingles, signature)
    }
}
