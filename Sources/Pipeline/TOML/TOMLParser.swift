/// Reads TOML 1.0 documents into `TOMLTable`s whose keys and values remember where they were written.
///
/// ```swift
/// let table = try TOMLParser.parse(text, file: "pipelines/demo.toml")
/// let stages = try table.required("stages").array()
/// ```
///
/// Every problem is reported as a `TOMLError` carrying file, line and column: syntax errors, invalid
/// escapes, out-of-range integers and dates, and all of TOML's redefinition rules (see
/// `TOMLDocumentBuilder`). No input makes the parser crash: nesting deeper than
/// `maximumNestingDepth` is rejected with an error instead of exhausting the stack.
public enum TOMLParser {
    /// The deepest nesting of tables and arrays accepted, counting each key part, array and inline
    /// table as one level.
    public static let maximumNestingDepth = 128

    /// Parses `text` as a TOML 1.0 document.
    ///
    /// - Parameters:
    ///   - text: the document. A leading byte-order mark is ignored.
    ///   - file: the name used in positions and error messages, such as `pipelines/demo.toml`.
    /// - Returns: the root table, positioned at line 1, column 1.
    /// - Throws: `TOMLError` at the first problem found.
    public static func parse(_ text: String, file: String) throws(TOMLError) -> TOMLTable {
        var parser = TOMLDocumentParser(text: text, file: file)
        return try parser.parseDocument()
    }

    /// Parses UTF-8 bytes as a TOML 1.0 document, rejecting invalid UTF-8 with the position of the
    /// first bad byte (which decoding into a `String` would otherwise silently replace).
    public static func parse(utf8 bytes: some Collection<UInt8>, file: String) throws(TOMLError) -> TOMLTable {
        var iterator = bytes.makeIterator()
        var decoder = Unicode.UTF8()
        var scalars = String.UnicodeScalarView()
        var line = 1
        var column = 1
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else if !(scalar == "\u{FEFF}" && scalars.isEmpty) { // a leading BOM takes no column
                    column += 1
                }
                scalars.append(scalar)
            case .emptyInput:
                break decoding
            case .error:
                throw TOMLError("invalid UTF-8: TOML documents must be valid UTF-8",
                                at: SourcePosition(file: file, line: line, column: column))
            }
        }
        return try parse(String(scalars), file: file)
    }
}

/// The grammar of a TOML document: lines of key/value pairs, `[table]` and `[[array]]` headers,
/// and the values on the right of `=` (strings, numbers, booleans, date-times, arrays and inline
/// tables). Lexical details are left to `TOMLScanner`, table rules to `TOMLDocumentBuilder`.
struct TOMLDocumentParser {
    private var scanner: TOMLScanner
    private let builder: TOMLDocumentBuilder
    /// Nesting depth of the current section's table (the length of its header's key).
    private var sectionDepth = 0

