/// Portable vector kernels built on Swift's SIMD types (no intrinsics): the same per-block integer sums as
/// `ScalarDot` computed on 16/32-lane vectors, and the same f32 scaling per block, so quantized results
/// equal the scalar twin bit for bit; float rows accumulate in 16 lanes (another summation order).
public enum SIMDDot {
    public static func dot(_ type: GGMLType, weights: UnsafeRawPointer, activations: UnsafeRawPointer, count: Int) -> Float {
        precondition(count >= 0 && count % type.blockSize == 0, "\(type): \(count) is not a whole number of blocks")
        let w = weights, a = activations
        switch type {
        case .f32: return f32(count, w, a)
        case .f16: return f16(count, w, a)
        case .bf16: return bf16(count, w, a)
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

    /// `out[r]` = dot of row `r` (at `weights + r * rowStride`) with `activations`.
    public static func dotRows(_ type: GGMLType, count: Int, weights: UnsafeRawPointer, rowStride: Int, rows: Int,
                               activations: UnsafeRawPointer, out: UnsafeMutablePointer<Float>) {
        for r in 0..<rows { out[r] = dot(type, weights: weights + r * rowStride, activations: activations, count: count) }
    }

    // MARK: float rows

    @inline(__always)
    static func floatTail(_ from: Int, _ n: Int, _ a: UnsafeRawPointer, _ weight: (Int) -> Float) -> Float {
        var s: Float = 0
        for i in from..<n { s += weight(i) * a.loadUnaligned(fromByteOffset: 4 * i, as: Float.self) }
        return s
    }

    static func f32(_ n: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var acc = SIMD16<Float>()
        var i = 0
        while i + 16 <= n {
            acc += w.loadUnaligned(fromByteOffset: 4 * i, as: SIMD16<Float>.self) * a.loadUnaligned(fromByteOffset: 4 * i, as: SIMD16<Float>.self)
            i += 16
        }
        return acc.sum() + floatTail(i, n, a) { w.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) }
    }

    /// 16 halves to floats on the bits (see `HalfFloat.float(fromBits:)`).
    @inline(__always)
    static func halves(_ h: SIMD16<UInt16>) -> SIMD16<Float> {
        let wide = SIMD16<UInt32>(truncatingIfNeeded: h)
        let magnitude = (wide & 0x7FFF) &<< 13, sign = (wide & 0x8000) &<< 16
        var v = unsafeBitCast(sign | magnitude, to: SIMD16<Float>.self) * 0x1p112
        let special = (wide & 0x7C00) .== 0x7C00
        if any(special) { v.replace(with: unsafeBitCast(sign | magnitude | 0x7F80_0000, to: SIMD16<Float>.self), where: special) }
        return v
    }

    static func f16(_ n: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var acc = SIMD16<Float>()
        var i = 0
        while i + 16 <= n {
            acc += halves(w.loadUnaligned(fromByteOffset: 2 * i, as: SIMD16<UInt16>.self)) * a.loadUnaligned(fromByteOffset: 4 * i, as: SIMD16<Float>.self)
            i += 16
        }
        return acc.sum() + floatTail(i, n, a) { w.half(2 * $0) }
    }

    static func bf16(_ n: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var acc = SIMD16<Float>()
        var i = 0
        while i + 16 <= n {
            let bits = SIMD16<UInt32>(truncatingIfNeeded: w.loadUnaligned(fromByteOffset: 2 * i, as: SIMD16<UInt16>.self)) &<< 16
            acc += unsafeBitCast(bits, to: SIMD16<Float>.self) * a.loadUnaligned(fromByteOffset: 4 * i, as: SIMD16<Float>.self)
            i += 16
        }
        return acc.sum() + floatTail(i, n, a) { HalfFloat.float(fromBF16: w.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self)) }
    }

    // MARK: 32-blocks

    @inline(__always)
    static func i16(_ v: SIMD16<UInt8>) -> SIMD16<Int16> { SIMD16<Int16>(truncatingIfNeeded: v) }
    @inline(__always)
    static func i16(_ p: UnsafeRawPointer, _ offset: Int) -> SIMD16<Int16> {
        SIMD16<Int16>(truncatingIfNeeded: p.loadUnaligned(fromByteOffset: offset, as: SIMD16<Int8>.self))
    }
    /// Σ of 16 Int16 lanes as Int32 (each lane's magnitude < 2^15, the sum may exceed it).
    @inline(__always)
    static func sum32(_ v: SIMD16<Int16>) -> Int32 { SIMD16<Int32>(truncatingIfNeeded: v).wrappedSum() }

