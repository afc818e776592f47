/// JATS and NLM article XML (Journal Archiving, Publishing and Authoring tag sets, NLM DTDs 2.x–3.x)
/// and the wrappers it comes in: PMC `pmc-articleset`, the Springer Nature API `response/records`.
/// Silverchair (OUP) ships the same elements in a schema namespace, mapped to "no namespace".
///
/// Element map (JATS 1.3 tag library):
/// `article` → `front` (`journal-meta`, `article-meta`: `article-id`, `title-group/article-title`,
/// `abstract`, `kwd-group`, `permissions/license`, `pub-date`) → `body` (`sec`/`title`/`p`, `fig`,
/// `table-wrap`, `disp-formula`, `list`) → `back` (`ack`, `app-group`, `ref-list`, `fn-group`, `notes`),
/// `floats-group`, `sub-article`/`response` (eLife decision letters and author responses).
enum JATSProfile {
    static let profile: FormatProfile = make()

    static func make() -> FormatProfile {
        var p = FormatProfile(format: .jats)
        let refTypes: [String: ReferenceKind] = [
            "bibr": .bibliography, "fig": .figure, "table": .table, "disp-formula": .equation,
            "table-fn": .other, "fn": .other, "sec": .other, "app": .other, "supplementary-material": .other,
            "scheme": .figure, "plate": .figure, "chem": .equation, "statement": .other,
        ]

        // Wrappers around articles.
        p.add("pmc-articleset", "records", rules: ElementRule(.inline))
        p.add("response", rules: ElementRule(.section, when: .inside("article"), flags: .backMatter, alias: "article-response"),
              ElementRule(.mute))
        p.set(.skip, "apiMessage", "query", "apiKey", "result", "facets")

        // The article and its front matter.
        p.add("article", rules: ElementRule(.article, capture: [
            .attribute(.articleType, "article-type"), .attribute(.language, "xml:lang"), .attribute(.language, "lang", priority: 1),
        ]))
        p.set(.mute, "front", "article-meta", "front-stub")
        p.add("journal-meta", rules: ElementRule(.skip))
        p.add("journal-title", rules: ElementRule(.skip, capture: [.text(.journal)]))
        p.add("abbrev-journal-title", rules: ElementRule(.skip, capture: [.text(.journal, priority: 1)]))
        p.add("journal-id", rules: ElementRule(.skip, capture: [.text(.journal, priority: 2)]))
        p.add("publisher-name", rules: ElementRule(.skip, when: .inside("journal-meta"), capture: [.text(.publisher)]))
        p.add("article-id", rules:
            ElementRule(.skip, when: .attribute("pub-id-type", "doi"), capture: [.text(.doi)]),
            ElementRule(.skip, when: .attribute("pub-id-type", "pmid"), capture: [.text(.pmid)]),
            ElementRule(.skip, when: .attribute("pub-id-type", ["pmc", "pmcid"]), capture: [.text(.pmcid)]),
            ElementRule(.skip))
        p.add("article-title", rules:
            ElementRule(.heading, when: .inside("sub-article"), flags: .unmute),
            ElementRule(.heading, when: .inside("article-response"), flags: .unmute),
            ElementRule(.title, when: .inside("title-group")))
        p.add("subtitle", rules: ElementRule(.subtitle, when: .all([.inside("title-group"), .notInside("sub-article")])))
        p.set(.skip, "alt-title", "trans-title-group", "article-categories", "aff", "aff-alternatives", "author-notes",
              "history", "pub-history", "self-uri", "counts", "custom-meta-group",
              "funding-group", "conference", "copyright-statement", "copyright-holder", "article-version",
              "article-version-alternatives", "processing-meta", "event", "contrib-id", "xref-group",
              "object-id", "alt-text", "long-desc", "inline-graphic", "private-char", "toc", "index", "target",
              "custom-meta-wrap", "sec-meta", "hr", "page-count", "word-count")
        p.add("pub-date", rules: ElementRule(.skip))
        p.add("year", rules: ElementRule(.skip, when: .inside("pub-date"), capture: [.text(.year)]))
        p.add("copyright-year", rules: ElementRule(.skip, capture: [.text(.year, priority: 2)]))
        p.add("permissions", rules: ElementRule(.skip))
        p.add("license", rules: ElementRule(.skip, capture: [.attribute(.license, "xlink:href", priority: 1)]))
        p.add(["license_ref"], in: .ali, rules: [ElementRule(.skip, capture: [.text(.license)])])
        p.add("license-p", rules: ElementRule(.skip, capture: [.text(.license, priority: 3)]))
        p.add("contrib-group", rules: ElementRule(.skip, when: .inside("article-meta")), ElementRule(.skip, when: .inside("front-stub")))
        p.add("contrib", rules: ElementRule(.author, when: .all([.inside("article-meta"), .attribute("contrib-type", "author")])),
              ElementRule(.skip))
        p.add("surname", rules: ElementRule(.inline, when: .inside("contrib"), capture: [.text(.surname)]))
        p.add("given-names", rules: ElementRule(.inline, when: .inside("contrib"), capture: [.text(.givenName)]))

        // Abstracts and keywords.
        p.add("abstract", rules:
            ElementRule(.abstract, when: .attribute("abstract-type", ["summary", "executive-summary", "short", "toc"]), text: "Summary"),
            ElementRule(.abstract, when: .attribute("abstract-type", "graphical"), text: "Graphical abstract"),
            ElementRule(.abstract, when: .attribute("abstract-type", "teaser"), text: "Teaser"),
            ElementRule(.abstract, text: "Abstract"))
        p.add("pub-id", rules: ElementRule(.skip, when: .attribute("specific-use", "suppress-display")), ElementRule(.inline, flags: .separate))
        p.add("trans-abstract", rules: ElementRule(.abstract, text: "Abstract"))
        p.add("kwd-group", rules: ElementRule(.keywords))
        p.set(.keyword, "kwd", "compound-kwd")

        // Body structure.
        p.set(.body, "body")
        p.add("back", rules: ElementRule(.inline, flags: .backMatter))
        p.add("sec", rules: ElementRule(.section))
        p.add("ack", rules: ElementRule(.section, flags: .backMatter, text: "Acknowledgments"))
        p.add("app-group", rules: ElementRule(.section, flags: .backMatter))
        p.add("app", rules: ElementRule(.section, flags: .backMatter))
        p.add("notes", rules: ElementRule(.section, flags: .backMatter))
        p.add("glossary", rules: ElementRule(.section, flags: .backMatter))
        p.add("bio", rules: ElementRule(.section, flags: .backMatter))
        p.add("fn-group", rules: ElementRule(.section, when: .inside("back"), flags: .backMatter), ElementRule(.block))
        p.add("sub-article", rules: ElementRule(.section, flags: .backMatter))
        p.add("title", rules: ElementRule(.heading))
        p.set(.label, "label")
        p.set(.paragraph, "p")
        p.set(.block, "disp-quote", "statement", "verse-group", "verse-line", "speech", "preformat", "boxed-text-group",
              "fig-group", "table-wrap-group", "table-wrap-foot", "disp-formula-group", "chem-struct-wrap", "attrib",
              "sig-block", "question", "answer", "question-wrap", "explanation")
        p.add("boxed-text", rules: ElementRule(.section))
        p.add("list", rules:
            ElementRule(.list, when: .attribute("list-type", ["order", "arabic", "alpha-lower", "alpha-upper", "roman-lower", "roman-upper"]),
                        flags: .ordered),
            ElementRule(.list))
        p.set(.listItem, "list-item")
        p.set(.list, "def-list")
        p.set(.listItem, "def-item")
        p.add("def", rules: ElementRule(.inline, text: ": "))
        p.add("fn", rules: ElementRule(.skip, when: .inside("title-group")), ElementRule(.footnote))

        // Floats.
        p.set(.figure, "fig", "supplementary-material", "media", "chem-struct")
        p.set(.table, "table-wrap")
        p.set(.caption, "caption")
        p.set(.floatGroup, "floats-group", "floats-wrap")
        p.set(.skip, "col", "colgroup")
        p.set(.grid, "table")
        p.set(.tableHead, "thead")
        p.set(.tableBody, "tbody")
        p.set(.tableFoot, "tfoot")
        p.set(.row, "tr")
        p.set(.cell, "td")
        p.set(.cell, "th", flags: .headerCell)
        // OASIS (CALS) tables.
        p.set(.inline, in: .oasis, ["table"])
        p.set(.grid, in: .oasis, ["tgroup"])
        p.set(.columnSpec, in: .oasis, ["colspec"])
        p.set(.spanSpec, in: .oasis, ["spanspec"])
        p.set(.tableHead, in: .oasis, ["thead"])
        p.set(.tableBody, in: .oasis, ["tbody"])
        p.set(.tableFoot, in: .oasis, ["tfoot"])
        p.set(.row, in: .oasis, ["row"])
        p.set(.cell, in: .oasis, ["entry"])

        // Math.
        p.set(.displayMath, "disp-formula")
        p.set(.inlineMath, "inline-formula")
        p.set(.alternatives, "alternatives")
        p.set(.tex, "tex-math")
        p.set(.mathML, "math")
        p.set(.mathML, in: .mathML, ["math"])

        // Inline.
        p.set(.sub, "sub")
        p.set(.sup, "sup")
        p.set(.lineBreak, "break")
        p.add("xref", rules: ElementRule(.crossRef, refKind: .attribute("ref-type", refTypes), target: "rid"))

        // TaxPub (Pensoft): taxonomic treatments are sections.
        p.set(.section, in: .taxPub, ["taxon-treatment", "treatment-sec"])
        p.set(.block, in: .taxPub, ["nomenclature", "nomenclature-citation-list"])
        p.set(.skip, in: .taxPub, ["treatment-meta", "taxon-identifier"])

        // References.
        p.add("ref-list", rules: ElementRule(.references))
        p.add("ref", rules: ElementRule(.reference))
        p.add("element-citation", "mixed-citation", "citation", "nlm-citation", "related-object", "product",
              rules: ElementRule(.inline, flags: .structured))
        return p.frozen()
    }
}
