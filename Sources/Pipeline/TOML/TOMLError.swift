import Foundation

/// A problem found in a TOML document, or in a configuration read from one: where it is and what was
/// expected.
///
/// `description` reads like a compiler diagnostic:
/// `pipelines/demo.toml:12:5: duplicate key "min_chars" (first defined at line 9)`.
///
/// The parser throws only this type. The typed accessors (`TOMLValue.string()`, `TOMLTable.required(_:)`,
/// …) throw it too, so configuration code built on them reports every mistake the same way.
public struct TOMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem starts.
    public var position: SourcePosition
    /// What is wrong, phrased as what was expected or found; no position, no trailing period.
    public var message: String

    /// Creates an error at `position`.
    public init(_ message: String, at position: SourcePosition) {
        self.message = message
        self.position = position
    }

    /// The file name, as passed to the parser.
    public var file: String { position.file }
    /// The 1-based line.
    public var line: Int { position.line }
    /// The 1-based column, in Unicode scalars.
    public var column: Int { position.column }

    /// `file:line:column: message`.
    public var description: String { "\(position): \(message)" }
}

extension TOMLError: LocalizedError {
    /// The same text as `description`, so `localizedDescription` shows file, line and column too.
    public var errorDescription: String? { description }
}