    /// The 5th bits of a Q5 block's 32 values, as 0/16 per lane: (lanes for values 0-15, 16-31).
    @inline(__always)
    static func fifthBits(_ qh: UInt32) -> (SIMD16<UInt8>, SIMD16<UInt8>) {
        let shifts = SIMD16<UInt32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        let all = SIMD16<UInt32>(repeating: qh)
        let lo = ((all &>> shifts) & 1) &<< 4, hi = ((all &>> (shifts &+ 16)) & 1) &<< 4
        return (SIMD16<UInt8>(truncatingIfNeeded: lo), SIMD16<UInt8>(truncatingIfNeeded: hi))
    }

    static func q4_0(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var sum: Float = 0
        for b in 0..<nb {
            let x = w + 18 * b, y = a + 34 * b
            let q = x.loadUnaligned(fromByteOffset: 2, as: SIMD16<UInt8>.self)
            let p = (i16(q & 0x0F) &- 8) &* i16(y, 2) &+ (i16(q &>> 4) &- 8) &* i16(y, 18)
            sum += Float(sum32(p)) * (x.half(0) * y.half(0))
        }
        return sum
    }

    static func q4_1(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var sum: Float = 0
        for b in 0..<nb {
            let x = w + 20 * b, y = a + 36 * b
            let q = x.loadUnaligned(fromByteOffset: 4, as: SIMD16<UInt8>.self)
            let p = i16(q & 0x0F) &* i16(y, 4) &+ i16(q &>> 4) &* i16(y, 20)
            sum += (x.half(0) * y.half(0)) * Float(sum32(p)) + x.half(2) * y.half(2)
        }
        return sum
    }

    static func q5_0(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var sum: Float = 0
        for b in 0..<nb {
            let x = w + 22 * b, y = a + 34 * b
            let (h0, h1) = fifthBits(x.loadUnaligned(fromByteOffset: 2, as: UInt32.self).littleEndian)
            let q = x.loadUnaligned(fromByteOffset: 6, as: SIMD16<UInt8>.self)
            let p = (i16((q & 0x0F) | h0) &- 16) &* i16(y, 2) &+ (i16((q &>> 4) | h1) &- 16) &* i16(y, 18)
            sum += Float(sum32(p)) * (x.half(0) * y.half(0))
        }
        return sum
    }

    static func q5_1(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var sum: Float = 0
        for b in 0..<nb {
            let x = w + 24 * b, y = a + 36 * b
            let (h0, h1) = fifthBits(x.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian)
            let q = x.loadUnaligned(fromByteOffset: 8, as: SIMD16<UInt8>.self)
            let p = i16((q & 0x0F) | h0) &* i16(y, 4) &+ i16((q &>> 4) | h1) &* i16(y, 20)
            sum += (x.half(0) * y.half(0)) * Float(sum32(p)) + x.half(2) * y.half(2)
        }
        return sum
    }

    static func q8_0(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var sum: Float = 0
        for b in 0..<nb {
            let x = w + 34 * b, y = a + 34 * b
            // |products| ≤ 128·127, two of them ≤ 32512 < 2^15.
            let p = i16(x, 2) &* i16(y, 2) &+ i16(x, 18) &* i16(y, 18)
            sum += Float(sum32(p)) * (x.half(0) * y.half(0))
        }
        return sum
    }

    // MARK: 256-blocks

    @inline(__always)
    static func i16x32(_ v: SIMD32<UInt8>) -> SIMD32<Int16> { SIMD32<Int16>(truncatingIfNeeded: v) }
    @inline(__always)
    static func i16x32(_ p: UnsafeRawPointer, _ offset: Int) -> SIMD32<Int16> {
        SIMD32<Int16>(truncatingIfNeeded: p.loadUnaligned(fromByteOffset: offset, as: SIMD32<Int8>.self))
    }
    @inline(__always)
    static func sum32(_ v: SIMD32<Int16>) -> Int32 { SIMD32<Int32>(truncatingIfNeeded: v).wrappedSum() }

