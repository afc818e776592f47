import CorpusCore
import CorpusIO
import Foundation
import Testing
import _CorpusTestSupport
@testable import Dedup

/// End to end through the three passes (sign, resolve, write) on small JSONL files.
@Suite struct JSONLDeduplicatorTests {
    static let paragraphs = [
        "LiNi0.8Co0.1Mn0.1O2 cathodes were prepared by a co-precipitation route followed by lithiation at 750 °C for 12 h in flowing oxygen; the tap density reached 2.4 g cm-3 and the first-cycle efficiency 89 %.",
        "The electrochemical performance was evaluated in CR2032 coin cells with lithium metal anodes and 1 M LiPF6 in EC/DMC as the electrolyte, cycled between 2.8 and 4.3 V at 0.1 C for the formation cycles.",
        "X-ray diffraction patterns were indexed to the layered R-3m structure; the I(003)/I(104) intensity ratio above 1.2 indicates little cation mixing between nickel and lithium sites in the annealed powders.",
        "Scanning electron microscopy showed spherical secondary particles of about 10 micrometres made of primary grains of 200 to 500 nm, and energy-dispersive mapping found a uniform distribution of Ni, Co and Mn.",
        "After 200 cycles at 1 C the capacity retention was 91.3 % for the coated sample against 78.5 % for the bare one, which we attribute to the suppression of side reactions at the particle surface by the Al2O3 layer.",
    ]
    static let other = [
        "Perovskite BaTiO3 ceramics were sintered at 1350 °C and their dielectric constant was measured from room temperature to 200 °C at frequencies between 100 Hz and 1 MHz using an impedance analyser.",
        "The Curie temperature shifted from 125 to 118 °C upon doping with 2 mol% of La, while the grain size decreased from 15 to 4 micrometres, as seen in the thermally etched cross sections of the pellets.",
        "Raman spectra recorded with a 532 nm laser confirmed the tetragonal phase through the sharp mode at 305 cm-1 and the broad band near 520 cm-1 characteristic of the titanium-oxygen octahedra in the lattice.",
    ]
    static let boilerplate = "Declaration of competing interest. The authors declare that they have no known competing financial interests or personal relationships that could have appeared to influence the work reported in this paper."

    func write(_ docs: [(String, String)], to url: URL) throws {
        var text = ""
        for (id, body) in docs {
            text += String(decoding: DocumentJSON.encode(Document(id: id, text: body, source: "paper", provenance: Provenance(file: "test.jsonl"))), as: UTF8.self) + "\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func read(_ url: URL) throws -> [Document] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { try DocumentJSON.decode(String($0)) }
    }

    var battery: String { Self.paragraphs.joined(separator: "\n\n") }
    var ceramics: String { Self.other.joined(separator: "\n\n") }

    @Test func exactAndNearDuplicatesAreRemovedAndDistinctDocumentsKept() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reflowed = "Preprint submitted to Elsevier\n" + battery.replacingOccurrences(of: " ", with: "\n").uppercased()
        var edited = Self.paragraphs
        edited[2] = "The diffraction peaks all belong to the layered structure, with a clear splitting of the (006)/(102) and (108)/(110) doublets."
        let docs = [
            ("b-battery", battery),
            ("a-ceramics", ceramics),
            ("c-exact", battery.replacingOccurrences(of: "\n\n", with: "   ")),   // exact after normalization
            ("d-reflowed", reflowed),                                              // exact words plus a header line: near
            ("e-edited", edited.joined(separator: "\n\n")),                        // one paragraph rewritten: near
            ("f-swapped-digits", battery.replacingOccurrences(of: "LiNi0.8Co0.1Mn0.1O2", with: "LiNi0.6Co0.2Mn0.2O2")),
            ("g-boiler-1", ceramics + "\n\n" + Self.boilerplate),
            ("h-boiler-2", battery + "\n\n" + Self.boilerplate),
        ]
        try write(docs, to: dir.appendingPathComponent("in.jsonl"))
        var engine = JSONLDeduplicator()
        engine.workers = 2
        engine.batchDocuments = 3   // several signing tasks
        let report = try engine.run(inputs: [dir.appendingPathComponent("in.jsonl").path], output: dir.appendingPathComponent("out.jsonl").path,
                                    removed: dir.appendingPathComponent("removed.jsonl").path)
        let kept = try read(dir.appendingPathComponent("out.jsonl"))
        let removed = try read(dir.appendingPathComponent("removed.jsonl"))
        // The truth: exact Jaccard similarity of the 5-word shingle sets against the battery text.
        func shingles(_ t: String) -> Set<UInt64> {
            var words: [UInt64] = []
            WordHashes.forEach(in: t) { words.append($0) }
            return Set(ShingleHasher(n: 5).referenceShingles(of: words))
        }
        let base = shingles(battery), ceramicsSet = shingles(ceramics)
        func jaccard(_ a: Set<UInt64>, _ b: Set<UInt64>) -> Double { Double(a.intersection(b).count) / Double(a.union(b).count) }
        for (id, text) in docs {
            let j = jaccard(base, shingles(text)), jc = jaccard(ceramicsSet, shingles(text))
            let isDuplicate = !id.hasPrefix("a-") && !id.hasPrefix("b-") && max(j, jc) >= 0.8
            #expect(removed.contains { $0.id == id } == isDuplicate, "\(id): J \(j) to the battery text, \(jc) to the ceramics text")
        }
        // One paragraph of five rewritten, or a long shared block appended, is below 0.8: kept.
        #expect(kept.map(\.id) == ["b-battery", "a-ceramics", "e-edited", "g-boiler-1"])  // input order
        #expect(report.documents == 8 && report.kept == 4 && report.removedExact == 1 && report.removedNear == 3)
        let byID = Dictionary(uniqueKeysWithValues: removed.map { ($0.id, $0) })
        #expect(byID["c-exact"]?.metadata.extra["dedup_reason"] == .string("exact"))
        #expect(byID["d-reflowed"]?.metadata.extra["dedup_reason"] == .string("near"))
        for d in removed { #expect(d.metadata.extra["duplicate_of"] == .string("b-battery"), "\(d.id)") }
        #expect(kept.first { $0.id == "b-battery" }?.metadata.extra["minhash_cluster_size"] == .int(5))
        #expect(kept.first { $0.id == "a-ceramics" }?.metadata.extra["minhash_cluster_id"] == .string("a-ceramics"))
        #expect(kept.first { $0.id == "g-boiler-1" }?.metadata.extra["minhash_cluster_size"] == .int(1))
    }

    @Test func theKeptDocumentDoesNotDependOnInputOrder() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let docs = [("m", battery), ("c", battery + " Preprint."), ("x", ceramics), ("k", "Accepted manuscript. " + battery)]
        var keptSets: [[String]] = []
        for order in [[0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1]] {
            try write(order.map { docs[$0] }, to: dir.appendingPathComponent("in.jsonl"))
            _ = try JSONLDeduplicator().run(inputs: [dir.appendingPathComponent("in.jsonl").path], output: dir.appendingPathComponent("out.jsonl").path)
            keptSets.append(try read(dir.appendingPathComponent("out.jsonl")).map(\.id).sorted())
        }
        #expect(keptSets.allSatisfy { $0 == ["c", "x"] })
    }

