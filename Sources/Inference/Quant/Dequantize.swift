/// Scalar reference dequantizers: plain loops that spell out each block layout (`ggml-common.h`,
/// `dequantize_row_*` in `ggml-quants.c`). They are the readable specification the faster kernels are
/// tested against, not a hot path.
public enum Dequantize {
    /// Writes the `count` floats of the row at `src` (a whole number of `type` blocks) to `dst`.
    public static func row(_ type: GGMLType, from src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<Float>) {
        precondition(count >= 0 && count % type.blockSize == 0, "\(type): \(count) is not a whole number of blocks")
        let blocks = count / type.blockSize
        for b in 0..<blocks {
            let x = src + b * type.blockBytes
            let y = dst + b * type.blockSize
            switch type {
            case .f32: y[0] = x.loadUnaligned(as: Float.self)
            case .f16: y[0] = x.half(0)
            case .bf16: y[0] = HalfFloat.float(fromBF16: x.loadUnaligned(as: UInt16.self))
            case .q4_0: q4_0(x, y)
            case .q4_1: q4_1(x, y)
            case .q5_0: q5_0(x, y)
            case .q5_1: q5_1(x, y)
            case .q8_0: q8_0(x, y)
            case .q8_1: q8_1(x, y)
            case .q4_K: q4_K(x, y)
            case .q5_K: q5_K(x, y)
            case .q6_K: q6_K(x, y)
            case .q8_K: q8_K(x, y)
            }
        }
    }

    /// `half d; uint8 qs[16]`: element j < 16 is the low nibble of qs[j], element j + 16 its high nibble.
    static func q4_0(_ x: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = x.half(0)
        for j in 0..<16 {
            let q = x.u8(2 + j)
            y[j] = Float(Int(q & 0x0F) - 8) * d
            y[j + 16] = Float(Int(q >> 4) - 8) * d
        }
    }

    /// `half d; half m; uint8 qs[16]`: nibble * d + m.
    static func q4_1(_ x: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = x.half(0), m = x.half(2)
        for j in 0..<16 {
            let q = x.u8(4 + j)
            y[j] = Float(q & 0x0F) * d + m
            y[j + 16] = Float(q >> 4) * d + m
        }
    }

    /// `half d; uint8 qh[4]; uint8 qs[16]`: bit j of qh (little-endian uint32) is bit 4 of element j.
    static func q5_0(_ x: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = x.half(0)
        let qh = x.loadUnaligned(fromByteOffset: 2, as: UInt32.self).littleEndian
        for j in 0..<16 {
            let q = x.u8(6 + j)
            let h0 = Int((qh >> UInt32(j)) & 1) << 4, h1 = Int((qh >> UInt32(j + 16)) & 1) << 4
            y[j] = Float((Int(q & 0x0F) | h0) - 16) * d
            y[j + 16] = Float((Int(q >> 4) | h1) - 16) * d
        }
    }

    /// `half d; half m; uint8 qh[4]; uint8 qs[16]`: 5-bit value * d + m.
    static func q5_1(_ x: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = x.half(0), m = x.half(2)
        let qh = x.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian
        for j in 0..<16 {
            let q = x.u8(8 + j)
            let h0 = Int((qh >> UInt32(j)) & 1) << 4, h1 = Int((qh >> UInt32(j + 16)) & 1) << 4
            y[j] = Float(Int(q & 0x0F) | h0) * d + m
            y[j + 16] = Float(Int(q >> 4) | h1) * d + m
        }
    }

    /// `half d; int8 qs[32]`.
    static func q8_0(_ x: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = x.half(0)
        for j in 0..<32 { y[j] = Float(x.i8(2 + j)) * d }
    }

    /// `half d; half s; int8 qs[32]` (s = d * Σqs is not needed to dequantize).
    static func q8_1(_ x: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = x.half(0)
        for j in 0..<32 { y[j] = Float(x.i8(4 + j)) * d }
    }

    /// `float d; int8 qs[256]; int16 bsums[16]`.
    static func q8_K(_ x: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = x.loadUnaligned(as: Float.self)
        for j in 0..<256 { y[j] = d * Float(x.i8(4 + j)) }
    }

