/// Hand-written matchers for the shapes the readers test on every candidate, in place of regular
/// expressions (each documents the pattern it stands for; tests compare them on random strings).
enum Shapes {
    /// `^([α-ω]'?|[0-9][A-Z]'?|[a-z]'?)-(.+)$` (`polytypes: false`: without the `[0-9][A-Z]'?`
    /// branch): a phase or polytype prefix (`α-`, `α'-`, `2H-`, `t-`) and the rest.
    static func phasePrefix(_ s: String, polytypes: Bool = true) -> (prefix: String, rest: String)? {
        // The first byte of a small Greek letter (U+03B1…U+03C9 is CE B1…CF 89), a small ASCII letter or
        // (for polytypes) a digit: anything else starts no prefix.
        guard let b0 = s.utf8.first, (b0 >= 97 && b0 <= 122) || b0 == 0xCE || b0 == 0xCF || (polytypes && b0 >= 48 && b0 <= 57) else { return nil }
        let u = Array(s.unicodeScalars)
        guard u.count >= 3 else { return nil }
        var k: Int
        let first = u[0].value
        if (0x3B1...0x3C9).contains(first) || (97...122).contains(first) {
            k = 1
            if u[k] == "'" { k += 1 }
        } else if polytypes, (48...57).contains(first), (65...90).contains(u[1].value) {
            k = 2
            if k < u.count, u[k] == "'" { k += 1 }
        } else {
            return nil
        }
        guard k + 1 < u.count, u[k] == "-" else { return nil }
        var prefix = String.UnicodeScalarView(), rest = String.UnicodeScalarView()
        prefix.append(contentsOf: u[0..<k])
        rest.append(contentsOf: u[(k + 1)...])
        return (String(prefix), String(rest))
    }

    /// `^(.*O[0-9.]+)[-+][xyzδ]$`: the formula before a deficit written on a final oxygen with a count.
    static func oxygenDeficitHead(_ s: String) -> String? {
        // Ends with x, y, z or δ (CE B4).
        let bytes = s.utf8
        guard let last = bytes.last, last == UInt8(ascii: "x") || last == UInt8(ascii: "y") || last == UInt8(ascii: "z") || last == 0xB4 else { return nil }
        let u = Array(s.unicodeScalars)
        guard u.count >= 4, ["x", "y", "z", "δ"].contains(u[u.count - 1]), u[u.count - 2] == "-" || u[u.count - 2] == "+" else { return nil }
        var k = u.count - 2
        let digitsEnd = k
        while k > 0, ("0"..."9").contains(u[k - 1]) || u[k - 1] == "." { k -= 1 }
        guard k < digitsEnd, k > 0, u[k - 1] == "O" else { return nil }
        var head = String.UnicodeScalarView()
        head.append(contentsOf: u[0..<digitsEnd])
        return String(head)
    }

    /// A cheap necessary condition for `^([A-Z][a-z]?)((?:-[0-9.]+[A-Z][a-z]?)+)$` (an alloy
    /// designation such as `Ti-6Al-4V`): a symbol, `-`, then a digit or `.`.
    static func mayBeAlloy(_ s: String) -> Bool {
        let u = Array(s.utf8.prefix(4))
        guard u.count >= 3, u[0] >= 65, u[0] <= 90 else { return false }
        let dash = u[1] == UInt8(ascii: "-") ? 1 : (u[1] >= 97 && u[1] <= 122 && u.count >= 4 && u[2] == UInt8(ascii: "-") ? 2 : -1)
        guard dash > 0, dash + 1 < u.count else { return false }
        let next = u[dash + 1]
        return (next >= 48 && next <= 57) || next == UInt8(ascii: ".")
    }
}
