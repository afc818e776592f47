import CorpusCore

/// Metadata fields offered while an article is read; for each field the value with the lowest
/// priority number wins, the first among equals.
struct MetadataCollector {
    private var values: [(priority: UInt8, value: String)?] = Array(repeating: nil, count: MetadataField.allCases.count)
    private(set) var authors: [String] = []
    private(set) var flatAuthors: [String] = []
    private(set) var keywords: [String] = []

    mutating func reset() {
        for i in values.indices { values[i] = nil }
        authors.removeAll(); flatAuthors.removeAll(); keywords.removeAll()
    }

    /// True when a value at `priority` would replace what is there.
    func wants(_ field: MetadataField, priority: UInt8) -> Bool {
        guard let current = values[field.rawValue] else { return true }
        return priority < current.priority
    }

    mutating func offer(_ field: MetadataField, _ raw: String, priority: UInt8) {
        switch field {
        case .authorName:
            let v = Self.collapse(raw)
            if !v.isEmpty { flatAuthors.append(v) }
            return
        case .keyword:
            let v = Self.collapse(raw)
            if !v.isEmpty { keywords.append(v) }
            return
        default: break
        }
        guard wants(field, priority: priority) else { return }
        let v = Self.collapse(raw)
        guard !v.isEmpty else { return }
        values[field.rawValue] = (priority, v)
    }

    mutating func addAuthor(_ name: String) {
        let v = Self.collapse(name)
        if !v.isEmpty { authors.append(v) }
    }

    mutating func addKeyword(_ keyword: String) {
        let v = Self.collapse(keyword)
        if !v.isEmpty && !keywords.contains(v) { keywords.append(v) }
    }

    subscript(field: MetadataField) -> String? { values[field.rawValue]?.value }

    /// The typed metadata, normalized: bare DOI, integer year, ISO 639-1 language.
    func metadata(format: XMLFormat) -> Metadata {
        var m = Metadata()
        m.doi = self[.doi].flatMap(Self.bareDOI)
        if let title = self[.title] {
            m.title = self[.subtitle].map { title + ": " + $0 } ?? title
        }
        m.journal = self[.journal]
        m.year = self[.year].flatMap(Self.year)
        m.publisher = self[.publisher]
        m.license = self[.license]
        m.language = self[.language].flatMap(Self.languageCode)
        let names = authors.isEmpty ? flatAuthors : authors
        if !names.isEmpty { m.authors = names }
        m.extra["format"] = .string(format.rawValue)
        if let t = self[.articleType] { m.extra["article_type"] = .string(t) }
        if let v = self[.pmid] { m.extra["pmid"] = .string(v) }
        if let v = self[.pmcid] { m.extra["pmcid"] = .string(v) }
        if let v = self[.pii] { m.extra["pii"] = .string(v) }
        if !keywords.isEmpty { m.extra["keywords"] = .array(keywords.map(JSONValue.string)) }
        return m
    }

    // MARK: Normalization

    /// Whitespace runs as one space, trimmed.
    static func collapse(_ s: String) -> String {
        var s = s
        return s.withUTF8 { String(decoding: collapse(bytes: $0), as: UTF8.self) }
    }

    static func collapse(bytes: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var space = false
        for b in bytes {
            if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D {
                space = !out.isEmpty
            } else {
                if space { out.append(0x20); space = false }
                out.append(b)
            }
        }
        return out
    }

    /// `10.1016/…` without `https://doi.org/`, `doi:` or spaces.
    static func bareDOI(_ s: String) -> String? {
        var d = Substring(s.filter { !$0.isWhitespace })
        for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi.org/", "doi:", "DOI:"] {
            if d.lowercased().hasPrefix(prefix.lowercased()) { d = d.dropFirst(prefix.count); break }
        }
        return d.isEmpty ? nil : String(d)
    }

    /// The first plausible four-digit year.
    static func year(_ s: String) -> Int? {
        var digits = 0, value = 0
        for b in s.utf8 {
            if b >= 0x30 && b <= 0x39 {
                digits += 1; value = value * 10 + Int(b - 0x30)
                if digits > 4 { digits = 0; value = 0 }  // part of a longer number
            } else {
                if digits == 4, (1000...2999).contains(value) { return value }
                digits = 0; value = 0
            }
        }
        return digits == 4 && (1000...2999).contains(value) ? value : nil
    }

    private static let iso639_2: [String: String] = [
        "eng": "en", "fre": "fr", "fra": "fr", "ger": "de", "deu": "de", "spa": "es", "ita": "it", "por": "pt",
        "rus": "ru", "chi": "zh", "zho": "zh", "jpn": "ja", "kor": "ko", "dut": "nl", "nld": "nl", "pol": "pl",
        "swe": "sv", "dan": "da", "nor": "no", "fin": "fi", "cze": "cs", "ces": "cs", "hun": "hu", "tur": "tr",
        "gre": "el", "ell": "el", "ara": "ar", "heb": "he", "per": "fa", "fas": "fa", "ukr": "uk", "rum": "ro",
        "ron": "ro", "cat": "ca", "hrv": "hr", "srp": "sr", "slv": "sl", "slo": "sk", "slk": "sk", "bul": "bg",
        "lit": "lt", "lav": "lv", "est": "et", "ind": "id", "may": "ms", "msa": "ms", "vie": "vi", "tha": "th",
        "hin": "hi", "afr": "af", "ice": "is", "isl": "is", "lat": "la", "epo": "eo",
    ]
    private static let languageNames: [String: String] = [
        "english": "en", "french": "fr", "german": "de", "spanish": "es", "italian": "it", "portuguese": "pt",
        "russian": "ru", "chinese": "zh", "japanese": "ja", "korean": "ko", "dutch": "nl", "polish": "pl",
    ]

    /// ISO 639-1 from `en`, `en-US`, `EN`, `eng` or `english`.
    static func languageCode(_ s: String) -> String? {
        let lower = s.lowercased()
        let base = lower.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? lower
        if base.count == 2, base.allSatisfy({ $0.isASCII && $0.isLetter }) { return base }
        if base.count == 3, let two = iso639_2[base] { return two }
        return languageNames[base]
    }
}
