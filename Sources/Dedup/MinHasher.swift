import CorpusCore

/// MinHash signatures with 64-bit values.
///
/// Permutation `i` maps a shingle hash `x` to `a[i] &* x &+ b[i]` (wrapping, mod 2^64) with `a[i]`
/// odd, so each map is a bijection on 64-bit values; the signature keeps the minimum over the
/// shingles for every `i`. Shingle hashes are already avalanched, and comparing whole products
/// compares their high bits first, the well-mixed bits of a multiply-shift hash, which is the
/// 2-universal family of Dietzfelbinger et al. The parameters come from SplitMix64 seeded with
/// `seed`; `tableChecksum` (XXH64 of the table) is stored beside signatures so files made with
/// another table are never compared.
///
/// `signature(of:into:)` is the fast path (eight permutations per SIMD step);
/// `referenceSignature(of:)` is its scalar twin, and the tests hold them equal.
public struct MinHasher: Sendable {
    public let permutations: Int
    public let seed: UInt64
    /// Multipliers (odd) and offsets, `permutations` of each.
    public let a: [UInt64]
    public let b: [UInt64]
    /// XXH64 of the little-endian table `a[0], b[0], a[1], b[1], …`.
    public let tableChecksum: UInt64
    /// The table padded to whole SIMD lanes (extra lanes are computed and ignored).
    private let lanesA: [SIMD8<UInt64>]
    private let lanesB: [SIMD8<UInt64>]

    public static let defaultSeed: UInt64 = 0x4D61_7443_6F72_7075  // "MatCorpu"

    public init(permutations: Int, seed: UInt64 = MinHasher.defaultSeed) {
        precondition(permutations > 0)
        self.permutations = permutations
        self.seed = seed
        var rng = SplitMix64(seed: seed)
        var a: [UInt64] = [], b: [UInt64] = []
        var hasher = XXH64()
        for _ in 0..<permutations {
            let ai = rng.next() | 1, bi = rng.next()
            a.append(ai); b.append(bi)
            withUnsafeBytes(of: ai.littleEndian) { hasher.update($0) }
            withUnsafeBytes(of: bi.littleEndian) { hasher.update($0) }
        }
        self.a = a; self.b = b
        tableChecksum = hasher.finalize()
        let groups = (permutations + 7) / 8
        var la: [SIMD8<UInt64>] = [], lb: [SIMD8<UInt64>] = []
        for g in 0..<groups {
            var va = SIMD8<UInt64>(repeating: 1), vb = SIMD8<UInt64>(repeating: 0)
            for k in 0..<8 where g * 8 + k < permutations { va[k] = a[g * 8 + k]; vb[k] = b[g * 8 + k] }
            la.append(va); lb.append(vb)
        }
        lanesA = la; lanesB = lb
    }

    /// Writes the signature of `shingles` into `signature` (`permutations` values). With no shingles
    /// every value is `UInt64.max`.
    public func signature(of shingles: UnsafeBufferPointer<UInt64>, into signature: UnsafeMutableBufferPointer<UInt64>) {
        precondition(signature.count >= permutations)
        let groups = lanesA.count
        lanesA.withUnsafeBufferPointer { la in
            lanesB.withUnsafeBufferPointer { lb in
                // Keep the minima in a small stack array of vectors; groups is 14 for the default.
                withUnsafeTemporaryAllocation(of: SIMD8<UInt64>.self, capacity: groups) { mins in
                    for g in 0..<groups { mins[g] = SIMD8(repeating: .max) }
                    for x in shingles {
                        let vx = SIMD8<UInt64>(repeating: x)
                        for g in 0..<groups {
                            let h = la[g] &* vx &+ lb[g]
                            mins[g] = pointwiseMin(mins[g], h)
                        }
                    }
                    for i in 0..<permutations { signature[i] = mins[i >> 3][i & 7] }
                }
            }
        }
    }

    /// The signature as an array (convenience over `signature(of:into:)`).
    public func signature(of shingles: [UInt64]) -> [UInt64] {
        var out = [UInt64](repeating: .max, count: permutations)
        shingles.withUnsafeBufferPointer { s in out.withUnsafeMutableBufferPointer { signature(of: s, into: $0) } }
        return out
    }

    /// Scalar reference twin of `signature(of:into:)`.
    public func referenceSignature(of shingles: [UInt64]) -> [UInt64] {
        var out = [UInt64](repeating: .max, count: permutations)
        for i in 0..<permutations {
            for x in shingles { out[i] = min(out[i], a[i] &* x &+ b[i]) }
        }
        return out
    }

    /// The fraction of equal positions: the MinHash estimate of the Jaccard similarity.
    public static func estimatedJaccard(_ x: UnsafeBufferPointer<UInt64>, _ y: UnsafeBufferPointer<UInt64>) -> Double {
        let n = min(x.count, y.count)
        guard n > 0 else { return 0 }
        var equal = 0
        for i in 0..<n where x[i] == y[i] { equal += 1 }
        return Double(equal) / Double(n)
    }
}
