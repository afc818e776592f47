/// Errors reading XML.
public enum XMLError: Error, Sendable, CustomStringConvertible {
    /// One problem libxml2 reported.
    public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var message: String
        public var fatal: Bool
        public var description: String { "line \(line), column \(column): \(message)" }
    }

    /// libxml2 could not create a reader.
    case cannotOpen(name: String)
    /// The document is not well-formed and could not be recovered.
    case malformed(name: String, diagnostics: [Diagnostic])

    public var description: String {
        switch self {
        case .cannotOpen(let name): return "\(name): cannot open an XML reader"
        case .malformed(let name, let diagnostics):
            if let first = diagnostics.first(where: \.fatal) ?? diagnostics.first { return "\(name): malformed XML at \(first)" }
            return "\(name): malformed XML"
        }
    }

    /// The line of the first error, if known.
    public var line: Int? {
        if case .malformed(_, let d) = self { return (d.first(where: \.fatal) ?? d.first)?.line }
        return nil
    }
}