    @Test func aLaterBatchIsDeduplicatedAgainstTheIndexOfAnEarlierRun() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try write([("old-1", battery), ("old-2", ceramics)], to: dir.appendingPathComponent("a.jsonl"))
        var first = JSONLDeduplicator()
        first.workspace = dir.appendingPathComponent("index-a").path
        _ = try first.run(inputs: [dir.appendingPathComponent("a.jsonl").path], output: dir.appendingPathComponent("a.out.jsonl").path)

        try write([("new-0", "Preface. " + battery), ("new-1", Self.paragraphs[0] + " " + Self.other[1])], to: dir.appendingPathComponent("b.jsonl"))
        var second = JSONLDeduplicator()
        second.index = [dir.appendingPathComponent("index-a").path]
        let report = try second.run(inputs: [dir.appendingPathComponent("b.jsonl").path], output: dir.appendingPathComponent("b.out.jsonl").path,
                                    removed: dir.appendingPathComponent("b.removed.jsonl").path)
        #expect(try read(dir.appendingPathComponent("b.out.jsonl")).map(\.id) == ["new-1"])
        let gone = try read(dir.appendingPathComponent("b.removed.jsonl"))
        #expect(gone.map(\.id) == ["new-0"])
        #expect(gone.first?.metadata.extra["duplicate_of"] == .string("old-1"))
        #expect(gone.first?.metadata.extra["dedup_reason"] == .string("index"))
        #expect(report.removedIndexed == 1 && report.resolve.indexDocuments == 2)

        // An index made with other settings is refused, naming its settings file.
        var mismatched = JSONLDeduplicator()
        mismatched.parameters.ngram = 3
        mismatched.index = [dir.appendingPathComponent("index-a").path]
        #expect {
            _ = try mismatched.run(inputs: [dir.appendingPathComponent("b.jsonl").path], output: dir.appendingPathComponent("c.out.jsonl").path)
        } throws: { "\($0)".contains("index-a/parameters.json") }
    }

    @Test func badLinesAreSkippedAndReportedWhileTheRestIsProcessed() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = String(decoding: DocumentJSON.encode(Document(id: "g", text: battery, source: "paper", provenance: Provenance(file: "test.jsonl"))), as: UTF8.self)
        let copy = String(decoding: DocumentJSON.encode(Document(id: "h", text: battery, source: "paper", provenance: Provenance(file: "test.jsonl"))), as: UTF8.self)
        try (good + "\n{\"id\": \"broken\", \"text\": \n" + "{\"id\": \"no-text\"}\n" + copy + "\n")
            .write(to: dir.appendingPathComponent("in.jsonl"), atomically: true, encoding: .utf8)
        let report = try JSONLDeduplicator().run(inputs: [dir.appendingPathComponent("in.jsonl").path], output: dir.appendingPathComponent("out.jsonl").path)
        #expect(report.rejected.map(\.line) == [2, 3])
        #expect(report.rejected.allSatisfy { $0.file.hasSuffix("in.jsonl") && !$0.reason.isEmpty })
        #expect(try read(dir.appendingPathComponent("out.jsonl")).map(\.id) == ["g"])
        #expect(report.removedExact == 1)
    }

    @Test func truncatedSignatureFilesAreRefusedWithTheirPath() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let space = DedupWorkspace(root: dir.appendingPathComponent("ws").path)
        try space.prepare(parameters: .default)
        let writer = try space.signatureWriter(task: "t0", parameters: .default)
        try writer.add(id: "a", text: battery)
        try writer.add(id: "b", text: ceramics)
        try writer.finish()
        let sig = space.tasksDirectory + "/t0.sig"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: sig))
        try bytes.prefix(bytes.count - 100).write(to: URL(fileURLWithPath: sig))
        #expect {
            _ = try ClusterResolver.resolve(space, parameters: .default, workers: 1)
        } throws: { "\($0)".contains("t0.sig") && "\($0)".contains("truncated") }
    }
}
