/// Typed access to TOML values for configuration decoding.
///
/// Optional accessors (`stringValue`, `integerValue`, …) answer nil on a type mismatch. Throwing
/// accessors (`string()`, `integer()`, …) answer a `TOMLError` at the value's position, such as
/// `demo.toml:7:13: expected an integer, found a string`, so configuration code can report any
/// mistake with file, line and column without tracking positions itself.
extension TOMLValue {
    // MARK: Optional access

    /// The string, or nil when the value is not a string.
    public var stringValue: String? { if case .string(let v) = kind { return v }; return nil }
    /// The integer, or nil when the value is not an integer.
    public var integerValue: Int64? { if case .integer(let v) = kind { return v }; return nil }
    /// The float, or nil when the value is not a float (integers are not converted here).
    public var floatValue: Double? { if case .float(let v) = kind { return v }; return nil }
    /// The boolean, or nil when the value is not a boolean.
    public var boolValue: Bool? { if case .boolean(let v) = kind { return v }; return nil }
    /// The date-time's source text, or nil when the value is not a date-time.
    public var datetimeValue: String? { if case .datetime(let v) = kind { return v }; return nil }
    /// The elements, or nil when the value is not an array.
    public var arrayValue: [TOMLValue]? { if case .array(let v) = kind { return v }; return nil }
    /// The table, or nil when the value is not a table.
    public var tableValue: TOMLTable? { if case .table(let v) = kind { return v }; return nil }

    // MARK: Errors at this value

    /// An error at this value's position.
    public func error(_ message: String) -> TOMLError { TOMLError(message, at: position) }

    /// `expected <expected>, found <a type>` at this value's position; `expected` includes its
    /// article, as in `"an integer"` or `"a string or an array of strings"`.
    public func typeMismatch(expected: String) -> TOMLError {
        error("expected \(expected), found \(kind.typeNameWithArticle)")
    }

    // MARK: Throwing access

    /// The string, or an error when the value is not a string.
    public func string() throws(TOMLError) -> String {
        guard let v = stringValue else { throw typeMismatch(expected: "a string") }
        return v
    }

    /// The integer, or an error when the value is not an integer.
    public func integer() throws(TOMLError) -> Int64 {
        guard let v = integerValue else { throw typeMismatch(expected: "an integer") }
        return v
    }

    /// The integer converted to `T`, or an error when the value is not an integer or does not fit.
    public func integer<T: FixedWidthInteger>(as type: T.Type) throws(TOMLError) -> T {
        let v = try integer()
        guard let converted = T(exactly: v) else {
            throw error("expected an integer between \(T.min) and \(T.max), found \(v)")
        }
        return converted
    }

    /// The integer as `Int`, or an error when the value is not an integer or does not fit.
    public func int() throws(TOMLError) -> Int { try integer(as: Int.self) }

    /// The integer, or an error when the value is not an integer or lies outside `range`.
    public func integer(in range: ClosedRange<Int64>) throws(TOMLError) -> Int64 {
        let v = try integer()
        guard range.contains(v) else {
            throw error("expected an integer between \(range.lowerBound) and \(range.upperBound), found \(v)")
        }
        return v
    }

    /// A number as `Double`: a float, or an integer that converts exactly (a configuration author
    /// writing `ratio = 1` means `1.0`). Anything else is an error.
    public func float() throws(TOMLError) -> Double {
        switch kind {
        case .float(let v):
            return v
        case .integer(let i):
            guard let d = Double(exactly: i) else {
                throw error("integer \(i) cannot be represented exactly as a float")
            }
            return d
        default:
            throw typeMismatch(expected: "a number")
        }
    }

    /// The boolean, or an error when the value is not a boolean.
    public func bool() throws(TOMLError) -> Bool {
        guard let v = boolValue else { throw typeMismatch(expected: "a boolean") }
        return v
    }

    /// The date-time's source text, or an error when the value is not a date-time.
    public func datetime() throws(TOMLError) -> String {
        guard let v = datetimeValue else { throw typeMismatch(expected: "a datetime") }
        return v
    }

    /// The elements, or an error when the value is not an array.
    public func array() throws(TOMLError) -> [TOMLValue] {
        guard let v = arrayValue else { throw typeMismatch(expected: "an array") }
        return v
    }

    /// The elements, each converted by `element` (for example `{ try $0.string() }`); the first
    /// failing element's error is thrown, at that element's position.
    public func array<T>(of element: (TOMLValue) throws(TOMLError) -> T) throws(TOMLError) -> [T] {
        var result: [T] = []
        for item in try array() { result.append(try element(item)) }
        return result
    }

    /// The table, or an error when the value is not a table.
    public func table() throws(TOMLError) -> TOMLTable {
        guard let v = tableValue else { throw typeMismatch(expected: "a table") }
        return v
    }
}

extension TOMLTable {
    /// The value for `key`, or an error at the table's position: `missing required key "name"`.
    public func required(_ key: String) throws(TOMLError) -> TOMLValue {
        guard let value = self[key] else {
            throw TOMLError("missing required key \(Self.quoted(key))", at: position)
        }
        return value
    }

    /// Throws at the first key (in definition order) not in `allowed`:
    /// `unknown key "min_char"; did you mean "min_chars"? (expected one of: max_chars, min_chars)`.
    public func checkKeys(allowed: some Sequence<String>) throws(TOMLError) {
        let allowedSet = Set(allowed)
        for entry in entries where !allowedSet.contains(entry.key) {
            let sorted = allowedSet.sorted()
            var message = "unknown key \(Self.quoted(entry.key))"
            if let suggestion = Self.closest(to: entry.key, among: sorted) {
                message += "; did you mean \(Self.quoted(suggestion))?"
            }
            message += sorted.isEmpty
                ? " (no keys are allowed here)"
                : " (expected one of: \(sorted.map(TOMLKeyFormatting.quotedIfNeeded).joined(separator: ", ")))"
            throw TOMLError(message, at: entry.keyPosition)
        }
    }

    private static func quoted(_ key: String) -> String {
        let formatted = TOMLKeyFormatting.quotedIfNeeded(key)
        return formatted.hasPrefix("\"") ? formatted : "\"\(formatted)\""
    }

    /// The candidate nearest to `key` by edit distance, if it is close enough to be a likely typo.
    private static func closest(to key: String, among candidates: [String]) -> String? {
        let limit = Swift.max(1, Swift.min(3, key.count / 3))
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let d = editDistance(Array(key.lowercased().unicodeScalars), Array(candidate.lowercased().unicodeScalars))
            if d <= limit, d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        return best?.candidate
    }

    private static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
