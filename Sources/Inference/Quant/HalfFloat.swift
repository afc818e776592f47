/// IEEE 754 binary16 ("half", ggml's `ggml_half`) and bfloat16 conversions, done on the bits.
///
/// Swift's `Float16` is missing on macOS x86_64, and where it exists the baseline x86-64 target (no F16C)
/// lowers its conversions to library calls; these bit-level versions are portable and branch-light.
/// The tests check them against `Float16` on every half value.
public enum HalfFloat {
    /// The float a half's bits stand for (exact; subnormals, infinities and NaNs included).
    @inline(__always)
    public static func float(fromBits h: UInt16) -> Float {
        // Move exponent+mantissa into float position and rescale by 2^(127-15): exact for normal
        // and subnormal halves alike (a subnormal half becomes a subnormal float times 2^112).
        let magnitude = UInt32(h & 0x7FFF) << 13
        var value = Float(bitPattern: magnitude) * 0x1p112
        if h & 0x7C00 == 0x7C00 { value = Float(bitPattern: magnitude | 0x7F80_0000) } // inf / NaN
        return (h & 0x8000) != 0 ? -value : value
    }

    /// The half nearest to `f` (round to nearest, ties to even, as F16C's `vcvtps2ph` with mode 0
    /// and ggml's `GGML_FP32_TO_FP16` on x86); overflow gives ±infinity, NaN a quiet NaN.
    public static func bits(from f: Float) -> UInt16 {
        let sign = UInt16(truncatingIfNeeded: f.bitPattern >> 16) & 0x8000
        let a = abs(f)
        if a.isNaN { return sign | 0x7E00 }
        if a >= 65520 { return sign | 0x7C00 }                // 65520 = max half + half an ulp: rounds up
        if a < 0x1p-14 {                                      // half subnormal range (and zero)
            // a * 2^24 is exact; its nearest integer is the subnormal mantissa (1024 = smallest normal).
            return sign | UInt16((a * 0x1p24).rounded(.toNearestOrEven))
        }
        let b = a.bitPattern
        var h = (b >> 13) &- (112 << 10)                      // rebias exponent 127 → 15, keep 10 mantissa bits
        let rest = b & 0x1FFF
        if rest > 0x1000 || (rest == 0x1000 && (h & 1) == 1) { h &+= 1 } // ties to even; carry is fine
        return sign | UInt16(truncatingIfNeeded: h)
    }

    /// The float a bfloat16's bits stand for (its top 16 bits).
    @inline(__always)
    public static func float(fromBF16 b: UInt16) -> Float { Float(bitPattern: UInt32(b) << 16) }

    /// bfloat16 bits of `f`, rounded to nearest even as ggml's `GGML_FP32_TO_BF16` (NaN kept quiet).
    public static func bf16Bits(from f: Float) -> UInt16 {
        let u = f.bitPattern
        if (u & 0x7FFF_FFFF) > 0x7F80_0000 { return UInt16(truncatingIfNeeded: (u >> 16) | 64) }
        return UInt16(truncatingIfNeeded: (u &+ (0x7FFF &+ ((u >> 16) & 1))) >> 16)
    }
}

extension UnsafeRawPointer {
    /// The half at `offset` as a float.
    @inline(__always)
    func half(_ offset: Int) -> Float { HalfFloat.float(fromBits: loadUnaligned(fromByteOffset: offset, as: UInt16.self)) }
    @inline(__always)
    func u8(_ offset: Int) -> UInt8 { load(fromByteOffset: offset, as: UInt8.self) }
    @inline(__always)
    func i8(_ offset: Int) -> Int8 { load(fromByteOffset: offset, as: Int8.self) }
}