    /// The 6-bit scale and min of sub-block `j` (0..<8) from Q4_K/Q5_K's 12 packed bytes
    /// (ggml's `get_scale_min_k4`): bytes 0-3 scales 0-3 (+ top bits of scales 4-7), bytes 4-7
    /// mins 0-3 (+ top bits of mins 4-7), bytes 8-11 low nibbles scales 4-7, high nibbles mins 4-7.
    @inline(__always)
    static func scaleMinK4(_ j: Int, _ q: UnsafeRawPointer) -> (scale: UInt8, min: UInt8) {
        if j < 4 { return (q.u8(j) & 63, q.u8(j + 4) & 63) }
        return ((q.u8(j + 4) & 0x0F) | ((q.u8(j - 4) >> 6) << 4), (q.u8(j + 4) >> 4) | ((q.u8(j) >> 6) << 4))
    }

    /// `half d; half dmin; uint8 scales[12]; uint8 qs[128]`: 8 sub-blocks of 32, value d*sc*q - dmin*m;
    /// each 32 bytes of qs hold two sub-blocks (low nibbles, then high nibbles).
    static func q4_K(_ x: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = x.half(0), dmin = x.half(2)
        let scales = x + 4, qs = x + 16
        for p in 0..<4 {
            let (sc1, m1) = scaleMinK4(2 * p, scales), (sc2, m2) = scaleMinK4(2 * p + 1, scales)
            let d1 = d * Float(sc1), dm1 = dmin * Float(m1), d2 = d * Float(sc2), dm2 = dmin * Float(m2)
            for l in 0..<32 {
                let q = qs.u8(32 * p + l)
                y[64 * p + l] = d1 * Float(q & 0x0F) - dm1
                y[64 * p + 32 + l] = d2 * Float(q >> 4) - dm2
            }
        }
    }

    /// `half d; half dmin; uint8 scales[12]; uint8 qh[32]; uint8 qs[128]`: Q4_K plus a fifth bit,
    /// bit (2p) of qh[l] for the low-nibble sub-block p and bit (2p+1) for the high-nibble one.
    static func q5_K(_ x: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = x.half(0), dmin = x.half(2)
        let scales = x + 4, qh = x + 16, qs = x + 48
        for p in 0..<4 {
            let (sc1, m1) = scaleMinK4(2 * p, scales), (sc2, m2) = scaleMinK4(2 * p + 1, scales)
            let d1 = d * Float(sc1), dm1 = dmin * Float(m1), d2 = d * Float(sc2), dm2 = dmin * Float(m2)
            for l in 0..<32 {
                let q = qs.u8(32 * p + l), h = qh.u8(l)
                let lo = (q & 0x0F) | (((h >> UInt8(2 * p)) & 1) << 4)
                let hi = (q >> 4) | (((h >> UInt8(2 * p + 1)) & 1) << 4)
                y[64 * p + l] = d1 * Float(lo) - dm1
                y[64 * p + 32 + l] = d2 * Float(hi) - dm2
            }
        }
    }

    /// `uint8 ql[128]; uint8 qh[64]; int8 scales[16]; half d`: 6-bit values minus 32, one int8 scale per 16.
    /// Per 128 elements (ql 64 bytes, qh 32 bytes, 8 scales): for l < 32, element l is ql[l] low | qh bits 0-1,
    /// l+32 is ql[l+32] low | bits 2-3, l+64 is ql[l] high | bits 4-5, l+96 is ql[l+32] high | bits 6-7.
    static func q6_K(_ x: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = x.half(208)
        for half in 0..<2 {
            let ql = x + 64 * half, qh = x + 128 + 32 * half, sc = x + 192 + 8 * half
            let out = y + 128 * half
            for l in 0..<32 {
                let h = qh.u8(l), s = l / 16
                let q1 = Int((ql.u8(l) & 0x0F) | ((h & 3) << 4)) - 32
                let q2 = Int((ql.u8(l + 32) & 0x0F) | (((h >> 2) & 3) << 4)) - 32
                let q3 = Int((ql.u8(l) >> 4) | (((h >> 4) & 3) << 4)) - 32
                let q4 = Int((ql.u8(l + 32) >> 4) | (((h >> 6) & 3) << 4)) - 32
                out[l] = d * Float(sc.i8(s)) * Float(q1)
                out[l + 32] = d * Float(sc.i8(s + 2)) * Float(q2)
                out[l + 64] = d * Float(sc.i8(s + 4)) * Float(q3)
                out[l + 96] = d * Float(sc.i8(s + 6)) * Float(q4)
            }
        }
    }
}
