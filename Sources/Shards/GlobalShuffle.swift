import CorpusCore
import CorpusIO
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `shuffle = "global"`: one seeded permutation of every document of a split, across tasks and
/// files, run once every task has completed.
///
/// The tasks write intermediate Megatron files (`shards/SPLIT/task-000003-0000_text_document.bin/.idx`,
/// one per task and split, whatever the final format). For each split, `run`:
///
/// 1. reads the intermediates' indexes: 8 bytes per document (`ShuffleSources`);
/// 2. draws a permutation of the split's N documents, 4 bytes each: Fisher–Yates with SplitMix64
///    seeded by `seed` XOR XXH64("global/SPLIT"), over the documents in file-name order, so the
///    order depends only on the seed and the documents, not on the worker count;
/// 3. writes the documents in that order to `shards/.shuffle/SPLIT/shuffled-0000…` in the final
///    format, starting a new file past `maxTokensPerFile` (a document is never cut; one longer than
///    the limit gets a file of its own), reading each token run with `pread`;
/// 4. records the outputs in `shards/.shuffle/SPLIT/state.json`, moves them into `shards/SPLIT/`,
///    hands the intermediates to `retire` and deletes them.
///
/// Memory: 12 bytes per document of the largest split plus fixed buffers (about 1.2 GB for 100 M
/// documents), independent of the token count.
///
/// Interrupted anywhere, a rerun finishes the job: a finished output file has a marker
/// (`shuffled-0003.done`) and is kept; the permutation and the file boundaries are recomputed
/// identically; before `state.json` lists the outputs nothing outside `.shuffle` has changed, and
/// after it the moves and deletions are repeated until done. Intermediates reappear only when a
/// task reruns after the shuffle; being deterministic they are byte-identical to the ones
/// shuffled, and are deleted again (checked by name and size; anything else is an error).
public struct GlobalShuffle: Sendable {
    /// `DIR/shards`.
    public let shardsDirectory: String
    public let format: ShardFormat
    public let seed: UInt64
    /// 0: one file per split.
    public let maxTokensPerFile: Int
    public let vocabularySize: Int
    /// The tokenizer's file name, for datatrove's metadata.
    public let tokenizerName: String

    /// Called with each output file's number once it is finished (tests stop the shuffle there to
    /// simulate an interruption).
    var afterFile: (@Sendable (Int) throws -> Void)? = nil

    /// The staging directory's name under `shards/`.
    public static let stagingName = ".shuffle"
    /// The shuffled files' names start with this.
    public static let outputPrefix = "shuffled-"

    public init(shardsDirectory: String, format: ShardFormat, seed: UInt64, maxTokensPerFile: Int, vocabularySize: Int, tokenizerName: String) {
        self.shardsDirectory = shardsDirectory
        self.format = format
        self.seed = seed
        self.maxTokensPerFile = maxTokensPerFile
        self.vocabularySize = vocabularySize
        self.tokenizerName = tokenizerName
    }

    /// One shuffled split.
    public struct SplitResult: Sendable, Hashable {
        public var split: String
        public var documents: Int
        public var tokens: Int
        /// The files' names in `shards/SPLIT/`.
        public var files: [String]
    }

    /// Shuffles every split. `retire` receives each split's intermediate files (absolute paths,
    /// sizes) just before they are deleted, every time, so the caller can record that they were
    /// replaced rather than lost.
    @discardableResult
    public func run(retire: ([WrittenFile]) throws -> Void) throws -> [SplitResult] {
        var splits = Set(directories(in: shardsDirectory))
        splits.formUnion(directories(in: shardsDirectory + "/" + Self.stagingName))
        return try splits.sorted().map { try shuffle(split: $0, retire: retire) }
    }

