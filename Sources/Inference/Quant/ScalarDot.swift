/// Scalar integer dot products, one weight row against its `dotPartner` activation row, with the numerics
/// of ggml's `ggml_vec_dot_*` (the generic C versions): per block an exact integer sum of quant products,
/// scaled in f32 by the block scales; float weights use a plain f32 sum. The readable twin every faster
/// kernel is tested against.
public enum ScalarDot {
    /// `weights`: a row of `count` elements of `type`; `activations`: the same count in `type.dotPartner`.
    public static func dot(_ type: GGMLType, weights: UnsafeRawPointer, activations: UnsafeRawPointer, count: Int) -> Float {
        precondition(count >= 0 && count % type.blockSize == 0, "\(type): \(count) is not a whole number of blocks")
        let w = weights, a = activations
        switch type {
        case .f32: return floats(count, a) { w.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) }
        case .f16: return floats(count, a) { w.half(2 * $0) }
        case .bf16: return floats(count, a) { HalfFloat.float(fromBF16: w.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self)) }
        case .q4_0: return q4_0(count / 32, w, a)
        case .q4_1: return q4_1(count / 32, w, a)
        case .q5_0: return q5_0(count / 32, w, a)
        case .q5_1: return q5_1(count / 32, w, a)
        case .q8_0: return q8_0(count / 32, w, a)
        case .q4_K: return q4_K(count / 256, w, a)
        case .q5_K: return q5_K(count / 256, w, a)
        case .q6_K: return q6_K(count / 256, w, a)
        case .q8_1, .q8_K: preconditionFailure("\(type) is an activation format, not a weight type")
        }
    }

    @inline(__always)
    static func floats(_ n: Int, _ a: UnsafeRawPointer, _ weight: (Int) -> Float) -> Float {
        var sum: Float = 0
        for i in 0..<n { sum += weight(i) * a.loadUnaligned(fromByteOffset: 4 * i, as: Float.self) }
        return sum
    }

    /// Q4_0 × Q8_0: Σ (nibble - 8) * q_a per block, times d_w * d_a.
    static func q4_0(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var sum: Float = 0
        for b in 0..<nb {
            let x = w + 18 * b, y = a + 34 * b
            var s: Int32 = 0
            for j in 0..<16 {
                let q = x.u8(2 + j)
                s += (Int32(q & 0x0F) - 8) * Int32(y.i8(2 + j)) + (Int32(q >> 4) - 8) * Int32(y.i8(18 + j))
            }
            sum += Float(s) * (x.half(0) * y.half(0))
        }
        return sum
    }

    /// Q4_1 × Q8_1: d_w * d_a * Σ nibble * q_a + m_w * s_a per block (s_a = d_a * Σ q_a).
    static func q4_1(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var sum: Float = 0
        for b in 0..<nb {
            let x = w + 20 * b, y = a + 36 * b
            var s: Int32 = 0
            for j in 0..<16 {
                let q = x.u8(4 + j)
                s += Int32(q & 0x0F) * Int32(y.i8(4 + j)) + Int32(q >> 4) * Int32(y.i8(20 + j))
            }
            sum += (x.half(0) * y.half(0)) * Float(s) + x.half(2) * y.half(2)
        }
        return sum
    }

    /// Q5_0 × Q8_0: 5-bit value - 16.
    static func q5_0(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var sum: Float = 0
        for b in 0..<nb {
            let x = w + 22 * b, y = a + 34 * b
            let qh = x.loadUnaligned(fromByteOffset: 2, as: UInt32.self).littleEndian
            var s: Int32 = 0
            for j in 0..<16 {
                let q = x.u8(6 + j)
                let lo = Int32(q & 0x0F) | Int32((qh >> UInt32(j)) & 1) << 4
                let hi = Int32(q >> 4) | Int32((qh >> UInt32(j + 16)) & 1) << 4
                s += (lo - 16) * Int32(y.i8(2 + j)) + (hi - 16) * Int32(y.i8(18 + j))
            }
            sum += Float(s) * (x.half(0) * y.half(0))
        }
        return sum
    }

    /// Q5_1 × Q8_1: 5-bit value, plus m_w * s_a.
    static func q5_1(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var sum: Float = 0
        for b in 0..<nb {
            let x = w + 24 * b, y = a + 36 * b
            let qh = x.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian
            var s: Int32 = 0
            for j in 0..<16 {
                let q = x.u8(8 + j)
                let lo = Int32(q & 0x0F) | Int32((qh >> UInt32(j)) & 1) << 4
                let hi = Int32(q >> 4) | Int32((qh >> UInt32(j + 16)) & 1) << 4
                s += lo * Int32(y.i8(4 + j)) + hi * Int32(y.i8(20 + j))
            }
            sum += (x.half(0) * y.half(0)) * Float(s) + x.half(2) * y.half(2)
        }
        return sum
    }

    /// Q8_0 × Q8_0.
    static func q8_0(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var sum: Float = 0
        for b in 0..<nb {
            let x = w + 34 * b, y = a + 34 * b
            var s: Int32 = 0
            for j in 0..<32 { s += Int32(x.i8(2 + j)) * Int32(y.i8(2 + j)) }
            sum += Float(s) * (x.half(0) * y.half(0))
        }
        return sum
    }

    /// The 8 scales and 8 mins of a Q4_K/Q5_K block.
    @inline(__always)
    static func scalesMins(_ p: UnsafeRawPointer) -> (SIMD8<Int32>, SIMD8<Int32>) {
        var sc = SIMD8<Int32>(), m = SIMD8<Int32>()
        for j in 0..<8 {
            let (s, mm) = Dequantize.scaleMinK4(j, p)
            sc[j] = Int32(s); m[j] = Int32(mm)
        }
        return (sc, m)
    }

    /// Σ over the 16 bsums of a Q8_K block times the min of their sub-block (two bsums per sub-block).
    @inline(__always)
    static func minsTerm(_ mins: SIMD8<Int32>, _ y: UnsafeRawPointer) -> Int32 {
        var s: Int32 = 0
        for k in 0..<16 { s += Int32(y.loadUnaligned(fromByteOffset: 260 + 2 * k, as: Int16.self)) * mins[k / 2] }
        return s
    }

    /// Q4_K × Q8_K: per 256, d_w*d_a * Σ_sub sc * Σ q*q_a  -  dmin_w*d_a * Σ_sub m * Σ q_a (from bsums).
    static func q4_K(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var sum: Float = 0
        for b in 0..<nb {
            let x = w + 144 * b, y = a + 292 * b
            let (sc, mins) = scalesMins(x + 4)
            var isum: Int32 = 0
            for p in 0..<4 {
                var lo: Int32 = 0, hi: Int32 = 0
                for l in 0..<32 {
                    let q = x.u8(16 + 32 * p + l)
                    lo += Int32(q & 0x0F) * Int32(y.i8(4 + 64 * p + l))
                    hi += Int32(q >> 4) * Int32(y.i8(4 + 64 * p + 32 + l))
                }
                isum += sc[2 * p] * lo + sc[2 * p + 1] * hi
            }
            let da = y.loadUnaligned(as: Float.self)
            sum += (x.half(0) * da) * Float(isum) - (x.half(2) * da) * Float(minsTerm(mins, y))
        }
        return sum
    }

    /// Q5_K × Q8_K: as Q4_K with the fifth bit from qh.
    static func q5_K(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var sum: Float = 0
        for b in 0..<nb {
            let x = w + 176 * b, y = a + 292 * b
            let (sc, mins) = scalesMins(x + 4)
            var isum: Int32 = 0
            for p in 0..<4 {
                var lo: Int32 = 0, hi: Int32 = 0
                for l in 0..<32 {
                    let q = x.u8(48 + 32 * p + l), h = x.u8(16 + l)
                    let ql = Int32(q & 0x0F) | Int32((h >> UInt8(2 * p)) & 1) << 4
                    let qhi = Int32(q >> 4) | Int32((h >> UInt8(2 * p + 1)) & 1) << 4
                    lo += ql * Int32(y.i8(4 + 64 * p + l))
                    hi += qhi * Int32(y.i8(4 + 64 * p + 32 + l))
                }
                isum += sc[2 * p] * lo + sc[2 * p + 1] * hi
            }
            let da = y.loadUnaligned(as: Float.self)
            sum += (x.half(0) * da) * Float(isum) - (x.half(2) * da) * Float(minsTerm(mins, y))
        }
        return sum
    }

    /// Q6_K × Q8_K: d_w*d_a * Σ_16 sc * Σ (q - 32) * q_a.
    static func q6_K(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var sum: Float = 0
        for b in 0..<nb {
            let x = w + 210 * b, y = a + 292 * b
            var isum: Int32 = 0
            for half in 0..<2 {
                let ql = x + 64 * half, qh = x + 128 + 32 * half, sc = x + 192 + 8 * half
                let q8 = y + 4 + 128 * half
                var part = SIMD8<Int32>() // one sum per 16 elements, indexed like the scales
                for l in 0..<32 {
                    let h = qh.u8(l), s = l / 16
                    let q1 = Int32((ql.u8(l) & 0x0F) | ((h & 3) << 4)) - 32
                    let q2 = Int32((ql.u8(l + 32) & 0x0F) | (((h >> 2) & 3) << 4)) - 32
                    let q3 = Int32((ql.u8(l) >> 4) | (((h >> 4) & 3) << 4)) - 32
                    let q4 = Int32((ql.u8(l + 32) >> 4) | (((h >> 6) & 3) << 4)) - 32
                    part[s] += q1 * Int32(q8.i8(l))
                    part[s + 2] += q2 * Int32(q8.i8(l + 32))
                    part[s + 4] += q3 * Int32(q8.i8(l + 64))
                    part[s + 6] += q4 * Int32(q8.i8(l + 96))
                }
                for k in 0..<8 { isum += Int32(sc.i8(k)) * part[k] }
            }
            sum += (x.half(208) * y.loadUnaligned(as: Float.self)) * Float(isum)
        }
        return sum
    }
}
