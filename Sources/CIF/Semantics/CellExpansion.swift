#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the asymmetric unit is expanded into the full cell.
public struct ExpansionOptions: Sendable, Hashable {
    /// When two positions are the same site.
    public enum Merge: Sendable, Hashable {
        /// Every fractional coordinate differs by less than this, modulo 1 (pymatgen: 1e-4).
        case fractional(Double)
        /// The periodic Cartesian distance is less than this many Å.
        case cartesian(Double)
    }

    /// When two positions are the same site (default: pymatgen's 1e-4 fractional).
    public var merge: Merge
    /// Replace coordinates within 1e-4 (relative) of 1/3 or 2/3 by the exact value before
    /// applying symmetry, as pymatgen does (`0.3333` → 1/3).
    public var snapsThirds: Bool
    /// A site whose occupancies sum to more than this is reported (pymatgen rejects the
    /// structure above 1.0).
    public var occupancyTolerance: Double

    /// Options; the defaults reproduce pymatgen's `CifParser` (so compositions match it).
    public init(merge: Merge = .fractional(1e-4), snapsThirds: Bool = true, occupancyTolerance: Double = 1.0) {
        self.merge = merge
        self.snapsThirds = snapsThirds
        self.occupancyTolerance = occupancyTolerance
    }
}

/// One site of the full cell: a position and what occupies it.
public struct CellSite: Sendable, Hashable {
    /// Fractional position, wrapped into [0, 1).
    public var position: SIMD3<Double>
    /// Species and occupancies (several for a disordered site), in the order they were merged.
    public var occupants: [Occupant]
    /// The label of the (last) asymmetric-unit site that put an occupant here.
    public var label: String

    /// One species on a site.
    public struct Occupant: Sendable, Hashable {
        /// Element or dummy symbol.
        public var symbol: String
        /// Occupancy.
        public var occupancy: Double
    }

    /// Sum of the occupancies.
    public var totalOccupancy: Double { occupants.reduce(0) { $0 + $1.occupancy } }
}

/// The full cell: every site after applying the symmetry, and what it adds up to.
public struct ExpandedCell: Sendable {
    /// The sites.
    public var sites: [CellSite]
    /// Element amounts in the cell (occupancies summed).
    public var composition: Composition
    /// Sites whose occupancies exceed the tolerance.
    public var issues: [CIFStructureIssue]

    /// False when some site's occupancies exceed the tolerance (pymatgen makes no structure then).
    public var isPhysical: Bool { issues.isEmpty }
}

extension CrystalStructure {
    /// Expands the asymmetric unit into the full cell with `symmetry.operations`.
    ///
    /// The algorithm is pymatgen's `CifParser._get_structure`, so that `nsites` and the
    /// composition match it (the corpus convention):
    ///
    /// 1. coordinates near 1/3 and 2/3 are snapped (option);
    /// 2. asymmetric-unit sites are taken in file order, skipping those that name no species or
    ///    have occupancy ≤ 0; a site whose symmetry image coincides with an earlier site is merged
    ///    into it (a disordered site: occupancies of both);
    /// 3. sites with equal contents are expanded together: every operation is applied, images
    ///    are wrapped into [0, 1) and kept unless they coincide with one already kept;
    /// 4. an oxygen site carrying implicit water hydrogens holds the oxygen only.
    ///
    /// Coincidence uses `options.merge`, through a spatial hash (no quadratic scans).
    public func expandedCell(options: ExpansionOptions = ExpansionOptions()) -> ExpandedCell {
        let ops = symmetry.operations
        var grid = PositionGrid(merge: options.merge, cell: cell)

        // Step 2: merge asymmetric-unit sites into positions with combined contents.
        struct Entry {
            var coord: SIMD3<Double>
            var occupants: [CellSite.Occupant]
            var label: String
        }
        var entries: [Entry] = []
        for site in sites {
            guard let species = site.species, !species.symbol.isEmpty, site.occupancy > 0 else { continue }
            var coord = site.fract
            if options.snapsThirds { coord = Self.snapThirds(coord) }
            var occupants = [CellSite.Occupant(symbol: species.symbol, occupancy: max(site.occupancy, 1e-8))]
            if species.implicitHydrogens > 0 { occupants.append(.init(symbol: "H", occupancy: Double(species.implicitHydrogens))) }
            var match: Int? = nil
            for op in ops {
                if let m = grid.firstMatch(op.apply(coord)) {
                    match = m
                    break
                }
            }
            if let m = match {
                for o in occupants {
                    if let k = entries[m].occupants.firstIndex(where: { $0.symbol == o.symbol }) {
                        entries[m].occupants[k].occupancy += o.occupancy
                    } else {
                        entries[m].occupants.append(o)
                    }
                }
                entries[m].label = site.label
            } else {
                grid.insert(coord, index: entries.count)
                entries.append(Entry(coord: coord, occupants: occupants, label: site.label))
            }
        }

        // Step 3: group equal contents, expand each group.
        var groups: [[Int]] = []
        var groupOf: [[CellSite.Occupant]] = []
        for (i, e) in entries.enumerated() {
            if let g = groupOf.firstIndex(where: { Self.sameContents($0, e.occupants) }) {
                groups[g].append(i)
            } else {
                groupOf.append(e.occupants)
                groups.append([i])
            }
        }
        var sitesOut: [CellSite] = []
        var composition = Composition()
        var issues: [CIFStructureIssue] = []
        for (g, members) in groups.enumerated() {
            var occupants = groupOf[g]
            let symbols = Set(occupants.map(\.symbol))
            if symbols == ["O", "H"] { occupants.removeAll { $0.symbol == "H" } }   // implicit water hydrogens
            let total = occupants.reduce(0) { $0 + $1.occupancy }
            var groupGrid = PositionGrid(merge: options.merge, cell: cell)
            var count = 0
            for i in members {
                let e = entries[i]
                for op in ops {
                    var p = op.apply(e.coord)
                    p = p - p.rounded(.down)
                    if !groupGrid.contains(p) {
                        groupGrid.insert(p, index: count)
                        count += 1
                        sitesOut.append(CellSite(position: p, occupants: occupants, label: e.label))
                    }
                }
            }
            if total > options.occupancyTolerance, let first = members.first {
                issues.append(CIFStructureIssue(location: nil, kind: .occupancyExceeded(label: entries[first].label, total: total)))
            }
            for o in occupants { composition.add(o.symbol, o.occupancy * Double(count)) }
        }
        return ExpandedCell(sites: sitesOut, composition: composition, issues: issues)
    }

