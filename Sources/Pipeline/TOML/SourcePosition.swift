/// A place in a source file: the file name as given to the parser, a 1-based line and a 1-based column.
///
/// Columns count Unicode scalars from the start of the line (a tab counts as one column), so they agree
/// with what most editors show for text without combining characters.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The file name or path, exactly as passed to the parser.
    public var file: String
    /// The line, starting at 1.
    public var line: Int
    /// The column in Unicode scalars, starting at 1.
    public var column: Int

    /// Creates a position; `line` and `column` are 1-based.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form compilers and editors understand.
    public var description: String { "\(file):\(line):\(column)" }

    /// Orders positions of the same file by line, then column; different files order by name.
    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
