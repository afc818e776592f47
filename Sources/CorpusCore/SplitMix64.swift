/// SplitMix64 (Steele, Lea and Flood): a small, fast generator with a fixed, documented output for
/// each seed. Used wherever a seeded, reproducible sequence is part of an output (MinHash
/// permutation tables, shard shuffles) and by the tests.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

extension XXH64 {
    /// XXH64 of `text` with `seed`, as a number in [0, 1) (53 bits): a stable per-document draw for
    /// splits and sampling, the same in every run.
    public static func unitInterval(_ text: String, seed: UInt64) -> Double {
        Double(hash(text, seed: seed) >> 11) / Double(1 << 53)
    }
}
