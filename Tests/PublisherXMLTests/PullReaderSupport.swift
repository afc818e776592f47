import CorpusCore
import Foundation
import _CorpusTestSupport
@testable import PublisherXML

/// Helpers for the pull-reader tests.
enum PullReaderSupport {
    static func reader(_ xml: String, recover: Bool = true, entities: XMLPullReader.EntityResolution = .default,
                       continueAfterError: Bool = false) throws -> XMLPullReader {
        try XMLPullReader(source: MemoryByteSource(Array(xml.utf8)), name: "t.xml", recover: recover, entities: entities,
                          continueAfterError: continueAfterError)
    }

    /// The concatenated text of every text-like node.
    static func text(of reader: XMLPullReader) throws -> String {
        var out = ""
        while try reader.next() {
            switch reader.kind {
            case .text, .cdata, .whitespace, .significantWhitespace: out += reader.value ?? ""
            default: break
            }
        }
        return out
    }

    static func text(_ xml: String, entities: XMLPullReader.EntityResolution = .default) throws -> (text: String, reader: XMLPullReader) {
        let r = try reader(xml, entities: entities)
        return (try text(of: r), r)
    }

    /// Every fixture file under `../shared/fixtures/xml` with one of the extensions, sorted.
    static func fixtures(_ extensions: Set<String>) -> [URL] {
        guard let shared = Fixtures.shared else { return [] }
        let root = shared.appendingPathComponent("fixtures/xml")
        var out: [URL] = []
        if let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) {
            for case let url as URL in e where extensions.contains(url.pathExtension) { out.append(url) }
        }
        return out.sorted { $0.path < $1.path }
    }

    static let entityModes: [XMLPullReader.EntityResolution] = [.textOnly, .builtInDTD]

    static var hasPython: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/python3") }
    }
}
