import CorpusCore
import Foundation
import Testing
import _CorpusTestSupport
@testable import PublisherXML

/// Extraction speed on all XML fixtures, printed for comparison with `xmllint --stream --noout`.
/// Runs only with `XML_BENCH=1` (use a release build: `swift test -c release --filter ExtractionSpeedTests`).
@Suite struct ExtractionSpeedTests {
    @Test func measureWhenAsked() throws {
        guard ProcessInfo.processInfo.environment["XML_BENCH"] != nil, let shared = Fixtures.shared else { return }
        let root = shared.appendingPathComponent("fixtures/xml")
        let files = FileManager.default.enumerator(atPath: root.path)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".xml") || $0.hasSuffix(".nxml") }.sorted()
        let inputs = try files.map { try Array(Data(contentsOf: root.appendingPathComponent($0))) }
        let bytes = inputs.reduce(0) { $0 + $1.count }
        let rounds = Int(ProcessInfo.processInfo.environment["XML_BENCH_ROUNDS"] ?? "5") ?? 5
        var best = Double.infinity
        var documents = 0, textBytes = 0
        for _ in 0..<rounds {
            let start = DispatchTime.now().uptimeNanoseconds
            documents = 0; textBytes = 0
            for (i, input) in inputs.enumerated() {
                var context = ReaderContext(sink: { documents += 1; textBytes += $0.text.utf8.count })
                var reader = XMLDocumentReader()
                try? reader.read(InputMember(file: files[i], relativePath: files[i], source: MemoryByteSource(input)), into: &context)
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        // The pull reader alone, touching what the extractor reads from each node.
        var rawBest = Double.infinity
        for _ in 0..<(ProcessInfo.processInfo.environment["XML_BENCH_NORAW"] == nil ? rounds : 0) {
            let start = DispatchTime.now().uptimeNanoseconds
            var sink = 0
            for (i, input) in inputs.enumerated() {
                guard let xml = try? XMLPullReader(source: MemoryByteSource(input), name: files[i], recover: false) else { continue }
                while (try? xml.next()) == true {
                    switch xml.kind {
                    case .element: sink &+= xml.localName.utf8.count &+ (xml.namespaceURI?.utf8.count ?? 0) &+ (xml.isEmptyElement ? 1 : 0)
                    case .text, .cdata: sink &+= xml.value?.utf8.count ?? 0
                    default: break
                    }
                }
            }
            rawBest = min(rawBest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            if sink == 42 { print("") }
        }
        print(String(format: "pull reader alone (kind, names, values): %.3f s: %.1f MB/s", rawBest, Double(bytes) / 1e6 / rawBest))
        print(String(format: "xml extraction: %d files, %.1f MB in %.3f s (best of %d): %.1f MB/s; %d documents, %.1f MB of text",
                     files.count, Double(bytes) / 1e6, best, rounds, Double(bytes) / 1e6 / best, documents, Double(textBytes) / 1e6))
    }
}
