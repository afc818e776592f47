/// Royal Society of Chemistry article XML (RSC DTD, optional namespace `http://www.rsc.org/schema/rscart38`).
///
/// Element map (after Pub2TEI's RSC stylesheets): `art-admin` (`ms-id`, `doi`), `published` (journal,
/// volume, issue, `pubfront/date/year`), `art-front` (`titlegrp/title`, `authgrp`, `abstract/p`, `keyword`),
/// `art-body` (`section`, `subsect1`…`subsect6`, `title`, `p`, `figure/title`, `table-entry` with CALS
/// `tgroup`, `citref`, `figref`, `tableref`, `schemeref`), `art-back` (`ack`, `biblist/citgroup`).
enum RSCProfile {
    static let profile = make()

    static func make() -> FormatProfile {
        var p = FormatProfile(format: .rsc)
        configure(&p, namespace: .none)
        configure(&p, namespace: .rsc)
        return p.frozen()
    }

    private static func configure(_ p: inout FormatProfile, namespace ns: XMLNamespace) {
        func n(_ local: String) -> ElementName { ElementName(ns, local) }
        p.add(["article"], in: ns, rules: [ElementRule(.article, capture: [.attribute(.articleType, "type", priority: 1)], flags: .mute)])
        p.add(["art-admin"], in: ns, rules: [ElementRule(.skip)])
        p.add(["doi"], in: ns, rules: [ElementRule(.skip, when: .inside(n("art-admin")), capture: [.text(.doi)]), ElementRule(.inline)])
        p.add(["published"], in: ns, rules: [ElementRule(.skip)])
        p.add(["year"], in: ns, rules: [ElementRule(.skip, when: .inside(n("pubfront")), capture: [.text(.year)]),
                                        ElementRule(.inline, flags: .separate)])
        p.add(["journalref"], in: ns, rules: [ElementRule(.skip)])
        p.add(["art-front"], in: ns, rules: [ElementRule(.mute)])
        p.add(["titlegrp"], in: ns, rules: [ElementRule(.inline)])
        p.add(["title"], in: ns, rules: [
            ElementRule(.title, when: .inside(n("titlegrp"))),
            ElementRule(.heading),
        ])
        p.set(.skip, in: ns, ["authgrp", "compoundgrp", "datagrp", "schemegrp", "ms-id", "graphic"])
        p.add(["abstract"], in: ns, rules: [ElementRule(.abstract, text: "Abstract")])
        p.add(["keyword"], in: ns, rules: [ElementRule(.keyword)])
        p.set(.body, in: ns, ["art-body"])
        p.add(["art-back"], in: ns, rules: [ElementRule(.inline, flags: .backMatter)])
        p.set(.section, in: ns, ["section", "subsect1", "subsect2", "subsect3", "subsect4", "subsect5", "subsect6", "appendix"])
        p.add(["ack"], in: ns, rules: [ElementRule(.section, flags: .backMatter, text: "Acknowledgments")])
        p.set(.paragraph, in: ns, ["p"])
        p.set(.block, in: ns, ["quote", "deflist"])
        p.add(["list"], in: ns, rules: [ElementRule(.list, when: .attribute("type", ["number", "arabic", "alpha", "roman"]), flags: .ordered),
                                        ElementRule(.list)])
        p.set(.listItem, in: ns, ["li", "defterm", "defdesc"])
        p.set(.figure, in: ns, ["figure", "scheme"])
        p.set(.table, in: ns, ["table-entry"])
        p.set(.caption, in: ns, ["caption", "description"])
        p.set(.footnote, in: ns, ["footnote", "table-foot"])
        p.setCALSTables(in: ns)
        p.set(.sub, in: ns, ["inf", "sub"])
        p.set(.sup, in: ns, ["sup", "super"])
        p.set(.inline, in: ns, ["it", "b", "scp", "ital", "bo", "u"])
        p.set(.lineBreak, in: ns, ["br"])
        p.add(["citref"], in: ns, rules: [ElementRule(.crossRef, refKind: .fixed(.bibliography), target: "idref")])
        p.add(["figref", "schemeref"], in: ns, rules: [ElementRule(.crossRef, refKind: .fixed(.figure), target: "idref")])
        p.add(["tableref"], in: ns, rules: [ElementRule(.crossRef, refKind: .fixed(.table), target: "idref")])
        p.add(["eqnref"], in: ns, rules: [ElementRule(.crossRef, refKind: .fixed(.equation), target: "idref")])
        p.add(["biblist"], in: ns, rules: [ElementRule(.references, text: "References")])
        p.set(.reference, in: ns, ["citgroup"])
        p.set(.inline, in: ns, ["journalcit", "citation", "citext"])
        p.set(.mathML, in: .mathML, ["math"])
    }
}
