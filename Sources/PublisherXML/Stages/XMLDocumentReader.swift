import CorpusCore

/// Reader `xml`: publisher full-text XML to documents, streamed with libxml2's pull parser.
///
/// The format is recognized from the root element (see `FormatDetector` and `XMLFormat`); a
/// `FormatProfile` gives each element a role and one `ArticleBuilder` renders the roles as text
/// (conventions there). One document per article: per file, or per citation or record in
/// containers (MEDLINE sets, `pmc-articleset`, Springer API responses), whose ids use the locator
/// `file#PMID` or `file#N` (N counts articles from 1).
///
/// Bad input:
/// * malformed XML throws `XMLError.malformed` (file, line, column, libxml2's message); with
///   `keepRecovered`, the article read up to the error is emitted first, flagged `recovered`;
/// * an unknown root is rejected as `unrecognized root element X (namespace Y)`;
/// * an article with no body is emitted with `abstract_only: true`; one with no text at all
///   (besides a title) is dropped as `no_text`.
public struct XMLDocumentReader: DocumentReader {
    public let name = "xml"
    /// The `source` given to documents.
    public var source: DocumentSource
    public var options: XMLExtractionOptions

    public init(source: DocumentSource = .paper, options: XMLExtractionOptions = XMLExtractionOptions()) {
        self.source = source
        self.options = options
    }

    public mutating func read(_ member: InputMember, into context: inout ReaderContext) throws {
        // Recovery mode only when recovered text is wanted: libxml2 then reads past errors, which are
        // found afterwards in its diagnostics.
        // HTML pages (publisher article pages) go through libxml2's HTML parser: sniffed, never named.
        let xml = try XMLPullReader.open(source: member.source, name: member.displayName, recover: options.keepRecovered)
        if xml.isHTML {
            try readHTML(xml, member: member, into: &context)
            return
        }
        var namespaces = NamespaceCache()
        var detection = FormatDetection(options: options)
        var found: ArticleBuilder? = nil
        do {
            // Until the format is known.
            while found == nil, try xml.next() {
                found = try detection.feed(xml, namespaces: &namespaces)
                if let rejection = detection.rejection {
                    context.reject(InputRejection(file: member.file, member: member.member, line: rejection.line, reason: rejection.reason))
                    return
                }
            }
            if found == nil { found = try detection.finish() }
            guard var builder = found else {
                context.reject(InputRejection(file: member.file, member: member.member, reason: "no root element"))
                return
            }
            found = nil
            let container = detection.isContainer
            do {
                if !builder.finished.isEmpty { try emit(builder.takeFinished(), container: container, xml: xml, member: member, into: &context) }
                while try xml.next() {
                    try builder.consume(xml, namespaces: &namespaces)
                    if !builder.finished.isEmpty { try emit(builder.takeFinished(), container: container, xml: xml, member: member, into: &context) }
                }
                try builder.finish()
                try emit(builder.takeFinished(), container: container, xml: xml, member: member, into: &context)
                if options.keepRecovered, Self.wellFormednessError(xml.diagnostics) != nil {
                    throw XMLError.malformed(name: xml.name, diagnostics: xml.diagnostics.filter(Self.isWellFormednessError))
                }
            } catch let error as XMLError {
                if options.keepRecovered {
                    var articles = builder.takeFinished()
                    if let article = builder.abandon() { articles.append(article) }
                    try emit(articles, container: container, xml: xml, member: member, into: &context)
                }
                throw error
            }
        }
    }

    /// A publisher article page: one document, from `HTMLPageTranslator`; a page of no known
    /// publisher layout (RSC, ACS, Springer/BMC, ScienceDirect) is rejected as an unknown root.
    private func readHTML(_ xml: XMLPullReader, member: InputMember, into context: inout ReaderContext) throws {
        var page = HTMLPageTranslator(options: options)
        while try xml.next() { try page.consume(xml) }
        let articles = try page.finish()
        guard page.publisher != nil else {
            context.reject(InputRejection(file: member.file, member: member.member,
                                          reason: "unrecognized root element html (namespace none)"))
            return
        }
        guard !articles.isEmpty else {
            context.drop(reason: "no_text")
            return
        }
        try emit(articles, container: false, xml: xml, member: member, into: &context)
    }

    /// The first diagnostic that makes the document not well-formed (namespace and entity problems aside).
    static func wellFormednessError(_ diagnostics: [XMLError.Diagnostic]) -> XMLError.Diagnostic? {
        diagnostics.first(where: isWellFormednessError)
    }

    static func isWellFormednessError(_ d: XMLError.Diagnostic) -> Bool {
        guard d.fatal else { return false }
        let m = d.message
        if m.hasPrefix("Entity '") && m.hasSuffix("' not defined") { return false }
        if m.hasPrefix("xmlns") || m.hasPrefix("Namespace prefix") || m.contains("is not a valid URI") || m.contains("is not absolute") {
            return false
        }
        return true
    }

    private func emit(_ articles: [FinishedArticle], container: Bool, xml: XMLPullReader, member: InputMember,
                      into context: inout ReaderContext) throws {        let entities = Self.undeclaredEntities(xml.diagnostics)
        let recoveredError = options.keepRecovered ? Self.wellFormednessError(xml.diagnostics) : nil
        for var article in articles {
            if let recoveredError {
                article.metadata.extra["recovered"] = .bool(true)
                article.metadata.extra["xml_error"] = .string("\(xml.name): malformed XML at \(recoveredError)")
            }
            guard article.hasText else {
                context.drop(reason: "no_text")
                continue
            }
            if !entities.isEmpty {
                var names = article.metadata.extra["unresolved_entities"]?.arrayValue?.compactMap(\.stringValue) ?? []
                for e in entities where !names.contains(e) { names.append(e) }
                article.metadata.extra["unresolved_entities"] = .array(names.map(JSONValue.string))
            }
            let locator: String
            let provenance: Provenance
            if container {
                let key = article.metadata.extra["pmid"]?.stringValue ?? String(article.index)
                locator = member.locator + "#" + key
                provenance = Provenance(file: member.file, member: member.member)
            } else {
                locator = member.locator
                provenance = Provenance(file: member.file, member: member.member, byteStart: 0, byteEnd: xml.byteOffset)
            }
            try context.emit(Document(text: article.text, source: source, locator: locator, metadata: article.metadata,
                                      provenance: provenance))
        }
    }

    /// Names from libxml2's "Entity 'x' not defined" messages.
    static func undeclaredEntities(_ diagnostics: [XMLError.Diagnostic]) -> [String] {
        var names: [String] = []
        for d in diagnostics {
            let m = d.message
            guard m.hasPrefix("Entity '"), m.hasSuffix("' not defined") else { continue }
            let name = String(m.dropFirst("Entity '".count).dropLast("' not defined".count))
            if !names.contains(name) { names.append(name) }
        }
        return names
    }
}
