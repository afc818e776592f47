import CorpusCore

/// A parsed CIF file: its data blocks, and the syntax errors and warnings found on the way.
///
/// Parsing never stops at an error: it records the error, recovers (see `CIFParser`) and goes on,
/// so a file with one bad line still yields its structure. `validated()` is the strict path that
/// throws the first error, for callers that must reject what gemmi rejects.
///
/// ```swift
/// let doc = CIFDocument(parsing: bytes, file: "x.cif")
/// for block in doc.blocks { print(block.name, block.value(for: "_cell_length_a")?.number as Any) }
/// let strict = try CIFDocument(parsing: bytes).validated()
/// ```
public struct CIFDocument: Sendable {
    let source: CIFSource

    /// The file name given to the parser.
    public var file: String { source.file }
    /// The CIF version the file was read as.
    public let version: CIFVersion
    /// The data blocks, in file order.
    public let blocks: [CIFBlock]
    /// Syntax errors: grammar errors in file order, then missing values, then duplicates (the order
    /// in which gemmi reports them).
    public let errors: [CIFSyntaxError]
    /// Legal but suspicious input.
    public let warnings: [CIFSyntaxWarning]

    /// Parses `bytes`. `file` names the file in errors.
    public init(parsing bytes: [UInt8], file: String = "", options: CIFParseOptions = CIFParseOptions()) {
        let result = CIFParser.parse(bytes, file: file, options: options)
        self.source = result.source
        self.version = result.version
        self.blocks = result.blocks.map { CIFBlock(source: result.source, body: $0) }
        self.errors = result.errors
        self.warnings = result.warnings
    }

    /// Parses text.
    public init(parsing text: String, file: String = "", options: CIFParseOptions = CIFParseOptions()) {
        self.init(parsing: Array(text.utf8), file: file, options: options)
    }

    /// Reads a byte source to its end (at most `limit` bytes) and parses it.
    /// - Throws: the source's `InputError`.
    public init(reading source: any ByteSource, file: String, limit: Int = 1 << 30,
                options: CIFParseOptions = CIFParseOptions()) throws {
        self.init(parsing: try source.readAll(limit: limit), file: file, options: options)
    }

    /// The file's bytes as parsed.
    public var bytes: [UInt8] { source.bytes }

    /// True when no syntax error was found.
    public var isValid: Bool { errors.isEmpty }

    /// The document itself when it has no errors.
    /// - Throws: the first `CIFSyntaxError`.
    public func validated() throws(CIFSyntaxError) -> CIFDocument {
        if let first = errors.first { throw first }
        return self
    }

    /// The first block named `name` (case-insensitive, without `data_`).
    public func block(named name: String) -> CIFBlock? {
        let key = name.asciiLowercased()
        return blocks.first { $0.name.asciiLowercased() == key }
    }
}

/// The CIF grammar a file is read with.
public enum CIFVersion: Sendable, Hashable {
    /// CIF 1.1 (ASCII; STAR quoting rules).
    case cif1_1
    /// CIF 2.0 (UTF-8; triple quotes, lists, tables), announced by `#\#CIF_2.0` on the first line.
    case cif2_0
}

/// How to read a file.
public struct CIFParseOptions: Sendable, Hashable {
    /// Which grammar to use.
    public enum Grammar: Sendable, Hashable {
        /// CIF 2.0 when the file starts with `#\#CIF_2.0`, else CIF 1.1.
        case automatic
        /// CIF 1.1 always (gemmi's behaviour: CIF 2.0 files are read, and mostly rejected, as CIF 1.1).
        case cif1_1
        /// CIF 2.0 always.
        case cif2_0
    }

    /// Which grammar to use (default: `.automatic`).
    public var grammar: Grammar

    /// Options.
    public init(grammar: Grammar = .automatic) {
        self.grammar = grammar
    }
}
