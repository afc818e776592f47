#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// Several activation rows against the same weight rows: each weight block pair is loaded and unpacked
/// once and multiplied with up to four tokens' activations. For every token the integer sums, the f32
/// operations and their order are exactly those of `AVX512Dot.dotRows`, so the results are the same bits;
/// only the weight work is shared. Q4_1 × Q8_1 and Q8_0 × Q8_0 (the formats of SmolLM2-class models);
/// `supports` says which.
///
/// The activations come **packed** (`pack`): for each pair of 32-blocks, the 64 quants in one 64-byte
/// aligned line and the pair's scales already widened to f32 (`[d0, s0, d1, s1]` for Q8_1, `[d0, 0, d1, 0]`
/// for Q8_0; a last single block has zeros in the second half). A token then costs one aligned load per
/// block pair instead of two unaligned loads, a lane insert and two half-float conversions. f16 → f32 is
/// exact, so the packed scales are the values the single-row kernel converts.
public enum AVX512DotTokens {
    /// Whether `dotRows` has a multi-token kernel for `typeCode`.
    public static func supports(_ typeCode: UInt32) -> Bool { typeCode == 3 || typeCode == 8 }

    /// Block pairs of an `n`-value row (a last single block counts as a pair).
    @inline(__always) static func pairs(_ n: Int) -> Int { (n / 32 + 1) / 2 }

    /// Bytes `pack` fills for `tokens` rows of `n` values (80 per block pair and token).
    public static func packedBytes(_ n: Int, tokens: Int) -> Int { pairs(n) * 80 * tokens }

    /// Writes token `t` (of `tokens`) of a packed buffer at `dst` (64-byte aligned, `packedBytes(n, tokens:)`
    /// long) from its Q8_0 (`partnerCode` 8) or Q8_1 (9) row at `row`. Tokens may be packed in any order
    /// and from different threads.
    public static func pack(_ partnerCode: UInt32, _ n: Int, _ row: UnsafeRawPointer, token t: Int, tokens: Int, into dst: UnsafeMutableRawPointer) {
        #if arch(x86_64)
        precondition(n % 32 == 0 && (partnerCode == 8 || partnerCode == 9))
        let nb = n / 32, np = pairs(n)
        let blockBytes = partnerCode == 9 ? 36 : 34, header = partnerCode == 9 ? 4 : 2
        let quants = dst + t * np * 64, scales = (dst + tokens * np * 64 + t * np * 16).assumingMemoryBound(to: Float.self)
        for p in 0..<np {
            var halves: (Int32, Int32) = (0, 0)
            for j in 0..<2 {
                let b = 2 * p + j
                let line = quants + 64 * p + 32 * j
                guard b < nb else { line.initializeMemory(as: UInt8.self, repeating: 0, count: 32); continue }
                let block = row + b * blockBytes
                line.copyMemory(from: block + header, byteCount: 32)
                let h = partnerCode == 9 ? load32(block, 0) : load16(block, 0)
                if j == 0 { halves.0 = h } else { halves.1 = h }
            }
            _mm_storeu_ps(scales + 4 * p, _mm_cvtph_ps(_mm_set_epi32(0, 0, halves.1, halves.0)))
        }
        #else
        preconditionFailure("AVX512DotTokens needs x86_64")
        #endif
    }

