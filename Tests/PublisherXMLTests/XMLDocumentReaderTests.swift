import CorpusCore
import Foundation
import Testing
import _CorpusTestSupport
@testable import PublisherXML

@Suite struct XMLDocumentReaderTests {
    func read(_ xml: String, name: String = "t.xml") throws -> (documents: [Document], rejections: [InputRejection]) {
        var documents: [Document] = []
        var context = ReaderContext(sink: { documents.append($0) })
        var reader = XMLDocumentReader()
        try reader.read(InputMember(file: name, relativePath: name, source: MemoryByteSource(Array(xml.utf8))), into: &context)
        return (documents, context.rejections)
    }

    @Test func inlineMarkupJoinsAndBlocksSeparate() throws {
        let xml = """
        <article xml:lang="en"><front><article-meta><article-id pub-id-type="doi">10.1234/abc</article-id>
        <title-group><article-title>Hematite (Fe<sub>2</sub>O<sub>3</sub>) films</article-title></title-group></article-meta></front>
        <body><sec><title>Methods</title><p>Fe<sub>2</sub>O<sub>3</sub> was grown <italic>in situ</italic> at 10<sup>5</sup> Pa.</p>
        <p>Second   paragraph
        on two lines.</p></sec></body>
        <back><ref-list><ref>Smith J. A reference.</ref></ref-list></back></article>
        """
        let (docs, rejections) = try read(xml)
        #expect(rejections.isEmpty)
        let d = try #require(docs.first)
        #expect(d.metadata.doi == "10.1234/abc")
        #expect(d.metadata.title == "Hematite (Fe2O3) films")
        #expect(d.metadata.language == "en")
        #expect(d.text == "Hematite (Fe2O3) films\n\nMethods\n\nFe2O3 was grown in situ at 105 Pa.\n\nSecond paragraph on two lines.")
        #expect(!d.text.contains("Smith"), "the reference list is dropped")
        #expect(d.id == DocumentID.make(source: .paper, locator: "t.xml"))
    }

    @Test func malformedXMLIsAnErrorWithALine() throws {
        #expect(throws: XMLError.self) { _ = try read("<article>\n<p>open\n</article>\n<extra/>", name: "bad.xml") }
        do {
            _ = try read("<a>\n<b>\n</a>", name: "bad.xml")
        } catch let error as XMLError {
            #expect(error.line != nil)
            #expect(error.description.hasPrefix("bad.xml: malformed XML at line"))
        }
    }

    /// DOIs and titles against the expected values listed in `../shared/checks/data/xml-expected-dev.tsv`.
    @Test func realPublisherFilesYieldTheirDOIAndTitle() throws {
        guard let shared = Fixtures.shared else {
            print(Fixtures.sharedMissing)
            return
        }
        let table = try String(contentsOf: shared.appendingPathComponent("checks/data/xml-expected-dev.tsv"), encoding: .utf8)
        var rows = 0, doiExpected = 0, doiMatched = 0, titleMatched = 0
        for line in table.split(separator: "\n").dropFirst() {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 4, f[1] != "html" else { continue }
            let url = shared.appendingPathComponent("fixtures").appendingPathComponent(f[0])
            let bytes = try Array(Data(contentsOf: url))
            var documents: [Document] = []
            var context = ReaderContext(sink: { documents.append($0) })
            var reader = XMLDocumentReader()
            try? reader.read(InputMember(file: f[0], relativePath: f[0], source: MemoryByteSource(bytes)), into: &context)
            rows += 1
            guard let d = documents.first else { continue }
            if !f[2].isEmpty {
                doiExpected += 1
                if d.metadata.doi?.lowercased() == f[2].lowercased() { doiMatched += 1 }
            }
            if !f[3].isEmpty, d.metadata.title?.hasPrefix(String(f[3].prefix(60))) == true { titleMatched += 1 }
        }
        #expect(rows >= 130)
        // The format-agnostic reader; the publisher-specific extractors raise these.
        #expect(Double(doiMatched) / Double(doiExpected) >= 0.9, "DOIs \(doiMatched)/\(doiExpected)")
        #expect(Double(titleMatched) / Double(rows) >= 0.8, "titles \(titleMatched)/\(rows)")
    }
}
