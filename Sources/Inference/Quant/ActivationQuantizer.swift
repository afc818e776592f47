/// Quantizes an f32 activation row to the format a weight type is multiplied with (`GGMLType.dotPartner`),
/// reproducing what llama.cpp's CPU backend computes on an x86 machine with AVX2/AVX-512:
///
/// * `.q8_0` (`quantize_row_q8_0`, x86 AVX path): per 32 values, `amax = max|x|`, `d = amax / 127`
///   stored as fp16 (round to nearest even, F16C), `id = amax != 0 ? 127 / amax : 0`, and
///   `q = round(x * id)` with **round half to even** (`_mm256_round_ps(_, _MM_ROUND_NEAREST)`). ggml's
///   scalar reference (`quantize_row_q8_0_ref`) and gguf-py instead use `roundf` (half away from zero) and
///   multiply by `1 / d`; the results can differ by one unit on exact ties and near-ties.
/// * `.q8_1` (`quantize_row_q8_1`, x86 path): as q8_0, plus `s = fp16(d * Σq)` where `d` is the f32 scale
///   *before* its fp16 rounding and Σq the exact integer sum.
/// * `.q8_K` (`quantize_row_q8_K`, which on x86 is `quantize_row_q8_K_ref`): per 256 values, `max` = the
///   (signed) value of largest magnitude (first one on ties), `iscale = -127 / max`,
///   `q = min(127, nearest_int(iscale * x))` (nearest_int rounds half to even), `d = 1 / iscale` as f32,
///   and `bsums[j]` = Σ of q over each 16 values. An all-zero block stores d = 0 and zeros.
///
/// Integer conversion saturates to Int8 like the AVX pack instructions do (only reachable with NaN/inf input).
public enum ActivationQuantizer {
    public static func quantize(_ x: UnsafePointer<Float>, count: Int, as type: GGMLType, into dst: UnsafeMutableRawPointer) {
        precondition(count >= 0 && count % type.blockSize == 0, "\(type): \(count) is not a whole number of blocks")
        switch type {
        case .q8_0: q8_0(x, count, dst)
        case .q8_1: q8_1(x, count, dst)
        case .q8_K: q8_K(x, count, dst)
        case .f32: UnsafeMutableRawPointer(dst).copyMemory(from: x, byteCount: count * 4)
        default: preconditionFailure("\(type) is not an activation format")
        }
    }

    @inline(__always)
    static func saturatingInt8(_ v: Float) -> Int8 {
        guard v.isFinite else { return v > 0 ? 127 : (v < 0 ? -128 : 0) }
        return Int8(max(-128, min(127, v)))
    }

    /// One 32-block of q8_0/q8_1: writes the quants at `qs`, returns (f32 d, Σq).
    @inline(__always)
    static func block32(_ x: UnsafePointer<Float>, _ qs: UnsafeMutableRawPointer) -> (d: Float, sum: Int32) {
        var amax: Float = 0
        for j in 0..<32 { amax = max(amax, abs(x[j])) }
        let d = amax / 127
        let id: Float = amax != 0 ? 127 / amax : 0
        var sum: Int32 = 0
        for j in 0..<32 {
            let q = saturatingInt8((x[j] * id).rounded(.toNearestOrEven))
            qs.storeBytes(of: q, toByteOffset: j, as: Int8.self)
            sum &+= Int32(q)
        }
        return (d, sum)
    }

    static func q8_0(_ x: UnsafePointer<Float>, _ count: Int, _ dst: UnsafeMutableRawPointer) {
        for b in 0..<(count / 32) {
            let y = dst + 34 * b
            let (d, _) = block32(x + 32 * b, y + 2)
            y.storeBytes(of: HalfFloat.bits(from: d), toByteOffset: 0, as: UInt16.self)
        }
    }

    static func q8_1(_ x: UnsafePointer<Float>, _ count: Int, _ dst: UnsafeMutableRawPointer) {
        for b in 0..<(count / 32) {
            let y = dst + 36 * b
            let (d, sum) = block32(x + 32 * b, y + 4)
            y.storeBytes(of: HalfFloat.bits(from: d), toByteOffset: 0, as: UInt16.self)
            y.storeBytes(of: HalfFloat.bits(from: d * Float(sum)), toByteOffset: 2, as: UInt16.self)
        }
    }

    static func q8_K(_ x: UnsafePointer<Float>, _ count: Int, _ dst: UnsafeMutableRawPointer) {
        for b in 0..<(count / 256) {
            let xs = x + 256 * b, y = dst + 292 * b
            var amax: Float = 0, signedMax: Float = 0
            for j in 0..<256 where abs(xs[j]) > amax { amax = abs(xs[j]); signedMax = xs[j] }
            if amax == 0 {
                (y).initializeMemory(as: UInt8.self, repeating: 0, count: 292)
                continue
            }
            let iscale = -127 / signedMax
            for j in 0..<256 {
                let q = saturatingInt8(min(127, (iscale * xs[j]).rounded(.toNearestOrEven)))
                y.storeBytes(of: q, toByteOffset: 4 + j, as: Int8.self)
            }
            for g in 0..<16 {
                var s: Int16 = 0
                for j in 0..<16 { s &+= Int16(y.load(fromByteOffset: 4 + 16 * g + j, as: Int8.self)) }
                y.storeBytes(of: s, toByteOffset: 260 + 2 * g, as: Int16.self)
            }
            y.storeBytes(of: 1 / iscale, toByteOffset: 0, as: Float.self)
        }
    }
}
