import CorpusCore
import Foundation
import Testing
import _CorpusTestSupport
@testable import PublisherXML

/// Real publisher files from `../shared/fixtures/xml` (see its PROVENANCE.tsv). Files marked `rot13`
/// have genuine structure with scrambled text: they are checked for structure only.
@Suite struct PublisherFixtureTests {
    /// Files whose expected DOI or title cannot come out of an article: the Elsevier delivery
    /// manifest (`dataset`) lists articles but holds none, and is rejected as an unknown root.
    static let notArticles: Set<String> = ["xml/elsevier/cernsis__dataset_bfrqq.xml"]

    @Test func doiAndTitleMatchTheExpectedValuesForEveryRealXMLFile() throws {
        guard let rows = try XMLTestSupport.expectedRows() else { print(Fixtures.sharedMissing); return }
        var doiChecked = 0, titleChecked = 0
        var mismatches: [String] = []
        for row in rows where (row.file.hasSuffix(".xml") || row.file.hasSuffix(".nxml")) && row.kind == "real" {
            let r = try #require(try XMLTestSupport.readFixture(String(row.file.dropFirst(4))))
            let d = r.document
            if !row.doi.isEmpty {
                doiChecked += 1
                if XMLTestSupport.normalized(d?.metadata.doi) != XMLTestSupport.normalized(row.doi) {
                    mismatches.append("\(row.file): DOI \(d?.metadata.doi ?? "nil") ≠ \(row.doi)")
                }
            }
            if !row.title.isEmpty {
                titleChecked += 1
                let got = XMLTestSupport.normalized(d?.metadata.title), want = XMLTestSupport.normalized(row.title)
                if got.isEmpty || !(got.hasPrefix(String(want.prefix(100))) || want.hasPrefix(String(got.prefix(100)))) {
                    mismatches.append("\(row.file): title \(got.prefix(60)) ≠ \(want.prefix(60))")
                }
            }
        }
        #expect(doiChecked >= 95 && titleChecked >= 95, "the expected table has shrunk: \(doiChecked) DOIs, \(titleChecked) titles")
        let unexpected = mismatches.filter { m in !Self.notArticles.contains { m.hasPrefix($0) } }
        #expect(unexpected.isEmpty, "\(unexpected.joined(separator: "\n"))")
    }

