/// A TOML value together with the place in the source where it starts.
///
/// Positions point at the first character of the value's text: the opening quote of a string, the
/// sign or first digit of a number, `[` of an array, `{` of an inline table. A table made by a
/// `[header]` starts at the header's `[`; an element of an array of tables at its `[[header]]`; a
/// table made implicitly (by `[a.b]` for `a`, or by the dotted key `a.b = 1` for `a`) at the key
/// that first named it.
///
/// Equality compares kinds and positions; floating-point NaN is never equal to itself.
public struct TOMLValue: Sendable, Equatable, CustomStringConvertible {
    /// What a TOML value holds.
    public enum Kind: Sendable, Equatable {
        /// A string, escapes resolved; multi-line strings have CRLF line ends turned into LF.
        case string(String)
        /// A 64-bit signed integer (TOML requires integers that do not fit to be rejected).
        case integer(Int64)
        /// A binary64 floating-point number, including `inf`, `-inf` and `nan`.
        case float(Double)
        /// `true` or `false`.
        case boolean(Bool)
        /// An offset date-time, local date-time, local date or local time, kept as its source text
        /// (already checked against RFC 3339 as TOML restricts it, including calendar validity).
        case datetime(String)
        /// An array: a static array `[…]`, or an array of tables made by `[[header]]` elements.
        case array([TOMLValue])
        /// A table: the document root, a `[header]` table, an inline table or an implicit table.
        case table(TOMLTable)
    }

    /// The value.
    public var kind: Kind
    /// Where the value starts in the source.
    public var position: SourcePosition

    /// Creates a value at `position`.
    public init(_ kind: Kind, at position: SourcePosition) {
        self.kind = kind
        self.position = position
    }

    /// The TOML name of the value's type, for messages: `"string"`, `"integer"`, `"float"`,
    /// `"boolean"`, `"datetime"`, `"array"` or `"table"`.
    public var typeName: String { kind.typeName }

    /// A short rendering for messages: strings quoted, arrays and tables summarised.
    public var description: String {
        switch kind {
        case .string(let s): return "\"\(s)\""
        case .integer(let i): return String(i)
        case .float(let d): return d.isNaN ? "nan" : d.isInfinite ? (d < 0 ? "-inf" : "inf") : String(d)
        case .boolean(let b): return String(b)
        case .datetime(let text): return text
        case .array(let items): return "array of \(items.count) value\(items.count == 1 ? "" : "s")"
        case .table(let table): return "table with \(table.count) key\(table.count == 1 ? "" : "s")"
        }
    }
}

extension TOMLValue.Kind {
    /// The TOML name of this kind's type; see `TOMLValue.typeName`.
    public var typeName: String {
        switch self {
        case .string: return "string"
        case .integer: return "integer"
        case .float: return "float"
        case .boolean: return "boolean"
        case .datetime: return "datetime"
        case .array: return "array"
        case .table: return "table"
        }
    }

    /// The type name with its indefinite article, for messages: `"an integer"`, `"a string"`.
    public var typeNameWithArticle: String {
        switch self {
        case .integer, .array: return "an \(typeName)"
        default: return "a \(typeName)"
        }
    }
}
