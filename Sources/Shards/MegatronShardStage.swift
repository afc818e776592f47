import CorpusCore
import Foundation
import Tokenizers

/// Which split a document goes to: a stable hash of its id (XXH64 with `seed`), so the same
/// document lands in the same split in every run, whatever the task layout or worker count.
public struct SplitAssignment: Sendable, Hashable, Codable {
    public var valid: Double
    public var test: Double
    public var seed: UInt64

    public init(valid: Double = 0, test: Double = 0, seed: UInt64 = 0) {
        self.valid = valid; self.test = test; self.seed = seed
    }

    public func split(of id: String) -> String {
        let u = Double(XXH64.hash(id, seed: seed) >> 11) / Double(1 << 53)
        if u < valid { return "valid" }
        if u < valid + test { return "test" }
        return "train"
    }
}

/// Stage `megatron_shard`: encodes each document with the base model's tokenizer and appends it to
/// the task's Megatron dataset of its split (`shards/SPLIT/task-000003-0000_text_document.bin/.idx`),
/// starting a new file past `maxTokensPerFile`. Documents pass on unchanged, so the JSONL output is
/// still written; the tally `tokens` counts tokens per split and `documents` documents per split.
public struct MegatronShardStage: FileWritingStage {
    public let name = "megatron_shard"
    public let tokenizerPath: String
    public let appendEOS: Bool
    public let prependBOS: Bool
    public let split: SplitAssignment
    public let maxTokensPerFile: Int
    private let encoder: any TokenEncoder
    private let dtype: MegatronDType
    private var directory = ""
    private var taskPrefix = ""
    private var writers: [String: MegatronWriter] = [:]
    private var fileNumbers: [String: Int] = [:]
    private var finished: [WrittenFile] = []

    public init(tokenizer: String, appendEOS: Bool = true, prependBOS: Bool = false, split: SplitAssignment = .init(),
                maxTokensPerFile: Int = 0) throws {
        tokenizerPath = tokenizer
        encoder = try TokenizerLoader.load(tokenizer)
        if appendEOS, encoder.eosID == nil { throw ShardError.invalidSetting(name: "append_eos", reason: "\(tokenizer) defines no end-of-sequence token") }
        if prependBOS, encoder.bosID == nil { throw ShardError.invalidSetting(name: "prepend_bos", reason: "\(tokenizer) defines no beginning-of-sequence token") }
        self.appendEOS = appendEOS
        self.prependBOS = prependBOS
        self.split = split
        self.maxTokensPerFile = maxTokensPerFile
        dtype = MegatronDType.optimal(vocabularySize: encoder.vocabularySize)
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
        if let w = writers[part], maxTokensPerFile > 0, w.tokens > 0, w.tokens + ids.count > maxTokensPerFile {
            finished += try w.finish()
            writers[part] = nil
        }
        if writers[part] == nil {
            let number = fileNumbers[part, default: 0]
            fileNumbers[part] = number + 1
            try FileManager.default.createDirectory(atPath: directory + "/" + part, withIntermediateDirectories: true)
            writers[part] = try MegatronWriter(prefix: directory + "/" + part + "/" + taskPrefix + "-" + String(format: "%04d", number) + "_text_document",
                                               dtype: dtype)
        }
        try writers[part]!.add(ids)
        output.tally("tokens", part, by: ids.count)
        output.tally("documents", part)
        output.emit(document)
    }

    public mutating func close() throws -> [WrittenFile] {
        for key in writers.keys.sorted() { finished += try writers[key]!.finish() }
        writers = [:]
        defer { finished = [] }
        return finished
    }
}
