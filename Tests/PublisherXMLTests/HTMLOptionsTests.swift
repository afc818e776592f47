import CorpusCore
import Foundation
import Testing
import _CorpusTestSupport
@testable import PublisherXML

/// The reader's `references` and `back_matter` options act on publisher HTML pages as on XML.
@Suite struct HTMLOptionsTests {
    static let pages = ["rsc/cde2__c1jm13879k.html", "rsc/cde2__c2jm33712f.html", "acs/cde2__acs.jmedchem.6b00723.html"]

    func text(_ page: String, _ options: XMLExtractionOptions) throws -> String? {
        guard let url = XMLTestSupport.fixture(page) else { return nil }
        let r = XMLTestSupport.read(bytes: Array(try Data(contentsOf: url)), name: page, options: options)
        #expect(r.error == nil && r.documents.count == 1, "\(page): \(String(describing: r.error)) \(r.rejections)")
        return r.text
    }

    @Test(arguments: pages)
    func referencesAreKeptOnRequest(_ page: String) throws {
        guard let plain = try text(page, XMLExtractionOptions()) else {
            print(Fixtures.sharedMissing)
            return
        }
        let kept = try #require(try text(page, XMLExtractionOptions(references: true)))
        #expect(!plain.lowercased().contains("\n## references") && !plain.contains("# Notes and references"), "\(page)")
        #expect(kept.contains("## References") || kept.contains("## Notes and references"), "\(page)")
        // The list itself comes back: markedly more text, and the body is unchanged before it.
        #expect(kept.count > plain.count + 500, "\(page): \(kept.count) vs \(plain.count)")
        let bodyEnd = plain.range(of: "Acknowledg")?.lowerBound ?? plain.endIndex
        #expect(kept.hasPrefix(plain[..<bodyEnd]), "\(page)")
    }

    @Test(arguments: pages)
    func backMatterIsLeftOutOnRequest(_ page: String) throws {
        guard let plain = try text(page, XMLExtractionOptions()) else {
            print(Fixtures.sharedMissing)
            return
        }
        let without = try #require(try text(page, XMLExtractionOptions(backMatter: false)))
        #expect(plain.contains("Acknowledg"), "\(page): the page has an acknowledgement section")
        #expect(!without.contains("# Acknowledg"), "\(page)")
        #expect(without.count < plain.count, "\(page)")
    }
}
