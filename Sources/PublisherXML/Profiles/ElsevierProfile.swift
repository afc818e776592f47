/// Elsevier XML: the Article Retrieval API response (`full-text-retrieval-response`), journal
/// articles in the `ja` vocabulary (`article`, `simple-article`, `converted-article`, DTD `art5xx`)
/// and CONSYN `doc:document`, all built on the common element set `ce`.
///
/// Element map (Elsevier Journal Article DTD 5.x, common element pool 1.x):
/// response `coredata` (`prism:doi`, `dc:title`, `dc:description` = plain abstract) and
/// `originalText/xocs:doc/xocs:serial-item/article`; CONSYN `rdf:RDF` then `article`.
/// `article` → `item-info` (`ce:doi`), `ce:floats` (figures and tables, placed by `ce:float-anchor` and
/// `ce:cross-ref`), `head` (`ce:title`, `ce:author-group`, `ce:abstract` → `ce:abstract-sec` →
/// `ce:simple-para`, `ce:keywords`), `body` (`ce:sections/ce:section` with `ce:label`,
/// `ce:section-title`, `ce:para`; `ce:acknowledgment`, `ce:appendices`), `tail` (`ce:bibliography`).
/// Cross-reference kinds come from the target id's prefix (`bib`/`bb`, `fig`/`f`/`gr`, `tbl`/`t`, `eq`/`fd`/`fm`).
enum ElsevierProfile {
    static let fullText = make(format: .elsevierFullText)
    static let article = make(format: .elsevierArticle)
    static let document = make(format: .elsevierDocument)

    static let refidKinds: [String: ReferenceKind] = [
        "bib": .bibliography, "bb": .bibliography, "b": .bibliography, "bbib": .bibliography, "ref": .bibliography,
        "fig": .figure, "f": .figure, "gr": .figure, "fg": .figure, "sch": .figure, "fig.": .figure,
        "tbl": .table, "tb": .table, "t": .table, "tab": .table,
        "eq": .equation, "e": .equation, "fd": .equation, "fm": .equation, "ueq": .equation, "disp": .equation,
    ]

