/// Scopus Abstract Retrieval API responses (`abstracts-retrieval-response`): metadata and abstract,
/// never a body.
///
/// Element map: `coredata` (`prism:doi`, `dc:title`, `prism:publicationName`, `prism:coverDate`,
/// `dc:description/abstract/ce:para`), `authors/author`, `language/@xml:lang`, `authkeywords`, and the
/// bibliographic record `item/bibrecord/head` (`citation-title`, `abstracts/abstract/ce:para`,
/// `citation-info/author-keywords`), `tail/bibliography`.
enum ScopusProfile {
    static let profile = make()

    static func make() -> FormatProfile {
        var p = FormatProfile(format: .scopusAbstract, namespace: .none)
        let api = XMLNamespace.elsevierAbstract, ani = XMLNamespace.scopusCommon
        p.add(["abstracts-retrieval-response"], in: api, rules: [ElementRule(.article, flags: .mute)])
        p.set(.skip, in: api, ["coredata", "affiliation", "idxterms", "subject-areas", "link"])
        p.add(["pubmed-id"], in: api, rules: [ElementRule(.skip, capture: [.text(.pmid)])])
        p.add(["language"], in: api, rules: [ElementRule(.skip, capture: [.attribute(.language, "xml:lang")])])
        p.add(["authors"], in: api, rules: [ElementRule(.skip)])
        p.add(["author"], in: api, rules: [ElementRule(.author, when: .parent(ElementName(api, "authors"))), ElementRule(.skip)])
        p.add(["authkeywords"], in: api, rules: [ElementRule(.skip)])
        p.add(["author-keyword"], in: api, rules: [ElementRule(.skip, capture: [.text(.keyword)])])
        p.add(["given-name"], in: ani, rules: [ElementRule(.skip, capture: [.text(.givenName)])])
        p.add(["surname"], in: ani, rules: [ElementRule(.skip, capture: [.text(.surname)])])
        p.add(["doi"], in: ani, rules: [ElementRule(.skip, capture: [.text(.doi, priority: 1)])])
        p.set(.paragraph, in: ani, ["para"])
        p.set(.sub, in: ani, ["inf"])
        p.set(.sup, in: ani, ["sup"])
        p.setDefault(.skip, for: .prism)
        p.setDefault(.skip, for: .dublinCore)
        p.setDefault(.skip, for: .scopusProcessing)
        p.add(["doi"], in: .prism, rules: [ElementRule(.skip, capture: [.text(.doi)])])
        p.add(["publicationName"], in: .prism, rules: [ElementRule(.skip, capture: [.text(.journal)])])
        p.add(["coverDate"], in: .prism, rules: [ElementRule(.skip, capture: [.text(.year)])])
        p.add(["title"], in: .dublinCore, rules: [ElementRule(.skip, capture: [.text(.title, priority: 1)])])
        p.add(["publisher"], in: .dublinCore, rules: [ElementRule(.skip, capture: [.text(.publisher)])])
        p.add(["description"], in: .dublinCore, rules: [ElementRule(.skip, capture: [.text(.fallbackAbstract)])])

        // The bibliographic record (no namespace).
        p.set(.inline, "item", "bibrecord", "abstracts")
        p.set(.skip, "item-info", "author-group", "correspondence", "enhancement", "source")
        p.set(.mute, "head", "citation-info")
        p.add("sourcetitle", rules: ElementRule(.skip, capture: [.text(.journal, priority: 1)]))
        p.add("citation-title", rules: ElementRule(.title))
        p.add("abstract", rules: ElementRule(.abstract, text: "Abstract"))
        p.add("author-keywords", rules: ElementRule(.keywords))
        p.set(.keyword, "author-keyword")
        p.set(.skip, "citation-type", "citation-language", "abstract-language", "publisher")
        p.add("tail", rules: ElementRule(.inline))
        p.add("bibliography", rules: ElementRule(.references, text: "References"))
        p.set(.reference, "reference")
        p.set(.mathML, in: .mathML, ["math"])
        return p.frozen()
    }
}