    /// Shuffles one split (see the type's description).
    public func shuffle(split: String, retire: ([WrittenFile]) throws -> Void) throws -> SplitResult {
        let splitDirectory = shardsDirectory + "/" + split
        let staging = shardsDirectory + "/" + Self.stagingName + "/" + split
        let statePath = staging + "/state.json"
        let saved = try loadState(statePath)
        if let saved, saved.outputs != nil { return try install(saved, retire: retire) }

        var sources: [GlobalShuffleState.Source] = []
        for name in names(in: splitDirectory) {
            if name.hasPrefix("task-"), name.hasSuffix("_text_document.bin") { continue }
            guard name.hasPrefix("task-"), name.hasSuffix("_text_document.idx") else {
                throw ShardError.malformed(path: splitDirectory + "/" + name, offset: 0,
                                           reason: "not an intermediate file of a global shuffle, and the split has no completed shuffle; rerun with --restart")
            }
            let prefix = String(name.dropLast(4))
            sources.append(.init(name: prefix, binBytes: try size(of: splitDirectory + "/" + prefix + ".bin"),
                                 idxBytes: try size(of: splitDirectory + "/" + name)))
        }
        var state = GlobalShuffleState(split: split, format: format, seed: seed, maxTokensPerFile: maxTokensPerFile, sources: sources)
        if saved == nil || !saved!.sameWork(as: state) {
            try? FileManager.default.removeItem(atPath: staging)
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
            try save(state, to: statePath)
        }

        let input = try ShuffleSources(prefixes: sources.map { splitDirectory + "/" + $0.name })
        let order = try permutation(count: input.count, split: split)
        var outputs: [WrittenFile] = []
        var buffer: [UInt8] = []
        var start = 0, number = 0
        while start < order.count {
            var end = start, tokens = 0
            while end < order.count {
                let n = input.length(Int(order[end]))
                if maxTokensPerFile > 0, tokens > 0, tokens + n > maxTokensPerFile { break }
                tokens += n
                end += 1
            }
            let name = Self.outputPrefix + String(format: "%04d", number)
            if let kept = finished(name, in: staging, documents: end - start) {
                outputs += kept
            } else {
                let writer = try format.makeWriter(base: staging + "/" + name, vocabularySize: vocabularySize, tokenizerName: tokenizerName)
                let written: [WrittenFile]
                do {
                    for i in start..<end {
                        let bytes = try input.read(Int(order[i]), into: &buffer)
                        try buffer.withUnsafeBytes { try writer.addTokenBytes(UnsafeRawBufferPointer(rebasing: $0[0..<bytes]), width: input.width) }
                    }
                    written = try writer.finish().map { var f = $0; f.path = PathParts.name(of: f.path); return f }
                } catch {
                    writer.abandon()
                    throw error
                }
                try AtomicFile.write(Array(try JSONEncoder().encode(written)), to: staging + "/" + name + ".done")
                outputs += written
                try afterFile?(number)
            }
            start = end
            number += 1
        }
        state.documents = input.count
        state.tokens = input.tokens
        state.outputs = outputs
        try save(state, to: statePath)
        return try install(state, retire: retire)
    }

    /// The seeded permutation of `count` documents.
    func permutation(count: Int, split: String) throws -> [UInt32] {
        guard count < Int(UInt32.max) else {
            throw ShardError.invalidSetting(name: "shuffle", reason: "split \(split) has \(count) documents; a global shuffle handles fewer than 2^32 per split")
        }
        var order = [UInt32](repeating: 0, count: count)
        for i in 0..<count { order[i] = UInt32(i) }
        var rng = SplitMix64(seed: seed ^ XXH64.hash("global/" + split))
        for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        return order
    }

    /// The files of output `name` when an earlier run finished it: its marker lists them, they are
    /// all there with their sizes, and they hold `documents` documents.
    func finished(_ name: String, in staging: String, documents: Int) -> [WrittenFile]? {
        guard let data = FileManager.default.contents(atPath: staging + "/" + name + ".done"),
              let files = try? JSONDecoder().decode([WrittenFile].self, from: data),
              files.reduce(0, { $0 + $1.documents }) == documents,
              files.allSatisfy({ (try? size(of: staging + "/" + $0.path)) == $0.bytes }) else { return nil }
        return files
    }