    static func make(format: XMLFormat) -> FormatProfile {
        var p = FormatProfile(format: format, namespace: .elsevierCommon)
        let ce = XMLNamespace.elsevierCommon, ja = XMLNamespace.elsevierJournalArticle
        func inHead() -> RuleCondition { .inside(ElementName(ja, "head")) }
        func inSimpleHead() -> RuleCondition { .inside(ElementName(ja, "simple-head")) }
        func inItemInfo() -> RuleCondition { .inside(ElementName(ja, "item-info")) }

        // API response and CONSYN wrappers.
        p.add(["full-text-retrieval-response"], in: .elsevierFullText, rules: [ElementRule(.article, flags: .mute)])
        p.add(["coredata"], in: .elsevierFullText, rules: [ElementRule(.skip)])
        p.add(["pubmed-id"], in: .elsevierFullText, rules: [ElementRule(.skip, capture: [.text(.pmid)])])
        p.add(["openaccessUserLicense"], in: .elsevierFullText, rules: [ElementRule(.skip, capture: [.text(.license)])])
        p.set(.skip, in: .elsevierFullText, ["objects"], flags: .opaque)
        p.set(.skip, in: .elsevierFullText, ["link", "scopus-id", "scopus-eid", "eid", "pii"])
        p.set(.inline, in: .elsevierFullText, ["originalText"])
        p.add(["document"], in: .elsevierDocument, rules: [ElementRule(.article, flags: .mute)])
        p.setDefault(.skip, for: .elsevierDocument)
        p.setDefault(.skip, for: .elsevierDocProperties)
        p.setDefault(.skip, for: .rdf)
        p.setDefault(.skip, for: .prism)
        p.setDefault(.skip, for: .dublinCore)
        p.setDefault(.skip, for: .dublinCoreTerms)
        p.add(["doi"], in: .prism, rules: [ElementRule(.skip, capture: [.text(.doi, priority: 1)])])
        p.add(["publicationName"], in: .prism, rules: [ElementRule(.skip, capture: [.text(.journal)])])
        p.add(["coverDate"], in: .prism, rules: [ElementRule(.skip, capture: [.text(.year)])])
        p.add(["publisher"], in: .prism, rules: [ElementRule(.skip, capture: [.text(.publisher)])])
        p.add(["title"], in: .dublinCore, rules: [ElementRule(.skip, capture: [.text(.title, priority: 2)])])
        p.add(["description"], in: .dublinCore, rules: [ElementRule(.skip, capture: [.text(.fallbackAbstract)])])
        p.add(["creator"], in: .dublinCore, rules: [ElementRule(.skip, capture: [.text(.authorName)])])
        p.add(["title"], in: .dublinCoreTerms, rules: [ElementRule(.skip, capture: [.text(.title, priority: 2)])])
        p.add(["publisher"], in: .dublinCoreTerms, rules: [ElementRule(.skip, capture: [.text(.publisher, priority: 1)])])
        p.add(["creator"], in: .dublinCoreTerms, rules: [ElementRule(.skip, capture: [.text(.authorName)])])
        p.setDefault(.skip, for: .elsevierXOCS)
        p.set(.inline, in: .elsevierXOCS, ["doc", "serial-item", "nonserial-item"])
        p.set(.body, in: .elsevierXOCS, ["rawtext"])
        p.set(.skip, in: .elsevierXOCS, ["references", "item-toc", "attachments", "ssids", "articleinfo", "issns"], flags: .opaque)
        p.add(["doi"], in: .elsevierXOCS, rules: [ElementRule(.skip, capture: [.text(.doi, priority: 2)])])
        p.add(["srctitle"], in: .elsevierXOCS, rules: [ElementRule(.skip, capture: [.text(.journal, priority: 1)])])
        p.add(["cover-date-year"], in: .elsevierXOCS, rules: [ElementRule(.skip, capture: [.text(.year, priority: 1)])])

        // The article.
        p.add(["article", "simple-article", "converted-article"], in: ja, rules: [ElementRule(.article, capture: [
            .attribute(.articleType, "docsubtype", priority: 1), .attribute(.language, "xml:lang"),
        ], flags: .unmute)])
        p.set(.skip, in: ja, ["item-info", "jid", "aid"])
        p.set(.mute, in: ja, ["head", "simple-head"])
        p.set(.body, in: ja, ["body"])
        p.set(.inline, in: ja, ["tail", "simple-tail"])
        // pre-CE converted articles: `<display><formula><math>` in the ja namespace is a display formula
        p.set(.block, in: ja, ["display"])
        p.add(["doi"], in: ce, rules: [ElementRule(.skip, when: inItemInfo(), capture: [.text(.doi)]), ElementRule(.inline)])
        p.add(["pii"], in: ce, rules: [ElementRule(.skip, when: inItemInfo(), capture: [.text(.pii)]), ElementRule(.inline)])
        p.add(["copyright"], in: ce, rules: [ElementRule(.skip, capture: [.attribute(.year, "year", priority: 3)])])
        p.add(["title"], in: ce, rules: [ElementRule(.title, when: inHead()), ElementRule(.title, when: inSimpleHead()), ElementRule(.heading)])
        p.add(["subtitle"], in: ce, rules: [ElementRule(.subtitle, when: inHead()), ElementRule(.heading)])
        p.add(["dochead"], in: ce, rules: [ElementRule(.skip, capture: [.text(.articleType, priority: 2)])])
        p.add(["author"], in: ce, rules: [ElementRule(.author, when: inHead()), ElementRule(.author, when: inSimpleHead()), ElementRule(.inline, flags: .separate)])
        p.add(["given-name"], in: ce, rules: [ElementRule(.inline, when: .inside(ElementName(ce, "author-group")), capture: [.text(.givenName)])])
        p.add(["surname"], in: ce, rules: [ElementRule(.inline, when: .inside(ElementName(ce, "author-group")), capture: [.text(.surname)])])
        p.set(.skip, in: ce, ["author-group", "date-received", "date-revised", "date-accepted", "date-online", "miscellaneous",
                              "correspondence", "presented", "dedication", "stereochem", "alt-text", "link", "inline-figure",
                              "e-address", "affiliation", "article-footnote", "copyright-line",
                              "alt-title", "doctopics", "glyph-data"])
        p.add(["footnote"], in: ce, rules: [ElementRule(.skip, when: inHead()), ElementRule(.footnote)])
        p.add(["abstract"], in: ce, rules: [
            ElementRule(.abstract, when: .attribute("class", "graphical"), text: "Graphical abstract"),
            ElementRule(.abstract, when: .attribute("class", "teaser"), text: "Teaser"),
            ElementRule(.abstract, when: .attribute("class", ["author-highlights", "editor-highlights"]), text: "Highlights"),
            ElementRule(.abstract, text: "Abstract"),
        ])
        p.add(["abstract-sec"], in: ce, rules: [ElementRule(.section)])
        p.add(["keywords"], in: ce, rules: [ElementRule(.keywords)])
        p.set(.keyword, in: ce, ["keyword"])

        // Body.
        p.set(.inline, in: ce, ["sections", "textbox-head", "textbox-body", "textbox-tail", "intra-ref", "inter-ref", "inter-refs",
                                "italic", "bold", "small-caps", "monospace", "sans-serif", "underline", "roman", "cross-out",
                                "chem", "grant-sponsor", "grant-number", "anchor", "text", "source", "other-ref", "textref",
                                "keyword-definition"])
        p.set(.section, in: ce, ["section", "textbox", "nomenclature"])
        p.add(["acknowledgment"], in: ce, rules: [ElementRule(.section, flags: .backMatter, text: "Acknowledgments")])
        p.add(["appendices"], in: ce, rules: [ElementRule(.section, flags: .backMatter)])
        p.add(["conflict-of-interest"], in: ce, rules: [ElementRule(.section, flags: .backMatter, text: "Declaration of competing interest")])
        p.add(["data-availability"], in: ce, rules: [ElementRule(.section, flags: .backMatter, text: "Data availability")])
        p.add(["author-contributions", "declarations", "funding-statement"], in: ce, rules: [ElementRule(.section, flags: .backMatter)])
        p.add(["biography"], in: ce, rules: [ElementRule(.section, flags: .backMatter)])
        p.set(.heading, in: ce, ["section-title"])
        p.set(.label, in: ce, ["label"])
        p.set(.paragraph, in: ce, ["para", "simple-para", "note-para"])
        p.set(.block, in: ce, ["display", "legend", "displayed-quote", "enunciation", "def-term", "def-description", "salutation",
                               "vsp-block"])
        p.set(.list, in: ce, ["def-list"])
        p.add(["list"], in: ce, rules: [ElementRule(.list)])
        p.set(.listItem, in: ce, ["list-item"])
        p.set(.displayMath, in: ce, ["formula"])
        p.set(.figure, in: ce, ["figure", "e-component"])
        p.set(.table, in: ce, ["table"])
        p.set(.caption, in: ce, ["caption"])
        p.set(.footnote, in: ce, ["table-footnote"])
        p.set(.floatGroup, in: ce, ["floats"])
        p.add(["float-anchor"], in: ce, rules: [ElementRule(.floatAnchor, target: "refid")])
        p.add(["cross-ref", "cross-refs"], in: ce, rules: [ElementRule(.crossRef, refKind: .idPrefix("refid", refidKinds), target: "refid")])
        p.set(.sub, in: ce, ["inf"])
        p.set(.sup, in: ce, ["sup"])
        p.set(.space, in: ce, ["hsp", "vsp"])
        p.set(.lineBreak, in: ce, ["br"])
        p.set(.glyph, in: ce, ["glyph"])
        p.set(.cell, in: ce, ["entry"])
        p.setGlyphs(["sbnd": "–", "dbnd": "=", "tbnd": "≡", "z.sbnd": "–", "z.dbnd": "=", "z.tbnd": "≡",
                     "bond": "–", "sdbnd": "=", "rarr": "→", "larr": "←", "harr": "⇌", "rlarr": "⇄"])

        // CALS tables.
        for ns in [XMLNamespace.elsevierCALS, .elsevierTable] { p.setCALSTables(in: ns) }

        // References.
        p.add(["bibliography", "further-reading"], in: ce, rules: [ElementRule(.references, text: "References")])
        p.set(.inline, in: ce, ["bibliography-sec"])
        p.set(.reference, in: ce, ["bib-reference"])
        // The reference as printed, beside its structured form (`sb:reference`): one is enough.
        p.add(["source-text"], in: ce, rules: [ElementRule(.skip, when: .inside(ElementName(ce, "bib-reference"))), ElementRule(.inline)])

        p.set(.mathML, in: .mathML, ["math"])
        return p.frozen()
    }
}
