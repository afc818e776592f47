#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// AVX-512 versions of the engine's per-token vector work: quantizing an activation row to Q8_0/Q8_1
/// and the f32 pieces of attention. Results equal the scalar twins in `Inference` (`ActivationQuantizer`,
/// `VectorMath`) bit for bit for the quantizers; `axpy` rounds like the scalar loop, one multiply and
/// one add per element. Call only when `CPUFeatures.hasAVX512VNNI`.
public enum AVX512Activations {
    /// Quantizes `blocks` blocks of 32 floats at `x` to Q8_0 (`withSum` false: 34-byte blocks `half d;
    /// int8 q[32]`) or Q8_1 (`withSum` true: 36-byte blocks `half d; half s; int8 q[32]`, s = d·Σq):
    /// d = amax/127, q = round-half-even(x · 127/amax), as llama.cpp's x86 path does.
    public static func quantizeQ8(_ x: UnsafePointer<Float>, blocks: Int, withSum: Bool, into dst: UnsafeMutableRawPointer) {
        #if arch(x86_64)
        let blockBytes = withSum ? 36 : 34, quantOffset = withSum ? 4 : 2
        for b in 0..<blocks {
            let v0 = _mm512_loadu_ps(x + 32 * b), v1 = _mm512_loadu_ps(x + 32 * b + 16)
            let amax = _mm512_reduce_max_ps(_mm512_max_ps(_mm512_abs_ps(v0), _mm512_abs_ps(v1)))
            let d = amax / 127
            let id: Float = amax != 0 ? 127 / amax : 0
            let m = _mm512_set1_ps(id)
            let q0 = _mm512_cvtps_epi32(_mm512_mul_ps(v0, m)), q1 = _mm512_cvtps_epi32(_mm512_mul_ps(v1, m))
            let y = dst + blockBytes * b
            y.storeBytes(of: _mm512_cvtsepi32_epi8(q0), toByteOffset: quantOffset, as: __m128i.self)
            y.storeBytes(of: _mm512_cvtsepi32_epi8(q1), toByteOffset: quantOffset + 16, as: __m128i.self)
            y.storeBytes(of: half(d), toByteOffset: 0, as: UInt16.self)
            if withSum {
                let sum = _mm512_reduce_add_epi32(_mm512_add_epi32(q0, q1))
                y.storeBytes(of: half(d * Float(sum)), toByteOffset: 2, as: UInt16.self)
            }
        }
        #else
        preconditionFailure("AVX512Activations needs x86_64")
        #endif
    }

    /// Σ a[i]·b[i] over `n` floats.
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        AVX512Dot.dot(0, n, a, b)
    }

    /// `y[i] += s · x[i]` for `n` floats.
    public static func axpy(_ s: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        #if arch(x86_64)
        let sv = _mm512_set1_ps(s)
        var i = 0
        while i + 16 <= n {
            _mm512_storeu_ps(y + i, _mm512_add_ps(_mm512_loadu_ps(y + i), _mm512_mul_ps(sv, _mm512_loadu_ps(x + i))))
            i += 16
        }
        while i < n { y[i] += s * x[i]; i += 1 }
        #else
        preconditionFailure("AVX512Activations needs x86_64")
        #endif
    }

    #if arch(x86_64)
    @inline(__always) private static func half(_ v: Float) -> UInt16 {
        Float16(v).bitPattern   // vcvtps2ph, round to nearest even, on this module's F16C target
    }
    #endif
}
