/// The type of a pipeline option, for validation and for `--dry-run`.
public enum OptionType: Sendable, Hashable, CustomStringConvertible {
    case string
    case integer
    case float
    case boolean
    case stringArray
    /// A file path: `${VAR}` and `${VAR:-default}` are expanded, and a relative path is taken from the
    /// pipeline file's directory. Read with `string(_:)`.
    case path
    /// A string from a fixed set.
    case choice([String])

    public var description: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a number"
        case .boolean: return "a boolean"
        case .stringArray: return "an array of strings"
        case .path: return "a file path"
        case .choice(let values): return "one of " + values.map { "\"\($0)\"" }.joined(separator: ", ")
        }
    }
}

/// A validated option value.
public enum OptionValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    case stringArray([String])

    public var description: String {
        switch self {
        case .string(let s): return "\"\(s)\""
        case .integer(let i): return String(i)
        case .float(let d): return String(d)
        case .boolean(let b): return String(b)
        case .stringArray(let a): return "[" + a.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        }
    }
}

/// One option a stage or reader accepts.
public struct OptionSpec: Sendable {
    public var name: String
    public var type: OptionType
    /// The value used when the pipeline does not set it; nil means the option is required.
    public var defaultValue: OptionValue?
    /// Lowest accepted value, for numbers.
    public var minimum: Double?
    public var help: String

    public init(_ name: String, _ type: OptionType, default defaultValue: OptionValue?, minimum: Double? = nil, help: String) {
        self.name = name; self.type = type; self.defaultValue = defaultValue; self.minimum = minimum; self.help = help
    }
}

/// Options after validation, with defaults filled in. Accessors trap only on programming errors
/// (asking for an option the definition does not declare), never on user input.
public struct ResolvedOptions: Sendable, Hashable {
    public var values: [String: OptionValue]
    public init(_ values: [String: OptionValue] = [:]) { self.values = values }

    public func string(_ name: String) -> String? {
        if case .string(let s)? = values[name] { return s }
        return nil
    }
    public func integer(_ name: String) -> Int? {
        if case .integer(let i)? = values[name] { return Int(i) }
        return nil
    }
    public func double(_ name: String) -> Double? {
        switch values[name] {
        case .float(let d)?: return d
        case .integer(let i)?: return Double(i)
        default: return nil
        }
    }
    public func stringArray(_ name: String) -> [String]? {
        if case .stringArray(let a)? = values[name] { return a }
        return nil
    }
    public func bool(_ name: String) -> Bool? {
        if case .boolean(let b)? = values[name] { return b }
        return nil
    }
    public func strings(_ name: String) -> [String]? {
        if case .stringArray(let a)? = values[name] { return a }
        return nil
    }
}
