import CorpusCore
import Foundation

/// No attributes (virtual elements the translator adds).
struct NoAttributes: AttributeSource {
    func attribute(_ name: String) -> String? { nil }
}

/// Reads a publisher article page (HTML, walked by `XMLPullReader(html:)`) into one article.
///
/// Each element is classified by the publisher's rules (`classify`): dropped with its subtree,
/// transparent (only its children matter), or an article unit given to the builder under a virtual
/// name of `HTMLProfile` (abstract paragraph, body paragraph, section heading, table, figure caption).
/// Text is passed on only inside units, so page chrome never reaches the text. Sections are
/// opened and closed from the heading levels (`h2`…`h6`), since pages rarely nest them.
/// Metadata comes from the page's meta tags (`citation_*`, `dc.*`, `prism.*`), else its `<title>`.
struct HTMLPageTranslator {
    struct Region: OptionSet {
        let rawValue: UInt8
        static let content = Region(rawValue: 1)
        static let abstract = Region(rawValue: 2)
        static let body = Region(rawValue: 4)
        static let back = Region(rawValue: 8)
        static let figure = Region(rawValue: 16)
    }

    enum Unit {
        case skip, transparent
        /// Given to the builder only inside a unit (sub, sup, cells).
        case inline(String)
        case abstractBlock([String])
        case bodyBlock([String])
        case heading
        /// Text written in place of the element (RSC draws some characters as images).
        case text(String)
    }

    private struct Frame {
        var passed: Int
        var region: Region
        var isTitle: Bool
        var isGrid = false
        var headingLevel = 0
        var isJournal = false
    }

    let options: XMLExtractionOptions
    private(set) var publisher: HTMLPublisher?
    private var builder: ArticleBuilder?
    private var frames: [Frame] = []
    private var skipDepth = 0
    private var openPassed = 0
    /// Tables given to the builder and open: only inside them are rows and cells passed on.
    private var openGrids = 0
    /// The id of the last element that had one (ACS's journal is the `cite` right inside `div#citation`).
    private var lastID: String?
    private enum Virtual { case none, abstract, body }
    private var virtual = Virtual.none
    private var sectionLevels: [Int] = []
    /// Text of the section heading being read, and whether the last top-level heading opened the reference list.
    private var headingText = ""
    private var referencesLevel: Int?
    /// Set while inside a section that options leave out (back matter with `back_matter = false`).
    private var skippedLevel: Int?
    /// Set while inside a reference list that is kept (`references = true`).
    private var keptReferencesLevel: Int?
    private var finished: [FinishedArticle] = []

    // Metadata from meta tags.
    private var metas: [String: [String]] = [:]
    private var pageTitle = ""
    /// The journal as the page shows it (ACS `#citation cite`).
    private var pageJournal = ""
    private var pageDOI: String?

    init(options: XMLExtractionOptions) { self.options = options }