    @Test func everyXMLFileGivesTextOrAStatedReason() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        let root = shared.appendingPathComponent("fixtures/xml")
        let files = try #require(FileManager.default.enumerator(atPath: root.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".xml") || $0.hasSuffix(".nxml") }.sorted()
        #expect(files.count >= 130)
        var withText = 0
        for file in files {
            let r = try #require(try XMLTestSupport.readFixture(file))
            let hasText = r.documents.contains { !$0.text.isEmpty }
            let reason = r.error.map { "\($0)" } ?? r.rejections.first?.reason ?? r.dropped.keys.first
            #expect(hasText || reason != nil, "\(file): no text and no reason")
            if hasText { withText += 1 }
        }
        #expect(withText >= files.count - 4, "\(withText) of \(files.count) files gave text")
    }

    @Test func formatsAreRecognizedFromTheRootNeverFromTheFileName() throws {
        guard Fixtures.shared != nil else { print(Fixtures.sharedMissing); return }
        let expected: [(String, XMLFormat)] = [
            ("elsevier/cde2__j.jnoncrysol.2017.07.006.xml", .elsevierFullText),
            ("elsevier/cernsis__main.xml", .elsevierArticle),
            ("elsevier/cernsis__main_simple_head.xml", .elsevierArticle),
            ("elsevier/pub2tei-rot13__elsevier_02.xml", .elsevierArticle),
            ("elsevier/hepcrawl__j.scib.2020.01.008.xml", .elsevierDocument),
            ("elsevier/hepcrawl__aphy.2001.6176.xml", .elsevierDocument),   // namespace URIs replaced by a notice
            ("elsevier/scholaretl__scopus_abstract.xml", .scopusAbstract),
            ("pmc/pubmedparser__pone.0000217.nxml", .jats),
            ("oup/cernsis__ptab170.xml", .jats),                             // Silverchair schema namespace
            ("mdpi/pubchunks__mdpi_1.xml", .jats),                           // pmc-articleset
            ("springer/cde2__spr_test1.xml", .jats),                         // Springer Nature API response
            ("springer/cernsis__s10052-024-12692-y.xml", .springerAPlusPlus),
            ("springer/norma__bmc-trials-15-1-511.xml", .bmc),
            ("rsc/pub2tei-rot13__rsc_0.xml", .rsc),
            ("wiley/ropensci-fulltext__10_1016_s0014_5793_01_02864_2.xml", .wiley),
            ("nature/pub2tei-rot13__nature_full_6.xml", .npg),
            ("iop/pub2tei-rot13__iop_3.xml", .iop),
            ("iop/cernsis__aca95c.xml", .jats),
            ("pubmed-medline/pubchunks__karger_1.xml", .medline),
        ]
        for (file, format) in expected {
            let r = try #require(try XMLTestSupport.readFixture(file))
            #expect(r.document?.metadata.extra["format"] == .string(format.rawValue), "\(file)")
        }
        // Same bytes, any name.
        let bytes = try Array(Data(contentsOf: try #require(XMLTestSupport.fixture("rsc/pub2tei-rot13__rsc_0.xml"))))
        let renamed = XMLTestSupport.read(bytes: bytes, name: "paper.nxml")
        #expect(renamed.document?.metadata.extra["format"] == .string("rsc"))
    }

    @Test func elsevierManifestIsRejectedAsAnUnknownRoot() throws {
        guard let r = try XMLTestSupport.readFixture("elsevier/cernsis__dataset_bfrqq.xml") else { print(Fixtures.sharedMissing); return }
        #expect(r.documents.isEmpty)
        #expect(r.rejections.first?.reason
                == "unrecognized root element dataset (namespace http://www.elsevier.com/xml/schema/transport/ew-xcr/journal-2021.2/issues)")
    }

    @Test func elsevierTableIsAPipeTableAfterItsCaptionAndFloatsFollowTheirCitation() throws {
        guard let r = try XMLTestSupport.readFixture("elsevier/cde2__j.jnoncrysol.2017.07.006.xml") else { print(Fixtures.sharedMissing); return }
        let text = r.text
        #expect(text.contains("""
        Table 1. Coordination numbers (N) and inter-atomic distances (r) of Ca50Mg20Cu25Zn5 metallic glass in the form of ribbon.

        | Sample | r (Å) | NAs-As | Atomic pair |
        | --- | --- | --- | --- |
        | Ca50Mg20Cu25Zn5 | 3.83 (± 0.3) | 8.2 (2) | Ca-Ca |
        """))
        // Figures sit in ce:floats before the head; each follows the first paragraph citing it.
        let citation = try #require(text.range(of: "Fig. 1"))
        let caption = try #require(text.range(of: "Fig. 1. X-ray diffraction patterns"))
        #expect(citation.lowerBound < caption.lowerBound)
        let introduction = try #require(text.range(of: "## 1. Introduction"))
        #expect(introduction.lowerBound < caption.lowerBound, "floats do not come before the body")
        // Subscripts joined, in title and text.
        #expect(r.document?.metadata.title == "Structural and electrochemical characterization of the Ca50Mg20Cu25Zn5 amorphous alloy")
        #expect(text.contains("CaO, MgO, Mg(OH)2 and CaCO3"))
        #expect(text.contains("Qmax = 10 Å^− 1"))
    }

    @Test func mathMLIsLinearizedAndTeXKept() throws {
        guard let elsevier = try XMLTestSupport.readFixture("elsevier/cernsis__S0370269323000643_main.xml") else { print(Fixtures.sharedMissing); return }
        #expect(elsevier.text.contains("\n\ny≈η−(1)/(2)(m^2)/(p_T^2)cos ϑ,"), "a display formula is its own paragraph")
        #expect(elsevier.text.contains("(sqrt(s_{NN})=5.02 TeV)"))
        let springer = try #require(try XMLTestSupport.readFixture("springer/cernsis__s10052-024-12692-y.xml"))
        #expect(springer.text.hasPrefix("# $(g-2)_{e,\\mu }$ anomalies and decays $h\\rightarrow e_a e_b$"))
        #expect(springer.document?.metadata.title?.hasPrefix("( g - 2 ) e , μ anomalies") == true, "the title field is plain text")
    }

    @Test func headingsNestByLevel() throws {
        guard let r = try XMLTestSupport.readFixture("elife/elifetools__elife00133.xml") else { print(Fixtures.sharedMissing); return }
        let headings = r.text.split(separator: "\n").filter { $0.hasPrefix("#") }
        #expect(headings.first == "# Kinesin-1 regulates dendrite microtubule polarity in Caenorhabditis elegans")
        let results = try #require(headings.firstIndex(of: "## Results"))
        #expect(headings[results + 1] == "### MT polarity in C. elegans neurons")
        #expect(headings.contains("## Decision letter") && headings.contains("## Author response"))
    }

    @Test func referencesAndMarkersOnRequest() throws {
        guard let plain = try XMLTestSupport.readFixture("pmc/pubmedparser__pone.0000217.nxml") else { print(Fixtures.sharedMissing); return }
        #expect(!plain.text.contains("## References"))
        #expect(plain.text.contains("how organismal complexity changes through the course of evolution [1]–[5]."))
        let options = XMLExtractionOptions(references: true, markers: .llamat)
        let marked = try #require(try XMLTestSupport.readFixture("pmc/pubmedparser__pone.0000217.nxml", options: options))
        #expect(marked.text.contains("through the course of evolution [BIB_REF][1][/BIB_REF]–[BIB_REF][5][/BIB_REF]."))
        let references = try #require(marked.text.range(of: "\n\n## References\n\n"))
        #expect(marked.text[references.upperBound...].hasPrefix("[1] McShea DW 1996 Metazoan complexity and evolution"))
    }

    @Test func medlineGivesOneDocumentPerCitation() throws {
        guard let url = XMLTestSupport.fixture("pubmed-medline/pubchunks__karger_1.xml") else { print(Fixtures.sharedMissing); return }
        let single = try #require(try XMLTestSupport.readFixture("pubmed-medline/pubchunks__karger_1.xml"))
        #expect(single.documents.count == 1)
        #expect(single.document?.id == DocumentID.make(source: .paper, locator: "xml/pubmed-medline/pubchunks__karger_1.xml#25612652"))
        // Three citations: the real one and two copies with other PMIDs.
        let xml = try String(contentsOf: url, encoding: .utf8)
        let start = try #require(xml.range(of: "<PubmedArticle>")), end = try #require(xml.range(of: "</PubmedArticle>"))
        let article = String(xml[start.lowerBound..<end.upperBound])
        let copies = [article, article.replacingOccurrences(of: "25612652", with: "111"), article.replacingOccurrences(of: "25612652", with: "222")]
        let set = "<PubmedArticleSet>" + copies.joined(separator: "\n") + "</PubmedArticleSet>"
        let r = XMLTestSupport.read(set, name: "set.xml")
        #expect(r.documents.count == 3)
        #expect(r.documents.map { $0.metadata.extra["pmid"]?.stringValue } == ["25612652", "111", "222"])
        #expect(Set(r.documents.map(\.id)).count == 3)
        #expect(r.documents.allSatisfy { $0.metadata.doi == "10.1159/000369331" && $0.metadata.extra["abstract_only"] == .bool(true) })
    }

    @Test func truncatedRealFileIsRejectedWithItsLine() throws {
        // iop/cernsis__faulty_xml.xml is well-formed (its faults are missing fields); cut it to make it malformed.
        guard let url = XMLTestSupport.fixture("iop/cernsis__faulty_xml.xml") else { print(Fixtures.sharedMissing); return }
        let full = try Array(Data(contentsOf: url))
        #expect(XMLTestSupport.read(bytes: full, name: "faulty.xml").document?.metadata.doi == "10.1088/1674-1137/ad745c")
        let cut = Array(full.prefix(full.count * 6 / 10))
        let r = XMLTestSupport.read(bytes: cut, name: "cut.xml")
        let error = try #require(r.error as? XMLError)
        #expect((error.line ?? 0) > 1)
        #expect(error.description.hasPrefix("cut.xml: malformed XML at line"))
        #expect(r.documents.isEmpty)
        let recovered = XMLTestSupport.read(bytes: cut, name: "cut.xml", options: XMLExtractionOptions(keepRecovered: true))
        #expect(recovered.error is XMLError)
        #expect(recovered.document?.metadata.extra["recovered"] == .bool(true))
        #expect(recovered.text.contains("## Abstract"))
    }

    @Test func scrambledFilesKeepTheirStructure() throws {
        guard let rsc = try XMLTestSupport.readFixture("rsc/pub2tei-rot13__rsc_4.xml") else { print(Fixtures.sharedMissing); return }
        #expect(rsc.text.hasPrefix("# Vasyhrapr bs vagrefgvgvny ngbzf"))
        #expect(rsc.text.contains("\n\n## Abstract\n\n"))
        let npg = try #require(try XMLTestSupport.readFixture("nature/pub2tei-rot13__nature_full_4.xml"))
        #expect(npg.text.contains("\n\n| Ryrzrag | ybt QZ(z^7 f^-8) |"))
        #expect(npg.text.contains("\n\nTable: Pnyphyngrq cnenzrgref sbe byvivar naq puebzvgr\n\n"))
        let iop = try #require(try XMLTestSupport.readFixture("iop/pub2tei-rot13__iop_4.xml"))
        #expect(iop.text.contains("\n\n### Pryy zbqry\n\n"))
        let springer = try #require(try XMLTestSupport.readFixture("springer/pub2tei-rot13__sp_role.xml"))
        #expect(springer.documents.isEmpty && springer.dropped == ["no_text": 1], "neither abstract nor body")
    }
}
