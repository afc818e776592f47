/// A position in a CIF file: 1-based line and column, and the 0-based byte offset.
///
/// Columns count bytes, not characters, so a line with non-ASCII text reports the column an
/// editor in byte mode shows; tabs count as one.
public struct CIFLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    /// 1-based column, in bytes.
    public var column: Int
    /// 0-based byte offset from the start of the file.
    public var offset: Int

    /// A location from its parts.
    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// `line:column`.
    public var description: String { "\(line):\(column)" }

    public static func < (a: CIFLocation, b: CIFLocation) -> Bool { a.offset < b.offset }
}
