import CorpusCore
import Foundation
import Testing
import _CorpusTestSupport
@testable import PublisherXML

/// Every real fixture walks to its end.
@Suite struct PullReaderFixtureTests {
    typealias S = PullReaderSupport

    struct Walk: Equatable {
        var nodes = 0
        var textBytes = 0
        var attributes = 0
        var unresolved: [String] = []
    }

    static func walk(_ r: XMLPullReader) throws -> Walk {
        var w = Walk()
        while try r.next() {
            w.nodes += 1
            w.textBytes += r.withValueBytes { $0.count }
            if r.kind == .element { r.forEachAttribute { _, _, _ in w.attributes += 1 } }
        }
        w.unresolved = r.unresolvedEntities
        return w
    }

    /// Named references other than the five XML predefines, as written in the raw file: what
    /// libxml2 cannot resolve without the publisher's DTD (the reader before the entity table).
    static func rawNamedReferences(_ bytes: [UInt8]) -> Set<String> {
        var names = Set<String>()
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "&") {
                var j = i + 1
                func isNameByte(_ b: UInt8, first: Bool) -> Bool {
                    let letter = (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A
                    return letter || b == UInt8(ascii: "_") || (!first && ((b >= 0x30 && b <= 0x39) || b == UInt8(ascii: ".") || b == UInt8(ascii: "-")))
                }
                while j < bytes.count, j - i < 40, isNameByte(bytes[j], first: j == i + 1) { j += 1 }
                if j < bytes.count, bytes[j] == UInt8(ascii: ";"), j > i + 1 {
                    let name = String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
                    if !["lt", "gt", "amp", "apos", "quot"].contains(name) { names.insert(name) }
                }
                i = j
            } else {
                i += 1
            }
        }
        return names
    }

    @Test func everyXMLFixtureWalksToTheEnd() throws {
        let files = S.fixtures(["xml", "nxml"])
        guard !files.isEmpty else { print(Fixtures.sharedMissing); return }
        #expect(files.count >= 140)
        var before = 0, after = 0, doctypes = 0
        for url in files {
            let bytes = Array(try Data(contentsOf: url))
            let name = url.lastPathComponent
            #expect(XMLPullReader.markupKind(of: bytes) == .xml, "\(name)")
            var walks: [Walk] = []
            for mode in S.entityModes {
                let r = try XMLPullReader(source: MemoryByteSource(bytes), name: name, entities: mode)
                walks.append(try Self.walk(r))
                #expect(!r.recovered, "\(name): \(r.diagnostics)")
                #expect(r.byteOffset == Int64(bytes.count), "\(name)")
                #expect(r.refusedExternalEntities.isEmpty, "\(name)")
                if mode == .textOnly, r.doctype != nil { doctypes += 1 }
            }
            #expect(walks[0].nodes > 10, "\(name)")
            #expect(walks[0].textBytes == walks[1].textBytes, "\(name): both entity modes give the same text")
            if !Self.rawNamedReferences(bytes).isEmpty { before += 1 }
            if !walks[0].unresolved.isEmpty || !walks[1].unresolved.isEmpty { after += 1 }
        }
        print("XML fixtures: \(files.count), with a DOCTYPE \(doctypes); with named references libxml2 cannot resolve without the publisher DTD: \(before); with unresolved entities after the entity table: \(after)")
        #expect(after == 0)
    }

    /// Readers on several threads at once (the loader and its registry are process-wide).
    @Test func readersOnManyThreads() throws {
        let files = S.fixtures(["xml", "nxml"]).prefix(24).map { Array((try? Data(contentsOf: $0)) ?? Data()) }
        guard !files.isEmpty else { print(Fixtures.sharedMissing); return }
        let refused = #"<!DOCTYPE a SYSTEM "a.dtd" [<!ENTITY e SYSTEM "/etc/hostname">]><a>&e;&ndash;&zz;</a>"#
        let expected = try files.map { try Self.walk(XMLPullReader(source: MemoryByteSource($0), name: "f")).textBytes }
        final class Results: @unchecked Sendable { var ok = [Bool](repeating: false, count: 96) }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 96) { i in
            do {
                let mode: XMLPullReader.EntityResolution = i % 2 == 0 ? .textOnly : .builtInDTD
                let walk = try Self.walk(XMLPullReader(source: MemoryByteSource(files[i % files.count]), name: "f", entities: mode))
                let r = try XMLPullReader(source: MemoryByteSource(Array(refused.utf8)), name: "r", entities: mode)
                let text = try S.text(of: r)
                results.ok[i] = walk.textBytes == expected[i % files.count] && text == "\u{2013}&zz;"
                    && r.refusedExternalEntities == ["/etc/hostname"] && r.unresolvedEntities == ["zz"]
            } catch {
                results.ok[i] = false
            }
        }
        #expect(results.ok.allSatisfy { $0 })
    }

    @Test func everyHTMLFixtureWalksToTheEnd() throws {
        let files = S.fixtures(["html", "htm"])
        guard !files.isEmpty else { print(Fixtures.sharedMissing); return }
        for url in files {
            let r = try XMLPullReader.open(source: MemoryByteSource(Array(try Data(contentsOf: url))), name: url.lastPathComponent)
            #expect(r.isHTML)
            let w = try Self.walk(r)
            #expect(w.nodes > 100 && w.textBytes > 10_000, "\(url.lastPathComponent)")
        }
    }
}
