import CorpusCore
import Foundation
import Testing
import _CorpusTestSupport
@testable import Shards

/// `shuffle = "global"`: the shuffled files hold exactly the intermediates' documents, in an order
/// that depends only on the seed, within the file limit, and an interrupted shuffle finishes on rerun.
@Suite struct GlobalShuffleTests {
    /// Intermediate Megatron files as the tasks write them: `tasks` files in `shards/train`, each
    /// document unique (its first two tokens are its number) and ending with EOS (2).
    @discardableResult
    func writeIntermediates(in dir: URL, tasks: Int = 4, documents: Int = 60, dtype: MegatronDType = .uint16) throws -> [[Int]] {
        let split = dir.appendingPathComponent("shards/train")
        try FileManager.default.createDirectory(at: split, withIntermediateDirectories: true)
        var rng = SeededGenerator(seed: 5)
        var all: [[Int]] = []
        for t in 0..<tasks {
            let w = try MegatronWriter(prefix: split.appendingPathComponent(String(format: "task-%06d-0000_text_document", t)).path, dtype: dtype)
            for _ in 0..<documents {
                let n = all.count
                let doc = [3 + n / 1000, 3 + n % 1000] + (0..<Int(rng.next() % 150)).map { _ in 3 + Int(rng.next() % 30_000) } + [2]
                try w.add(doc)
                all.append(doc)
            }
            _ = try w.finish()
        }
        return all
    }

    func shuffle(_ dir: URL, seed: UInt64 = 7, max: Int = 1_500, format: ShardFormat = .megatron) -> GlobalShuffle {
        GlobalShuffle(shardsDirectory: dir.appendingPathComponent("shards").path, format: format, seed: seed, maxTokensPerFile: max,
                      vocabularySize: 32_000, tokenizerName: "test.model")
    }

    /// Every Megatron file of `shards/train`, in name order: its documents.
    func readSplit(_ dir: URL) throws -> [[[Int]]] {
        let split = dir.appendingPathComponent("shards/train")
        return try FileManager.default.contentsOfDirectory(atPath: split.path).filter { $0.hasSuffix(".idx") }.sorted().map { name in
            let data = try MegatronDataset(prefix: split.appendingPathComponent(String(name.dropLast(4))).path)
            return (0..<data.sequenceCount).map(data.sequence)
        }
    }

    func sorted(_ docs: [[Int]]) -> [[Int]] { docs.sorted { $0.lexicographicallyPrecedes($1) } }

    @Test func keepsEveryDocumentOnceWithinTheFileLimit() throws {
        let dir = try Fixtures.temporaryDirectory("global-shuffle")
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try writeIntermediates(in: dir)
        let retired = Retired()
        let result = try shuffle(dir).run { retired.add($0) }
        let files = try readSplit(dir)
        let read = files.flatMap { $0 }
        #expect(read.count == original.count && sorted(read) == sorted(original), "the same documents, each once, byte for byte")
        #expect(read != original, "the order is not the tasks' concatenation")
        #expect(result.map(\.split) == ["train"] && result[0].documents == 240 && result[0].tokens == original.joined().count)
        #expect(files.count > 3 && files.count == result[0].files.count / 2)
        for file in files {
            let tokens = file.joined().count
            #expect(tokens <= 1_500 || file.count == 1, "a file passes the limit only with a single document")
        }
        // Whole documents per file: the boundaries follow the limit rule exactly.
        for (a, b) in zip(files, files.dropFirst()) { #expect(a.joined().count + b[0].count > 1_500) }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("shards/train").path).sorted()
        #expect(names.allSatisfy { $0.hasPrefix("shuffled-") }, "the intermediates are gone: \(names)")
        #expect(names.first == "shuffled-0000_text_document.bin")
        #expect(retired.paths.count == 8 && retired.paths.allSatisfy { $0.contains("/shards/train/task-") })
        let staging = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("shards/.shuffle/train").path)
        #expect(staging == ["state.json"])
        // Idempotent: a second run changes nothing.
        let again = try shuffle(dir).run { retired.add($0) }
        let filesAgain = try readSplit(dir)
        #expect(again == result && filesAgain == files)
    }

    @Test func theOrderDependsOnlyOnTheSeed() throws {
        var orders: [[[Int]]] = []
        var bytes: [Data] = []
        for seed: UInt64 in [7, 7, 8] {
            let dir = try Fixtures.temporaryDirectory("global-shuffle-seed")
            defer { try? FileManager.default.removeItem(at: dir) }
            try writeIntermediates(in: dir)
            try shuffle(dir, seed: seed, max: 0).run { _ in }
            let files = try readSplit(dir)
            #expect(files.count == 1, "max_tokens_per_file 0: one file per split")
            orders.append(files.flatMap { $0 })
            bytes.append(try Data(contentsOf: dir.appendingPathComponent("shards/train/shuffled-0000_text_document.bin")))
        }
        #expect(orders[0] == orders[1] && bytes[0] == bytes[1], "same seed, same files")
        #expect(orders[0] != orders[2] && sorted(orders[0]) == sorted(orders[2]), "another seed, another order of the same documents")
    }

