import CorpusCore
import Foundation
import Testing
import _CorpusTestSupport
@testable import PublisherXML

/// Hostile input: the reader may reject, never trap.
@Suite struct RobustnessTests {
    /// Every vocabulary's element names, nested at random (well-formed), under every root.
    @Test func randomNestingsOfKnownElementsNeverTrap() throws {
        let names = ["p", "sec", "title", "label", "caption", "fig", "table-wrap", "table", "tr", "td", "th", "thead", "tbody",
                     "list", "list-item", "xref", "sup", "sub", "disp-formula", "inline-formula", "alternatives", "tex-math", "mml:math",
                     "mml:msub", "mml:mfrac", "mml:mi", "mml:mtable", "mml:mtr", "fn", "ref-list", "ref", "abstract", "kwd-group", "kwd",
                     "body", "back", "article-title", "front", "article-meta", "floats-group", "break", "contrib", "surname",
                     "ce:para", "ce:section", "ce:section-title", "ce:floats", "ce:figure", "ce:table", "ce:cross-ref", "ce:inf",
                     "ce:hsp", "ce:glyph", "ce:float-anchor", "ce:formula", "ce:label", "ce:caption", "cals:tgroup", "cals:row",
                     "ce:entry", "cals:colspec", "ce:abstract", "ce:keywords", "ce:keyword", "ce:bibliography", "ce:bib-reference",
                     "ja:body", "ja:head", "ce:title", "ce:footnote", "ce:list", "ce:list-item", "ce:display"]
        let roots = ["<article xmlns:mml=\"http://www.w3.org/1998/Math/MathML\" xmlns:ce=\"http://www.elsevier.com/xml/common/dtd\" "
                        + "xmlns:cals=\"http://www.elsevier.com/xml/common/cals/dtd\" xmlns:ja=\"http://www.elsevier.com/xml/ja/dtd\">",
                     "<ja:article xmlns:mml=\"http://www.w3.org/1998/Math/MathML\" xmlns:ce=\"http://www.elsevier.com/xml/common/dtd\" "
                        + "xmlns:cals=\"http://www.elsevier.com/xml/common/cals/dtd\" xmlns:ja=\"http://www.elsevier.com/xml/ja/dtd\">"]
        var rng = SeededGenerator(seed: 20240611)
        for round in 0..<300 {
            var xml = roots[round % 2]
            var open: [String] = []
            for _ in 0..<Int.random(in: 20...120, using: &rng) {
                switch Int.random(in: 0..<10, using: &rng) {
                case 0..<4:
                    let name = names.randomElement(using: &rng)!
                    let attributes = [" id=\"f1\"", " refid=\"f1 t1\"", " rid=\"f1\"", " colspan=\"300\"", " morerows=\"9999\"", " namest=\"c9\"",
                                      " ref-type=\"fig\"", " name=\"sbnd\"", ""].randomElement(using: &rng)!
                    if Bool.random(using: &rng) { xml += "<\(name)\(attributes)/>" } else { xml += "<\(name)\(attributes)>"; open.append(name) }
                case 4..<7:
                    xml += ["word ", "Fe", "  \n ", "x|y", "é", "1"].randomElement(using: &rng)!
                default:
                    if let name = open.popLast() { xml += "</\(name)>" }
                }
            }
            while let name = open.popLast() { xml += "</\(name)>" }
            xml += round % 2 == 0 ? "</article>" : "</ja:article>"
            for options in [XMLExtractionOptions(), XMLExtractionOptions(content: .abstract, tables: false, captions: false, references: true,
                                                                         backMatter: false, markers: .llamat, floats: .end)] {
                let r = XMLTestSupport.read(xml, options: options)
                #expect(r.error == nil, "round \(round): \(String(describing: r.error))")
                #expect(r.documents.count + r.dropped.values.reduce(0, +) == 1, "round \(round)")
            }
        }
    }

    @Test func truncatedFixturesAreRejectedOrRecoveredWithoutTrapping() throws {
        let files = ["elsevier/cde2__j.jnoncrysol.2017.07.006.xml", "pmc/pubmedparser__pone.0000217.nxml", "aps/hepcrawl__PhysRevResearch.5.033093.xml",
                     "elife/elifetools__elife00133.xml", "pubmed-medline/pubchunks__karger_1.xml", "springer/cernsis__s10052-024-12692-y.xml"]
        var rng = SeededGenerator(seed: 7)
        for file in files {
            guard let url = XMLTestSupport.fixture(file) else { print(Fixtures.sharedMissing); return }
            let bytes = try Array(Data(contentsOf: url))
            for _ in 0..<6 {
                let cut = Array(bytes.prefix(Int.random(in: 1..<bytes.count, using: &rng)))
                let strict = XMLTestSupport.read(bytes: cut, name: file)
                #expect(strict.error is XMLError || !strict.rejections.isEmpty, "\(file) cut at \(cut.count)")
                let recovered = XMLTestSupport.read(bytes: cut, name: file, options: XMLExtractionOptions(keepRecovered: true))
                #expect(recovered.error is XMLError || !recovered.rejections.isEmpty, "\(file) cut at \(cut.count)")
                #expect(recovered.documents.allSatisfy { $0.metadata.extra["recovered"] == .bool(true) })
            }
        }
    }
}
