/// BioMed Central's legacy article XML (`art`, DTD `http://www.biomedcentral.com/xml/article.dtd`).
///
/// Element map: `ui`, `ji`, `fm` (`dochead`, `bibl` → `title/p`, `aug/au` (`snm`, `fnm`), `source`,
/// `pubdate`, `xrefbib/pubidlist/pubid[@idtype=doi]`; `abs/sec`; `kwdg/kwd`), `bdy` (`sec` with
/// `st/p` titles, `p`, `fig` (`title` = label, `caption`, `text`), `table` (CALS), `abbrgrp/abbr` citations,
/// `figr`, `tblr`), `bm` (`ack`, `refgrp/bibl`).
enum BMCProfile {
    static let profile = make()

    static func make() -> FormatProfile {
        var p = FormatProfile(format: .bmc)
        p.add("art", rules: ElementRule(.article, flags: .mute))
        p.set(.skip, "ui", "ji", "history", "insg", "cpyrt", "issn", "graphic", "file")
        p.add("volume", "issue", "fpage", "lpage", "note", rules: ElementRule(.skip, when: .inside("fm")), ElementRule(.inline, flags: .separate))
        p.set(.mute, "fm")
        p.add("dochead", rules: ElementRule(.skip, capture: [.text(.articleType)]))
        p.add("bibl", rules: ElementRule(.inline, when: .parent("fm")), ElementRule(.reference))
        p.add("title", rules:
            ElementRule(.title, when: .parent("bibl"), flags: .unmute),
            ElementRule(.label, when: .parent("fig")), ElementRule(.label, when: .parent("table")), ElementRule(.label, when: .parent("suppl")),
            ElementRule(.heading))
        p.add("aug", rules: ElementRule(.skip, when: .inside("fm")), ElementRule(.inline, flags: .separate))
        p.add("au", rules: ElementRule(.author, when: .inside("fm")), ElementRule(.inline, flags: .separate))
        p.add("snm", rules: ElementRule(.skip, when: .inside("fm"), capture: [.text(.surname)]), ElementRule(.inline, flags: .separate))
        p.add("fnm", rules: ElementRule(.skip, when: .inside("fm"), capture: [.text(.givenName)]), ElementRule(.inline, flags: .separate))
        p.add("source", rules: ElementRule(.skip, when: .inside("fm"), capture: [.text(.journal)]), ElementRule(.inline, flags: .separate))
        p.add("pubdate", rules: ElementRule(.skip, when: .inside("fm"), capture: [.text(.year)]), ElementRule(.inline, flags: .separate))
        p.add("xrefbib", rules: ElementRule(.skip))
        p.add("pubid", rules: ElementRule(.skip, when: .all([.inside("fm"), .attribute("idtype", "doi")]), capture: [.text(.doi)]),
              ElementRule(.skip))
        p.add("abs", rules: ElementRule(.abstract, text: "Abstract"))
        p.add("kwdg", rules: ElementRule(.keywords))
        p.set(.keyword, "kwd")
        p.set(.body, "bdy")
        p.add("bm", rules: ElementRule(.inline, flags: .backMatter))
        p.set(.section, "sec")
        p.add("ack", rules: ElementRule(.section, flags: .backMatter, text: "Acknowledgments"))
        p.add("refgrp", rules: ElementRule(.references, text: "References"))
        p.set(.heading, "st")
        p.set(.paragraph, "p")
        p.set(.figure, "fig", "suppl")
        p.set(.table, "table")
        p.set(.caption, "caption", "text")
        p.setCALSTables()
        p.set(.block, "tblfn")
        p.add("list", rules: ElementRule(.list, when: .attribute("type", ["number", "arabic", "alpha", "roman"]), flags: .ordered),
              ElementRule(.list))
        p.set(.listItem, "l", "li")
        p.set(.sub, "sub", "inf")
        p.set(.sup, "sup")
        p.set(.lineBreak, "br")
        p.set(.inline, "abbrgrp", "it", "b", "u", "ul", "sc", "smc", "m")
        p.add("abbr", rules: ElementRule(.crossRef, refKind: .fixed(.bibliography), target: "bid"))
        p.add("figr", rules: ElementRule(.crossRef, refKind: .fixed(.figure), target: "fid"))
        p.add("tblr", rules: ElementRule(.crossRef, refKind: .fixed(.table), target: "tid"))
        p.add("supplr", rules: ElementRule(.crossRef, refKind: .fixed(.other), target: "sid"))
        p.set(.mathML, "math")
        p.set(.mathML, in: .mathML, ["math"])
        return p.frozen()
    }
}
