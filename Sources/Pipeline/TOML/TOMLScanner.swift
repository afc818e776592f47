/// Walks a TOML document one Unicode scalar at a time, keeping the current line and column.
///
/// The scanner knows TOML's lexical pieces (whitespace, newlines, comments, keys; strings, numbers,
/// booleans and date-times in the `TOMLScanner+…` files) but nothing about tables; `TOMLParser` drives
/// it. Every error it throws carries the position of the offending text.
struct TOMLScanner {
    /// The file name used in positions.
    let file: String
    /// The document as Unicode scalars.
    let scalars: [Unicode.Scalar]
    /// The index of the next scalar to read.
    private(set) var index = 0
    private var line = 1
    private var lineStart = 0

    /// A scanner at the start of `text`; a leading byte-order mark is skipped.
    init(_ text: String, file: String) {
        self.file = file
        self.scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" {
            index = 1
            lineStart = 1
        }
    }

    /// Whether every scalar has been read.
    var isAtEnd: Bool { index >= scalars.count }

    /// The scalar `offset` places ahead of the current one, or nil past the end.
    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let i = index + offset
        return i >= 0 && i < scalars.count ? scalars[i] : nil
    }

    /// The position of the next scalar.
    var position: SourcePosition { SourcePosition(file: file, line: line, column: index - lineStart + 1) }

    /// Moves past `count` scalars, counting lines.
    mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where index < scalars.count {
            if scalars[index] == "\n" {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
    }

    /// An error at `position`, or at the current position when nil.
    func error(_ message: String, at position: SourcePosition? = nil) -> TOMLError {
        TOMLError(message, at: position ?? self.position)
    }

    /// An error about the current scalar: `expected …, found …`.
    func unexpected(_ expectation: String) -> TOMLError {
        error("\(expectation), found \(Self.describe(peek()))")
    }

    // MARK: Whitespace, newlines, comments

    /// Skips spaces and tabs.
    mutating func skipWhitespace() {
        while let c = peek(), c == " " || c == "\t" { advance() }
    }

    /// Consumes a newline (LF or CRLF) if one is next; a carriage return not followed by a line feed
    /// is an error.
    mutating func consumeNewline() throws(TOMLError) -> Bool {
        switch peek() {
        case "\n":
            advance()
            return true
        case "\r":
            guard peek(1) == "\n" else { throw error("carriage return must be followed by a line feed") }
            advance(2)
            return true
        default:
            return false
        }
    }

    /// Whether a newline (LF or CR) is next.
    var atNewline: Bool { peek() == "\n" || peek() == "\r" }

    /// Skips a comment, if one is next, up to (not including) the end of the line.
    mutating func skipComment() throws(TOMLError) {
        guard peek() == "#" else { return }
        advance()
        while let c = peek(), c != "\n" {
            if c == "\r" {
                if peek(1) == "\n" { return }
                throw error("carriage return must be followed by a line feed")
            }
            if Self.isForbiddenControl(c) {
                throw error("control character \(Self.describe(c)) is not allowed in a comment")
            }
            advance()
        }
    }

    /// Skips whitespace, newlines and comments, as allowed between array elements.
    mutating func skipWhitespaceCommentsAndNewlines() throws(TOMLError) {
        while true {
            skipWhitespace()
            if peek() == "#" { try skipComment() }
            if try !consumeNewline() { return }
        }
    }

    // MARK: Keys

    /// One part of a possibly dotted key, with where it is written.
    struct KeyPart {
        var name: String
        var position: SourcePosition
    }

    /// Reads a key: one or more bare or quoted parts separated by dots, with optional spaces or tabs
    /// around the dots. Whitespace after the key is skipped.
    mutating func scanKey() throws(TOMLError) -> [KeyPart] {
        var parts = [try scanKeyPart()]
        skipWhitespace()
        while peek() == "." {
            advance()
            skipWhitespace()
            parts.append(try scanKeyPart())
            skipWhitespace()
        }
        return parts
    }

    private mutating func scanKeyPart() throws(TOMLError) -> KeyPart {
        let start = position
        guard let c = peek() else { throw unexpected("expected a key") }
        if Self.isBareKeyScalar(c) {
            var name = String.UnicodeScalarView()
            while let c = peek(), Self.isBareKeyScalar(c) {
                name.append(c)
                advance()
            }
            return KeyPart(name: String(name), position: start)
        }
        if c == "\"" || c == "'" {
            if peek(1) == c && peek(2) == c {
                throw error("a multi-line string cannot be used as a key")
            }
            let name = c == "\"" ? try scanBasicString() : try scanLiteralString()
            return KeyPart(name: name, position: start)
        }
        if c == "." { throw error("expected a key before '.' (empty key parts must be quoted: \"\")") }
        throw unexpected("expected a key")
    }

    // MARK: Character classes

    /// `A-Z a-z 0-9 _ -`: the scalars of a bare key.
    static func isBareKeyScalar(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": return true
        default: return false
        }
    }

    /// An ASCII decimal digit.
    static func isDigit(_ c: Unicode.Scalar?) -> Bool {
        guard let c else { return false }
        return c >= "0" && c <= "9"
    }

    /// Control characters TOML forbids in comments and strings: U+0000–U+001F except tab, and U+007F.
    /// (Newlines are handled separately by the callers.)
    static func isForbiddenControl(_ c: Unicode.Scalar) -> Bool {
        (c.value < 0x20 && c != "\t") || c.value == 0x7F
    }

    /// A readable name for a scalar in messages: `'x'`, `newline`, `tab`, `U+0001`, `end of file`.
    static func describe(_ c: Unicode.Scalar?) -> String {
        guard let c else { return "end of file" }
        switch c {
        case "\n": return "newline"
        case "\r": return "carriage return"
        case "\t": return "tab"
        case " ": return "space"
        default:
            if c.value < 0x20 || c.value == 0x7F || (c.value >= 0x80 && c.value < 0xA0) || c == "\u{FEFF}" {
                return hexName(c.value)
            }
            return "'\(Character(c))'"
        }
    }

    /// `U+XXXX` with at least four hexadecimal digits.
    static func hexName(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
