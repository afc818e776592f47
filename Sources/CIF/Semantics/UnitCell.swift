#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A unit cell: edge lengths a, b, c in Å and angles α, β, γ in degrees.
public struct UnitCell: Sendable, Hashable, CustomStringConvertible {
    /// Edge length a, Å.
    public var a: Double
    /// Edge length b, Å.
    public var b: Double
    /// Edge length c, Å.
    public var c: Double
    /// Angle between b and c, degrees.
    public var alpha: Double
    /// Angle between a and c, degrees.
    public var beta: Double
    /// Angle between a and b, degrees.
    public var gamma: Double

    /// A cell from its six parameters.
    public init(a: Double, b: Double, c: Double, alpha: Double, beta: Double, gamma: Double) {
        self.a = a
        self.b = b
        self.c = c
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
    }

    /// The volume in Å³, computed from the parameters: abc·√(1 − cos²α − cos²β − cos²γ + 2 cosα cosβ cosγ).
    public var volume: Double {
        let (ca, cb, cg) = (cosDegrees(alpha), cosDegrees(beta), cosDegrees(gamma))
        let s = 1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg
        return a * b * c * (s > 0 ? s.squareRoot() : 0)
    }

    /// True when a = b = c and α = β = γ ≠ 90° (within 1e-4): rhombohedral axes.
    public var isRhombohedral: Bool {
        abs(a - b) < 1e-4 && abs(b - c) < 1e-4 && abs(alpha - beta) < 1e-4 && abs(beta - gamma) < 1e-4 && abs(alpha - 90) > 1e-4
    }

    /// Rows of the matrix that maps fractional to Cartesian coordinates (Å), with a along x and
    /// b in the xy plane: r = x·A + y·B + z·C.
    public var basis: (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>) {
        let (ca, cb, cg) = (cosDegrees(alpha), cosDegrees(beta), cosDegrees(gamma))
        let sg = sin(gamma * .pi / 180)
        let A = SIMD3(a, 0, 0)
        let B = SIMD3(b * cg, b * sg, 0)
        let cx = c * cb
        let cy = sg != 0 ? c * (ca - cb * cg) / sg : 0
        let cz2 = c * c - cx * cx - cy * cy
        let C = SIMD3(cx, cy, cz2 > 0 ? cz2.squareRoot() : 0)
        return (A, B, C)
    }

    /// Cartesian coordinates (Å) of a fractional position.
    public func cartesian(_ fractional: SIMD3<Double>) -> SIMD3<Double> {
        let (A, B, C) = basis
        return fractional.x * A + fractional.y * B + fractional.z * C
    }

    /// The shortest distance in Å between two fractional positions, over the 27 neighbouring
    /// lattice translations of their wrapped difference.
    public func periodicDistance(_ p: SIMD3<Double>, _ q: SIMD3<Double>) -> Double {
        var d = p - q
        d -= d.rounded(.toNearestOrEven)
        let (A, B, C) = basis
        var best = Double.infinity
        for i in -1...1 {
            for j in -1...1 {
                for k in -1...1 {
                    let v = (d.x + Double(i)) * A + (d.y + Double(j)) * B + (d.z + Double(k)) * C
                    best = min(best, (v * v).sum())
                }
            }
        }
        return best.squareRoot()
    }

    /// `a b c α β γ`.
    public var description: String { "\(a) \(b) \(c) \(alpha) \(beta) \(gamma)" }

    private func cosDegrees(_ d: Double) -> Double {
        // Exact zeros for right angles, so orthogonal cells get exact volumes.
        if d == 90 { return 0 }
        return cos(d * .pi / 180)
    }
}
