/// Errors raised when a quality-filter stage is configured; each names the offending value.
public enum FilterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A language code the detector does not know, with the codes it knows.
    case unknownLanguage(String, known: [String])
    /// A boilerplate pattern that has no phrase after its `kind:` prefix.
    case emptyPattern(String)
    /// A threshold outside its range: option name, value and the accepted range in words.
    case thresholdOutOfRange(option: String, value: Double, accepted: String)

    public var description: String {
        switch self {
        case .unknownLanguage(let code, let known):
            return "unknown language code \"\(code)\"; the detector knows " + known.joined(separator: ", ")
        case .emptyPattern(let pattern):
            return "boilerplate pattern \"\(pattern)\" has no phrase (write \"kind: phrase\" or \"phrase\")"
        case .thresholdOutOfRange(let option, let value, let accepted):
            return "\(option) = \(value) is out of range (\(accepted))"
        }
    }
}