    static let droppedTags: Set<String> = ["script", "style", "noscript", "template", "svg", "button", "select", "input",
                                           "textarea", "iframe", "object", "math", "nav", "form"]
    static let inlineTags: Set<String> = ["sub", "sup", "br", "tr", "td", "th", "thead", "tbody", "tfoot"]
    static let tableParts: Set<String> = ["tr", "td", "th", "thead", "tbody", "tfoot"]
    static let blockTags: Set<String> = ["p", "div", "li", "ul", "ol", "dl", "dt", "dd", "section", "figure", "figcaption",
                                         "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "table", "pre", "tr", "td", "th"]

    // MARK: Events

    mutating func consume(_ xml: XMLPullReader) throws {
        switch xml.kind {
        case .element:
            let empty = xml.isEmptyElement
            if skipDepth > 0 {
                if !empty { skipDepth += 1 }
                return
            }
            try start(xml, empty: empty)
        case .endElement:
            if skipDepth > 0 {
                skipDepth -= 1
                return
            }
            try end(xml)
        case .text, .cdata:
            guard skipDepth == 0, let v = xml.value else { return }
            if frames.last?.isTitle == true { pageTitle += v }
            if frames.last?.isJournal == true { pageJournal += v }
            if frames.contains(where: { $0.headingLevel > 0 }) { headingText += v }
            if openPassed > 0, builder?.wantsText == true { builder?.text(v) }
        case .whitespace, .significantWhitespace:
            if skipDepth == 0, openPassed > 0, builder?.wantsText == true { builder?.whitespace() }
        default:
            break
        }
    }

    private mutating func start(_ xml: XMLPullReader, empty: Bool) throws {
        let tag = xml.localName.lowercased()
        if Self.droppedTags.contains(tag) {
            if !empty { skipDepth = 1 }
            return
        }
        if tag == "meta" {
            let key = (xml.attribute("name") ?? xml.attribute("property") ?? "").lowercased()
            if !key.isEmpty, let content = xml.attribute("content") {
                let scheme = xml.attribute("scheme")?.lowercased()
                metas[scheme == "doi" ? "doi-scheme" : key, default: []].append(content)
            }
            if !empty { frames.append(Frame(passed: 0, region: frames.last?.region ?? [], isTitle: false)) }
            return
        }
        let id = xml.attribute("id")
        if let id { lastID = id }
        let classes = (xml.attribute("class") ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
        if publisher == nil {
            publisher = Self.publisherFromMetas(metas) ?? HTMLPublisher.fromMarker(tag: tag, id: id, classes: classes)
        }
        if pageDOI == nil, tag == "a", let href = xml.attribute("href"), let r = href.range(of: "doi.org/10.") {
            let cls = xml.attribute("class")?.lowercased() ?? ""
            if cls.contains("doi") || id?.lowercased().contains("doi") == true || publisher == .rsc && frames.count < 12 {
                pageDOI = String(href[href.index(r.upperBound, offsetBy: -3)...]).removingPercentEncodingIfPossible
            }
        }
        var region = frames.last?.region ?? []
        let unit: Unit
        if let publisher {
            unit = classify(publisher, tag: tag, id: id, classes: classes, attributeCount: xml.attributeCount, region: &region,
                            src: tag == "img" ? xml.attribute("src") : nil)
        } else {
            unit = .transparent
        }
        var frame = Frame(passed: 0, region: region, isTitle: tag == "title" && !region.contains(.content))
        frame.isJournal = tag == "cite" && publisher == .acs && frames.count > 1 && pageJournal.isEmpty && lastID == "citation"
        var names: [String] = []
        switch unit {
        case .skip:
            if !empty { skipDepth = 1 }
            return
        case .transparent:
            if openPassed > 0, Self.blockTags.contains(tag), builder?.wantsText == true { builder?.whitespace() }
        case .text(let s):
            if openPassed > 0, builder?.wantsText == true { builder?.text(s) }
        case .inline(let name):
            if openPassed > 0, openGrids > 0 || !Self.tableParts.contains(name) { names = [name] }
            else if openPassed > 0, builder?.wantsText == true { builder?.whitespace() }
        case .abstractBlock(let n):
            if empty { return }
            if openPassed == 0 { try ensureAbstract() }
            names = openPassed == 0 ? n : []
        case .bodyBlock(let n):
            if empty { return }
            if openPassed == 0 { try ensureBody() }
            names = openPassed == 0 ? n : []
        case .heading:
            if empty { return }
            if openPassed == 0 {
                try ensureBody()
                let level = Int(String(tag.dropFirst())) ?? 2
                while let last = sectionLevels.last, last >= level {
                    try builder?.endElement()
                    sectionLevels.removeLast()
                }
                try builder?.startElement(namespace: .none, local: "x-section", attributes: NoAttributes(), isEmpty: false, line: { xml.line })
                sectionLevels.append(level)
                names = ["x-heading"]
                frame.headingLevel = level
                headingText = ""
                if let r = referencesLevel, level <= r { referencesLevel = nil }
                if let r = skippedLevel, level <= r { skippedLevel = nil }
                if let r = keptReferencesLevel, level <= r { keptReferencesLevel = nil }
            }
        }
        if !names.isEmpty, builder != nil {
            if empty {
                try builder!.startElement(namespace: .none, local: names[0], attributes: xml, isEmpty: true, line: { xml.line })
                return
            }
            for n in names {
                try builder!.startElement(namespace: .none, local: n, attributes: xml, isEmpty: false, line: { xml.line })
            }
            frame.passed = names.count
            openPassed += names.count
            if names.contains("x-grid") { frame.isGrid = true; openGrids += 1 }
        }
        if !empty { frames.append(frame) }
    }

    private mutating func end(_ xml: XMLPullReader) throws {
        guard let frame = frames.popLast() else { return }
        let isReferences = frame.headingLevel > 0 && referencesLevel == nil && keptReferencesLevel == nil && Self.isReferencesHeading(headingText)
        let isLeftOutBackMatter = frame.headingLevel > 0 && !options.backMatter && skippedLevel == nil && Self.isBackMatterHeading(headingText)
        // A reference list is skipped unless `references` keeps it; back matter unless `back_matter` does.
        let opensReferences = isReferences && !options.references
        if opensReferences { referencesLevel = frame.headingLevel }
        if isReferences && options.references { keptReferencesLevel = frame.headingLevel }
        if isLeftOutBackMatter { skippedLevel = frame.headingLevel }
        let dropsHeading = opensReferences || isLeftOutBackMatter
        if frame.passed > 0 {
            for _ in 0..<frame.passed { try builder?.endElement() }
            openPassed -= frame.passed
            if frame.isGrid { openGrids -= 1 }
            // The list is skipped, so its heading alone must not stay behind either. (After the
            // heading element has ended: ending it is what sets the heading.)
            if dropsHeading { builder?.dropInnermostSectionHeadingUnlessFollowed() }
        } else if openPassed > 0, Self.blockTags.contains(xml.localName.lowercased()), builder?.wantsText == true {
            builder?.whitespace()
        }
    }

    /// End of the page: closes what is open and returns the article, with the page's metadata.
    mutating func finish() throws -> [FinishedArticle] {
        if var b = builder {
            while openPassed > 0 { try b.endElement(); openPassed -= 1 }
            for _ in sectionLevels { try b.endElement() }
            sectionLevels = []
            if virtual != .none { try b.endElement() }
            try b.endElement()   // x-article
            try b.finish()
            finished = b.takeFinished()
            builder = nil
        }
        for i in finished.indices { applyMetadata(&finished[i].metadata) }
        return finished
    }

    // MARK: Virtual structure

    private mutating func ensureBuilder() throws {
        guard builder == nil, let publisher else { return }
        var b = ArticleBuilder(profile: HTMLProfile.profile(for: publisher), options: options)
        try b.startElement(namespace: .none, local: "x-article", attributes: NoAttributes(), isEmpty: false, line: { 1 })
        if let title = documentTitle {
            try b.startElement(namespace: .none, local: "x-title", attributes: NoAttributes(), isEmpty: false, line: { 1 })
            b.text(title)
            try b.endElement()
        }
        builder = b
    }

    private mutating func ensureAbstract() throws {
        try ensureBuilder()
        guard virtual == .none else { return }
        try builder?.startElement(namespace: .none, local: "x-abstract", attributes: NoAttributes(), isEmpty: false, line: { 1 })
        virtual = .abstract
    }

    private mutating func ensureBody() throws {
        try ensureBuilder()
        if virtual == .body { return }
        if virtual == .abstract { try builder?.endElement() }
        try builder?.startElement(namespace: .none, local: "x-body", attributes: NoAttributes(), isEmpty: false, line: { 1 })
        virtual = .body
    }

    // MARK: Classification

    private func classify(_ publisher: HTMLPublisher, tag: String, id: String?, classes: [Substring], attributeCount: Int,
                          region: inout Region, src: String?) -> Unit {
        let isHeading = tag.count == 2 && tag.first == "h" && ("2"..."6").contains(tag.last!)
        switch publisher {
        case .rsc:
            if id == "wrapper" { region.insert([.content, .body]); return .transparent }
            guard region.contains(.content) else { return .transparent }
            if classes.contains(where: { $0 == "left_head" || $0 == "right_head" || $0 == "article_info" }) || id == "chemnav" {
                return .skip
            }
            if tag == "span", let id, id.hasPrefix("cit") {   // reference entries
                return keptReferencesLevel != nil && openPassed == 0 ? .bodyBlock(["x-p"]) : .skip
            }
            if isHeading { return .heading }
            if referencesLevel != nil || skippedLevel != nil { return .skip }
            if tag == "div", classes.contains("image_table") { region.insert(.figure) }
            if tag == "p", classes.contains("abstract") { return .abstractBlock(["x-p"]) }
            if tag == "p", classes.contains("otherpara") { return .bodyBlock(["x-p"]) }
            if tag == "span", attributeCount == 0, openPassed == 0 { return .bodyBlock(["x-p"]) }
            // Data tables are `table.rtable` (caption in `div.table_caption`); figures are layout tables
            // in `div.image_table` whose `td.image_title` is the caption; other tables are layout.
            if tag == "table", classes.contains("rtable"), openPassed == 0 { return .bodyBlock(["x-tablewrap", "x-grid"]) }
            // Plain tables within sections (abbreviation lists); those before the first heading are author biographies.
            if tag == "table", !region.contains(.figure), !sectionLevels.isEmpty, openPassed == 0 {
                return .bodyBlock(["x-tablewrap", "x-grid"])
            }
            if tag == "td", classes.contains("image_title") { return .bodyBlock(["x-figure", "x-caption"]) }
            if tag == "b", region.contains(.figure), openPassed == 2 { return .inline("x-label") }   // "Fig. 1"
            if tag == "div", classes.contains("table_caption") { return .bodyBlock(["x-p"]) }
            if tag == "img", classes.contains("charmap") { return .text(Self.charmapCharacter(src: src ?? "")) }
        case .acs:
            if id == "abstractBox" { region.insert([.content, .abstract]); return .transparent }
            if classes.contains("hlFld-Fulltext") { region.insert([.content, .body]); return .transparent }
            guard region.contains(.content) else { return .transparent }
            if classes.contains(where: { $0 == "NLM_ref-list" || $0 == "NLM_citation" }) {
                if !options.references { return .skip }
                if classes.contains("NLM_citation"), openPassed == 0 { return .bodyBlock(["x-p"]) }
                return .transparent
            }
            // Figures and tables (tables are images on these pages): only their captions are text.
            if classes.contains(where: { $0 == "figure" || $0 == "NLM_table-wrap" }) { region.insert(.figure); return .transparent }
            if region.contains(.figure) {
                if classes.contains("hlFld-FigureCaption"), openPassed == 0, region.contains(.body) {
                    return .bodyBlock(["x-figure", "x-caption"])
                }
                return Self.inlineTags.contains(tag) ? .inline(tag) : .transparent
            }
            if classes.contains("NLM_back") { region.insert(.back) }
            if region.contains(.abstract), !region.contains(.body) {
                if tag == "p" { return .abstractBlock(["x-p"]) }
                if isHeading { return .skip }
            } else {
                if isHeading { return .heading }
                if referencesLevel != nil || skippedLevel != nil { return .skip }
                if classes.contains("NLM_p") { return .bodyBlock(["x-p"]) }
                if tag == "p", region.contains(.back) { return .bodyBlock(["x-p"]) }
            }
        case .springer:
            if tag == "section", classes.contains("Abstract") { region.insert([.content, .abstract]); return .transparent }
            if id == "body" || id == "Notes" { region.insert([.content, .body]); return .transparent }
            guard region.contains(.content) else { return .transparent }
            if region.contains(.abstract) {
                if tag == "h2" || tag == "h1" { return .skip }   // "Abstract": the container's own heading
                if tag == "p" || isHeading { return .abstractBlock(["x-p"]) }
            } else {
                if isHeading, classes.contains("Heading") { return .heading }
                if skippedLevel != nil { return .skip }
                if tag == "p", classes.contains("Para") || classes.contains("SimplePara") { return .bodyBlock(["x-p"]) }
                if tag == "figcaption" { return .bodyBlock(["x-figure", "x-caption"]) }
                if tag == "table" { return .bodyBlock(["x-tablewrap", "x-grid"]) }
            }
        case .scienceDirect:
            if classes.contains("abstract") { region.insert([.content, .abstract]); return .transparent }
            if region.contains(.abstract) {
                if isHeading { return .skip }
                if tag == "p" { return .abstractBlock(["x-p"]) }
            } else {
                if classes.contains(where: { $0 == "svKeywords" || $0 == "keyword" }) { return .skip }
                if classes.contains(where: { $0 == "references" || $0 == "refText" }) || id.map({ $0.hasPrefix("cebib") || $0.hasPrefix("bib") }) == true {
                    guard options.references else { return .skip }
                    return classes.contains("refText") && openPassed == 0 ? .bodyBlock(["x-p"]) : .transparent
                }
                if isHeading, classes.contains("svArticle") { return .heading }
                if skippedLevel != nil { return .skip }
                if tag == "p", classes.contains("svArticle") { return .bodyBlock(["x-p"]) }
            }
        }
        if Self.inlineTags.contains(tag) { return .inline(tag) }
        return .transparent
    }

    /// A heading that opens back matter that `back_matter = false` leaves out.
    static func isBackMatterHeading(_ text: String) -> Bool {
        var t = text.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        while let c = t.first, c.isNumber || c == "." || c == " " { t.removeFirst() }
        return ["acknowledgement", "acknowledgment", "acknowledgements", "acknowledgments", "conflicts of interest", "conflict of interest",
                "competing interests", "funding", "author contributions", "authors' contributions", "abbreviations", "notes"].contains(t)
            || t.hasPrefix("acknowledg")
    }

    /// A heading that opens the reference list ("References", "Notes and references", ...).
    static func isReferencesHeading(_ text: String) -> Bool {
        var t = text.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        while let c = t.first, c.isNumber || c == "." || c == " " { t.removeFirst() }
        return ["references", "notes and references", "bibliography", "literature cited", "notes and references and notes"].contains(t)
            || t.hasPrefix("references")
    }

    /// RSC `img.charmap` (`char_2009.gif`): the character it draws; nothing for private glyphs.
    static func charmapCharacter(src: String) -> String {
        guard let r = src.range(of: "char_") else { return "" }
        let hex = src[r.upperBound...].prefix(while: { $0.isHexDigit })
        guard (4...6).contains(hex.count), let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) else { return "" }
        if scalar.properties.isWhitespace { return " " }
        switch scalar.properties.generalCategory {
        case .privateUse, .unassigned, .surrogate: return ""
        default: return String(Character(scalar))
        }
    }

    // MARK: Metadata

    static func publisherFromMetas(_ metas: [String: [String]]) -> HTMLPublisher? {
        for key in ["citation_publisher", "dc.publisher", "og:site_name"] {
            for v in metas[key] ?? [] { if let p = HTMLPublisher.fromPublisherName(v) { return p } }
        }
        return nil
    }

    private func meta(_ keys: String...) -> String? {
        for k in keys {
            for v in metas[k] ?? [] {
                let t = v.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
                if !t.isEmpty { return t }
            }
        }
        return nil
    }

    private var documentTitle: String? {
        if let t = meta("citation_title", "dc.title") { return Self.strippingTags(t) }
        let t = pageTitle.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return t.isEmpty ? nil : t
    }

    private var doi: String? {
        var candidates: [String] = []
        for k in ["citation_doi", "doi-scheme", "dc.identifier", "prism.doi"] { candidates += metas[k] ?? [] }
        if let d = pageDOI { candidates.append(d) }
        for c in candidates {
            var s = c.trimmingCharacters(in: .whitespacesAndNewlines)
            for prefix in ["doi:", "https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/"]
            where s.lowercased().hasPrefix(prefix) { s = String(s.dropFirst(prefix.count)) }
            if s.hasPrefix("10."), s.contains("/") { return s }
        }
        return nil
    }

    private func applyMetadata(_ md: inout Metadata) {
        if let t = documentTitle { md.title = t }
        if let d = doi { md.doi = d }
        if let j = meta("citation_journal_title", "prism.publicationname") { md.journal = j }
        else if case let j = pageJournal.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "), !j.isEmpty { md.journal = j }
        else if publisher == .scienceDirect, let j = meta("dc.publisher") { md.journal = j }   // ScienceDirect names the journal there
        for k in ["citation_publication_date", "citation_date", "dc.date", "citation_online_date", "prism.coverdate", "prism.publicationdate"] {
            if let v = meta(k), let y = Self.year(in: v) { md.year = y; break }
        }
        switch publisher {
        case .scienceDirect?: md.publisher = "Elsevier"
        default: if let p = meta("citation_publisher", "dc.publisher") { md.publisher = p }
        }
        if let l = meta("citation_language", "dc.language"), l.count >= 2 { md.language = String(l.prefix(2)).lowercased() }
        var authors = (metas["citation_author"] ?? []).map { $0.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ") }
        if authors.isEmpty { authors = (metas["dc.creator"] ?? []).map { $0.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ") } }
        authors = authors.filter { !$0.isEmpty }
        if !authors.isEmpty, md.authors?.isEmpty ?? true { md.authors = authors }
    }

    /// Meta content with markup written as text (`thieno[3,2-<i>b</i>]`): the tags left out.
    static func strippingTags(_ s: String) -> String {
        guard s.contains("<") else { return s }
        var out = ""
        var inTag = false
        for c in s {
            if c == "<" { inTag = true } else if c == ">" && inTag { inTag = false } else if !inTag { out.append(c) }
        }
        return out.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func year(in s: String) -> Int? {
        var digits = ""
        for c in s {
            if c.isASCII, c.isNumber { digits.append(c); if digits.count == 4, let y = Int(digits), (1800...2100).contains(y) { return y } }
            else { digits = "" }
        }
        return nil
    }
}

extension String {
    /// `%2F` and the like decoded, when the string is valid percent-encoding.
    fileprivate var removingPercentEncodingIfPossible: String { removingPercentEncoding ?? self }
}