    /// `out[t * outStride + r]` = row r (at `w + r * rowStride`) · token t of the packed activations at `a`
    /// (`tokens` rows packed by `pack`), for r in 0..<rows and t in 0..<tokens.
    public static func dotRows(_ typeCode: UInt32, _ n: Int, _ w: UnsafeRawPointer, rowStride: Int, rows: Int,
                               packed a: UnsafeRawPointer, tokens: Int, _ out: UnsafeMutablePointer<Float>, outStride: Int) {
        #if arch(x86_64)
        precondition(n % 32 == 0 && supports(typeCode))
        let nb = n / 32, np = pairs(n)
        let scales = a + tokens * np * 64
        var t = 0
        while t < tokens {
            let count = min(4, tokens - t)
            // Missing tokens of a short group repeat the group's first token; their results are not stored.
            let t1 = count > 1 ? t + 1 : t, t2 = count > 2 ? t + 2 : t, t3 = count > 3 ? t + 3 : t
            let q = (a + t * np * 64, a + t1 * np * 64, a + t2 * np * 64, a + t3 * np * 64)
            let c = (scales + t * np * 16, scales + t1 * np * 16, scales + t2 * np * 16, scales + t3 * np * 16)
            let o = out + t * outStride
            for r in 0..<rows {
                let x = w + r * rowStride
                let v = typeCode == 3 ? q4_1(nb, x, q, c) : q8_0(nb, x, q, c)
                o[r] = v.0
                if count > 1 { o[outStride + r] = v.1 }
                if count > 2 { o[2 * outStride + r] = v.2 }
                if count > 3 { o[3 * outStride + r] = v.3 }
            }
            t += count
        }
        #else
        preconditionFailure("AVX512DotTokens needs x86_64")
        #endif
    }
}

#if arch(x86_64)
@inline(__always) private func load128(_ p: UnsafeRawPointer, _ o: Int) -> __m128i { p.loadUnaligned(fromByteOffset: o, as: __m128i.self) }
@inline(__always) private func load256(_ p: UnsafeRawPointer, _ o: Int) -> __m256i { p.loadUnaligned(fromByteOffset: o, as: __m256i.self) }
@inline(__always) private func load32(_ p: UnsafeRawPointer, _ o: Int) -> Int32 { p.loadUnaligned(fromByteOffset: o, as: Int32.self) }
@inline(__always) private func load16(_ p: UnsafeRawPointer, _ o: Int) -> Int32 { Int32(p.loadUnaligned(fromByteOffset: o, as: UInt16.self)) }
@inline(__always) private func combine(_ lo: __m256i, _ hi: __m256i) -> __m512i { _mm512_mask_broadcast_i64x4(_mm512_castsi256_si512(lo), 0xF0, hi) }

/// One token's running sums, as `AVX512Dot.pairs` keeps them.
private struct Sums {
    var acc = _mm512_setzero_ps()
    var extra = _mm_setzero_ps()

    /// Adds a block pair (or a masked single block): `ints` the 16 int32 lanes, `s` [d0, e0, d1, e1].
    @inline(__always) mutating func add(_ ints: __m512i, _ s: __m128, _ spread: __m512i) {
        extra = _mm_add_ps(extra, s)
        acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(ints), _mm512_permutexvar_ps(spread, _mm512_castps128_ps512(s)), acc)
    }

    @inline(__always) var total: Float {
        let e = _mm_movehdup_ps(extra)
        return _mm512_reduce_add_ps(acc) + (_mm_cvtss_f32(e) + _mm_cvtss_f32(_mm_movehl_ps(e, e)))
    }
}

typealias Four = (UnsafeRawPointer, UnsafeRawPointer, UnsafeRawPointer, UnsafeRawPointer)

extension AVX512DotTokens {
    /// lanes 0-7 ← element i, lanes 8-15 ← element j of a 4-float vector.
    @inline(__always) static var spread: __m512i { _mm512_set_epi32(2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0) }