    static func snapThirds(_ p: SIMD3<Double>) -> SIMD3<Double> {
        var q = p
        for i in 0..<3 {
            for third in [1.0 / 3.0, 2.0 / 3.0] where abs(p[i] / third - 1) <= 1e-4 {
                q[i] = third
            }
        }
        return q
    }

    static func sameContents(_ a: [CellSite.Occupant], _ b: [CellSite.Occupant]) -> Bool {
        guard a.count == b.count else { return false }
        for o in a {
            guard let p = b.first(where: { $0.symbol == o.symbol }), abs(p.occupancy - o.occupancy) <= Composition.amountTolerance else { return false }
        }
        return true
    }
}

/// Positions hashed into boxes about twice the merge tolerance wide, periodic in each
/// direction, so a coincidence test looks at 1 to 8 boxes instead of every position.
/// Layout: `heads` maps a box to its newest entry; `next[i]` chains entries of one box.
struct PositionGrid {
    let merge: ExpansionOptions.Merge
    let cell: UnitCell?
    /// Boxes per cell edge.
    let divisions: SIMD3<Int>
    /// Half-width of the neighbourhood to search, in fractions of each edge.
    let reach: SIMD3<Double>
    var heads = BoxTable()
    var next: [Int32] = []
    var positions: [SIMD3<Double>] = []
    var indices: [Int] = []

    init(merge: ExpansionOptions.Merge, cell: UnitCell?) {
        self.merge = merge
        self.cell = cell
        switch merge {
        case .fractional(let tol):
            let t = tol.isFinite ? max(tol, 1e-9) : 0.5
            reach = SIMD3(repeating: min(t, 0.5))
        case .cartesian(let tol):
            // A sphere of radius tol spans tol/h of the cell along each axis, h the spacing
            // between lattice planes.
            if let cell, cell.volume > 0 {
                let (A, B, C) = cell.basis
                func cross(_ u: SIMD3<Double>, _ v: SIMD3<Double>) -> SIMD3<Double> {
                    SIMD3(u.y * v.z - u.z * v.y, u.z * v.x - u.x * v.z, u.x * v.y - u.y * v.x)
                }
                func norm(_ u: SIMD3<Double>) -> Double { (u * u).sum().squareRoot() }
                let v = cell.volume
                let h = SIMD3(v / norm(cross(B, C)), v / norm(cross(C, A)), v / norm(cross(A, B)))
                let r = SIMD3(repeating: max(tol, 1e-9)) / h
                reach = r.x.isFinite && r.y.isFinite && r.z.isFinite ? pointwiseMin(r, SIMD3(repeating: 0.5)) : SIMD3(repeating: 0.5)
            } else {
                reach = SIMD3(repeating: 0.5)
            }
        }
        func count(_ r: Double) -> Int { r > 0 && r.isFinite ? max(1, Int(min(1 / (2 * r), 1_048_576.0))) : 1 }
        divisions = SIMD3(count(reach.x), count(reach.y), count(reach.z))
    }

