// INTERIM: minimal kernels so the engine runs before the quant branch lands. Deleted at the merge.
@inline(__always) func h2f(_ p: UnsafeRawPointer) -> Float { Float(Float16(bitPattern: p.loadUnaligned(as: UInt16.self))) }

public enum Dequantize {
    public static func row(_ type: GGMLType, from src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<Float>) {
        switch type {
        case .f32: for i in 0..<count { dst[i] = src.loadUnaligned(fromByteOffset: 4 * i, as: Float.self) }
        case .f16: for i in 0..<count { dst[i] = h2f(src + 2 * i) }
        case .q8_0:
            for b in 0..<count / 32 {
                let blk = src + b * 34; let d = h2f(blk)
                for j in 0..<32 { dst[b * 32 + j] = d * Float(blk.load(fromByteOffset: 2 + j, as: Int8.self)) }
            }
        case .q4_1:
            for b in 0..<count / 32 {
                let blk = src + b * 20; let d = h2f(blk), m = h2f(blk + 2)
                for j in 0..<16 {
                    let q = blk.load(fromByteOffset: 4 + j, as: UInt8.self)
                    dst[b * 32 + j] = Float(q & 15) * d + m
                    dst[b * 32 + j + 16] = Float(q >> 4) * d + m
                }
            }
        default: fatalError("interim")
        }
    }
}

public enum ActivationQuantizer {
    public static func quantize(_ x: UnsafePointer<Float>, count: Int, as type: GGMLType, into dst: UnsafeMutableRawPointer) {
        let bytes = type == .q8_0 ? 34 : 36
        for b in 0..<count / 32 {
            var amax: Float = 0
            for j in 0..<32 { amax = max(amax, abs(x[b * 32 + j])) }
            let d = amax / 127, id: Float = d != 0 ? 1 / d : 0
            let blk = dst + b * bytes
            blk.storeBytes(of: Float16(d).bitPattern, as: UInt16.self)
            var sum = 0
            let qoff = type == .q8_0 ? 2 : 4
            for j in 0..<32 {
                let q = Int8((x[b * 32 + j] * id).rounded(.toNearestOrEven))
                sum += Int(q)
                blk.storeBytes(of: q, toByteOffset: qoff + j, as: Int8.self)
            }
            if type == .q8_1 { blk.storeBytes(of: Float16(d * Float(sum)).bitPattern, toByteOffset: 2, as: UInt16.self) }
        }
    }
}

public enum DotKernels: Sendable {
    case scalar
    public static let best = DotKernels.scalar
    public func dotRows(_ type: GGMLType, count: Int, weights: UnsafeRawPointer, rowStride: Int, rows: Int, activations: UnsafeRawPointer, out: UnsafeMutablePointer<Float>) {
        for r in 0..<rows { out[r] = dot(type, weights: weights + r * rowStride, activations: activations, count: count) }
    }
    public func dot(_ type: GGMLType, weights w: UnsafeRawPointer, activations a: UnsafeRawPointer, count: Int) -> Float {
        var s: Float = 0
        switch type {
        case .q4_1:
            for b in 0..<count / 32 {
                let wb = w + b * 20, ab = a + b * 36
                var isum: Int32 = 0
                for j in 0..<16 {
                    let q = wb.load(fromByteOffset: 4 + j, as: UInt8.self)
                    isum += Int32(q & 15) * Int32(ab.load(fromByteOffset: 4 + j, as: Int8.self))
                    isum += Int32(q >> 4) * Int32(ab.load(fromByteOffset: 20 + j, as: Int8.self))
                }
                s += h2f(wb) * h2f(ab) * Float(isum) + h2f(wb + 2) * h2f(ab + 2)
            }
        case .q8_0:
            for b in 0..<count / 32 {
                let wb = w + b * 34, ab = a + b * 34
                var isum: Int32 = 0
                for j in 0..<32 { isum += Int32(wb.load(fromByteOffset: 2 + j, as: Int8.self)) * Int32(ab.load(fromByteOffset: 2 + j, as: Int8.self)) }
                s += h2f(wb) * h2f(ab) * Float(isum)
            }
        case .f32:
            for i in 0..<count { s += w.loadUnaligned(fromByteOffset: 4 * i, as: Float.self) * a.loadUnaligned(fromByteOffset: 4 * i, as: Float.self) }
        default: fatalError("interim")
        }
        return s
    }
}
