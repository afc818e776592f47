/// Unquoted values: booleans, integers, floats and (through `TOMLScanner+DateTime`) date-times.
///
/// They are read as one token of the scalars such values can contain, then checked as a whole, so
/// `1.5.2`, `0x`, `truex` or `1979-13-01` fail with a message about the value rather than about a
/// stray character after it.
extension TOMLScanner {
    /// Scalars that can appear in an unquoted value.
    static func isBareValueScalar(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-", "+", ".", ":": return true
        default: return false
        }
    }

    /// Reads an unquoted value at the current scalar.
    mutating func scanBareValue() throws(TOMLError) -> TOMLValue.Kind {
        let start = position
        let first = index
        while let c = peek(), Self.isBareValueScalar(c) { advance() }
        // A date followed by a space and a digit continues as a date-time with a space delimiter.
        if index - first == 10, Self.isDateShaped(scalars[first..<index]), peek() == " ", Self.isDigit(peek(1)) {
            advance()
            while let c = peek(), Self.isBareValueScalar(c) { advance() }
        }
        let token = Array(scalars[first..<index])
        if token.isEmpty { throw unexpected("expected a value") }
        let text = String(String.UnicodeScalarView(token))

        if text == "true" { return .boolean(true) }
        if text == "false" { return .boolean(false) }
        if Self.startsLikeDate(token) || (token.count >= 3 && Self.isDigit(token[0]) && Self.isDigit(token[1]) && token[2] == ":") {
            return .datetime(try checkDateTime(token, at: start))
        }
        let unsigned = token.first == "+" || token.first == "-" ? token.dropFirst() : token[...]
        guard let lead = unsigned.first, Self.isDigit(lead) || unsigned.elementsEqual("inf".unicodeScalars) || unsigned.elementsEqual("nan".unicodeScalars) else {
            if unsigned.first == "." {
                throw error("invalid number '\(text)': a float needs a digit before the decimal point", at: start)
            }
            if token.first == "+" || token.first == "-" {
                throw error("invalid number '\(text)': expected a digit, 'inf' or 'nan' after the sign", at: start)
            }
            if token.allSatisfy(Self.isBareKeyScalar) {
                throw error("invalid value '\(text)': expected a string, number, boolean, date-time, array or inline table (strings must be quoted; booleans are lowercase true and false)", at: start)
            }
            throw error("invalid value '\(text)'", at: start)
        }
        return try parseNumber(token, text: text, at: start)
    }

    // MARK: Numbers

    private func parseNumber(_ token: [Unicode.Scalar], text: String, at start: SourcePosition) throws(TOMLError) -> TOMLValue.Kind {
        func fail(_ message: String, _ offset: Int) -> TOMLError {
            error(message, at: SourcePosition(file: start.file, line: start.line, column: start.column + offset))
        }
        var i = 0
        var negative = false
        if token[0] == "+" || token[0] == "-" {
            negative = token[0] == "-"
            i = 1
        }
        let body = token[i...]
        if body.elementsEqual("inf".unicodeScalars) { return .float(negative ? -.infinity : .infinity) }
        if body.elementsEqual("nan".unicodeScalars) { return .float(negative ? -.nan : .nan) }

        // Hexadecimal, octal and binary integers: unsigned, lowercase prefix.
        if token.count > i + 1, token[i] == "0", let radix = Self.radix(forPrefix: token[i + 1]) {
            if i > 0 { throw fail("a sign is not allowed on \(Self.radixName(radix)) integers", 0) }
            let end = try scanDigitRun(token, from: 2, radix: radix, start: start)
            if end == 2 { throw fail("expected \(Self.radixName(radix)) digits after '\(String(String.UnicodeScalarView(token[0...1])))'", 2) }
            if end < token.count { throw fail("invalid \(Self.radixName(radix)) digit \(Self.describe(token[end]))", end) }
            return .integer(try integerValue(token[2..<end], radix: radix, negative: false, text: text, at: start))
        }

        // Decimal integer part: no leading zeros.
        if token[i] == "0", i + 1 < token.count, Self.isDigit(token[i + 1]) || token[i + 1] == "_" {
            throw fail("leading zeros are not allowed in '\(text)'", i)
        }
        let intEnd = try scanDigitRun(token, from: i, radix: 10, start: start)
        if intEnd == i { throw fail("expected a digit, found \(Self.describe(token[i]))", i) }
        if intEnd == token.count {
            return .integer(try integerValue(token[i..<intEnd], radix: 10, negative: negative, text: text, at: start))
        }

        // Float: fraction and/or exponent.
        var j = intEnd
        var isFloat = false
        if token[j] == "." {
            guard j + 1 < token.count, Self.isDigit(token[j + 1]) else {
                throw fail("expected a digit after the decimal point in '\(text)'", j + 1)
            }
            j = try scanDigitRun(token, from: j + 1, radix: 10, start: start)
            isFloat = true
        }
        if j < token.count, token[j] == "e" || token[j] == "E" {
            var k = j + 1
            if k < token.count, token[k] == "+" || token[k] == "-" { k += 1 }
            guard k < token.count, Self.isDigit(token[k]) else {
                throw fail("expected a digit in the exponent of '\(text)'", k)
            }
            j = try scanDigitRun(token, from: k, radix: 10, start: start)
            isFloat = true
        }
        if j < token.count {
            let what = token[j] == "x" || token[j] == "o" || token[j] == "b" ? " (prefixes are 0x, 0o and 0b, without sign or leading digits)" : ""
            throw fail("invalid character \(Self.describe(token[j])) in number '\(text)'\(what)", j)
        }
        guard isFloat, let value = Double(String(String.UnicodeScalarView(token.filter { $0 != "_" }))) else {
            throw fail("invalid number '\(text)'", 0)
        }
        return .float(value)
    }

    /// Skips digits of `radix` with single underscores between digits, from `from`; returns the end.
    private func scanDigitRun(_ token: [Unicode.Scalar], from: Int, radix: UInt64, start: SourcePosition) throws(TOMLError) -> Int {
        var j = from
        while j < token.count {
            let c = token[j]
            if c == "_" {
                let before = j > from ? Self.digitValue(token[j - 1], radix: radix) : nil
                let after = j + 1 < token.count ? Self.digitValue(token[j + 1], radix: radix) : nil
                guard before != nil, after != nil else {
                    throw error("an underscore in a number must be between two digits",
                                at: SourcePosition(file: start.file, line: start.line, column: start.column + j))
                }
            } else if Self.digitValue(c, radix: radix) == nil {
                return j
            }
            j += 1
        }
        return j
    }

    /// The value of `digits` (underscores skipped) in `radix`, checked against the Int64 range.
    private func integerValue(_ digits: ArraySlice<Unicode.Scalar>, radix: UInt64, negative: Bool, text: String, at start: SourcePosition) throws(TOMLError) -> Int64 {
        var magnitude: UInt64 = 0
        let limit: UInt64 = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        for c in digits where c != "_" {
            guard let d = Self.digitValue(c, radix: radix) else { continue }
            let (times, o1) = magnitude.multipliedReportingOverflow(by: radix)
            let (sum, o2) = times.addingReportingOverflow(d)
            guard !o1, !o2, sum <= limit else {
                throw error("integer overflow: '\(text)' does not fit in a 64-bit signed integer (\(Int64.min)…\(Int64.max))", at: start)
            }
            magnitude = sum
        }
        if negative {
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        return Int64(magnitude)
    }

    private static func radix(forPrefix c: Unicode.Scalar) -> UInt64? {
        switch c {
        case "x": return 16
        case "o": return 8
        case "b": return 2
        default: return nil
        }
    }

    private static func radixName(_ radix: UInt64) -> String {
        switch radix {
        case 16: return "hexadecimal"
        case 8: return "octal"
        default: return "binary"
        }
    }

    private static func digitValue(_ c: Unicode.Scalar, radix: UInt64) -> UInt64? {
        guard let v = hexDigitValue(c).map(UInt64.init), v < radix else { return nil }
        return v
    }
}
