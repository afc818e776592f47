#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// Several activation rows against the same weight rows: each weight block pair is loaded and unpacked
/// once and multiplied with up to four tokens' activations. For every token the integer sums, the f32
/// operations and their order are exactly those of `AVX512Dot.dotRows`, so the results are the same bits;
/// only the weight work is shared. Q4_1 × Q8_1 and Q8_0 × Q8_0 (the formats of SmolLM2-class models);
/// `supports` says which.
public enum AVX512DotTokens {
    /// Whether `dotRows` has a multi-token kernel for `typeCode`.
    public static func supports(_ typeCode: UInt32) -> Bool { typeCode == 3 || typeCode == 8 }

    /// `out[t * outStride + r]` = row r (at `w + r * rowStride`) · token t's activations (at `a + t * aStride`),
    /// for r in 0..<rows and t in 0..<tokens.
    public static func dotRows(_ typeCode: UInt32, _ n: Int, _ w: UnsafeRawPointer, rowStride: Int, rows: Int,
                               _ a: UnsafeRawPointer, aStride: Int, tokens: Int, _ out: UnsafeMutablePointer<Float>, outStride: Int) {
        #if arch(x86_64)
        precondition(n % 32 == 0 && supports(typeCode))
        let nb = n / 32
        var t = 0
        while t < tokens {
            let count = min(4, tokens - t)
            // Missing tokens of a short group repeat the group's first token; their results are not stored.
            let a0 = a + t * aStride
            let a1 = count > 1 ? a0 + aStride : a0, a2 = count > 2 ? a0 + 2 * aStride : a0, a3 = count > 3 ? a0 + 3 * aStride : a0
            let o = out + t * outStride
            for r in 0..<rows {
                let x = w + r * rowStride
                let v = typeCode == 3 ? q4_1(nb, x, a0, a1, a2, a3) : q8_0(nb, x, a0, a1, a2, a3)
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

extension AVX512DotTokens {
    /// lanes 0-7 ← element i, lanes 8-15 ← element j of a 4-float vector.
    @inline(__always) static var spread: __m512i { _mm512_set_epi32(2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0) }

    @inline(__always)
    static func q4_1(_ nb: Int, _ w: UnsafeRawPointer, _ a0: UnsafeRawPointer, _ a1: UnsafeRawPointer, _ a2: UnsafeRawPointer, _ a3: UnsafeRawPointer) -> (Float, Float, Float, Float) {
        let wb = 20, ab = 36
        let spread = Self.spread
        let shifts = _mm512_set_epi64(4, 4, 0, 0, 4, 4, 0, 0), low = _mm512_set1_epi8(0x0F)
        var s0 = Sums(), s1 = Sums(), s2 = Sums(), s3 = Sums()
        @inline(__always) func token(_ sums: inout Sums, _ q: __m512i, _ wv: __m128, _ a: UnsafeRawPointer, _ b: Int, _ pair: Bool) {
            let y0 = a + ab * b
            if pair {
                let y1 = y0 + ab
                let s = _mm_mul_ps(wv, _mm_cvtph_ps(_mm_set_epi32(0, 0, load32(y1, 0), load32(y0, 0))))
                sums.add(_mm512_dpbusd_epi32(_mm512_setzero_si512(), q, combine(load256(y0, 4), load256(y1, 4))), s, spread)
            } else {
                let s = _mm_maskz_mov_ps(0b0011, _mm_mul_ps(wv, _mm_cvtph_ps(_mm_set_epi32(0, 0, load32(y0, 0), load32(y0, 0)))))
                sums.add(_mm512_dpbusd_epi32(_mm512_setzero_si512(), q, _mm512_zextsi256_si512(load256(y0, 4))), s, spread)
            }
        }
        var b = 0
        while b + 2 <= nb {
            let x0 = w + wb * b, x1 = x0 + wb
            let packed = _mm512_mask_broadcast_i32x4(_mm512_broadcast_i32x4(load128(x0, 4)), 0xFF00, load128(x1, 4))
            let q = _mm512_and_si512(_mm512_srlv_epi64(packed, shifts), low)
            let wv = _mm_cvtph_ps(_mm_set_epi32(0, 0, load32(x1, 0), load32(x0, 0)))
            token(&s0, q, wv, a0, b, true); token(&s1, q, wv, a1, b, true)
            token(&s2, q, wv, a2, b, true); token(&s3, q, wv, a3, b, true)
            b += 2
        }
        if b < nb {
            let x0 = w + wb * b
            let q = _mm512_and_si512(_mm512_srlv_epi64(_mm512_maskz_broadcast_i32x4(0x00FF, load128(x0, 4)), shifts), low)
            let wv = _mm_cvtph_ps(_mm_set_epi32(0, 0, load32(x0, 0), load32(x0, 0)))
            token(&s0, q, wv, a0, b, false); token(&s1, q, wv, a1, b, false)
            token(&s2, q, wv, a2, b, false); token(&s3, q, wv, a3, b, false)
        }
        return (s0.total, s1.total, s2.total, s3.total)
    }

    @inline(__always)
    static func q8_0(_ nb: Int, _ w: UnsafeRawPointer, _ a0: UnsafeRawPointer, _ a1: UnsafeRawPointer, _ a2: UnsafeRawPointer, _ a3: UnsafeRawPointer) -> (Float, Float, Float, Float) {
        let wb = 34, ab = 34
        let spread = Self.spread
        var s0 = Sums(), s1 = Sums(), s2 = Sums(), s3 = Sums()
        @inline(__always) func token(_ sums: inout Sums, _ magnitude: __m512i, _ negative: __mmask64, _ wv: __m128, _ a: UnsafeRawPointer, _ b: Int, _ pair: Bool) {
            let y0 = a + ab * b
            if pair {
                let y1 = y0 + ab
                let aq = combine(load256(y0, 2), load256(y1, 2))
                let signed = _mm512_mask_sub_epi8(aq, negative, _mm512_setzero_si512(), aq)
                let s = _mm_mul_ps(wv, _mm_cvtph_ps(_mm_set_epi32(0, 0, load16(y1, 0), load16(y0, 0))))
                sums.add(_mm512_dpbusd_epi32(_mm512_setzero_si512(), magnitude, signed), s, spread)
            } else {
                let aq = _mm512_zextsi256_si512(load256(y0, 2))
                let signed = _mm512_mask_sub_epi8(aq, negative, _mm512_setzero_si512(), aq)
                let s = _mm_maskz_mov_ps(0b0011, _mm_mul_ps(wv, _mm_cvtph_ps(_mm_set_epi32(0, 0, load16(y0, 0), load16(y0, 0)))))
                sums.add(_mm512_dpbusd_epi32(_mm512_setzero_si512(), magnitude, signed), s, spread)
            }
        }
        var b = 0
        while b + 2 <= nb {
            let x0 = w + wb * b, x1 = x0 + wb
            let wq = combine(load256(x0, 2), load256(x1, 2))
            let negative = _mm512_movepi8_mask(wq), magnitude = _mm512_abs_epi8(wq)
            let wv = _mm_cvtph_ps(_mm_set_epi32(0, 0, load16(x1, 0), load16(x0, 0)))
            token(&s0, magnitude, negative, wv, a0, b, true); token(&s1, magnitude, negative, wv, a1, b, true)
            token(&s2, magnitude, negative, wv, a2, b, true); token(&s3, magnitude, negative, wv, a3, b, true)
            b += 2
        }
        if b < nb {
            let x0 = w + wb * b
            let wq = _mm512_zextsi256_si512(load256(x0, 2))
            let negative = _mm512_movepi8_mask(wq), magnitude = _mm512_abs_epi8(wq)
            let wv = _mm_cvtph_ps(_mm_set_epi32(0, 0, load16(x0, 0), load16(x0, 0)))
            token(&s0, magnitude, negative, wv, a0, b, false); token(&s1, magnitude, negative, wv, a1, b, false)
            token(&s2, magnitude, negative, wv, a2, b, false); token(&s3, magnitude, negative, wv, a3, b, false)
        }
        return (s0.total, s1.total, s2.total, s3.total)
    }
}
#endif
