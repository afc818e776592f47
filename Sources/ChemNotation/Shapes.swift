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
        // By bytes: every byte the pattern names is ASCII but δ (CE B4), and `.*` takes whatever comes first.
        var s = s
        return s.withUTF8 { u -> String? in
            let n = u.count
            guard n >= 4 else { return nil }
            let last = u[n - 1]
            let sign: Int
            if last == UInt8(ascii: "x") || last == UInt8(ascii: "y") || last == UInt8(ascii: "z") {
                sign = n - 2
            } else if last == 0xB4, u[n - 2] == 0xCE {
                sign = n - 3
            } else {
                return nil
            }
            guard sign >= 2, u[sign] == UInt8(ascii: "-") || u[sign] == UInt8(ascii: "+") else { return nil }
            var k = sign
            while k > 0, (u[k - 1] >= 48 && u[k - 1] <= 57) || u[k - 1] == UInt8(ascii: ".") { k -= 1 }
            guard k < sign, k > 0, u[k - 1] == UInt8(ascii: "O") else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: u[0..<sign]), as: UTF8.self)
        }
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
