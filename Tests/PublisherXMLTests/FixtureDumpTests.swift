import CorpusCore
import Foundation
import Testing
import _CorpusTestSupport
@testable import PublisherXML

/// Writes every fixture's extraction to `$XML_DUMP_DIR` for reading by hand; does nothing otherwise.
@Suite struct FixtureDumpTests {
    @Test func dumpWhenAsked() throws {
        guard let dir = ProcessInfo.processInfo.environment["XML_DUMP_DIR"], let shared = Fixtures.shared else { return }
        let root = shared.appendingPathComponent("fixtures/xml")
        let files = FileManager.default.enumerator(atPath: root.path)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".xml") || $0.hasSuffix(".nxml") }.sorted()
        var markers = XMLExtractionOptions()
        if ProcessInfo.processInfo.environment["XML_DUMP_LLAMAT"] != nil { markers.markers = .llamat; markers.references = true }
        for file in files {
            let r = try XMLTestSupport.readFixture(file, options: markers)!
            var out = "== \(file)\n"
            if let e = r.error { out += "ERROR: \(e)\n" }
            for rej in r.rejections { out += "REJECTED: \(rej)\n" }
            for (k, v) in r.dropped { out += "DROPPED: \(k) x\(v)\n" }
            for d in r.documents {
                let meta = try String(decoding: JSONEncoder().encode(d.metadata), as: UTF8.self)
                out += "ID \(d.id)\nMETA \(meta)\n\n\(d.text)\n\n"
            }
            let target = URL(fileURLWithPath: dir).appendingPathComponent(file.replacingOccurrences(of: "/", with: "__") + ".txt")
            try out.write(to: target, atomically: true, encoding: .utf8)
        }
    }
}
