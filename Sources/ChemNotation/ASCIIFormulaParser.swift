/// `FormulaParser.parseCharacters` over ASCII bytes: the same grammar (symbols, counts, fractions,
/// brackets, the variables x, y, z, n and δ), without building Characters. Tests check the two agree.
/// The byte 0x01 stands for `δ` (see `ReaderUnits`); `FormulaParser.parse` sends no string with that
/// byte here.
enum ASCIIFormulaParser {
    static func parse(_ u: [UInt8], vars: [String: Double]) throws -> [String: Double] {
        var i = 0
        let terms = try group(u, &i, vars: vars, closer: nil)
        guard i == u.count, !terms.isEmpty else { throw ParseError() }
        var result = [String: Double](minimumCapacity: terms.count)
        let names = symbolNames
        for t in terms { result[names[t.code]] = t.amount }
        return result
    }

    /// The amounts of a group in the order its symbols first appear, by symbol code (capital × small letter
    /// or none, as `MentionScanner.elementSymbolLength` reads them): a formula has few distinct symbols, so a
    /// short array searched from the start costs less than a dictionary keyed by strings.
    typealias Terms = [(code: Int, amount: Double)]

    /// Adds `amount` to the term of `code` (`acc[symbol, default: 0] += amount` of a dictionary).
    @inline(__always)
    static func add(_ acc: inout Terms, _ code: Int, _ amount: Double) {
        for k in acc.indices where acc[k].code == code {
            acc[k].amount += amount
            return
        }
        acc.append((code, 0 + amount))
    }

    /// The symbol of each code: `symbolNames[(capital − 65) × 27 + (small letter − 97, or 26 for none)]`.
    static let symbolNames: [String] = (0..<(26 * 27)).map { code in
        let capital = UInt8(65 + code / 27), small = code % 27
        return String(decoding: small == 26 ? [capital] : [capital, UInt8(97 + small)], as: UTF8.self)
    }

    static func group(_ c: [UInt8], _ i: inout Int, vars: [String: Double], closer: UInt8?) throws -> Terms {
        var acc: Terms = []
        while i < c.count {
            let ch = c[i]
            if let closer, ch == closer { return acc }
            if ch >= 65, ch <= 90 {
                // A symbol adds its count directly (`part` would be `[symbol: 1]`, and 1 × n is n).
                guard let n = MentionScanner.elementSymbolLength(c, at: i, end: c.count) else { throw ParseError() }
                let code = Int(ch - 65) * 27 + (n == 2 ? Int(c[i + 1] - 97) : 26)
                i += n
                let count = try count(c, &i, vars: vars) ?? 1
                add(&acc, code, count)
                continue
            }
            let part: Terms
            if ch == UInt8(ascii: "(") || ch == UInt8(ascii: "[") || ch == UInt8(ascii: "{") {
                let close = ch == UInt8(ascii: "(") ? UInt8(ascii: ")") : ch == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")
                i += 1
                part = try group(c, &i, vars: vars, closer: close)
                guard i < c.count, c[i] == close, !part.isEmpty else { throw ParseError() }
                i += 1
            } else { throw ParseError() }
            let n = try count(c, &i, vars: vars) ?? 1
            for t in part { add(&acc, t.code, t.amount * n) }
        }
        if closer != nil { throw ParseError() }
        return acc
    }

    /// 10^0 … 10^22, each exact as a double.
    static let powersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }

    static func isVariable(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "x") || b == UInt8(ascii: "y") || b == UInt8(ascii: "z") || b == UInt8(ascii: "n") || b == ReaderUnits.delta
    }

    static func count(_ c: [UInt8], _ i: inout Int, vars: [String: Double]) throws -> Double? {
        var value: Double? = number(c, &i)
        if let v = value, i + 1 < c.count, c[i] == UInt8(ascii: "/"), MentionScanner.isDigit(c[i + 1]) {
            i += 1
            if let d = number(c, &i), d != 0 { value = v / d } else { throw ParseError() }
        }
        while i < c.count {
            var sign = 1.0
            var j = i
            if c[j] == UInt8(ascii: "+") || c[j] == UInt8(ascii: "-") {
                guard value != nil else { break }
                sign = c[j] == UInt8(ascii: "-") ? -1 : 1; j += 1
            } else if value != nil { break }
            guard j < c.count, isVariable(c[j]) else { break }
            let v: Double
            if c[j] == ReaderUnits.delta { v = 0 } else if let known = vars[String(UnicodeScalar(c[j]))] { v = known } else if vars[FormulaParser.hostMode] != nil {
                v = value == nil ? 1 : 0
            } else { throw VariableError() }
            value = (value ?? 0) + sign * v
            i = j + 1
        }
        return value
    }

    static func number(_ c: [UInt8], _ i: inout Int) -> Double? {
        var j = i
        while j < c.count, MentionScanner.isDigit(c[j]) { j += 1 }
        if j + 1 < c.count, c[j] == UInt8(ascii: "."), MentionScanner.isDigit(c[j + 1]) {
            j += 1
            while j < c.count, MentionScanner.isDigit(c[j]) { j += 1 }
        }
        guard j > i else { return nil }
        // Up to 15 digits with at most 22 after the point: the integer of the digits and a power of ten
        // are exact doubles and one division rounds once, to the nearest double, as the parser does.
        if j - i <= 16 {
            var mantissa: UInt64 = 0, digits = 0, fraction = -1
            for k in i..<j {
                if c[k] == UInt8(ascii: ".") { fraction = 0; continue }
                mantissa = mantissa * 10 + UInt64(c[k] - 48); digits += 1
                if fraction >= 0 { fraction += 1 }
            }
            if digits <= 15 {
                i = j
                return fraction > 0 ? Double(mantissa) / powersOfTen[fraction] : Double(mantissa)
            }
        }
        guard let v = Double(String(decoding: c[i..<j], as: UTF8.self)) else { return nil }
        i = j
        return v
    }
}
