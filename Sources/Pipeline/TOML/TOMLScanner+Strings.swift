/// The four kinds of TOML strings: basic `"…"`, literal `'…'`, multi-line basic `"""…"""` and
/// multi-line literal `'''…'''`.
extension TOMLScanner {
    /// Reads any string value starting at the current quote.
    mutating func scanString() throws(TOMLError) -> String {
        let quote = peek()
        let multiLine = peek(1) == quote && peek(2) == quote
        switch (quote, multiLine) {
        case ("\"", false): return try scanBasicString()
        case ("\"", true): return try scanMultiLineString(literal: false)
        case ("'", false): return try scanLiteralString()
        default: return try scanMultiLineString(literal: true)
        }
    }

    /// Reads a single-line basic string, resolving escapes. The current scalar is the opening `"`.
    mutating func scanBasicString() throws(TOMLError) -> String {
        let start = position
        advance()
        var text = String.UnicodeScalarView()
        while true {
            guard let c = peek() else {
                throw error("unterminated string: expected '\"' before end of file", at: start)
            }
            switch c {
            case "\"":
                advance()
                return String(text)
            case "\\":
                if peek(1) == "\n" || peek(1) == "\r" {
                    throw error("invalid escape: '\\' at end of line (a line-ending backslash is only allowed in a multi-line string)")
                }
                text.append(try scanEscape())
            case "\n", "\r":
                throw error("unterminated string: expected '\"' before end of line (use \"\"\"…\"\"\" for a multi-line string)", at: start)
            default:
                if Self.isForbiddenControl(c) {
                    throw error("control character \(Self.describe(c)) is not allowed in a string; write it as an escape such as \\u\(Self.hexName(c.value).dropFirst(2))")
                }
                text.append(c)
                advance()
            }
        }
    }

    /// Reads a single-line literal string; the current scalar is the opening `'`.
    mutating func scanLiteralString() throws(TOMLError) -> String {
        let start = position
        advance()
        var text = String.UnicodeScalarView()
        while true {
            guard let c = peek() else {
                throw error("unterminated string: expected \"'\" before end of file", at: start)
            }
            switch c {
            case "'":
                advance()
                return String(text)
            case "\n", "\r":
                throw error("unterminated string: expected \"'\" before end of line (use '''…''' for a multi-line string)", at: start)
            default:
                if Self.isForbiddenControl(c) {
                    throw error("control character \(Self.describe(c)) is not allowed in a literal string")
                }
                text.append(c)
                advance()
            }
        }
    }

    /// Reads a multi-line string; the current scalars are the opening `"""` or `'''`.
    ///
    /// A newline right after the opening delimiter is dropped, CRLF becomes LF, and up to two quotes
    /// directly before the closing delimiter belong to the string. In basic strings a backslash at the
    /// end of a line removes the newline and all whitespace and newlines after it.
    mutating func scanMultiLineString(literal: Bool) throws(TOMLError) -> String {
        let start = position
        let quote: Unicode.Scalar = literal ? "'" : "\""
        let delimiter = literal ? "'''" : "\"\"\""
        advance(3)
        _ = try consumeNewline()
        var text = String.UnicodeScalarView()
        while true {
            guard let c = peek() else {
                throw error("unterminated multi-line string: expected \(delimiter) before end of file", at: start)
            }
            switch c {
            case quote:
                var run = 0
                while peek(run) == quote { run += 1 }
                if run < 3 {
                    for _ in 0..<run { text.append(quote) }
                    advance(run)
                } else {
                    // Up to two quotes before the closing delimiter are content; more are left for the
                    // caller, which reports them as unexpected.
                    let extra = min(run - 3, 2)
                    for _ in 0..<extra { text.append(quote) }
                    advance(3 + extra)
                    return String(text)
                }
            case "\n":
                text.append("\n")
                advance()
            case "\r":
                guard peek(1) == "\n" else { throw error("carriage return must be followed by a line feed") }
                text.append("\n")
                advance(2)
            case "\\" where !literal:
                if try skipLineEndingBackslash() { continue }
                text.append(try scanEscape())
            default:
                if Self.isForbiddenControl(c) {
                    throw error("control character \(Self.describe(c)) is not allowed in a \(literal ? "literal " : "")string")
                }
                text.append(c)
                advance()
            }
        }
    }

    /// At a backslash in a multi-line basic string: if only whitespace follows it on the line, skips
    /// the backslash, the line end and all whitespace and newlines after it, and returns true.
    private mutating func skipLineEndingBackslash() throws(TOMLError) -> Bool {
        var offset = 1
        while let c = peek(offset), c == " " || c == "\t" { offset += 1 }
        guard peek(offset) == "\n" || (peek(offset) == "\r" && peek(offset + 1) == "\n") else {
            return false
        }
        advance(offset)
        while true {
            skipWhitespace()
            if try !consumeNewline() { return true }
        }
    }

    /// Reads an escape sequence starting at the current backslash and returns the scalar it stands for.
    private mutating func scanEscape() throws(TOMLError) -> Unicode.Scalar {
        let start = position
        advance()
        guard let c = peek() else {
            throw error("unterminated string: expected an escape after '\\' before end of file", at: start)
        }
        let simple: Unicode.Scalar?
        switch c {
        case "b": simple = "\u{08}"
        case "t": simple = "\t"
        case "n": simple = "\n"
        case "f": simple = "\u{0C}"
        case "r": simple = "\r"
        case "\"": simple = "\""
        case "\\": simple = "\\"
        case "u", "U": simple = nil
        default:
            let shown = c.value < 0x20 || c.value == 0x7F ? Self.hexName(c.value) : String(Character(c))
            throw error("invalid escape \\\(shown) (valid escapes: \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)", at: start)
        }
        advance()
        if let simple { return simple }

        let digits = c == "u" ? 4 : 8
        var value: UInt32 = 0
        var text = ""
        for offset in 0..<digits {
            guard let h = peek(offset), let digit = Self.hexDigitValue(h) else {
                throw error("invalid escape \\\(c)\(text): expected \(digits) hexadecimal digits", at: start)
            }
            value = value << 4 | digit
            text.unicodeScalars.append(h)
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw error("invalid escape \\\(c)\(text): not a Unicode scalar value (surrogates and values above 10FFFF are not allowed)", at: start)
        }
        advance(digits)
        return scalar
    }

    /// The value of an ASCII hexadecimal digit, or nil.
    static func hexDigitValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c {
        case "0"..."9": return c.value - 0x30
        case "a"..."f": return c.value - 0x61 + 10
        case "A"..."F": return c.value - 0x41 + 10
        default: return nil
        }
    }
}
