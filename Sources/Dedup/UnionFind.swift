/// Disjoint sets over `0..<count`. The root of a set is its smallest member; each root also
/// records the set's *best* member under the ordering given to `union` (the keep rule), so the
/// kept document does not depend on the order edges arrive in. Path halving keeps `find` near O(1).
struct UnionFind {
    private(set) var parent: [UInt32]
    private var bestMember: [UInt32]

    init(count: Int) {
        precondition(count < Int(UInt32.max))
        parent = (0..<UInt32(count)).map { $0 }
        bestMember = parent
    }

    /// The best member of `x`'s set.
    mutating func best(_ x: Int) -> Int { Int(bestMember[find(x)]) }

    mutating func find(_ x: Int) -> Int {
        var x = UInt32(x)
        while parent[Int(x)] != x {
            let p = parent[Int(x)]
            parent[Int(x)] = parent[Int(p)]
            x = parent[Int(x)]
        }
        return Int(x)
    }

    /// Joins the sets of `a` and `b`; returns false when they were already one.
    /// `better(x, y)` says whether member `x` should be kept rather than `y`.
    @discardableResult
    mutating func union(_ a: Int, _ b: Int, better: (Int, Int) -> Bool) -> Bool {
        let ra = find(a), rb = find(b)
        if ra == rb { return false }
        let (root, child) = ra < rb ? (ra, rb) : (rb, ra)
        parent[child] = UInt32(root)
        let x = Int(bestMember[root]), y = Int(bestMember[child])
        bestMember[root] = UInt32(better(y, x) ? y : x)
        return true
    }
}