    @inline(__always)
    static func q4_1(_ nb: Int, _ w: UnsafeRawPointer, _ qa: Four, _ ca: Four) -> (Float, Float, Float, Float) {
        let wb = 20
        let spread = Self.spread
        let shifts = _mm512_set_epi64(4, 4, 0, 0, 4, 4, 0, 0), low = _mm512_set1_epi8(0x0F)
        var s0 = Sums(), s1 = Sums(), s2 = Sums(), s3 = Sums()
        @inline(__always) func token(_ sums: inout Sums, _ q: __m512i, _ wv: __m128, _ qa: UnsafeRawPointer, _ ca: UnsafeRawPointer, _ p: Int, _ pair: Bool) {
            let sc = _mm_mul_ps(wv, ca.load(fromByteOffset: 16 * p, as: __m128.self))
            let ints = _mm512_dpbusd_epi32(_mm512_setzero_si512(), q, qa.load(fromByteOffset: 64 * p, as: __m512i.self))
            sums.add(ints, pair ? sc : _mm_maskz_mov_ps(0b0011, sc), spread)
        }
        var b = 0
        while b + 2 <= nb {
            let x0 = w + wb * b, x1 = x0 + wb, p = b / 2
            let packed = _mm512_mask_broadcast_i32x4(_mm512_broadcast_i32x4(load128(x0, 4)), 0xFF00, load128(x1, 4))
            let q = _mm512_and_si512(_mm512_srlv_epi64(packed, shifts), low)
            let wv = _mm_cvtph_ps(_mm_set_epi32(0, 0, load32(x1, 0), load32(x0, 0)))
            token(&s0, q, wv, qa.0, ca.0, p, true); token(&s1, q, wv, qa.1, ca.1, p, true)
            token(&s2, q, wv, qa.2, ca.2, p, true); token(&s3, q, wv, qa.3, ca.3, p, true)
            b += 2
        }
        if b < nb {
            let x0 = w + wb * b, p = b / 2
            let q = _mm512_and_si512(_mm512_srlv_epi64(_mm512_maskz_broadcast_i32x4(0x00FF, load128(x0, 4)), shifts), low)
            let wv = _mm_cvtph_ps(_mm_set_epi32(0, 0, load32(x0, 0), load32(x0, 0)))
            token(&s0, q, wv, qa.0, ca.0, p, false); token(&s1, q, wv, qa.1, ca.1, p, false)
            token(&s2, q, wv, qa.2, ca.2, p, false); token(&s3, q, wv, qa.3, ca.3, p, false)
        }
        return (s0.total, s1.total, s2.total, s3.total)
    }

    @inline(__always)
    static func q8_0(_ nb: Int, _ w: UnsafeRawPointer, _ qa: Four, _ ca: Four) -> (Float, Float, Float, Float) {
        let wb = 34
        let spread = Self.spread
        var s0 = Sums(), s1 = Sums(), s2 = Sums(), s3 = Sums()
        @inline(__always) func token(_ sums: inout Sums, _ magnitude: __m512i, _ negative: __mmask64, _ wv: __m128, _ qa: UnsafeRawPointer, _ ca: UnsafeRawPointer, _ p: Int, _ pair: Bool) {
            let aq = qa.load(fromByteOffset: 64 * p, as: __m512i.self)
            let signed = _mm512_mask_sub_epi8(aq, negative, _mm512_setzero_si512(), aq)
            let sc = _mm_mul_ps(wv, ca.load(fromByteOffset: 16 * p, as: __m128.self))
            sums.add(_mm512_dpbusd_epi32(_mm512_setzero_si512(), magnitude, signed), pair ? sc : _mm_maskz_mov_ps(0b0011, sc), spread)
        }
        var b = 0
        while b + 2 <= nb {
            let x0 = w + wb * b, x1 = x0 + wb, p = b / 2
            let wq = combine(load256(x0, 2), load256(x1, 2))
            let negative = _mm512_movepi8_mask(wq), magnitude = _mm512_abs_epi8(wq)
            let wv = _mm_cvtph_ps(_mm_set_epi32(0, 0, load16(x1, 0), load16(x0, 0)))
            token(&s0, magnitude, negative, wv, qa.0, ca.0, p, true); token(&s1, magnitude, negative, wv, qa.1, ca.1, p, true)
            token(&s2, magnitude, negative, wv, qa.2, ca.2, p, true); token(&s3, magnitude, negative, wv, qa.3, ca.3, p, true)
            b += 2
        }
        if b < nb {
            let x0 = w + wb * b, p = b / 2
            let wq = _mm512_zextsi256_si512(load256(x0, 2))
            let negative = _mm512_movepi8_mask(wq), magnitude = _mm512_abs_epi8(wq)
            let wv = _mm_cvtph_ps(_mm_set_epi32(0, 0, load16(x0, 0), load16(x0, 0)))
            token(&s0, magnitude, negative, wv, qa.0, ca.0, p, false); token(&s1, magnitude, negative, wv, qa.1, ca.1, p, false)
            token(&s2, magnitude, negative, wv, qa.2, ca.2, p, false); token(&s3, magnitude, negative, wv, qa.3, ca.3, p, false)
        }
        return (s0.total, s1.total, s2.total, s3.total)
    }
}
#endif