    /// Moves a completed split's outputs into place and deletes the intermediates (idempotent).
    func install(_ state: GlobalShuffleState, retire: ([WrittenFile]) throws -> Void) throws -> SplitResult {
        let splitDirectory = shardsDirectory + "/" + state.split
        let staging = shardsDirectory + "/" + Self.stagingName + "/" + state.split
        let outputs = state.outputs ?? []
        try FileManager.default.createDirectory(atPath: splitDirectory, withIntermediateDirectories: true)
        for file in outputs {
            let staged = staging + "/" + file.path, final = splitDirectory + "/" + file.path
            if FileManager.default.fileExists(atPath: staged) {
                guard rename(staged, final) == 0 else {
                    throw ShardError.malformed(path: final, offset: 0, reason: "cannot move the shuffled file into place (errno \(errno))")
                }
            } else {
                let found = try? size(of: final)
                guard found == file.bytes else {
                    throw ShardError.malformed(path: final, offset: Int(found ?? 0), reason: "the shuffle recorded \(file.bytes) bytes, found \(found.map(String.init) ?? "no file"); rerun with --restart")
                }
            }
        }
        let listed = Dictionary(uniqueKeysWithValues: state.sources.map { ($0.name, $0) })
        var doomed: [String] = []
        for name in names(in: splitDirectory) where name.hasPrefix("task-") {
            let path = splitDirectory + "/" + name
            let prefix = name.hasSuffix(".bin") || name.hasSuffix(".idx") ? String(name.dropLast(4)) : name
            guard let source = listed[prefix] else {
                throw ShardError.malformed(path: path, offset: 0, reason: "written after the split was shuffled and not part of the shuffled files; rerun with --restart")
            }
            let expected = name.hasSuffix(".bin") ? source.binBytes : source.idxBytes, found = try size(of: path)
            guard found == expected else {
                throw ShardError.malformed(path: path, offset: Int(found), reason: "the shuffle read this file with \(expected) bytes; it now has \(found); rerun with --restart")
            }
            doomed.append(path)
        }
        try retire(state.sources.flatMap {
            [WrittenFile(path: splitDirectory + "/" + $0.name + ".bin", bytes: $0.binBytes, checksum: "", documents: 0),
             WrittenFile(path: splitDirectory + "/" + $0.name + ".idx", bytes: $0.idxBytes, checksum: "", documents: 0)]
        })
        for path in doomed where unlink(path) != 0 && errno != ENOENT {
            throw ShardError.malformed(path: path, offset: 0, reason: "cannot delete the intermediate file (errno \(errno))")
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? [] where name != "state.json" {
            try? FileManager.default.removeItem(atPath: staging + "/" + name)
        }
        return SplitResult(split: state.split, documents: state.documents, tokens: state.tokens, files: outputs.map(\.path))
    }

    func loadState(_ path: String) throws -> GlobalShuffleState? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do { return try JSONDecoder().decode(GlobalShuffleState.self, from: data) } catch {
            throw ShardError.malformed(path: path, offset: 0, reason: "unreadable shuffle state (\(error)); rerun with --restart")
        }
    }

    func save(_ state: GlobalShuffleState, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(Array(try encoder.encode(state)), to: path)
    }

    /// Non-hidden names in `directory`, sorted.
    func names(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Non-hidden subdirectories of `directory`.
    func directories(in directory: String) -> [String] {
        names(in: directory).filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: directory + "/" + $0, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    func size(of path: String) throws -> Int64 {
        var st = stat()
        guard stat(path, &st) == 0 else { throw ShardError.malformed(path: path, offset: 0, reason: "missing (errno \(errno))") }
        return Int64(st.st_size)
    }
}
