/// Publisher article web pages (the HTML "second tier"): RSC, ACS, Springer/BMC and ScienceDirect.
///
/// HTML pages have no article vocabulary: the same `p` is a paragraph of the article or a line of
/// page chrome, depending on its classes and ids and on where it sits. `HTMLPageTranslator` therefore
/// classifies each HTML element with the publisher's table below and feeds the `ArticleBuilder` a
/// small virtual vocabulary (`x-abstract`, `x-section`, `x-p`, ...) that this profile maps to roles.
/// Elements outside the article's units are never given to the builder and their text is dropped,
/// so navigation, scripts, styles and footers leave nothing behind.
enum HTMLProfile {
    static let rsc = make(.htmlRSC)
    static let acs = make(.htmlACS)
    static let springer = make(.htmlSpringer)
    static let scienceDirect = make(.htmlScienceDirect)

    static func profile(for publisher: HTMLPublisher) -> FormatProfile {
        switch publisher {
        case .rsc: return rsc
        case .acs: return acs
        case .springer: return springer
        case .scienceDirect: return scienceDirect
        }
    }

    static func make(_ format: XMLFormat) -> FormatProfile {
        var p = FormatProfile(format: format)
        p.set(.article, "x-article", flags: .mute)
        p.set(.title, "x-title")
        p.add("x-abstract", rules: ElementRule(.abstract, text: "Abstract"))
        p.set(.body, "x-body")
        p.set(.section, "x-section")
        p.add("x-back", rules: ElementRule(.section, flags: .backMatter))
        p.set(.heading, "x-heading")
        p.set(.paragraph, "x-p")
        p.set(.figure, "x-figure")
        p.set(.caption, "x-caption")
        p.set(.label, "x-label")
        p.set(.table, "x-tablewrap")
        p.set(.grid, "x-grid")
        p.set(.tableHead, "thead")
        p.set(.tableBody, "tbody")
        p.set(.tableFoot, "tfoot")
        p.set(.row, "tr")
        p.set(.cell, "td")
        p.add("th", rules: ElementRule(.cell, flags: .headerCell))
        p.set(.sub, "sub")
        p.set(.sup, "sup")
        p.set(.lineBreak, "br")
        p.set(.skip, "x-skip")
        return p.frozen()
    }
}

/// The publisher whose layout a page follows, found from its meta tags (`citation_publisher`,
/// `dc.publisher`) or, failing those, from container ids and classes in the page.
enum HTMLPublisher: Sendable {
    case rsc, acs, springer, scienceDirect

    /// From a publisher name in a meta tag.
    static func fromPublisherName(_ name: String) -> HTMLPublisher? {
        let n = name.lowercased()
        if n.contains("royal society of chemistry") { return .rsc }
        if n.contains("american chemical society") { return .acs }
        if n.contains("biomed central") || n.contains("springer") { return .springer }
        if n.contains("elsevier") || n.contains("sciencedirect") { return .scienceDirect }
        return nil
    }

    /// From a body element's id and classes (the markers the layouts are known by).
    static func fromMarker(tag: String, id: String?, classes: [Substring]) -> HTMLPublisher? {
        if id == "wrapper" { return .rsc }
        if id == "abstractBox" || classes.contains("hlFld-Fulltext") { return .acs }
        if classes.contains("FulltextWrapper") || (tag == "section" && classes.contains("Abstract")) { return .springer }
        if classes.contains("svArticle") || classes.contains("svAbstract") { return .scienceDirect }
        return nil
    }
}
