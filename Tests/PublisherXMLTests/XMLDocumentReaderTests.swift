import CorpusCore
import Testing
@testable import PublisherXML

/// The reader's contract: ids, documents per article, rejections, drops.
@Suite struct XMLDocumentReaderTests {
    static let jats = """
    <article xml:lang="en" article-type="research-article"><front><journal-meta><journal-title-group><journal-title>J. Tests</journal-title></journal-title-group>
    <publisher><publisher-name>Test Press</publisher-name></publisher></journal-meta>
    <article-meta><article-id pub-id-type="doi">https://doi.org/10.1234/ABC</article-id>
    <title-group><article-title>Hematite (Fe<sub>2</sub>O<sub>3</sub>) films</article-title></title-group>
    <pub-date><year>2019</year></pub-date><permissions><license xlink:href="http://creativecommons.org/licenses/by/4.0/" xmlns:xlink="http://www.w3.org/1999/xlink"><license-p>CC BY</license-p></license></permissions>
    <abstract><p>We grow films.</p></abstract></article-meta></front>
    <body><sec><title>Methods</title><p>Fe<sub>2</sub>O<sub>3</sub> was grown <italic>in situ</italic> at 10<sup>5</sup> Pa.</p>
    <p>Second   paragraph
    on two lines.</p></sec></body>
    <back><ref-list><ref><mixed-citation>Smith J. A reference.</mixed-citation></ref></ref-list></back></article>
    """

    @Test func jatsArticleBecomesOneDocumentWithMetadata() throws {
        let r = XMLTestSupport.read(Self.jats)
        #expect(r.error == nil && r.rejections.isEmpty)
        let d = try #require(r.document)
        #expect(d.id == DocumentID.make(source: .paper, locator: "t.xml"))
        #expect(d.metadata.doi == "10.1234/ABC")
        #expect(d.metadata.title == "Hematite (Fe2O3) films")
        #expect(d.metadata.journal == "J. Tests")
        #expect(d.metadata.publisher == "Test Press")
        #expect(d.metadata.year == 2019)
        #expect(d.metadata.language == "en")
        #expect(d.metadata.license == "http://creativecommons.org/licenses/by/4.0/")
        #expect(d.metadata.extra["format"] == .string("jats"))
        #expect(d.metadata.extra["article_type"] == .string("research-article"))
        #expect(d.metadata.extra["abstract_only"] == nil)
        #expect(d.text == """
        # Hematite (Fe2O3) films

        ## Abstract

        We grow films.

        ## Methods

        Fe2O3 was grown in situ at 10^5 Pa.

        Second paragraph on two lines.
        """)
    }

    @Test func referencesAreDroppedByDefaultAndKeptOnRequest() throws {
        #expect(!XMLTestSupport.read(Self.jats).text.contains("Smith"))
        let kept = XMLTestSupport.read(Self.jats, options: XMLExtractionOptions(references: true)).text
        #expect(kept.hasSuffix("## References\n\nSmith J. A reference."))
    }

    @Test func malformedXMLThrowsWithFileLineAndMessage() throws {
        let r = XMLTestSupport.read("<article><front>\n<p>open\n</article>\n", name: "bad.xml")
        let error = try #require(r.error as? XMLError)
        #expect(error.line == 3)
        #expect(error.description.hasPrefix("bad.xml: malformed XML at line 3, column"))
        #expect(r.documents.isEmpty)
    }

    @Test func keepRecoveredEmitsTheTextBeforeTheErrorFlagged() throws {
        // libxml2 parses ahead in chunks: the readable part must be longer than one chunk to be delivered.
        let paragraphs = (1...400).map { "<p>Readable paragraph number \($0) of the article.</p>" }.joined(separator: "\n")
        let xml = "<article><front><article-meta><title-group><article-title>T</article-title></title-group></article-meta></front>"
            + "<body>\n\(paragraphs)\n<p>broken</q></body></article>"
        let strict = XMLTestSupport.read(xml, name: "bad.xml")
        #expect(strict.error is XMLError && strict.documents.isEmpty)
        let r = XMLTestSupport.read(xml, name: "bad.xml", options: XMLExtractionOptions(keepRecovered: true))
        let error = try #require(r.error as? XMLError, "the input is still rejected")
        #expect(error.line == 402)
        let d = try #require(r.document)
        #expect(d.text.contains("Readable paragraph number 1 of the article."))
        #expect(d.text.contains("Readable paragraph number 300 of the article."))
        #expect(d.metadata.extra["recovered"] == .bool(true))
        #expect(d.metadata.extra["xml_error"]?.stringValue?.contains("line 402") == true)
    }

    @Test func unknownRootIsRejectedWithItsNameAndNamespace() throws {
        let r = XMLTestSupport.read("<catalog xmlns=\"urn:example:books\"><book/></catalog>", name: "c.xml")
        #expect(r.documents.isEmpty && r.error == nil)
        let rejection = try #require(r.rejections.first)
        #expect(rejection.reason == "unrecognized root element catalog (namespace urn:example:books)")
        #expect(rejection.file == "c.xml")
        let plain = XMLTestSupport.read("<html><body><p>x</p></body></html>")
        #expect(plain.rejections.first?.reason == "unrecognized root element html (namespace none)")
    }

    @Test func articleWithoutTextIsDroppedAsNoText() throws {
        let r = XMLTestSupport.read("<article><front><article-meta><title-group><article-title>Only a title</article-title></title-group></article-meta></front></article>")
        #expect(r.documents.isEmpty && r.rejections.isEmpty && r.error == nil)
        #expect(r.dropped == ["no_text": 1])
    }

    @Test func articleWithoutBodyIsFlaggedAbstractOnly() throws {
        let r = XMLTestSupport.read("<article><front><article-meta><abstract><p>Just this.</p></abstract></article-meta></front></article>")
        let d = try #require(r.document)
        #expect(d.metadata.extra["abstract_only"] == .bool(true))
        #expect(d.text == "## Abstract\n\nJust this.")
    }

    @Test func containerFilesGiveOneDocumentPerArticleWithIndexedLocators() throws {
        let set = """
        <pmc-articleset><article><front><article-meta><article-id pub-id-type="doi">10.1/a</article-id></article-meta></front><body><p>First.</p></body></article>
        <article><front><article-meta><article-id pub-id-type="doi">10.1/b</article-id></article-meta></front><body><p>Second.</p></body></article></pmc-articleset>
        """
        let r = XMLTestSupport.read(set, name: "set.xml")
        #expect(r.documents.map(\.metadata.doi) == ["10.1/a", "10.1/b"])
        #expect(r.documents.map(\.id) == [DocumentID.make(source: .paper, locator: "set.xml#1"), DocumentID.make(source: .paper, locator: "set.xml#2")])
    }
}
