import Foundation
import Testing
import _CorpusTestSupport
import CorpusCore
@testable import Shards

@Suite struct MegatronTests {
    /// The worked example of the format notes: two documents of 3 and 2 uint16 tokens.
    @Test func writesTheDocumentedBytes() throws {
        let dir = try Fixtures.temporaryDirectory("megatron")
        defer { try? FileManager.default.removeItem(at: dir) }
        let prefix = dir.appendingPathComponent("x_text_document").path
        let w = try MegatronWriter(prefix: prefix, dtype: .uint16)
        try w.add([1, 2, 3]); try w.add([4, 5])
        let files = try w.finish()
        #expect(files.map { ($0.path as NSString).lastPathComponent } == ["x_text_document.bin", "x_text_document.idx"])
        let idx = try Data(contentsOf: URL(fileURLWithPath: prefix + ".idx"))
        let hex = idx.map { String(format: "%02x", $0) }.joined()
        #expect(idx.count == 82)
        #expect(hex == "4d4d4944494458000001000000000000000802000000000000000300000000000000030000000200000000000000000000000600000000000000"
                + "000000000000000001000000000000000200000000000000")
        #expect(try Data(contentsOf: URL(fileURLWithPath: prefix + ".bin")) == Data([1, 0, 2, 0, 3, 0, 4, 0, 5, 0]))
        let read = try MegatronDataset(prefix: prefix)
        #expect(read.dtype == .uint16 && read.documentCount == 2 && read.tokenCount == 5)
        #expect(read.sequence(0) == [1, 2, 3] && read.sequence(1) == [4, 5])
    }

    @Test func dtypeFollowsMegatronsRule() {
        #expect(MegatronDType.optimal(vocabularySize: 32000) == .uint16)
        #expect(MegatronDType.optimal(vocabularySize: 65_499) == .uint16)
        #expect(MegatronDType.optimal(vocabularySize: 65_500) == .int32)
        #expect(MegatronDType.optimal(vocabularySize: 128_256) == .int32)
    }

    @Test func anIndependentNumpyReaderReadsEveryDocumentBack() throws {
        let dir = try Fixtures.temporaryDirectory("megatron-np")
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = SeededGenerator(seed: 9)
        for dtype in [MegatronDType.uint16, .int32] {
            let prefix = dir.appendingPathComponent("d\(dtype.rawValue)_text_document").path
            let limit = dtype == .uint16 ? 65_000 : 128_256
            let docs = (0..<50).map { _ in (0..<Int(rng.next() % 300)).map { _ in Int(rng.next() % UInt64(limit)) } }
            let w = try MegatronWriter(prefix: prefix, dtype: dtype)
            for d in docs { try w.add(d) }
            _ = try w.finish()
            let reader = try Fixtures.python("scripts/shards/read_megatron.py", [prefix])
            if reader.status == 3 { print("numpy not installed: skipping"); return }
            #expect(reader.status == 0, "\(reader.stderr)")
            let got = reader.stdout.split(separator: "\n").map {
                (try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["ids"] as! [Int]
            }
            #expect(got == docs, "\(dtype)")
        }
    }

    @Test func corruptIndexesAreRefusedWithThePlace() throws {
        let dir = try Fixtures.temporaryDirectory("megatron-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let prefix = dir.appendingPathComponent("x_text_document").path
        let w = try MegatronWriter(prefix: prefix, dtype: .uint16)
        try w.add([1, 2, 3]); try w.add([4, 5])
        _ = try w.finish()
        let idx = try Data(contentsOf: URL(fileURLWithPath: prefix + ".idx"))
        try idx.prefix(60).write(to: URL(fileURLWithPath: prefix + ".idx"))
        #expect { _ = try MegatronDataset(prefix: prefix) } throws: { "\($0)".contains(".idx") }
        try idx.write(to: URL(fileURLWithPath: prefix + ".idx"))
        try Data([1, 0, 2, 0]).write(to: URL(fileURLWithPath: prefix + ".bin"))
        #expect { _ = try MegatronDataset(prefix: prefix) } throws: { "\($0)".contains(".bin") }
    }

    @Test func splitsAreStableAndNearTheirShares() {
        let s = SplitAssignment(valid: 0.1, test: 0.05, seed: 7)
        let ids = (0..<20_000).map { "doc-\($0)" }
        let parts = ids.map(s.split(of:))
        #expect(parts == ids.map(s.split(of:)))
        let valid = Double(parts.filter { $0 == "valid" }.count) / 20_000, test = Double(parts.filter { $0 == "test" }.count) / 20_000
        #expect(abs(valid - 0.1) < 0.01 && abs(test - 0.05) < 0.008)
        #expect(SplitAssignment(valid: 0.1, seed: 8).split(of: "doc-1") == SplitAssignment(valid: 0.1, seed: 8).split(of: "doc-1"))
    }
}

@Suite struct ShuffleTests {
    func run(shuffle: Bool, seed: UInt64, in dir: URL, tokenizer: String) throws -> [[Int]] {
        var stage = try TokenShardStage(tokenizer: tokenizer, shuffle: shuffle ? .file : .none, shuffleSeed: seed)
        try stage.open(directory: dir.path, taskPrefix: "task-000000")
        var output = StageOutput()
        for i in 0..<40 {
            try stage.process(Document(id: "d\(i)", text: "document number \(i) about LiFePO4", source: "paper", provenance: Provenance(file: "x")), into: &output)
        }
        let files = try stage.close()
        let idx = files.first { $0.path.hasSuffix(".idx") }!.path
        let data = try MegatronDataset(prefix: String(idx.dropLast(4)))
        return (0..<data.sequenceCount).map(data.sequence)
    }

    @Test func shufflingIsSeededAndKeepsEveryDocument() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        let tokenizer = shared.appendingPathComponent("tokenizers/llama2-tokenizer.model").path
        let dir = try Fixtures.temporaryDirectory("shuffle")
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = try run(shuffle: false, seed: 0, in: dir, tokenizer: tokenizer)
        let a = try run(shuffle: true, seed: 1, in: dir, tokenizer: tokenizer)
        let b = try run(shuffle: true, seed: 1, in: dir, tokenizer: tokenizer)
        let c = try run(shuffle: true, seed: 2, in: dir, tokenizer: tokenizer)
        #expect(a == b, "same seed, same order")
        #expect(a != plain && a != c)
        let sorted: ([[Int]]) -> [[Int]] = { $0.sorted { $0.lexicographicallyPrecedes($1) } }
        #expect(sorted(a) == sorted(plain) && sorted(c) == sorted(plain))
    }

    /// With `.global` a task writes one intermediate Megatron pair per split, whatever the format
    /// and file limit (the shuffle sizes and formats the final files), and counts per split and source.
    @Test func globalModeWritesOneIntermediatePerSplit() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        let tokenizer = shared.appendingPathComponent("tokenizers/llama2-tokenizer.model").path
        let dir = try Fixtures.temporaryDirectory("shuffle-global-task")
        defer { try? FileManager.default.removeItem(at: dir) }
        var stage = try TokenShardStage(tokenizer: tokenizer, format: .datatrove, split: SplitAssignment(valid: 0.3), maxTokensPerFile: 20,
                                        shuffle: .global, shuffleSeed: 1)
        try stage.open(directory: dir.path, taskPrefix: "task-000002")
        var output = StageOutput()
        for i in 0..<40 {
            try stage.process(Document(id: "d\(i)", text: "document number \(i) about LiFePO4", source: i % 4 == 0 ? "cif" : "paper",
                                       provenance: Provenance(file: "x")), into: &output)
        }
        let names = try stage.close().map { ($0.path as NSString).lastPathComponent }.sorted()
        #expect(names == ["task-000002-0000_text_document.bin", "task-000002-0000_text_document.bin", "task-000002-0000_text_document.idx",
                          "task-000002-0000_text_document.idx", "task-000002-sources.json"])
        let counts = try SourceCounts.load(shardsDirectory: dir.path + "/shards")
        #expect(Set(counts.splits.keys) == ["train", "valid"])
        #expect(counts.bySource["cif"]?.documents == 10 && counts.bySource["paper"]?.documents == 30)
        #expect(output.tallies["documents_by_split_source"]?.values.reduce(0, +) == 40)
        #expect(counts.splits["valid"]?["paper"]?.tokens == output.tallies["tokens_by_split_source"]?["valid/paper"])
    }
}
