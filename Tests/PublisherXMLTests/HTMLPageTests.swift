import CorpusCore
import Testing
@testable import PublisherXML

/// Publisher article pages (HTML): publisher found from the page, metadata from meta tags, article
/// units only (no chrome, no reference list).
@Suite struct HTMLPageTests {
    static let rscPage = """
    <!DOCTYPE html>
    <html><head><title>Page title - RSC</title>
    <meta name="DC.publisher" content="Royal Society of Chemistry"/>
    <meta name="DC.Identifier" scheme="doi" content="10.1039/C0XX00001A"/>
    <meta name="citation_title" content="Iron  oxide films "/>
    <meta name="citation_journal_title" content="Journal of Tests"/>
    <meta name="citation_date" content="2012/09/11"/>
    <script>var chrome = "scriptword";</script><style>.x { color: red }</style>
    </head><body><div class="nav">Navigation menuword</div>
    <div id="wrapper"><div class="left_head">View PDF Version</div>
    <p class="abstract">We grow Fe<sub>2</sub>O<sub>3</sub> films.</p>
    <h2 id="s1"><span class="a_heading">Introduction</span></h2>
    <span>First paragraph of the introduction.</span>
    <p class="otherpara">Second paragraph at 10<sup>5</sup> Pa.</p>
    <h3 id="s2">Methods detail</h3><p class="otherpara">Detail text.</p>
    <div class="image_table"><table><tr><td class="imgHolder"><img src="f1.gif"/></td></tr>
    <tr><td class="image_title"><b>Fig. 1 </b> <span>SEM image of films.</span></td></tr></table></div>
    <h2 id="s3"><span class="a_heading">References</span></h2>
    <ol><li><span id="cit1">A. Author, Science, 1996, 271, 933.</span></li></ol>
    </div><div class="footer">Footer copyrightword</div></body></html>
    """

    @Test func rscPageGivesTitleDOIAbstractSectionsAndFigureWithoutChrome() throws {
        let r = XMLTestSupport.read(Self.rscPage, name: "page.html")
        #expect(r.error == nil && r.rejections.isEmpty)
        let d = try #require(r.document)
        #expect(d.metadata.doi == "10.1039/C0XX00001A")
        #expect(d.metadata.title == "Iron oxide films")
        #expect(d.metadata.journal == "Journal of Tests")
        #expect(d.metadata.year == 2012)
        #expect(d.metadata.publisher == "Royal Society of Chemistry")
        #expect(d.metadata.extra["format"] == .string("html-rsc"))
        #expect(d.text.hasPrefix("# Iron oxide films\n\n## Abstract\n\nWe grow Fe2O3 films.\n\n## Introduction\n\nFirst paragraph of the introduction.\n\nSecond paragraph at 10^5 Pa.\n\n### Methods detail\n\nDetail text."))
        #expect(d.text.contains("SEM image of films."))
        for chrome in ["scriptword", "menuword", "copyrightword", "View PDF", "color", "Science, 1996", "References"] {
            #expect(!d.text.contains(chrome), "chrome or references leaked: \(chrome)")
        }
    }

    @Test func publisherComesFromThePageNotTheFileName() throws {
        // An ACS layout in a file named like an RSC page.
        let page = """
        <html><head><meta name="dc.Title" content="ACS title"/><meta name="dc.Identifier" scheme="doi" content="10.1021/xx1"/>
        <meta name="dc.Publisher" content="American Chemical Society"/></head>
        <body><div id="abstractBox"><h2>Abstract</h2><p>Abstract text.</p></div>
        <div class="hlFld-Fulltext"><div class="NLM_sec"><h2>Introduction</h2><div class="NLM_p">Body text.</div></div>
        <div class="NLM_ref-list"><ol><li>Ref entry.</li></ol></div></div></body></html>
        """
        let r = XMLTestSupport.read(page, name: "rsc_c1jm13879k.html")
        let d = try #require(r.document)
        #expect(d.metadata.extra["format"] == .string("html-acs"))
        #expect(d.metadata.doi == "10.1021/xx1")
        #expect(d.text == "# ACS title\n\n## Abstract\n\nAbstract text.\n\n## Introduction\n\nBody text.")
    }

    @Test func pageOfUnknownLayoutIsRejected() {
        let r = XMLTestSupport.read("<html><head><title>Blog</title></head><body><p>Hello.</p></body></html>", name: "x.html")
        #expect(r.documents.isEmpty)
        #expect(r.rejections.first?.reason == "unrecognized root element html (namespace none)")
    }

