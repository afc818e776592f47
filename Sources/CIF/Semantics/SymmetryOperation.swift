/// A crystallographic symmetry operation on fractional coordinates: x' = R·x + t.
///
/// Each output coordinate is one row `(Rx, Ry, Rz, t)`, read from and written as the familiar
/// triplet `-x+1/2,y,-z`. Parsing accepts what CIF files contain: spaces, upper case, the
/// translation before or after the variables (`1/2+x`, `x+1/2`), decimals (`x+0.5`, `x+0.6667`),
/// products (`2*x`, `2x`), and a fourth magnetic component (`x,y,z,+1`), which is ignored.
public struct SymmetryOperation: Sendable, Hashable, CustomStringConvertible {
    // Rows for x', y', z': coefficients of x, y, z, and the translation in the fourth lane.
    var x: SIMD4<Double>
    var y: SIMD4<Double>
    var z: SIMD4<Double>

    /// The identity, `x,y,z`.
    public static let identity = SymmetryOperation(x: [1, 0, 0, 0], y: [0, 1, 0, 0], z: [0, 0, 1, 0])

    init(x: SIMD4<Double>, y: SIMD4<Double>, z: SIMD4<Double>) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// An operation from a 3×3 rotation (row-major) and a translation.
    public init(rotation: [[Double]], translation: [Double]) {
        precondition(rotation.count == 3 && rotation.allSatisfy { $0.count == 3 } && translation.count == 3)
        x = SIMD4(rotation[0][0], rotation[0][1], rotation[0][2], translation[0])
        y = SIMD4(rotation[1][0], rotation[1][1], rotation[1][2], translation[1])
        z = SIMD4(rotation[2][0], rotation[2][1], rotation[2][2], translation[2])
    }

    /// Parses a triplet such as `-x+1/2, y, -z`; nil when the text is not one.
    public init?(triplet: String) {
        var text = triplet
        guard let op = text.withUTF8({ SymmetryOperation.parse($0) }) else { return nil }
        self = op
    }

    /// The 3×3 rotation part, row by row.
    public var rotation: [[Double]] { [[x[0], x[1], x[2]], [y[0], y[1], y[2]], [z[0], z[1], z[2]]] }

    /// The translation part.
    public var translation: SIMD3<Double> { SIMD3(x[3], y[3], z[3]) }

    /// Applies the operation to a fractional position (no wrapping into the cell).
    @inline(__always)
    public func apply(_ p: SIMD3<Double>) -> SIMD3<Double> {
        let q = SIMD4(p, 1)
        return SIMD3((x * q).sum(), (y * q).sum(), (z * q).sum())
    }

    /// `self` after `other`: applying the result equals applying `other`, then `self`.
    public func composed(after other: SymmetryOperation) -> SymmetryOperation {
        func row(_ r: SIMD4<Double>) -> SIMD4<Double> {
            r[0] * other.x + r[1] * other.y + r[2] * other.z + SIMD4(0, 0, 0, r[3])
        }
        return SymmetryOperation(x: row(x), y: row(y), z: row(z))
    }

    /// The same operation with its translation wrapped into [0, 1).
    public var wrapped: SymmetryOperation {
        var op = self
        op.x[3] = Self.wrap(x[3])
        op.y[3] = Self.wrap(y[3])
        op.z[3] = Self.wrap(z[3])
        return op
    }

    static func wrap(_ v: Double) -> Double {
        var w = v - v.rounded(.down)
        if w >= 1 - 1e-12 { w = 0 }
        return w
    }

    /// An integer key equal for operations that differ only by lattice translations and rounding:
    /// rotation entries, and the translation in 24ths of the cell, wrapped.
    var seitzKey: [Int] {
        var key: [Int] = []
        key.reserveCapacity(12)
        for r in [x, y, z] {
            key.append(Int(r[0].rounded()))
            key.append(Int(r[1].rounded()))
            key.append(Int(r[2].rounded()))
            var t = Int((Self.wrap(r[3]) * 24).rounded()) % 24
            if t < 0 { t += 24 }
            key.append(t)
        }
        return key
    }

    /// The triplet, e.g. `-x+1/2,y,-z` (translations as fractions with denominators up to 12,
    /// else as decimals).
    public var description: String { triplet }

    /// The triplet, e.g. `-x+1/2,y,-z`.
    public var triplet: String {
        [x, y, z].map(Self.rowText).joined(separator: ",")
    }

