/// Legacy IOP Publishing article XML (`article` with `article-metadata`, `header`, `body`, `back`).
///
/// Element map (after Pub2TEI's IOP stylesheets): `article-metadata` (`jnl-data/jnl-fullname`,
/// `volume-data/year-publication`, `article-data/doi`, `article-type`), `header` (`title-group/title`,
/// `author-group`, `abstract-group/abstract` with `heading` and `p`, `classifications/keywords/keyword`),
/// `body` (`sec-level1`…`sec-level4` with `heading`, `p`, `figure/caption`, `table` with CALS `tgroup`,
/// `display-eqn`, `inline-eqn/math-text`, `cite`, `figref`, `tabref`, `eqnref`), `back` (`acknowledgment`,
/// `appendix`, `references/reference-list` with `journal-ref`, `book-ref`, `conf-ref`, `misc-ref`).
enum IOPProfile {
    static let profile = make()

    static func make() -> FormatProfile {
        var p = FormatProfile(format: .iop)
        p.add("article", rules: ElementRule(.article, flags: .mute))
        p.add("article-metadata", rules: ElementRule(.skip))
        p.add("jnl-fullname", rules: ElementRule(.skip, capture: [.text(.journal)]))
        p.add("jnl-imprint", rules: ElementRule(.skip, capture: [.text(.publisher)]))
        p.add("year-publication", rules: ElementRule(.skip, capture: [.text(.year)]))
        p.add("doi", rules: ElementRule(.skip, when: .parent("article-data"), capture: [.text(.doi)]), ElementRule(.inline))
        p.add("article-type", rules: ElementRule(.skip, capture: [.attribute(.articleType, "type")]))
        p.set(.mute, "header")
        p.add("title", rules: ElementRule(.title, when: .parent("title-group"), capture: [.attribute(.language, "lang")]),
              ElementRule(.heading))
        p.set(.skip, "short-title", "ej-title", "author-group", "address-group", "history", "short-author-list",
              "inline-graphic", "eqn-graphic", "graphic", "graphic-file", "class-codes", "subject-areas", "features")
        p.set(.inline, "title-group", "abstract-group", "classifications", "math-text", "reference-list", "multipart",
              "ref-group", "italic", "bold", "upright", "smallcap", "roman", "sans-serif", "monospace")
        p.add("abstract", rules: ElementRule(.abstract, text: "Abstract"))
        p.add("keywords", rules: ElementRule(.keywords))
        p.set(.keyword, "keyword")
        p.set(.body, "body")
        p.add("back", rules: ElementRule(.inline, flags: .backMatter))
        p.set(.section, "sec-level1", "sec-level2", "sec-level3", "sec-level4", "sec-level5")
        p.add("acknowledgment", rules: ElementRule(.section, flags: .backMatter, text: "Acknowledgments"))
        p.add("appendix", rules: ElementRule(.section, flags: .backMatter))
        p.add("footnotes", rules: ElementRule(.section, flags: .backMatter))
        p.set(.heading, "heading")
        p.set(.paragraph, "p")
        p.set(.block, "quote", "eqn-group")
        p.set(.list, "itemized-list")
        p.add("numbered-list", rules: ElementRule(.list, flags: .ordered))
        p.set(.listItem, "list-item")
        p.set(.figure, "figure")
        p.set(.table, "table")
        p.set(.caption, "caption")
        p.set(.footnote, "footnote")
        p.setCALSTables()
        p.set(.displayMath, "display-eqn")
        p.set(.inlineMath, "inline-eqn")
        p.set(.sub, "sub", "inf")
        p.set(.sup, "sup")
        p.set(.lineBreak, "br")
        p.add("cite", rules: ElementRule(.crossRef, refKind: .fixed(.bibliography), target: "linkend"))
        p.add("figref", rules: ElementRule(.crossRef, refKind: .fixed(.figure), target: "linkend"))
        p.add("tabref", rules: ElementRule(.crossRef, refKind: .fixed(.table), target: "linkend"))
        p.add("eqnref", rules: ElementRule(.crossRef, refKind: .fixed(.equation), target: "linkend"))
        p.add("secref", "fnref", rules: ElementRule(.crossRef, refKind: .fixed(.other), target: "linkend"))
        p.add("references", rules: ElementRule(.references, text: "References"))
        p.set(.reference, "journal-ref", "book-ref", "conf-ref", "misc-ref", "thesis-ref", "patent-ref")
        p.set(.mathML, in: .mathML, ["math"])
        return p.frozen()
    }
}
