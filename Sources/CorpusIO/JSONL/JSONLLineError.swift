import CorpusCore

/// A JSON line that could not be read as a document.
public struct JSONLLineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based line number.
    public var lineNumber: Int
    /// Offset of the line's first byte in the (decompressed) stream.
    public var lineOffset: Int64
    /// The parser's error; its offset is within the line.
    public var parseError: JSONParseError

    public init(lineNumber: Int, lineOffset: Int64, parseError: JSONParseError) {
        self.lineNumber = lineNumber; self.lineOffset = lineOffset; self.parseError = parseError
    }

    /// Offset of the problem in the stream.
    public var byteOffset: Int64 { lineOffset + Int64(parseError.offset) }

    /// What was wrong.
    public var reason: String { parseError.reason }

    /// The matching `InputError` for invalid UTF-8 (`.invalidUTF8` with the stream offset), else nil.
    public var inputError: InputError? { parseError.isInvalidUTF8 ? .invalidUTF8(offset: byteOffset) : nil }

    /// The record to keep in the run database for this line.
    public func rejection(file: String, member: String? = nil) -> InputRejection {
        InputRejection(file: file, member: member, offset: byteOffset, line: lineNumber, reason: reason)
    }

    public var description: String { "line \(lineNumber) (byte \(byteOffset)): \(reason)" }
}