    @Test func anInterruptedShuffleFinishesOnRerun() throws {
        let reference = try Fixtures.temporaryDirectory("global-shuffle-ref")
        defer { try? FileManager.default.removeItem(at: reference) }
        try writeIntermediates(in: reference)
        try shuffle(reference).run { _ in }
        let expected = try readSplit(reference)

        // Stopped after the third output file: nothing outside .shuffle has changed.
        let dir = try Fixtures.temporaryDirectory("global-shuffle-stop")
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try writeIntermediates(in: dir)
        var stopping = shuffle(dir)
        stopping.afterFile = { if $0 == 2 { throw ShardError.invalidSetting(name: "test", reason: "interrupted") } }
        #expect(throws: ShardError.self) { try stopping.run { _ in } }
        let split = dir.appendingPathComponent("shards/train")
        #expect(try FileManager.default.contentsOfDirectory(atPath: split.path).allSatisfy { $0.hasPrefix("task-") })
        let staging = dir.appendingPathComponent("shards/.shuffle/train")
        let kept = staging.appendingPathComponent("shuffled-0000_text_document.bin")
        let stamp = try FileManager.default.attributesOfItem(atPath: kept.path)[.modificationDate] as! Date
        // A half-written fourth file, as a crash would leave it.
        try Data([1, 2, 3]).write(to: staging.appendingPathComponent(".shuffled-0003_text_document.bin.tmp"))
        Thread.sleep(forTimeInterval: 0.05)

        // Stopped again after the files are complete, before the intermediates are retired.
        var failing = shuffle(dir)
        failing.afterFile = { if $0 < 3 { Issue.record("output \($0) was finished before and is written again") } }
        #expect(throws: ShardError.self) { try failing.run { _ in throw ShardError.invalidSetting(name: "test", reason: "interrupted") } }
        #expect(try FileManager.default.attributesOfItem(atPath: split.appendingPathComponent("shuffled-0000_text_document.bin").path)[.modificationDate] as! Date == stamp)

        // The rerun finishes: the same files as an uninterrupted shuffle, every document once.
        try shuffle(dir).run { _ in }
        let files = try readSplit(dir)
        #expect(files == expected)
        #expect(sorted(files.flatMap { $0 }) == sorted(original))
        #expect(try FileManager.default.contentsOfDirectory(atPath: split.path).allSatisfy { $0.hasPrefix("shuffled-") })
    }

    @Test func intermediatesWrittenAgainByARerunTaskAreDroppedOthersRefused() throws {
        let dir = try Fixtures.temporaryDirectory("global-shuffle-rerun")
        defer { try? FileManager.default.removeItem(at: dir) }
        try writeIntermediates(in: dir)
        let split = dir.appendingPathComponent("shards/train")
        let saved = dir.appendingPathComponent("saved")
        try FileManager.default.copyItem(at: split, to: saved)
        try shuffle(dir).run { _ in }
        let files = try readSplit(dir)
        // A task rerun after the shuffle writes the same intermediate again: it is already shuffled.
        for ext in ["bin", "idx"] {
            try FileManager.default.copyItem(at: saved.appendingPathComponent("task-000001-0000_text_document.\(ext)"),
                                             to: split.appendingPathComponent("task-000001-0000_text_document.\(ext)"))
        }
        try shuffle(dir).run { _ in }
        #expect(try readSplit(dir) == files)
        // A file the shuffle never read is refused, naming it.
        let w = try MegatronWriter(prefix: split.appendingPathComponent("task-000009-0000_text_document").path, dtype: .uint16)
        try w.add([5, 6, 2]); _ = try w.finish()
        #expect { try shuffle(dir).run { _ in } } throws: { "\($0)".contains("task-000009-0000_text_document") && "\($0)".contains("--restart") }
    }

    /// Any format: the shuffle reads Megatron intermediates and writes the configured format.
    @Test func datatroveAndLLMCOutputsHoldEveryDocument() throws {
        for format in [ShardFormat.datatrove, .llmc] {
            let dir = try Fixtures.temporaryDirectory("global-shuffle-\(format)")
            defer { try? FileManager.default.removeItem(at: dir) }
            let original = try writeIntermediates(in: dir, tasks: 3, documents: 30)
            let result = try shuffle(dir, max: 1_000, format: format).run { _ in }
            let split = dir.appendingPathComponent("shards/train")
            var read: [[Int]] = []
            for name in result[0].files.sorted() where name.hasSuffix(format == .llmc ? ".bin" : ".ds") {
                let data = try Data(contentsOf: split.appendingPathComponent(name))
                let tokens = TokenBytes.decode(Array(data.dropFirst(format == .llmc ? 1024 : 0)), width: 2)
                if format == .llmc {
                    var current: [Int] = []
                    for t in tokens { current.append(t); if t == 2 { read.append(current); current = [] } }
                    #expect(current.isEmpty)
                } else {
                    let ends = TokenBytes.decode(Array(try Data(contentsOf: split.appendingPathComponent(name + ".index"))), width: 4)
                        .enumerated().filter { $0.offset % 2 == 0 }.map(\.element)  // uint64 little-endian: low halves
                    var start = 0
                    for end in ends { read.append(Array(tokens[start..<end])); start = end }
                    #expect(start == tokens.count)
                }
            }
            #expect(sorted(read) == sorted(original) && read != original, "\(format)")
        }
    }

