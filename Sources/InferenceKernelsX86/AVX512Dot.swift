#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// AVX-512 (F/BW/VL + VNNI) dot products of one weight row with its activation row, for the ggml types the
/// engine reads. Call only when `CPUFeatures.hasAVX512VNNI`. Type codes are ggml's (`GGMLType.rawValue`):
/// 0 F32, 1 F16, 30 BF16 (× f32 activations), 2 Q4_0, 6 Q5_0, 8 Q8_0 (× q8_0), 3 Q4_1, 7 Q5_1 (× q8_1),
/// 12 Q4_K, 13 Q5_K, 14 Q6_K (× q8_K).
///
/// Integer kernels use `vpdpbusd` (unsigned bytes × signed bytes, 4 products summed into each int32 lane):
/// 32-blocks go two to a 512-bit register (lanes 0-7 one block, 8-15 the next), K-quant sub-blocks two at a
/// time; signed weights are made unsigned (|w| with the activation's sign flipped for Q8_0, an offset of
/// 8/16 subtracted as Σ activations for Q4_0/Q5_0, Q6_K's 32 through the q8_K block sums). The per-block
/// integer sums equal ggml's; only the order of the f32 accumulation differs. Activations must come from
/// `ActivationQuantizer` (quants in -127...127: Q8_0 × Q8_0 negates activations, and -128 would not negate).
public enum AVX512Dot {
    /// The dot of the `n`-element row at `w` (type `typeCode`) with the activations at `a`.
    public static func dot(_ typeCode: UInt32, _ n: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var out: Float = 0
        dotRows(typeCode, n, w, rowStride: 0, rows: 1, a, &out)
        return out
    }

    /// `out[r]` = dot of the row at `w + r * rowStride` with `a`, for r in 0..<rows. The type is dispatched
    /// once per call; each type's row loop is a specialized kernel.
    public static func dotRows(_ typeCode: UInt32, _ n: Int, _ w: UnsafeRawPointer, rowStride: Int, rows: Int,
                               _ a: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        #if arch(x86_64)
        switch typeCode {
        case 0: forRows(rows, w, rowStride, out) { f32(n, $0, a) }
        case 1: forRows(rows, w, rowStride, out) { f16(n, $0, a) }
        case 30: forRows(rows, w, rowStride, out) { bf16(n, $0, a) }
        case 2: precondition(n % 32 == 0); forRows(rows, w, rowStride, out) { q4_0(n / 32, $0, a) }
        case 3: precondition(n % 32 == 0); forRows(rows, w, rowStride, out) { q4_1(n / 32, $0, a) }
        case 6: precondition(n % 32 == 0); forRows(rows, w, rowStride, out) { q5_0(n / 32, $0, a) }
        case 7: precondition(n % 32 == 0); forRows(rows, w, rowStride, out) { q5_1(n / 32, $0, a) }
        case 8: precondition(n % 32 == 0); forRows(rows, w, rowStride, out) { q8_0(n / 32, $0, a) }
        case 12: precondition(n % 256 == 0); forRows(rows, w, rowStride, out) { q4_K(n / 256, $0, a) }
        case 13: precondition(n % 256 == 0); forRows(rows, w, rowStride, out) { q5_K(n / 256, $0, a) }
        case 14: precondition(n % 256 == 0); forRows(rows, w, rowStride, out) { q6_K(n / 256, $0, a) }
        default: preconditionFailure("AVX512Dot: no kernel for ggml type \(typeCode)")
        }
        #else
        preconditionFailure("AVX512Dot needs x86_64")
        #endif
    }

    /// Whether `dotRows` has a kernel for `typeCode`.
    public static func supports(_ typeCode: UInt32) -> Bool {
        switch typeCode {
        case 0, 1, 30, 2, 3, 6, 7, 8, 12, 13, 14: return true
        default: return false
        }
    }

