import CorpusCore

/// Reader `xml`: one document per XML file, its text in reading order with paragraph breaks.
///
/// This is the format-agnostic extractor: it knows common block elements of publisher vocabularies
/// (JATS, Elsevier, Springer, MEDLINE) well enough to keep paragraphs apart, picks up the title and DOI,
/// and drops reference lists. Publisher-specific extraction (tables, math, floats) builds on it.
public struct XMLDocumentReader: DocumentReader {
    public let name = "xml"
    /// The `source` given to documents.
    public var source: DocumentSource
    /// Keep the reference list (dropped by default).
    public var keepReferences: Bool

    public init(source: DocumentSource = .paper, keepReferences: Bool = false) {
        self.source = source
        self.keepReferences = keepReferences
    }

    static let blockElements: Set<String> = [
        "p", "para", "simple-para", "title", "article-title", "section-title", "caption", "li", "list-item", "tr",
        "abstract", "sec", "section", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ArticleTitle", "AbstractText",
        "keyword", "kwd", "label", "def-item", "disp-formula", "formula", "table-wrap", "fig", "figure",
    ]
    static let skippedElements: Set<String> = ["script", "style", "head"]
    /// Front matter whose text is identifiers and bookkeeping, not prose. Title and DOI are still
    /// captured from inside them.
    static let frontMatterElements: Set<String> = [
        "journal-meta", "article-id", "article-categories", "contrib-group", "aff", "author-notes", "pub-date", "history",
        "permissions", "funding-group", "counts", "custom-meta-group", "self-uri", "volume", "issue", "fpage", "lpage",
        "elocation-id", "issn", "isbn", "publisher", "coredata", "scopus-id", "scopus-eid", "pubmed-id", "link", "objects",
        "item-info", "author-group", "copyright", "ArticleInfo", "JournalInfo", "BookInfo", "AuthorGroup", "ArticleHistory",
        "ArticleCopyright", "ArticleGrants", "PublisherInfo", "ArticleDOI", "ArticleID", "processing-meta", "meta",
    ]
    /// Elements that sit inside words (`Fe<sub>2</sub>O<sub>3</sub>`): no space at their boundaries.
    static let inlineElements: Set<String> = [
        "sub", "sup", "inf", "italic", "bold", "b", "i", "em", "strong", "sc", "underline", "u", "xref", "cross-ref", "cross-refs",
        "named-content", "monospace", "ext-link", "uri", "inline-formula", "span", "a", "small", "hsp", "styled-content",
        "Subscript", "Superscript", "Emphasis", "InlineEquation", "CitationRef", "small-caps", "roman", "sans-serif",
    ]
    static let referenceElements: Set<String> = ["ref-list", "bibliography", "references", "Bibliography", "ReferenceList"]
    static let titleElements: Set<String> = ["article-title", "ArticleTitle", "title"]

    public mutating func read(_ member: InputMember, into context: inout ReaderContext) throws {
        let xml = try XMLPullReader(source: member.source, name: member.displayName)
        var paragraphs: [String] = []
        var current = ""
        var skipDepth: Int? = nil
        var frontMatterDepth: Int? = nil
        var title: String?
        var titleDepth: Int? = nil
        var titleText = ""
        var doi: String?
        var doiDepth: Int? = nil
        var doiText = ""
        var language: String?

        func flush() {
            let collapsed = current.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
            if !collapsed.isEmpty { paragraphs.append(collapsed) }
            current = ""
        }

        while try xml.next() {
            switch xml.kind {
            case .element:
                let name = xml.localName
                if skipDepth != nil { continue }
                if Self.skippedElements.contains(name) || (!keepReferences && Self.referenceElements.contains(name)) {
                    if !xml.isEmptyElement { skipDepth = xml.depth }
                    continue
                }
                if frontMatterDepth == nil, Self.frontMatterElements.contains(name), !xml.isEmptyElement { frontMatterDepth = xml.depth }
                if !Self.inlineElements.contains(name) { current += " " }
                if language == nil, let lang = xml.attribute("xml:lang") ?? xml.attribute("lang") { language = String(lang.prefix(2)).lowercased() }
                if Self.blockElements.contains(name) { flush() }
                if title == nil, titleDepth == nil, Self.titleElements.contains(name), !xml.isEmptyElement {
                    titleDepth = xml.depth; titleText = ""
                }
                if doi == nil, doiDepth == nil, !xml.isEmptyElement {
                    let isDOI = name == "doi"
                        || (name == "article-id" && xml.attribute("pub-id-type") == "doi")
                        || (name == "ArticleId" && xml.attribute("IdType") == "doi")
                        || (name == "ELocationID" && xml.attribute("EIdType") == "doi")
                    if isDOI { doiDepth = xml.depth; doiText = "" }
                }
            case .endElement:
                let depth = xml.depth
                if let d = skipDepth {
                    if depth == d { skipDepth = nil }
                    continue
                }
                if Self.blockElements.contains(xml.localName) { flush() }
                if !Self.inlineElements.contains(xml.localName) { current += " " }
                if depth == frontMatterDepth { frontMatterDepth = nil }
                if depth == titleDepth {
                    let t = titleText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    if !t.isEmpty { title = t }
                    titleDepth = nil
                }
                if depth == doiDepth {
                    let t = doiText.trimmingWhitespace()
                    if !t.isEmpty { doi = t }
                    doiDepth = nil
                }
            case .text, .cdata, .significantWhitespace, .whitespace:
                if skipDepth != nil { continue }
                let v = xml.value ?? ""
                if frontMatterDepth == nil { current += v }
                if titleDepth != nil { titleText += v }
                if doiDepth != nil { doiText += v }
            default:
                break
            }
        }
        flush()
        let text = paragraphs.joined(separator: "\n\n")
        guard !text.isEmpty else {
            context.reject(InputRejection(file: member.file, member: member.member, offset: nil, reason: "no text found in XML"))
            return
        }
        var metadata = Metadata(doi: doi, title: title, language: language)
        if let lowered = doi?.lowercased(), lowered.hasPrefix("https://doi.org/") { metadata.doi = String(doi!.dropFirst(16)) }
        try context.emit(Document(text: text, source: source, locator: member.locator, metadata: metadata,
                                  provenance: Provenance(file: member.file, member: member.member, byteStart: 0, byteEnd: xml.byteOffset)))
    }
}
