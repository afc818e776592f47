/// Descriptive fields of a document. Known fields are typed; anything else goes in `extra`.
///
/// In JSON, the known fields and the extra fields share one flat object; absent fields are omitted.
public struct Metadata: Sendable, Hashable, Codable {
    public var doi: String?
    public var title: String?
    public var journal: String?
    public var year: Int?
    public var publisher: String?
    public var license: String?
    /// ISO 639-1 code, such as `en`.
    public var language: String?
    public var authors: [String]?
    /// Fields without a typed slot, keyed by their JSON name.
    public var extra: [String: JSONValue]

    public init(doi: String? = nil, title: String? = nil, journal: String? = nil, year: Int? = nil,
                publisher: String? = nil, license: String? = nil, language: String? = nil,
                authors: [String]? = nil, extra: [String: JSONValue] = [:]) {
        self.doi = doi; self.title = title; self.journal = journal; self.year = year
        self.publisher = publisher; self.license = license; self.language = language
        self.authors = authors; self.extra = extra
    }

    /// The JSON names of the typed fields, in the order writers emit them.
    public static let knownKeys: [String] = ["doi", "title", "journal", "year", "publisher", "license", "language", "authors"]

    /// True when no field is set.
    public var isEmpty: Bool {
        doi == nil && title == nil && journal == nil && year == nil && publisher == nil
            && license == nil && language == nil && authors == nil && extra.isEmpty
    }

    /// Reads or writes any field by JSON name, typed or extra.
    public subscript(key: String) -> JSONValue? {
        get {
            switch key {
            case "doi": return doi.map(JSONValue.string)
            case "title": return title.map(JSONValue.string)
            case "journal": return journal.map(JSONValue.string)
            case "year": return year.map { .number(Double($0)) }
            case "publisher": return publisher.map(JSONValue.string)
            case "license": return license.map(JSONValue.string)
            case "language": return language.map(JSONValue.string)
            case "authors": return authors.map { .array($0.map(JSONValue.string)) }
            default: return extra[key]
            }
        }
        set {
            switch key {
            case "doi": doi = newValue?.stringValue
            case "title": title = newValue?.stringValue
            case "journal": journal = newValue?.stringValue
            case "year": year = newValue?.intValue
            case "publisher": publisher = newValue?.stringValue
            case "license": license = newValue?.stringValue
            case "language": language = newValue?.stringValue
            case "authors": authors = newValue?.arrayValue?.compactMap(\.stringValue)
            default: extra[key] = newValue
            }
        }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: Key.self)
        for key in c.allKeys {
            let value = try c.decode(JSONValue.self, forKey: key)
            if case .null = value { continue }
            self[key.stringValue] = value
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        for key in Metadata.knownKeys { if let v = self[key] { try c.encode(v, forKey: Key(key)) } }
        for key in extra.keys.sorted() { try c.encode(extra[key]!, forKey: Key(key)) }
    }
}