    static func rowText(_ r: SIMD4<Double>) -> String {
        var out = ""
        for (i, name) in ["x", "y", "z"].enumerated() where r[i] != 0 {
            let c = r[i]
            if c == 1 { out += out.isEmpty ? name : "+" + name }
            else if c == -1 { out += "-" + name }
            else { out += (c > 0 && !out.isEmpty ? "+" : "") + Self.number(c) + "*" + name }
        }
        if r[3] != 0 {
            let t = r[3]
            out += (t > 0 && !out.isEmpty ? "+" : "") + Self.number(t)
        }
        return out.isEmpty ? "0" : out
    }

    /// A fraction p/q with q ≤ 12 when the value is one (within 1e-6), else a decimal.
    static func number(_ v: Double) -> String {
        for q in 1...12 {
            let p = (v * Double(q)).rounded()
            if abs(p / Double(q) - v) < 1e-6 {
                let g = gcd(Int(abs(p)), q)
                let (pp, qq) = (Int(p) / max(g, 1), q / max(g, 1))
                return qq == 1 ? "\(pp)" : "\(pp)/\(qq)"
            }
        }
        return "\(v)"
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    // MARK: parsing

    static func parse(_ s: UnsafeBufferPointer<UInt8>) -> SymmetryOperation? {
        var rows: [SIMD4<Double>] = []
        var i = 0
        while i <= s.count {
            var j = i
            while j < s.count && s[j] != UInt8(ascii: ",") { j += 1 }
            guard let row = parseRow(s, i, j) else {
                // A fourth, magnetic component (time reversal: +1 or -1) is allowed and ignored.
                if rows.count == 3 { break }
                return nil
            }
            rows.append(row)
            i = j + 1
            if rows.count == 4 { break }
        }
        guard rows.count == 3 || rows.count == 4 else { return nil }
        if rows.count == 4 {
            let r = rows[3]
            guard r[0] == 0 && r[1] == 0 && r[2] == 0 && abs(r[3]) == 1 else { return nil }
        }
        return SymmetryOperation(x: rows[0], y: rows[1], z: rows[2])
    }

    /// One component: a sum of terms `[+-] [number[/number]] [*] [x|y|z]`.
    static func parseRow(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> SIMD4<Double>? {
        var row = SIMD4<Double>(repeating: 0)
        var i = start
        var terms = 0
        func skipSpaces() { while i < end && (s[i] == 0x20 || s[i] == 0x09) { i += 1 } }
        while true {
            skipSpaces()
            if i >= end { break }
            var sign = 1.0
            var hadSign = false
            while i < end && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) {
                if s[i] == UInt8(ascii: "-") { sign = -sign }
                hadSign = true
                i += 1
                skipSpaces()
            }
            if !hadSign && terms > 0 { return nil }
            var coefficient: Double? = nil
            if i < end && (s[i] &- 48 < 10 || s[i] == UInt8(ascii: ".")) {
                var j = i
                while j < end && (s[j] &- 48 < 10 || s[j] == UInt8(ascii: ".")) { j += 1 }
                guard let numerator = CIFNumber.parse(UnsafeBufferPointer(rebasing: s[i..<j]), lenient: false)?.value,
                      numerator.isFinite, abs(numerator) < 1e6 else { return nil }
                var value = numerator
                i = j
                skipSpaces()
                if i < end && s[i] == UInt8(ascii: "/") {
                    i += 1
                    skipSpaces()
                    var k = i
                    while k < end && (s[k] &- 48 < 10 || s[k] == UInt8(ascii: ".")) { k += 1 }
                    guard k > i, let d = CIFNumber.parse(UnsafeBufferPointer(rebasing: s[i..<k]), lenient: false)?.value, d != 0 else { return nil }
                    value /= d
                    i = k
                    skipSpaces()
                }
                coefficient = value
                if i < end && s[i] == UInt8(ascii: "*") {
                    i += 1
                    skipSpaces()
                }
            }
            if i < end, let axis = axisIndex(s[i]) {
                row[axis] += sign * (coefficient ?? 1)
                i += 1
            } else if let c = coefficient {
                row[3] += sign * c
            } else {
                return nil
            }
            terms += 1
        }
        return terms > 0 ? row : nil
    }

    static func axisIndex(_ b: UInt8) -> Int? {
        switch b | 0x20 {
        case UInt8(ascii: "x"): return 0
        case UInt8(ascii: "y"): return 1
        case UInt8(ascii: "z"): return 2
        default: return nil
        }
    }

    public static func == (a: SymmetryOperation, b: SymmetryOperation) -> Bool {
        a.x == b.x && a.y == b.y && a.z == b.z
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(x)
        hasher.combine(y)
        hasher.combine(z)
    }
}