    /// Q4_K/Q5_K: Σ_sub sc·(Σ q·q_a) over the 8 sub-blocks; `quant(p)` gives sub-blocks 2p and 2p+1.
    @inline(__always)
    static func kSum(_ sc: SIMD8<Int32>, _ y: UnsafeRawPointer, _ quant: (Int) -> (SIMD32<UInt8>, SIMD32<UInt8>)) -> Int32 {
        var isum: Int32 = 0
        for p in 0..<4 {
            let (lo, hi) = quant(p)
            isum &+= sc[2 * p] &* sum32(i16x32(lo) &* i16x32(y, 4 + 64 * p)) &+ sc[2 * p + 1] &* sum32(i16x32(hi) &* i16x32(y, 36 + 64 * p))
        }
        return isum
    }

    @inline(__always)
    static func minsTerm(_ mins: SIMD8<Int32>, _ y: UnsafeRawPointer) -> Int32 {
        let bsums = SIMD16<Int32>(truncatingIfNeeded: y.loadUnaligned(fromByteOffset: 260, as: SIMD16<Int16>.self))
        let pairs = bsums.evenHalf &+ bsums.oddHalf
        return (pairs &* mins).wrappedSum()
    }

    static func q4_K(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var sum: Float = 0
        for b in 0..<nb {
            let x = w + 144 * b, y = a + 292 * b
            let (sc, mins) = ScalarDot.scalesMins(x + 4)
            let isum = kSum(sc, y) { p in
                let q = x.loadUnaligned(fromByteOffset: 16 + 32 * p, as: SIMD32<UInt8>.self)
                return (q & 0x0F, q &>> 4)
            }
            let da = y.loadUnaligned(as: Float.self)
            sum += (x.half(0) * da) * Float(isum) - (x.half(2) * da) * Float(minsTerm(mins, y))
        }
        return sum
    }

    static func q5_K(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var sum: Float = 0
        for b in 0..<nb {
            let x = w + 176 * b, y = a + 292 * b
            let (sc, mins) = ScalarDot.scalesMins(x + 4)
            let qh = x.loadUnaligned(fromByteOffset: 16, as: SIMD32<UInt8>.self)
            let isum = kSum(sc, y) { p in
                let q = x.loadUnaligned(fromByteOffset: 48 + 32 * p, as: SIMD32<UInt8>.self)
                let h0 = ((qh &>> UInt8(2 * p)) & 1) &<< 4, h1 = ((qh &>> UInt8(2 * p + 1)) & 1) &<< 4
                return ((q & 0x0F) | h0, (q &>> 4) | h1)
            }
            let da = y.loadUnaligned(as: Float.self)
            sum += (x.half(0) * da) * Float(isum) - (x.half(2) * da) * Float(minsTerm(mins, y))
        }
        return sum
    }

    static func q6_K(_ nb: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var sum: Float = 0
        for b in 0..<nb {
            let x = w + 210 * b, y = a + 292 * b
            var isum: Int32 = 0
            for half in 0..<2 {
                let ql0 = x.loadUnaligned(fromByteOffset: 64 * half, as: SIMD32<UInt8>.self)
                let ql1 = x.loadUnaligned(fromByteOffset: 64 * half + 32, as: SIMD32<UInt8>.self)
                let h = x.loadUnaligned(fromByteOffset: 128 + 32 * half, as: SIMD32<UInt8>.self)
                let sc = x + 192 + 8 * half, q8 = 4 + 128 * half
                @inline(__always) func part(_ q: SIMD32<UInt8>, _ k: Int) -> Int32 {
                    let p = (i16x32(q) &- 32) &* i16x32(y, q8 + 32 * k)
                    return Int32(sc.i8(2 * k)) &* sum32(p.lowHalf) &+ Int32(sc.i8(2 * k + 1)) &* sum32(p.highHalf)
                }
                isum &+= part((ql0 & 0x0F) | ((h & 3) &<< 4), 0) &+ part((ql1 & 0x0F) | (((h &>> 2) & 3) &<< 4), 1)
                isum &+= part((ql0 &>> 4) | (((h &>> 4) & 3) &<< 4), 2) &+ part((ql1 &>> 4) | ((h &>> 6) &<< 4), 3)
            }
            sum += (x.half(208) * y.loadUnaligned(as: Float.self)) * Float(isum)
        }
        return sum
    }
}
