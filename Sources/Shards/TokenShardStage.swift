import CorpusCore
import CorpusIO
import Foundation
import Tokenizers

/// Stage `token_shards`: encodes each document with the base model's tokenizer and appends it to
/// the task's shard file of its split, in `format`: Megatron (`shards/SPLIT/task-000003-0000_text_document.bin/.idx`,
/// the default), llm.c (`…/task-000003-0000.bin`) or datatrove (`…/task-000003-0000.ds` + index and
/// metadata); a new file starts past `maxTokensPerFile`. Documents pass on unchanged, so the JSONL
/// output is still written.
///
/// With `shuffle` `.global` the task files are intermediate Megatron files, one per task and
/// split, that `GlobalShuffle` rewrites in `format` when the run completes.
///
/// Tallies: `tokens` and `documents` per split, `tokens_by_source`, and `tokens_by_split_source`
/// and `documents_by_split_source` keyed `SPLIT/SOURCE`.
public struct TokenShardStage: FileWritingStage {
    public let name = "token_shards"
    public let format: ShardFormat
    public let tokenizerPath: String
    public let appendEOS: Bool
    public let prependBOS: Bool
    public let split: SplitAssignment
    public let maxTokensPerFile: Int
    /// The document order (see `ShuffleMode`). With `.file` each file's documents are held in
    /// memory, so `maxTokensPerFile` bounds the memory.
    public let shuffle: ShuffleMode
    public let shuffleSeed: UInt64
    let encoder: any TokenEncoder
    private var pending: [String: [[Int]]] = [:]
    private var pendingTokens: [String: Int] = [:]
    private var directory = ""
    private var taskPrefix = ""
    private var writers: [String: any TokenShardWriter] = [:]
    private var fileNumbers: [String: Int] = [:]
    private var finished: [WrittenFile] = []
    /// Tokens and documents per split and source, for the manifest.
    private var counts = SourceCounts()

    public init(tokenizer: String, format: ShardFormat = .megatron, appendEOS: Bool = true, prependBOS: Bool = false,
                split: SplitAssignment = .init(), maxTokensPerFile: Int = 0, shuffle: ShuffleMode = .none, shuffleSeed: UInt64 = 0) throws {
        tokenizerPath = tokenizer
        self.format = format
        encoder = try TokenizerLoader.load(tokenizer)
        if appendEOS, encoder.eosID == nil { throw ShardError.invalidSetting(name: "append_eos", reason: "\(tokenizer) defines no end-of-sequence token") }
        if prependBOS, encoder.bosID == nil { throw ShardError.invalidSetting(name: "prepend_bos", reason: "\(tokenizer) defines no beginning-of-sequence token") }
        self.appendEOS = appendEOS
        self.prependBOS = prependBOS
        self.split = split
        self.maxTokensPerFile = maxTokensPerFile
        self.shuffle = shuffle
        self.shuffleSeed = shuffleSeed
    }

    /// The global shuffle of this stage's files, run by the executor's finalize step.
    public func globalShuffle(outputDirectory: String) -> GlobalShuffle {
        GlobalShuffle(shardsDirectory: outputDirectory + "/shards", format: format, seed: shuffleSeed, maxTokensPerFile: maxTokensPerFile,
                      vocabularySize: encoder.vocabularySize, tokenizerName: (tokenizerPath as NSString).lastPathComponent)
    }

    public mutating func open(directory: String, taskPrefix: String) throws {
        self.directory = directory + "/shards"
        self.taskPrefix = taskPrefix
    }

    public mutating func process(_ document: Document, into output: inout StageOutput) throws {
        var ids = encoder.encode(document.text)
        if prependBOS { ids.insert(encoder.bosID!, at: 0) }
        if appendEOS { ids.append(encoder.eosID!) }
        let part = split.split(of: document.id)
        let source = document.source.rawValue
        output.tally("tokens", part, by: ids.count)
        output.tally("documents", part)
        output.tally("tokens_by_source", source, by: ids.count)
        output.tally("tokens_by_split_source", part + "/" + source, by: ids.count)
        output.tally("documents_by_split_source", part + "/" + source)
        counts.add(split: part, source: source, tokens: ids.count)
        output.emit(document)
        if shuffle == .file {
            if maxTokensPerFile > 0, let held = pendingTokens[part], held > 0, held + ids.count > maxTokensPerFile { try flush(part) }
            pending[part, default: []].append(ids)
            pendingTokens[part, default: 0] += ids.count
        } else {
            try write(ids, to: part)
        }
    }

    /// Writes one file's held documents in a seeded random order (Fisher–Yates with SplitMix64,
    /// seeded by the seed and the file's name, so every run gives the same order).
    private mutating func flush(_ part: String) throws {
        guard var documents = pending[part], !documents.isEmpty else { return }
        var rng = SplitMix64(seed: shuffleSeed ^ XXH64.hash(taskPrefix + "/" + part + "/" + String(fileNumbers[part, default: 0])))
        for i in stride(from: documents.count - 1, to: 0, by: -1) { documents.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        for ids in documents { try write(ids, to: part, rotate: false) }
        if let w = writers[part] { finished += try w.finish(); writers[part] = nil }
        pending[part] = nil
        pendingTokens[part] = nil
    }

    private mutating func write(_ ids: [Int], to part: String, rotate: Bool = true) throws {
        // Intermediate files of a global shuffle are not rotated: the shuffle sizes the final files.
        if rotate, shuffle != .global, let w = writers[part], maxTokensPerFile > 0, w.tokens > 0, w.tokens + ids.count > maxTokensPerFile {
            finished += try w.finish()
            writers[part] = nil
        }
        if writers[part] == nil {
            let number = fileNumbers[part, default: 0]
            fileNumbers[part] = number + 1
            try FileManager.default.createDirectory(atPath: directory + "/" + part, withIntermediateDirectories: true)
            let base = directory + "/" + part + "/" + taskPrefix + "-" + String(format: "%04d", number)
            writers[part] = try (shuffle == .global ? ShardFormat.megatron : format)
                .makeWriter(base: base, vocabularySize: encoder.vocabularySize, tokenizerName: (tokenizerPath as NSString).lastPathComponent)
        }
        try writers[part]!.add(ids)
    }

    public mutating func close() throws -> [WrittenFile] {
        for key in pending.keys.sorted() { try flush(key) }
        for key in writers.keys.sorted() { finished += try writers[key]!.finish() }
        writers = [:]
        // Per-split, per-source counts beside the shards (shards/.sources/TASK-sources.json), summed by the manifest.
        try FileManager.default.createDirectory(atPath: directory + "/.sources", withIntermediateDirectories: true)
        let path = directory + "/.sources/" + taskPrefix + "-sources.json"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(Array(try encoder.encode(counts)), to: path)
        let (bytes, checksum) = try FileChecksum.xxh64(path: path)
        finished.append(WrittenFile(path: path, bytes: bytes, checksum: checksum, documents: 0))
        defer { finished = [] }
        return finished
    }
}