    @inline(__always)
    static func forRows(_ rows: Int, _ w: UnsafeRawPointer, _ stride: Int, _ out: UnsafeMutablePointer<Float>,
                        _ kernel: (UnsafeRawPointer) -> Float) {
        var r = 0
        while r < rows { out[r] = kernel(w + r * stride); r += 1 }
    }
}

#if arch(x86_64)
// MARK: helpers

@inline(__always) private func ld128(_ p: UnsafeRawPointer, _ o: Int) -> __m128i { p.loadUnaligned(fromByteOffset: o, as: __m128i.self) }
@inline(__always) private func ld256(_ p: UnsafeRawPointer, _ o: Int) -> __m256i { p.loadUnaligned(fromByteOffset: o, as: __m256i.self) }
@inline(__always) private func ld512(_ p: UnsafeRawPointer, _ o: Int) -> __m512i { p.loadUnaligned(fromByteOffset: o, as: __m512i.self) }
@inline(__always) private func ld32(_ p: UnsafeRawPointer, _ o: Int) -> Int32 { p.loadUnaligned(fromByteOffset: o, as: Int32.self) }
@inline(__always) private func ld16(_ p: UnsafeRawPointer, _ o: Int) -> Int32 { Int32(p.loadUnaligned(fromByteOffset: o, as: UInt16.self)) }
/// fp16 → f32 (F16C).
@inline(__always) private func half(_ p: UnsafeRawPointer, _ o: Int) -> Float { _mm_cvtss_f32(_mm_cvtph_ps(_mm_cvtsi32_si128(ld16(p, o)))) }
/// 256 bits in both halves of a 512-bit register.
@inline(__always) private func twice(_ v: __m256i) -> __m512i { _mm512_broadcast_i64x4(v) }
/// Two 256-bit values as one 512-bit register (lo, hi).
@inline(__always) private func join(_ lo: __m256i, _ hi: __m256i) -> __m512i { _mm512_mask_broadcast_i64x4(_mm512_castsi256_si512(lo), 0xF0, hi) }

/// Lane pattern selecting float lane i for lanes 0-7 and lane j for lanes 8-15.
@inline(__always) private func pairIndex(_ i: Int32, _ j: Int32) -> __m512i {
    _mm512_mask_blend_epi32(0xFF00, _mm512_set1_epi32(i), _mm512_set1_epi32(j))
}

// MARK: float rows

extension AVX512Dot {
    @inline(__always)
    static func floats(_ n: Int, _ a: UnsafeRawPointer, _ load: (Int) -> __m512, _ loadTail: (Int, __mmask16) -> __m512) -> Float {
        var acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps(), acc2 = _mm512_setzero_ps(), acc3 = _mm512_setzero_ps()
        var i = 0
        while i + 64 <= n {
            acc0 = _mm512_fmadd_ps(load(i), _mm512_loadu_ps(a + 4 * i), acc0)
            acc1 = _mm512_fmadd_ps(load(i + 16), _mm512_loadu_ps(a + 4 * i + 64), acc1)
            acc2 = _mm512_fmadd_ps(load(i + 32), _mm512_loadu_ps(a + 4 * i + 128), acc2)
            acc3 = _mm512_fmadd_ps(load(i + 48), _mm512_loadu_ps(a + 4 * i + 192), acc3)
            i += 64
        }
        while i + 16 <= n {
            acc0 = _mm512_fmadd_ps(load(i), _mm512_loadu_ps(a + 4 * i), acc0)
            i += 16
        }
        if i < n {
            let mask = __mmask16(truncatingIfNeeded: (1 << (n - i)) - 1)
            acc1 = _mm512_fmadd_ps(loadTail(i, mask), _mm512_maskz_loadu_ps(mask, a + 4 * i), acc1)
        }
        return _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(acc0, acc1), _mm512_add_ps(acc2, acc3)))
    }

    static func f32(_ n: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        floats(n, a, { _mm512_loadu_ps(w + 4 * $0) }, { _mm512_maskz_loadu_ps($1, w + 4 * $0) })
    }

    static func f16(_ n: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        floats(n, a, { _mm512_cvtph_ps(ld256(w, 2 * $0)) }, { _mm512_cvtph_ps(_mm256_maskz_loadu_epi16($1, w + 2 * $0)) })
    }

    static func bf16(_ n: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        @inline(__always) func widen(_ v: __m256i) -> __m512 { _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(v), 16)) }
        return floats(n, a, { widen(ld256(w, 2 * $0)) }, { widen(_mm256_maskz_loadu_epi16($1, w + 2 * $0)) })
    }
}