    @inline(__always) func wrap(_ v: Int, _ n: Int) -> Int { v >= 0 && v < n ? v : ((v % n) + n) % n }

    @inline(__always) func key(_ x: Int, _ y: Int, _ z: Int) -> Int {
        (wrap(x, divisions.x) * divisions.y + wrap(y, divisions.y)) * divisions.z + wrap(z, divisions.z)
    }

    @inline(__always) func coincide(_ p: SIMD3<Double>, _ q: SIMD3<Double>) -> Bool {
        switch merge {
        case .fractional(let tol):
            var d = p - q
            d -= d.rounded(.toNearestOrEven)
            return abs(d.x) < tol && abs(d.y) < tol && abs(d.z) < tol
        case .cartesian(let tol):
            guard let cell else { return false }
            return cell.periodicDistance(p, q) < tol
        }
    }

    /// The smallest index of a stored position coinciding with `p` (`first`: any one, sooner).
    func match(_ p: SIMD3<Double>, first: Bool = false) -> Int? {
        let w = p - p.rounded(.down)
        guard w.x.isFinite && w.y.isFinite && w.z.isFinite else { return nil }
        let n = SIMD3<Double>(Double(divisions.x), Double(divisions.y), Double(divisions.z))
        let lo = ((w - reach) * n).rounded(.down)
        let hi = ((w + reach) * n).rounded(.down)
        var best: Int? = nil
        var seen = (-1, -1, -1, -1, -1, -1, -1, -1)
        var seenCount = 0
        var x = Int(lo.x)
        while x <= Int(hi.x) {
            var y = Int(lo.y)
            while y <= Int(hi.y) {
                var z = Int(lo.z)
                while z <= Int(hi.z) {
                    let k = key(x, y, z)
                    // With one or two boxes per edge, two neighbours can be the same box.
                    var repeated = false
                    withUnsafeBytes(of: &seen) { raw in
                        let s = raw.bindMemory(to: Int.self)
                        for i in 0..<seenCount where s[i] == k { repeated = true }
                    }
                    if !repeated {
                        if seenCount < 8 {
                            withUnsafeMutableBytes(of: &seen) { $0.bindMemory(to: Int.self)[seenCount] = k }
                            seenCount += 1
                        }
                        var e = heads[k]
                        while e >= 0 {
                            let i = Int(e)
                            if coincide(p, positions[i]) {
                                if first { return indices[i] }
                                if best == nil || indices[i] < best! { best = indices[i] }
                            }
                            e = next[i]
                        }
                    }
                    z += 1
                }
                y += 1
            }
            x += 1
        }
        return best
    }

    /// The smallest index of a stored position coinciding with `p`.
    func firstMatch(_ p: SIMD3<Double>) -> Int? { match(p) }

    /// True when a stored position coincides with `p`.
    func contains(_ p: SIMD3<Double>) -> Bool { match(p, first: true) != nil }

    mutating func insert(_ p: SIMD3<Double>, index: Int) {
        var w = p - p.rounded(.down)
        if !(w.x.isFinite && w.y.isFinite && w.z.isFinite) { w = .zero }
        let k = key(Int(w.x * Double(divisions.x)), Int(w.y * Double(divisions.y)), Int(w.z * Double(divisions.z)))
        next.append(heads[k])
        heads[k] = Int32(positions.count)
        positions.append(p)
        indices.append(index)
    }
}

/// A map from box keys (non-negative Ints) to entry indices, -1 when absent: open addressing
/// with linear probing and a multiplicative hash, which is much cheaper than `Dictionary`'s
/// seeded SipHash for this hot path.
struct BoxTable {
    var keys: [Int] = Array(repeating: -1, count: 16)
    var values: [Int32] = Array(repeating: -1, count: 16)
    var count = 0

    @inline(__always) func slot(_ key: Int, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    subscript(key: Int) -> Int32 {
        get {
            let mask = keys.count - 1
            var i = slot(key, mask)
            while true {
                let k = keys[i]
                if k == key { return values[i] }
                if k == -1 { return -1 }
                i = (i + 1) & mask
            }
        }
        set {
            if (count + 1) * 2 > keys.count { grow() }
            let mask = keys.count - 1
            var i = slot(key, mask)
            while keys[i] != -1 && keys[i] != key { i = (i + 1) & mask }
            if keys[i] == -1 {
                keys[i] = key
                count += 1
            }
            values[i] = newValue
        }
    }

    mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = Array(repeating: -1, count: oldKeys.count * 2)
        values = Array(repeating: -1, count: oldKeys.count * 2)
        count = 0
        let mask = keys.count - 1
        for (k, v) in zip(oldKeys, oldValues) where k != -1 {
            var i = slot(k, mask)
            while keys[i] != -1 { i = (i + 1) & mask }
            keys[i] = k
            values[i] = v
            count += 1
        }
    }
}
