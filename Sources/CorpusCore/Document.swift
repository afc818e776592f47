/// The one record every stage reads and writes.
///
/// A document is a unit of training text with where it came from. Readers create documents,
/// stages transform, filter or split them, and writers serialize them as JSON lines whose shape
/// is documented by `schemas/document.schema.json`.
public struct Document: Sendable, Hashable, Codable {
    /// Stable identifier. Readers derive it from the source and a locator (see `DocumentID`),
    /// so running the same pipeline over the same inputs gives the same ids.
    public var id: String
    /// The text, UTF-8, paragraphs separated by blank lines.
    public var text: String
    /// What kind of material this is: `paper`, `cif`, `general`, `qa`, ...
    public var source: DocumentSource
    /// Bibliographic and descriptive fields.
    public var metadata: Metadata
    /// Where the bytes came from.
    public var provenance: Provenance

    public init(id: String, text: String, source: DocumentSource, metadata: Metadata = Metadata(), provenance: Provenance) {
        self.id = id
        self.text = text
        self.source = source
        self.metadata = metadata
        self.provenance = provenance
    }

    /// Creates a document whose id is derived from `source` and `locator`.
    public init(text: String, source: DocumentSource, locator: String, metadata: Metadata = Metadata(), provenance: Provenance) {
        self.init(id: DocumentID.make(source: source, locator: locator), text: text, source: source, metadata: metadata, provenance: provenance)
    }
}

/// The kind of material a document holds. Open set: the well-known kinds are constants.
public struct DocumentSource: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
    public var description: String { rawValue }

    /// A journal article, preprint or other publisher full text.
    public static let paper: DocumentSource = "paper"
    /// A crystal structure from a CIF file.
    public static let cif: DocumentSource = "cif"
    /// General-domain text mixed in to keep general abilities.
    public static let general: DocumentSource = "general"
    /// A synthesized question-answer pair.
    public static let qa: DocumentSource = "qa"
}