// MARK: 32-blocks

extension AVX512Dot {
    /// The common loop of the 32-block kernels. `ints(x0, x1, y0, y1)` gives the 16 int32 lanes of
    /// Σ q_w·q_a for the block pair (lanes 0-7 block 0, 8-15 block 1; `x1`/`y1` nil for a last single
    /// block); `scales(x0, x1, y0, y1)` gives [d0, e0, d1, e1] where d = d_w·d_a and e a per-block f32
    /// addend (m_w·s_a for Q4_1/Q5_1, else 0).
    @inline(__always)
    static func pairs(_ nb: Int, _ w: UnsafeRawPointer, _ wBytes: Int, _ a: UnsafeRawPointer, _ aBytes: Int,
                      ints: (UnsafeRawPointer, UnsafeRawPointer?, UnsafeRawPointer, UnsafeRawPointer?) -> __m512i,
                      scales: (UnsafeRawPointer, UnsafeRawPointer, UnsafeRawPointer, UnsafeRawPointer) -> __m128) -> Float {
        var acc = _mm512_setzero_ps()
        var extra = _mm_setzero_ps()
        let spread = pairIndex(0, 2)
        var b = 0
        while b + 2 <= nb {
            let x0 = w + wBytes * b, y0 = a + aBytes * b
            let x1 = x0 + wBytes, y1 = y0 + aBytes
            let s = scales(x0, x1, y0, y1)
            extra = _mm_add_ps(extra, s)
            acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(ints(x0, x1, y0, y1)), _mm512_permutexvar_ps(spread, _mm512_castps128_ps512(s)), acc)
            b += 2
        }
        if b < nb {
            let x0 = w + wBytes * b, y0 = a + aBytes * b
            // The pair formula with block 0 twice, then only lanes 0-7 and lane 1 of the scales kept.
            let s = _mm_maskz_mov_ps(0b0011, scales(x0, x0, y0, y0))
            extra = _mm_add_ps(extra, s)
            acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(ints(x0, nil, y0, nil)), _mm512_permutexvar_ps(spread, _mm512_castps128_ps512(s)), acc)
        }
        // `extra` lanes 0 and 2 hold the d products (unused); lanes 1 and 3 the addends.
        let e = _mm_movehdup_ps(extra)           // [e0, e0, e1, e1]
        return _mm512_reduce_add_ps(acc) + (_mm_cvtss_f32(e) + _mm_cvtss_f32(_mm_movehl_ps(e, e)))
    }

    /// [d_w0·d_a0, m_w0·s_a0, d_w1·d_a1, m_w1·s_a1] from blocks starting `half d; half m` (weights) and
    /// `half d; half s` (q8_1).
    @inline(__always)
    static func scalesDM(_ x0: UnsafeRawPointer, _ x1: UnsafeRawPointer, _ y0: UnsafeRawPointer, _ y1: UnsafeRawPointer) -> __m128 {
        let wv = _mm_cvtph_ps(_mm_set_epi32(0, 0, ld32(x1, 0), ld32(x0, 0)))
        let av = _mm_cvtph_ps(_mm_set_epi32(0, 0, ld32(y1, 0), ld32(y0, 0)))
        return _mm_mul_ps(wv, av)
    }

    /// [d_w0·d_a0, 0, d_w1·d_a1, 0] from blocks starting with `half d`.
    @inline(__always)
    static func scalesD(_ x0: UnsafeRawPointer, _ x1: UnsafeRawPointer, _ y0: UnsafeRawPointer, _ y1: UnsafeRawPointer) -> __m128 {
        let wv = _mm_cvtph_ps(_mm_set_epi32(0, 0, ld16(x1, 0), ld16(x0, 0)))
        let av = _mm_cvtph_ps(_mm_set_epi32(0, 0, ld16(y1, 0), ld16(y0, 0)))
        return _mm_mul_ps(wv, av)
    }

    /// The 16 packed nibble bytes of one or two blocks as 32 or 64 value bytes in element order:
    /// [block 0 low nibbles (values 0-15), high nibbles (16-31), block 1 low, high].
    @inline(__always)
    static func nibbles(_ x0: UnsafeRawPointer, _ x1: UnsafeRawPointer?, _ offset: Int) -> __m512i {
        let q: __m512i
        if let x1 {
            q = _mm512_mask_broadcast_i32x4(_mm512_broadcast_i32x4(ld128(x0, offset)), 0xFF00, ld128(x1, offset))
        } else {
            q = _mm512_maskz_broadcast_i32x4(0x00FF, ld128(x0, offset))
        }
        let shifts = _mm512_set_epi64(4, 4, 0, 0, 4, 4, 0, 0)
        return _mm512_and_si512(_mm512_srlv_epi64(q, shifts), _mm512_set1_epi8(0x0F))
    }

    /// The 32 quant bytes at `offset` of one or two activation blocks.
    @inline(__always)
    static func actQuants(_ y0: UnsafeRawPointer, _ y1: UnsafeRawPointer?, _ offset: Int) -> __m512i {
        if let y1 { return join(ld256(y0, offset), ld256(y1, offset)) }
        return _mm512_zextsi256_si512(ld256(y0, offset))
    }

    /// The 5th bits of one or two Q5 blocks (qh at `offset`) as a byte mask in element order.
    @inline(__always)
    static func fifthBits(_ x0: UnsafeRawPointer, _ x1: UnsafeRawPointer?, _ offset: Int) -> __mmask64 {
        let lo = UInt64(UInt32(bitPattern: ld32(x0, offset)))
        guard let x1 else { return lo }
        return lo | UInt64(UInt32(bitPattern: ld32(x1, offset))) << 32
    }

    static func q4_0(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        let eight = _mm512_set1_epi8(8)
        return pairs(nb, w, 18, a, 34, ints: { x0, x1, y0, y1 in
            let aq = actQuants(y0, y1, 2)
            return _mm512_sub_epi32(_mm512_dpbusd_epi32(_mm512_setzero_si512(), nibbles(x0, x1, 2), aq),
                                    _mm512_dpbusd_epi32(_mm512_setzero_si512(), eight, aq))
        }, scales: scalesD)
    }

    static func q4_1(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        pairs(nb, w, 20, a, 36, ints: { x0, x1, y0, y1 in
            _mm512_dpbusd_epi32(_mm512_setzero_si512(), nibbles(x0, x1, 4), actQuants(y0, y1, 4))
        }, scales: scalesDM)
    }

    static func q5_0(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        let sixteen = _mm512_set1_epi8(16)
        return pairs(nb, w, 22, a, 34, ints: { x0, x1, y0, y1 in
            let q = nibbles(x0, x1, 6)
            let wq = _mm512_mask_add_epi8(q, fifthBits(x0, x1, 2), q, sixteen)
            let aq = actQuants(y0, y1, 2)
            return _mm512_sub_epi32(_mm512_dpbusd_epi32(_mm512_setzero_si512(), wq, aq),
                                    _mm512_dpbusd_epi32(_mm512_setzero_si512(), sixteen, aq))
        }, scales: scalesD)
    }

    static func q5_1(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        let sixteen = _mm512_set1_epi8(16)
        return pairs(nb, w, 24, a, 36, ints: { x0, x1, y0, y1 in
            let q = nibbles(x0, x1, 8)
            let wq = _mm512_mask_add_epi8(q, fifthBits(x0, x1, 4), q, sixteen)
            return _mm512_dpbusd_epi32(_mm512_setzero_si512(), wq, actQuants(y0, y1, 4))
        }, scales: scalesDM)
    }

    static func q8_0(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        pairs(nb, w, 34, a, 34, ints: { x0, x1, y0, y1 in
            let wq = actQuants(x0, x1, 2), aq = actQuants(y0, y1, 2)
            // |w| (unsigned; -128 → 128) times the activation with w's sign.
            let negative = _mm512_movepi8_mask(wq)
            let signed = _mm512_mask_sub_epi8(aq, negative, _mm512_setzero_si512(), aq)
            return _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_abs_epi8(wq), signed)
        }, scales: scalesD)
    }
}

