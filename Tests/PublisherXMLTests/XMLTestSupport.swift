import CorpusCore
import Foundation
import _CorpusTestSupport
@testable import PublisherXML

/// What reading one input gave.
struct ReadResult {
    var documents: [Document] = []
    var rejections: [InputRejection] = []
    var dropped: [String: Int] = [:]
    var error: (any Error)?

    var document: Document? { documents.first }
    var text: String { documents.first?.text ?? "" }
}

enum XMLTestSupport {
    /// Reads XML text with the `xml` reader.
    static func read(_ xml: String, name: String = "t.xml", options: XMLExtractionOptions = XMLExtractionOptions()) -> ReadResult {
        read(bytes: Array(xml.utf8), name: name, options: options)
    }

    static func read(bytes: [UInt8], name: String, options: XMLExtractionOptions = XMLExtractionOptions()) -> ReadResult {
        var result = ReadResult()
        var documents: [Document] = []
        var context = ReaderContext(sink: { documents.append($0) })
        var reader = XMLDocumentReader(options: options)
        do {
            try reader.read(InputMember(file: name, relativePath: name, source: MemoryByteSource(bytes)), into: &context)
        } catch {
            result.error = error
        }
        result.documents = documents
        result.rejections = context.rejections
        result.dropped = context.dropped
        return result
    }

    /// `../shared/fixtures/xml/RELATIVE`, or nil when the shared folder is absent.
    static func fixture(_ relative: String) -> URL? {
        Fixtures.shared?.appendingPathComponent("fixtures/xml").appendingPathComponent(relative)
    }

    /// Reads a shared fixture (path relative to `fixtures/xml`).
    static func readFixture(_ relative: String, options: XMLExtractionOptions = XMLExtractionOptions()) throws -> ReadResult? {
        guard let url = fixture(relative) else { return nil }
        return read(bytes: Array(try Data(contentsOf: url)), name: "xml/" + relative, options: options)
    }

    /// Rows of `checks/data/xml-expected-dev.tsv`: file, root, doi, title, text kind.
    static func expectedRows() throws -> [(file: String, root: String, doi: String, title: String, kind: String)]? {
        guard let shared = Fixtures.shared else { return nil }
        let table = try String(contentsOf: shared.appendingPathComponent("checks/data/xml-expected-dev.tsv"), encoding: .utf8)
        return table.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 5 else { return nil }
            return (f[0], f[1], f[2], f[3], f[4])
        }
    }

    /// Whitespace collapsed and lowercased, as the acceptance check compares.
    static func normalized(_ s: String?) -> String {
        (s ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }
}