    /// The independent numpy reader reads the shuffled files back.
    @Test func theNumpyReaderReadsShuffledFiles() throws {
        let dir = try Fixtures.temporaryDirectory("global-shuffle-np")
        defer { try? FileManager.default.removeItem(at: dir) }
        for dtype in [MegatronDType.uint16, .int32] {
            try? FileManager.default.removeItem(at: dir.appendingPathComponent("shards"))
            let original = try writeIntermediates(in: dir, tasks: 3, documents: 40, dtype: dtype)
            let result = try GlobalShuffle(shardsDirectory: dir.appendingPathComponent("shards").path, format: .megatron, seed: 3, maxTokensPerFile: 2_000,
                                           vocabularySize: dtype == .uint16 ? 32_000 : 128_256, tokenizerName: "t").run { _ in }
            var read: [[Int]] = []
            for name in result[0].files where name.hasSuffix(".idx") {
                let prefix = dir.appendingPathComponent("shards/train/" + String(name.dropLast(4))).path
                let reader = try Fixtures.python("scripts/shards/read_megatron.py", [prefix])
                if reader.status == 3 { print("numpy not installed: skipping"); return }
                #expect(reader.status == 0, "\(reader.stderr)")
                let ids = reader.stdout.split(separator: "\n").map {
                    (try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["ids"] as! [Int]
                }
                let ours = try MegatronDataset(prefix: prefix)
                #expect(ids == (0..<ours.sequenceCount).map(ours.sequence) && ours.dtype == dtype)
                read += ids
            }
            #expect(sorted(read) == sorted(original))
        }
    }

    @Test func theIndexReaderStreamsWhatTheDatasetLoads() throws {
        let dir = try Fixtures.temporaryDirectory("megatron-index")
        defer { try? FileManager.default.removeItem(at: dir) }
        try writeIntermediates(in: dir, tasks: 1, documents: 40_000)
        let prefix = dir.appendingPathComponent("shards/train/task-000000-0000_text_document").path
        let full = try MegatronDataset(prefix: prefix), index = try MegatronIndexFile(prefix: prefix)
        try index.validate()
        #expect(index.documentCount == full.documentCount && index.sequenceCount == full.sequenceCount && index.tokenCount == full.tokenCount)
        var lengths: [Int] = [], pointers: [Int] = []
        try index.forEachSequence { lengths.append($0); pointers.append(Int($1)) }
        #expect(lengths == full.lengths && pointers == full.pointers)
        #expect(try index.sequence(17) == full.sequence(17))
        // A truncated .bin is refused by both.
        let bin = try Data(contentsOf: URL(fileURLWithPath: prefix + ".bin"))
        try bin.dropLast(2).write(to: URL(fileURLWithPath: prefix + ".bin"))
        #expect { try MegatronIndexFile(prefix: prefix).validate() } throws: { "\($0)".contains(".bin") }
    }
}

/// The files a shuffle retired, collected across calls.
final class Retired: @unchecked Sendable {
    private(set) var paths: Set<String> = []
    func add(_ files: [WrittenFile]) { paths.formUnion(files.map(\.path)) }
}

@Suite struct ShuffleSourcesTests {
    /// Random reads over more files than may be open at once give every document's bytes.
    @Test func readsAnyDocumentThroughABoundedSetOfOpenFiles() throws {
        let dir = try Fixtures.temporaryDirectory("shuffle-sources")
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = SeededGenerator(seed: 2)
        var prefixes: [String] = [], documents: [[Int]] = []
        for f in 0..<10 {
            let prefix = dir.appendingPathComponent("f\(f)_text_document").path
            let w = try MegatronWriter(prefix: prefix, dtype: .int32)
            for _ in 0..<(f == 4 ? 0 : 25) {
                let doc = (0..<Int(rng.next() % 40)).map { _ in Int(rng.next() % 100_000) }
                try w.add(doc)
                documents.append(doc)
            }
            _ = try w.finish()
            prefixes.append(prefix)
        }
        let sources = try ShuffleSources(prefixes: prefixes, maxOpen: 3)
        #expect(sources.count == documents.count && sources.width == 4 && sources.tokens == documents.joined().count)
        var buffer: [UInt8] = []
        for g in (0..<documents.count).shuffled(using: &rng) + [0, documents.count - 1] {
            let n = try sources.read(g, into: &buffer)
            #expect(TokenBytes.decode(Array(buffer[0..<n]), width: 4) == documents[g] && sources.length(g) == documents[g].count, "document \(g)")
        }
    }
}
