/// Why a JSON text could not be parsed, and where.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Byte offset within the parsed text (within the line, for JSON lines).
    public var offset: Int
    /// What was wrong, such as `expected ':' after object key` or `invalid UTF-8`.
    public var reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    /// True when the problem is invalid UTF-8 inside a string.
    public var isInvalidUTF8: Bool { reason == JSONParseError.invalidUTF8Reason }

    static let invalidUTF8Reason = "invalid UTF-8"

    public var description: String { "JSON error at byte \(offset): \(reason)" }
}
