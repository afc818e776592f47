/// XXH64, the 64-bit xxHash (spec: Cyan4973/xxHash doc/xxhash_spec.md).
///
/// Used for stable document ids and output checksums: fast, well specified, and computed the same
/// by the `xxhash` Python package, which the tests use as an independent reference.
public struct XXH64: Sendable {
    static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    static let p3: UInt64 = 0x1656_67B1_9E37_79F9
    static let p4: UInt64 = 0x85EB_CA77_C2B2_AE63
    static let p5: UInt64 = 0x27D4_EB2F_1656_67C5

    private var v1, v2, v3, v4: UInt64
    private let seed: UInt64
    private var totalLength: UInt64 = 0
    // Up to 31 bytes not yet consumed by a full 32-byte stripe.
    private var pending: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var pendingCount = 0

    public init(seed: UInt64 = 0) {
        self.seed = seed
        v1 = seed &+ XXH64.p1 &+ XXH64.p2
        v2 = seed &+ XXH64.p2
        v3 = seed
        v4 = seed &- XXH64.p1
    }

    @inline(__always) static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        var acc = acc &+ input &* p2
        acc = (acc << 31) | (acc >> 33)
        return acc &* p1
    }

    @inline(__always) static func mergeRound(_ acc: UInt64, _ val: UInt64) -> UInt64 {
        let val = round(0, val)
        return (acc ^ val) &* p1 &+ p4
    }

    /// Feeds bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        totalLength &+= UInt64(bytes.count)
        var p = 0
        let n = bytes.count
        if pendingCount > 0 {
            withUnsafeMutableBytes(of: &pending) { buf in
                let take = min(32 - pendingCount, n)
                buf.baseAddress!.advanced(by: pendingCount).copyMemory(from: base, byteCount: take)
                pendingCount += take
                p = take
            }
            if pendingCount < 32 { return }
            let lanes = withUnsafeBytes(of: &pending) { b in
                (b.loadUnaligned(fromByteOffset: 0, as: UInt64.self), b.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                 b.loadUnaligned(fromByteOffset: 16, as: UInt64.self), b.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
            }
            v1 = XXH64.round(v1, UInt64(littleEndian: lanes.0)); v2 = XXH64.round(v2, UInt64(littleEndian: lanes.1))
            v3 = XXH64.round(v3, UInt64(littleEndian: lanes.2)); v4 = XXH64.round(v4, UInt64(littleEndian: lanes.3))
            pendingCount = 0
        }
        while p + 32 <= n {
            v1 = XXH64.round(v1, UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: p, as: UInt64.self)))
            v2 = XXH64.round(v2, UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: p + 8, as: UInt64.self)))
            v3 = XXH64.round(v3, UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: p + 16, as: UInt64.self)))
            v4 = XXH64.round(v4, UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: p + 24, as: UInt64.self)))
            p += 32
        }
        if p < n {
            let rest = n - p
            withUnsafeMutableBytes(of: &pending) { buf in
                buf.baseAddress!.copyMemory(from: base.advanced(by: p), byteCount: rest)
            }
            pendingCount = rest
        }
    }

    /// Feeds the UTF-8 bytes of a string.
    public mutating func update(_ string: String) {
        var s = string
        s.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// The hash of everything fed so far.
    public func finalize() -> UInt64 {
        var h: UInt64
        if totalLength >= 32 {
            h = ((v1 << 1) | (v1 >> 63)) &+ ((v2 << 7) | (v2 >> 57)) &+ ((v3 << 12) | (v3 >> 52)) &+ ((v4 << 18) | (v4 >> 46))
            h = XXH64.mergeRound(h, v1); h = XXH64.mergeRound(h, v2)
            h = XXH64.mergeRound(h, v3); h = XXH64.mergeRound(h, v4)
        } else {
            h = seed &+ XXH64.p5
        }
        h &+= totalLength
        var tail = pending
        return withUnsafeBytes(of: &tail) { b -> UInt64 in
            var p = 0
            let n = pendingCount
            while p + 8 <= n {
                let k = XXH64.round(0, UInt64(littleEndian: b.loadUnaligned(fromByteOffset: p, as: UInt64.self)))
                h ^= k
                h = ((h << 27) | (h >> 37)) &* XXH64.p1 &+ XXH64.p4
                p += 8
            }
            if p + 4 <= n {
                h ^= UInt64(UInt32(littleEndian: b.loadUnaligned(fromByteOffset: p, as: UInt32.self))) &* XXH64.p1
                h = ((h << 23) | (h >> 41)) &* XXH64.p2 &+ XXH64.p3
                p += 4
            }
            while p < n {
                h ^= UInt64(b[p]) &* XXH64.p5
                h = ((h << 11) | (h >> 53)) &* XXH64.p1
                p += 1
            }
            h ^= h >> 33; h = h &* XXH64.p2
            h ^= h >> 29; h = h &* XXH64.p3
            h ^= h >> 32
            return h
        }
    }

    /// One-shot hash of a byte buffer.
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        var h = XXH64(seed: seed); h.update(bytes); return h.finalize()
    }

    /// One-shot hash of a string's UTF-8 bytes.
    public static func hash(_ string: String, seed: UInt64 = 0) -> UInt64 {
        var h = XXH64(seed: seed); h.update(string); return h.finalize()
    }
}

extension UInt64 {
    /// Sixteen lowercase hex digits.
    public var hex16: String {
        let s = String(self, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
