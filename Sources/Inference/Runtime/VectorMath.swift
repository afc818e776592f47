import Foundation

/// The element-wise pieces of the forward pass: RMSNorm, RoPE, SwiGLU, softmax-weighted sums.
/// Plain loops over unsafe pointers; the compiler vectorizes them.
enum VectorMath {
    /// `out = x / sqrt(mean(x²) + eps) * weight`; the sum of squares is taken in double precision,
    /// as llama.cpp does.
    @inline(__always)
    static func rmsNorm(_ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, count: Int, epsilon: Float, into out: UnsafeMutablePointer<Float>) {
        var sum: Double = 0
        for i in 0..<count { let v = Double(x[i]); sum += v * v }
        let scale = Float(1 / (sum / Double(count) + Double(epsilon)).squareRoot())
        for i in 0..<count { out[i] = x[i] * scale * weight[i] }
    }

    /// In place: `gate[i] = silu(gate[i]) * up[i]`.
    @inline(__always)
    static func swiGLU(_ gate: UnsafeMutablePointer<Float>, _ up: UnsafePointer<Float>, count: Int) {
        for i in 0..<count {
            let g = gate[i]
            gate[i] = g / (1 + expf(-g)) * up[i]
        }
    }

    @inline(__always)
    static func add(_ x: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, count: Int) {
        for i in 0..<count { x[i] += y[i] }
    }
}

/// Portable f32 vector loops (the scalar/SIMD twins of the AVX-512 attention kernels).
public enum FloatVector {
    /// Multiply and add, not `addProduct`: on the baseline x86-64 target a fused multiply-add is a
    /// library call per lane.
    @inline(__always)
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            acc += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self) * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var s = acc.sum()
        while i < count { s += a[i] * b[i]; i += 1 }
        return s
    }

    /// `y += a * x`.
    @inline(__always)
    public static func axpy(_ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] += a * x[i] }
    }
}

/// Precomputed RoPE rotations: cos and sin of `position * base^(-2i/d) / scale` for every position
/// and pair, computed in double precision.
struct RopeTable: @unchecked Sendable {
    let pairs: Int
    let neox: Bool
    private let table: ScratchBuffer<Float>

    init(config: LlamaConfig, positions: Int) {
        pairs = config.ropeDimension / 2
        neox = config.ropeNeoxStyle
        table = ScratchBuffer(count: positions * pairs * 2)
        let d = Double(config.ropeDimension)
        for p in 0..<positions {
            let position = Double(p) / config.ropeLinearScale
            for i in 0..<pairs {
                let theta = position * pow(config.ropeFrequencyBase, -2 * Double(i) / d)
                table.pointer[(p * pairs + i) * 2] = Float(cos(theta))
                table.pointer[(p * pairs + i) * 2 + 1] = Float(sin(theta))
            }
        }
    }

    /// Rotates each of `heads` heads of `headDimension` values at `x` for `position`.
    @inline(__always)
    func apply(_ x: UnsafeMutablePointer<Float>, heads: Int, headDimension: Int, position: Int) {
        let cs = table.pointer + position * pairs * 2
        for h in 0..<heads {
            let v = x + h * headDimension
            let half = neox ? pairs : 1
            for i in 0..<pairs {
                let (a, b) = neox ? (i, i + half) : (2 * i, 2 * i + 1)
                let c = cs[2 * i], s = cs[2 * i + 1]
                let x0 = v[a], x1 = v[b]
                v[a] = x0 * c - x1 * s
                v[b] = x0 * s + x1 * c
            }
        }
    }
}
