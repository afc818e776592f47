/// Wiley component XML (WileyML 3G, namespace `http://www.wiley.com/namespaces/wiley`).
///
/// Element map (after Pub2TEI's Wiley stylesheets): `component/header` → `publicationMeta[@level=product]`
/// (journal title), `publicationMeta[@level=unit]` (`doi`, `coverDate`), `contentMeta` (`titleGroup/title[@type=main]`,
/// `creators/creator/personName`, `abstractGroup/abstract`, `keywordGroup/keyword`); `body` (`section` with
/// `title`, `p`, `figure/caption`, `tabular` with CALS `table/tgroup`, `link` cross-references,
/// `displayedItem[@type=mathematics]`), `bibliography/bib/citation`.
enum WileyProfile {
    static let profile = make()

    static func make() -> FormatProfile {
        var p = FormatProfile(format: .wiley, namespace: .wiley)
        let links: [(String, ReferenceKind)] = [("-bib-", .bibliography), ("-fig-", .figure), ("-tbl-", .table),
                                                ("-disp-", .equation), ("-eqn-", .equation), ("-fn-", .other)]
        p.add("component", rules: ElementRule(.article, capture: [.attribute(.language, "xml:lang"), .attribute(.articleType, "type", priority: 1)],
                                              flags: .mute))
        p.set(.mute, "header")
        p.add("publicationMeta", rules: ElementRule(.skip, when: .attribute("level", "unit"), alias: "unit-meta"),
              ElementRule(.skip, when: .attribute("level", "product"), alias: "product-meta"), ElementRule(.skip))
        p.add("title", rules:
            ElementRule(.skip, when: .all([.inside("product-meta", .wiley), .attribute("type", "main")]), capture: [.text(.journal)]),
            ElementRule(.skip, when: .all([.inside("unit-meta", .wiley), .attribute("type", "articleCategory")]), capture: [.text(.articleType)]),
            ElementRule(.title, when: .all([.inside("contentMeta", .wiley), .attribute("type", "main")])),
            ElementRule(.subtitle, when: .all([.inside("contentMeta", .wiley), .attribute("type", "subtitle")])),
            ElementRule(.skip, when: .inside("contentMeta", .wiley)),
            ElementRule(.heading))
        p.add("doi", rules: ElementRule(.skip, when: .parent("unit-meta", .wiley), capture: [.text(.doi)]))
        p.add("coverDate", rules: ElementRule(.skip, capture: [.attribute(.year, "startDate"), .text(.year, priority: 1)]))
        p.set(.mute, "contentMeta")
        p.add("creators", rules: ElementRule(.skip))
        p.add("creator", rules: ElementRule(.author, when: .attribute("creatorRole", "author")), ElementRule(.skip))
        p.add("givenNames", rules: ElementRule(.skip, when: .inside("creator", .wiley), capture: [.text(.givenName)]), ElementRule(.inline, flags: .separate))
        p.add("familyName", rules: ElementRule(.skip, when: .inside("creator", .wiley), capture: [.text(.surname)]), ElementRule(.inline, flags: .separate))
        p.set(.skip, "affiliationGroup", "linkGroup", "idGroup", "countGroup", "eventGroup", "numberingGroup",
              "selfCitationGroup", "correspondenceTo", "mediaResourceGroup", "mediaResource", "supportingInformation")
        p.set(.inline, "abstractGroup", "titleGroup")
        // author notes of the header (affiliations, present addresses): footnotes, kept with the text
        p.add("noteGroup", rules: ElementRule(.block, when: .parent("header", .wiley), flags: .unmute), ElementRule(.skip))
        p.add("abstract", rules: ElementRule(.abstract, text: "Abstract"))
        p.add("keywordGroup", rules: ElementRule(.keywords))
        p.set(.keyword, "keyword")

        p.set(.body, "body")
        p.set(.section, "section")
        p.set(.label, "label")
        p.set(.paragraph, "p")
        p.set(.block, "blockFixed", "quote", "mathStatement", "featureBody")
        p.add("list", rules: ElementRule(.list, when: .attribute("style", ["1", "a", "A", "i", "I", "arabic", "alpha", "roman", "ordered"]),
                                         flags: .ordered), ElementRule(.list))
        p.set(.listItem, "listItem")
        p.set(.figure, "figure")
        p.set(.table, "tabular")
        p.set(.caption, "caption")
        p.set(.inline, "table")
        p.setCALSTables()
        p.set(.footnote, "tabularFixed", "note")
        p.add("displayedItem", rules: ElementRule(.displayMath, when: .attribute("type", "mathematics")), ElementRule(.block))
        p.set(.sub, "sub")
        p.set(.sup, "sup")
        p.set(.inline, "i", "b", "sc", "u", "url", "email")
        p.set(.lineBreak, "br")
        p.add("link", rules: ElementRule(.crossRef, refKind: .substring("href", links), target: "href"))
        p.add("bibliography", rules: ElementRule(.references, text: "References"))
        p.set(.reference, "bib")
        p.set(.inline, "citation")
        p.set(.mathML, in: .mathML, ["math"])
        return p.frozen()
    }
}