    @Test func charmapImagesBecomeTheirCharacters() {
        #expect(HTMLPageTranslator.charmapCharacter(src: "/images/char_2009.gif") == " ")
        #expect(HTMLPageTranslator.charmapCharacter(src: "char_00b0.gif") == "°")
        #expect(HTMLPageTranslator.charmapCharacter(src: "char_e001.gif") == "")
    }

    // MARK: Fixtures

    struct Expected: Sendable, CustomStringConvertible {
        var file: String, format: String, doi: String?, titlePrefix: String, headings: [String], publisher: String?
        var description: String { file }
    }

    static let fixtures: [Expected] = [
        Expected(file: "rsc/cde2__10.1039_C6OB02074G.html", format: "html-rsc", doi: "10.1039/C6OB02074G",
                 titlePrefix: "Denitrogenative hydrofluorination", headings: ["## Abstract", "## Introduction"],
                 publisher: "Royal Society of Chemistry"),
        Expected(file: "rsc/cde2__c1jm13879k.html", format: "html-rsc", doi: "10.1039/C1JM13879K",
                 titlePrefix: "Metal sulfide nanostructures", headings: ["## Introduction", "### General solution route", "## Acknowledgements"],
                 publisher: "Royal Society of Chemistry"),
        Expected(file: "rsc/cde2__test_paper.html", format: "html-rsc", doi: "10.1039/C7TA06843C",
                 titlePrefix: "High performance carbon-coated hollow", headings: ["## Abstract"], publisher: "Royal Society of Chemistry"),
        Expected(file: "rsc/cdeuvvis__B9PP00180H.html", format: "html-rsc", doi: "10.1039/B9PP00180H",
                 titlePrefix: "Human safety review", headings: ["## Abstract"], publisher: "Royal Society of Chemistry"),
        Expected(file: "acs/cde2__acs.jmedchem.6b00723.html", format: "html-acs", doi: "10.1021/acs.jmedchem.6b00723",
                 titlePrefix: "Discovery of a Quinoline-4-carboxamide", headings: ["## Abstract", "## Introduction", "## Results and Discussion"],
                 publisher: "American Chemical Society"),
        Expected(file: "springer/cdeuvvis__1423-0127-16-26.html", format: "html-springer", doi: "10.1186/1423-0127-16-26",
                 titlePrefix: "Genistein-mediated inhibition", headings: ["## Abstract", "## Background", "## Methods", "### Fibroblasts and cell cultures"],
                 publisher: "BioMed Central"),
        Expected(file: "elsevier/cdeuvvis__S0143720816310816.html", format: "html-sciencedirect", doi: nil,
                 titlePrefix: "UV–vis absorption and fluorescence spectra", headings: ["## Abstract", "## 1. Introduction", "### 2.1. Instruments"],
                 publisher: "Elsevier"),
    ]

    /// Journals from `citation_journal_title`, ACS's `#citation cite`, ScienceDirect's `dc.publisher`.
    static let journals = [
        "rsc/cde2__c1jm13879k.html": "Journal of Materials Chemistry",
        "acs/cde2__acs.jmedchem.6b00723.html": "J. Med. Chem.",
        "springer/cdeuvvis__1423-0127-16-26.html": "Journal of Biomedical Science",
        "elsevier/cdeuvvis__S0143720816310816.html": "Dyes and Pigments",
    ]

    @Test(arguments: fixtures) func fixturePageYieldsOneStructuredDocument(_ e: Expected) throws {
        guard let r = try XMLTestSupport.readFixture(e.file) else { return }   // shared fixtures absent
        #expect(r.error == nil && r.rejections.isEmpty)
        #expect(r.documents.count == 1)
        let d = try #require(r.document)
        #expect(d.metadata.extra["format"] == .string(e.format))
        #expect(d.metadata.doi == e.doi)
        #expect(d.metadata.title?.hasPrefix(e.titlePrefix) == true)
        #expect(d.text.hasPrefix("# " + e.titlePrefix))
        #expect(d.metadata.publisher == e.publisher)
        #expect(d.metadata.year != nil)
        if let journal = Self.journals[e.file] { #expect(d.metadata.journal == journal) }
        let lines = Set(d.text.split(separator: "\n").map(String.init))
        for h in e.headings { #expect(lines.contains(h), "missing heading \(h)") }
        #expect(!d.text.contains("<script") && !d.text.contains("function("))
    }
}