// MARK: K-quants (256-blocks × q8_K)

extension AVX512Dot {
    /// Q4_K/Q5_K's 8 six-bit scales and 8 mins as 16 int32 lanes [sc0…sc7, m0…m7].
    @inline(__always)
    static func scalesMinsK4(_ x: UnsafeRawPointer) -> __m512i {
        let s0 = UInt32(bitPattern: ld32(x, 4)), s1 = UInt32(bitPattern: ld32(x, 8)), s2 = UInt32(bitPattern: ld32(x, 12))
        let sc03 = s0 & 0x3F3F_3F3F, m03 = s1 & 0x3F3F_3F3F
        let sc47 = (s2 & 0x0F0F_0F0F) | ((s0 >> 6) & 0x0303_0303) << 4
        let m47 = ((s2 >> 4) & 0x0F0F_0F0F) | ((s1 >> 6) & 0x0303_0303) << 4
        let bytes = _mm_set_epi32(Int32(bitPattern: m47), Int32(bitPattern: m03), Int32(bitPattern: sc47), Int32(bitPattern: sc03))
        return _mm512_cvtepu8_epi32(bytes)
    }

    /// Q4_K/Q5_K: `quants(p, shiftedNibbles)` gives the 64 value bytes of sub-blocks 2p, 2p+1 (low nibbles of
    /// 32 bytes, then high nibbles), from the nibble bytes prepared here.
    @inline(__always)
    static func k4(_ nb: Int, _ w: UnsafeRawPointer, _ wBytes: Int, _ qsOffset: Int, _ a: UnsafeRawPointer,
                   highBits: (UnsafeRawPointer, Int, __m512i) -> __m512i) -> Float {
        var acc = _mm512_setzero_ps(), accMin = _mm256_setzero_ps()
        let shifts = _mm512_set_epi64(4, 4, 4, 4, 0, 0, 0, 0), low4 = _mm512_set1_epi8(0x0F)
        let ones16 = _mm256_set1_epi16(1)
        for b in 0..<nb {
            let x = w + wBytes * b, y = a + 292 * b
            let scm = scalesMinsK4(x)
            var isum = _mm512_setzero_si512()
            for p in 0..<4 {
                let q = _mm512_and_si512(_mm512_srlv_epi64(twice(ld256(x, qsOffset + 32 * p)), shifts), low4)
                let dot = _mm512_dpbusd_epi32(_mm512_setzero_si512(), highBits(x, p, q), ld512(y, 4 + 64 * p))
                let sc = _mm512_permutexvar_epi32(pairIndex(Int32(2 * p), Int32(2 * p + 1)), scm)
                isum = _mm512_add_epi32(isum, _mm512_mullo_epi32(dot, sc))
            }
            let da = y.loadUnaligned(as: Float.self)
            acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(isum), _mm512_set1_ps(half(x, 0) * da), acc)
            // Σ_sub m · (Σ of its 32 activations) from the 16 bsums.
            let pairSums = _mm256_madd_epi16(ld256(y, 260), ones16)
            let mins = _mm512_castsi512_si256(_mm512_permutexvar_epi32(_mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 15, 14, 13, 12, 11, 10, 9, 8), scm))
            accMin = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_mullo_epi32(pairSums, mins)), _mm256_set1_ps(half(x, 2) * da), accMin)
        }
        let m = _mm512_castps256_ps512(accMin)
        return _mm512_reduce_add_ps(acc) - _mm512_reduce_add_ps(_mm512_maskz_mov_ps(0x00FF, m))
    }

    static func q4_K(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        k4(nb, w, 144, 16, a, highBits: { _, _, q in q })
    }

    static func q5_K(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        let sixteen = _mm512_set1_epi8(16)
        let select = _mm512_mask_blend_epi64(0xF0, _mm512_set1_epi8(1), _mm512_set1_epi8(2))
        return k4(nb, w, 176, 48, a, highBits: { x, p, q in
            // qh[l] bit 2p is the 5th bit of sub-block 2p's value l, bit 2p+1 of sub-block 2p+1's.
            let bits = _mm512_srlv_epi64(twice(ld256(x, 16)), _mm512_set1_epi64(Int64(2 * p)))
            return _mm512_mask_add_epi8(q, _mm512_test_epi8_mask(bits, select), q, sixteen)
        })
    }

    static func q6_K(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var acc = _mm512_setzero_ps()
        let low4 = _mm512_set1_epi8(0x0F), top2 = _mm512_set1_epi8(0x30)
        let shiftsA = _mm512_set_epi64(2, 2, 2, 2, 0, 0, 0, 0), shiftsB = _mm512_set_epi64(6, 6, 6, 6, 4, 4, 4, 4)
        // Lane i of a dpbusd result covers 4 values; 16 values share a scale: lanes 4k…4k+3 use scale k.
        let spread0 = _mm512_set_epi32(3, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0)
        let four = _mm512_set1_epi32(4)
        for b in 0..<nb {
            let x = w + 210 * b, y = a + 292 * b
            let sc = _mm512_cvtepi8_epi32(ld128(x, 192))
            var isum = _mm512_setzero_si512()
            var spread = spread0
            for h in 0..<2 {
                let ql = ld512(x, 64 * h), qh = twice(ld256(x, 128 + 32 * h))
                // Values 0-63 of this half: ql low nibbles | qh bits (0-1 for l, 2-3 for l+32) << 4.
                let hiA = _mm512_and_si512(_mm512_slli_epi16(_mm512_srlv_epi64(qh, shiftsA), 4), top2)
                let v0 = _mm512_or_si512(_mm512_and_si512(ql, low4), hiA)
                // Values 64-127: ql high nibbles | qh bits (4-5, 6-7) << 4.
                let hiB = _mm512_and_si512(_mm512_slli_epi16(_mm512_srlv_epi64(qh, shiftsB), 4), top2)
                let v1 = _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi16(ql, 4), low4), hiB)
                let d0 = _mm512_dpbusd_epi32(_mm512_setzero_si512(), v0, ld512(y, 4 + 128 * h))
                isum = _mm512_add_epi32(isum, _mm512_mullo_epi32(d0, _mm512_permutexvar_epi32(spread, sc)))
                spread = _mm512_add_epi32(spread, four)
                let d1 = _mm512_dpbusd_epi32(_mm512_setzero_si512(), v1, ld512(y, 68 + 128 * h))
                isum = _mm512_add_epi32(isum, _mm512_mullo_epi32(d1, _mm512_permutexvar_epi32(spread, sc)))
                spread = _mm512_add_epi32(spread, four)
            }
            // The values above are q + 32: subtract 32 · Σ_k sc_k · bsum_k.
            let bias = _mm256_madd_epi16(ld256(y, 260), _mm256_cvtepi8_epi16(ld128(x, 192)))
            isum = _mm512_sub_epi32(isum, _mm512_slli_epi32(_mm512_zextsi256_si512(bias), 5))
            acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(isum), _mm512_set1_ps(half(x, 208) * y.loadUnaligned(as: Float.self)), acc)
        }
        return _mm512_reduce_add_ps(acc)
    }
}
#endif