    init(text: String, file: String) {
        scanner = TOMLScanner(text, file: file)
        builder = TOMLDocumentBuilder(file: file)
    }

    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        while true {
            scanner.skipWhitespace()
            guard let c = scanner.peek() else { break }
            switch c {
            case "#":
                try scanner.skipComment()
            case "\n", "\r":
                break
            case "[":
                try parseHeader()
                try expectEndOfLine(after: "a table header")
                continue
            default:
                try parseKeyValue(into: builder.current, depth: sectionDepth)
                try expectEndOfLine(after: "a key/value pair")
                continue
            }
            if !scanner.isAtEnd, try !scanner.consumeNewline() {
                throw scanner.unexpected("expected a newline")
            }
        }
        return builder.finish()
    }

    /// After a header or key/value pair: optional whitespace and comment, then a newline or the end.
    private mutating func expectEndOfLine(after what: String) throws(TOMLError) {
        scanner.skipWhitespace()
        try scanner.skipComment()
        if scanner.isAtEnd { return }
        if try !scanner.consumeNewline() {
            throw scanner.unexpected("expected a newline after \(what)")
        }
    }

    // MARK: Headers

    /// `[key]` or `[[key]]`.
    private mutating func parseHeader() throws(TOMLError) {
        let start = scanner.position
        scanner.advance()
        let isArray = scanner.peek() == "["
        if isArray { scanner.advance() }
        scanner.skipWhitespace()
        let path = try scanner.scanKey()
        if isArray {
            guard scanner.peek() == "]", scanner.peek(1) == "]" else {
                throw scanner.unexpected("expected ']]' to close the array-of-tables header")
            }
            scanner.advance(2)
        } else {
            guard scanner.peek() == "]" else {
                throw scanner.unexpected("expected ']' to close the table header")
            }
            scanner.advance()
        }
        try checkDepth(path.count, at: start)
        if isArray {
            try builder.openArrayTable(path, header: start)
        } else {
            try builder.openTable(path, header: start)
        }
        sectionDepth = path.count
    }

    // MARK: Key/value pairs

    /// `key = value` into `table`, whose nesting depth is `depth`.
    private mutating func parseKeyValue(into table: TOMLDocumentBuilder.Table, depth: Int) throws(TOMLError) {
        let keyStart = scanner.position
        let path = try scanner.scanKey()
        guard scanner.peek() == "=" else {
            throw scanner.unexpected("expected '=' after key \(TOMLDocumentBuilder.named(path))")
        }
        scanner.advance()
        scanner.skipWhitespace()
        try checkDepth(depth + path.count, at: keyStart)
        let value = try parseValue(depth: depth + path.count)
        try builder.insert(path, value: value, into: table)
    }

    // MARK: Values

    private mutating func parseValue(depth: Int) throws(TOMLError) -> TOMLValue {
        let start = scanner.position
        guard let c = scanner.peek() else { throw scanner.unexpected("expected a value") }
        switch c {
        case "\"", "'":
            return TOMLValue(.string(try scanner.scanString()), at: start)
        case "[":
            return try parseArray(depth: depth + 1)
        case "{":
            return try parseInlineTable(depth: depth + 1)
        default:
            guard TOMLScanner.isBareValueScalar(c) else { throw scanner.unexpected("expected a value") }
            return TOMLValue(try scanner.scanBareValue(), at: start)
        }
    }

    /// `[ value, value, … ]`, possibly over several lines with comments and a trailing comma.
    private mutating func parseArray(depth: Int) throws(TOMLError) -> TOMLValue {
        let start = scanner.position
        try checkDepth(depth, at: start)
        scanner.advance()
        var items: [TOMLValue] = []
        while true {
            try scanner.skipWhitespaceCommentsAndNewlines()
            if scanner.peek() == "]" { break }
            if scanner.isAtEnd {
                throw scanner.error("unterminated array: expected ']' before end of file", at: start)
            }
            items.append(try parseValue(depth: depth))
            try scanner.skipWhitespaceCommentsAndNewlines()
            if scanner.peek() == "," {
                scanner.advance()
                continue
            }
            if scanner.peek() == "]" { break }
            if scanner.isAtEnd {
                throw scanner.error("unterminated array: expected ']' before end of file", at: start)
            }
            throw scanner.unexpected("expected ',' or ']' after an array element")
        }
        scanner.advance()
        return TOMLValue(.array(items), at: start)
    }

    /// `{ key = value, … }` on one line, without a trailing comma.
    private mutating func parseInlineTable(depth: Int) throws(TOMLError) -> TOMLValue {
        let start = scanner.position
        try checkDepth(depth, at: start)
        scanner.advance()
        let table = builder.makeInlineTable(at: start)
        scanner.skipWhitespace()
        if scanner.peek() == "}" {
            scanner.advance()
            return TOMLValue(.table(TOMLDocumentBuilder.freeze(table)), at: start)
        }
        while true {
            scanner.skipWhitespace()
            if scanner.atNewline || scanner.peek() == "#" {
                throw scanner.unexpected("expected a key (an inline table must be on one line)")
            }
            if scanner.peek() == "}" {
                throw scanner.error("trailing commas are not allowed in inline tables")
            }
            if scanner.isAtEnd {
                throw scanner.error("unterminated inline table: expected '}' before end of file", at: start)
            }
            try parseKeyValue(into: table, depth: depth)
            scanner.skipWhitespace()
            if scanner.peek() == "," {
                scanner.advance()
                continue
            }
            if scanner.peek() == "}" { break }
            if scanner.atNewline || scanner.peek() == "#" {
                throw scanner.unexpected("expected ',' or '}' (an inline table must be on one line)")
            }
            if scanner.isAtEnd {
                throw scanner.error("unterminated inline table: expected '}' before end of file", at: start)
            }
            throw scanner.unexpected("expected ',' or '}' in inline table")
        }
        scanner.advance()
        return TOMLValue(.table(TOMLDocumentBuilder.freeze(table)), at: start)
    }

    private func checkDepth(_ depth: Int, at position: SourcePosition) throws(TOMLError) {
        if depth > TOMLParser.maximumNestingDepth {
            throw scanner.error("nesting is too deep (more than \(TOMLParser.maximumNestingDepth) levels of tables and arrays)", at: position)
        }
    }
}
