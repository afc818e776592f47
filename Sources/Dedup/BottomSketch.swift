/// Bottom-k sketches: the k smallest distinct 32-bit values of a set's (avalanched) hashes.
///
/// For two sets, the k smallest values of the union of their sketches are the k smallest of the
/// union of the sets, so the share of those found in both sketches estimates the Jaccard
/// similarity without bias, and is exact when the union has at most k distinct values.
public enum BottomSketch {
    /// Replaces `sketch` with the `size` smallest distinct top-32-bit values of `hashes`, ascending.
    public static func make(_ hashes: [UInt64], size: Int, into sketch: inout [UInt32]) {
        sketch.removeAll(keepingCapacity: true)
        sketch.reserveCapacity(hashes.count)
        for h in hashes { sketch.append(UInt32(truncatingIfNeeded: h >> 32)) }
        sketch.sort()
        var unique = 0
        for i in sketch.indices where i == 0 || sketch[i] != sketch[unique - 1] {
            sketch[unique] = sketch[i]
            unique += 1
            if unique == size { break }
        }
        sketch.removeLast(sketch.count - unique)
    }

    /// The estimated Jaccard similarity of two sketches of size at most `size`. A full sketch
    /// (`size` values) says nothing about its set above its last value, so the walk stops there.
    public static func jaccard(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>, size: Int) -> Double {
        let cutoff = min(a.count >= size ? a[a.count - 1] : .max, b.count >= size ? b[b.count - 1] : .max)
        var i = 0, j = 0, taken = 0, both = 0
        while taken < size, i < a.count || j < b.count {
            let next = j == b.count ? a[i] : i == a.count ? b[j] : min(a[i], b[j])
            if next > cutoff { break }
            if j == b.count || (i < a.count && a[i] < b[j]) { i += 1 }
            else if i == a.count || b[j] < a[i] { j += 1 }
            else { both += 1; i += 1; j += 1 }
            taken += 1
        }
        return taken == 0 ? 1 : Double(both) / Double(taken)
    }

    /// Reference twin of `jaccard`: through sets.
    public static func referenceJaccard(_ a: [UInt32], _ b: [UInt32], size: Int) -> Double {
        let cutoff = min(a.count >= size ? a.max()! : .max, b.count >= size ? b.max()! : .max)
        let union = Array(Set(a).union(b)).sorted().filter { $0 <= cutoff }.prefix(size)
        guard !union.isEmpty else { return 1 }
        let sa = Set(a), sb = Set(b)
        return Double(union.filter { sa.contains($0) && sb.contains($0) }.count) / Double(union.count)
    }
}
