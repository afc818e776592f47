/// A cleaned mention as one byte per Character, for the structural reader's loops: printable ASCII
/// as itself, `δ` as 0x01 and `·` as 0x02. Only mentions made of these have units; in them every
/// Character is one Unicode scalar (none of these joins a neighbour), so a loop over units sees what a
/// loop over `Array(s)` sees: `isUppercase` is `A`–`Z`, `isNumber` is `0`–`9`, `isLetter` is an ASCII
/// letter or `δ`. `ASCIIFormulaParser` reads the byte 0x01 as the variable δ (always 0), as
/// `FormulaParser.parseCharacters` reads `δ`.
enum ReaderUnits {
    static let delta: UInt8 = 0x01
    static let middleDot: UInt8 = 0x02

    /// The units of `s`, or nil when it holds anything else (control characters, other non-ASCII).
    static func encode(_ s: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var it = s.utf8.makeIterator()
        while let b = it.next() {
            if b >= 0x20, b < 0x80 { out.append(b); continue }
            if b == 0xCE, it.next() == 0xB4 { out.append(delta); continue }
            if b == 0xC2, it.next() == 0xB7 { out.append(middleDot); continue }
            return nil
        }
        return out
    }

    /// The string of some units.
    static func decode(_ u: ArraySlice<UInt8>) -> String {
        guard u.contains(where: { $0 < 0x20 }) else { return String(decoding: u, as: UTF8.self) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(u.count + 4)
        for b in u {
            if b == delta { bytes += [0xCE, 0xB4] } else if b == middleDot { bytes += [0xC2, 0xB7] } else { bytes.append(b) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b >= 65 && b <= 90 }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    /// `Character.isLetter` of a unit.
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == delta }
    /// `FormulaParser.variables` (`x`, `y`, `z`, `δ`, `n`).
    @inline(__always) static func isVariable(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "x") || b == UInt8(ascii: "y") || b == UInt8(ascii: "z") || b == UInt8(ascii: "n") || b == delta
    }

    /// Whether `x`, `y` or `z` occurs other than after a capital (`Dy` is no variable).
    static func usesVariables(_ u: [UInt8]) -> Bool {
        for k in u.indices where u[k] == UInt8(ascii: "x") || u[k] == UInt8(ascii: "y") || u[k] == UInt8(ascii: "z") {
            if k == 0 || !isUpper(u[k - 1]) { return true }
        }
        return false
    }

    /// `Structure.read`'s split of a sum at depth 0: at `·`, and at `-`/`+` followed by a capital, a
    /// digit, `(`, or (after a leading `(1-x)`/`(1-y)`) a variable and a capital.
    static func splitSum(_ u: [UInt8], dashSplit: inout Bool) -> [ArraySlice<UInt8>] {
        let oneMinusX = u.starts(with: "(1-x)".utf8) || u.starts(with: "(1-y)".utf8)
        var parts: [ArraySlice<UInt8>] = []
        var from = 0
        var depth = 0
        for k in u.indices {
            let ch = u[k]
            if ch == UInt8(ascii: "(") || ch == UInt8(ascii: "[") { depth += 1 } else if ch == UInt8(ascii: ")") || ch == UInt8(ascii: "]") { depth -= 1 }
            if ch == middleDot && depth == 0 { parts.append(u[from..<k]); from = k + 1; continue }
            if (ch == UInt8(ascii: "-") || ch == UInt8(ascii: "+")) && depth == 0 && k > 0 && k + 1 < u.count {
                let next = u[k + 1]
                if isUpper(next) || isDigit(next) || next == UInt8(ascii: "(") || (oneMinusX && isVariable(next) && k + 2 < u.count && isUpper(u[k + 2])) {
                    parts.append(u[from..<k]); from = k + 1; dashSplit = true; continue
                }
            }
        }
        parts.append(u[from..<u.count])
        return parts
    }

    /// `Structure.splitAdductDots` over units.
    static func splitAdductDots(_ p: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        guard p.contains(UInt8(ascii: ".")) else { return [p] }
        let c = Array(p)
        var pieces: [ArraySlice<UInt8>] = []
        var from = 0
        for k in c.indices where c[k] == UInt8(ascii: ".") && k > 0 && k + 1 < c.count {
            let prev = c[k - 1]
            if isLetter(prev) || prev == UInt8(ascii: ")") { pieces.append(c[from..<k]); from = k + 1; continue }
            if isDigit(prev), isDigit(c[k + 1]) {
                var j = k + 1
                while j < c.count, isDigit(c[j]) { j += 1 }
                if j < c.count, isUpper(c[j]) || c[j] == UInt8(ascii: "(") { pieces.append(c[from..<k]); from = k + 1; continue }
            }
        }
        pieces.append(c[from..<c.count])
        guard pieces.count > 1 else { return [p] }
        for piece in pieces {
            let pc = Array(piece)
            var i = 0
            _ = ASCIIFormulaParser.number(pc, &i)
            guard let a = try? ASCIIFormulaParser.parse(Array(pc[i...]), vars: [:]), a.count >= 2,
                  a.values.allSatisfy({ $0 == $0.rounded() && $0 > 0 }) else { return [p] }
        }
        // The pieces re-based on `p`'s indices.
        var out: [ArraySlice<UInt8>] = []
        var start = p.startIndex
        for piece in pieces {
            out.append(p[start..<(start + piece.count)])
            start += piece.count + 1
        }
        return out
    }

    /// One term of a sum: its leading coefficient (nil when none is written) and its amounts, as
    /// `Structure.read` reads it: a `(1-x)` factor, or a count, then a formula. Throws
    /// `VariableError` for an unknown variable and `NotAFormula` or `ParseError` for the rest.
    static func term(_ part: ArraySlice<UInt8>, vars: [String: Double]) throws -> (Double?, [String: Double]) {
        let pc = Array(part)
        var i = 0
        var coefficient: Double?
        if pc.starts(with: "(1-".utf8), let close = pc.firstIndex(of: UInt8(ascii: ")")) {
            let inner = Array(pc[1..<close])
            var j = 0
            guard let v = try ASCIIFormulaParser.count(inner, &j, vars: vars), j == inner.count else { throw NotAFormula() }
            coefficient = v; i = inner.count + 2
        } else if let v = try ASCIIFormulaParser.count(pc, &i, vars: vars) {
            coefficient = v
        }
        let a = try ASCIIFormulaParser.parse(Array(pc[i...]), vars: vars)
        return (coefficient, a)
    }
}

/// A term that is no formula, whatever else the reader finds.
struct NotAFormula: Error {}
