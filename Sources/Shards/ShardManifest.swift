import CorpusCore
import CorpusIO
import Foundation
import Tokenizers

/// `shards/manifest.json`: what a run's token shards hold, described by
/// `schemas/manifest.schema.json`. Written after every task has completed, from the files
/// themselves (the index headers), so it always matches what is on disk.
public enum ShardManifest {
    public struct File: Codable, Sendable {
        public var path: String
        public var split: String
        public var format: String
        public var dtype: String
        /// nil for llm.c files, which do not record document boundaries.
        public var documents: Int?
        public var tokens: Int
        public var bytes: Int64
        public var checksum: String
    }

    public struct Tokenizer: Codable, Sendable {
        public var path: String
        public var xxh64: String
        public var vocabulary_size: Int
        public var bos_id: Int?
        public var eos_id: Int?
    }

    public struct Manifest: Codable, Sendable {
        public var format_version = 1
        public var pipeline: String
        public var pipeline_xxh64: String
        public var tokenizer: Tokenizer
        public var append_eos: Bool
        public var prepend_bos: Bool
        public var split: SplitAssignment
        /// How the documents are ordered: `none`, `file` or `global`, and the seed.
        public var shuffle: Shuffle?
        public var splits: [String: Totals]
        /// Tokens and documents per source over all splits, with each source's achieved share of the tokens.
        public var sources: [String: SourceShare]
        /// Tokens and documents per split and source: split → source → counts.
        public var sources_by_split: [String: [String: TokenCounts]]?
        /// The `mix` stage's plan, when the pipeline has one: available amounts, target shares, factors.
        public var mix: MixStage.Plan?
        public var files: [File]
    }

    public struct SourceShare: Codable, Sendable {
        public var tokens: Int
        public var documents: Int
        public var share: Double
    }

    public struct Totals: Codable, Sendable {
        public var files = 0
        public var documents = 0
        public var tokens = 0
    }

    public struct Shuffle: Codable, Sendable {
        public var mode: ShuffleMode
        public var seed: UInt64
    }

    /// Reads `directory/shards/manifest.json`; nil when there is none.
    public static func read(directory: String) throws -> Manifest? {
        let path = directory + "/shards/manifest.json"
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do { return try JSONDecoder().decode(Manifest.self, from: data) } catch {
            throw ShardError.malformed(path: path, offset: 0, reason: "not a shard manifest: \(error)")
        }
    }

    /// Scans `directory/shards` and writes `directory/shards/manifest.json` atomically.
    @discardableResult
    public static func write(directory: String, pipeline: String, pipelineHash: String, stage: TokenShardStage) throws -> Manifest {
        let root = directory + "/shards"
        let fm = FileManager.default
        var files: [File] = []
        var splits: [String: Totals] = [:]
        for split in ((try? fm.contentsOfDirectory(atPath: root)) ?? []).sorted() where !split.hasPrefix(".") {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: root + "/" + split, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            for name in ((try? fm.contentsOfDirectory(atPath: root + "/" + split)) ?? []).sorted() where !name.hasPrefix(".") {
                let entry: File
                let path = root + "/" + split + "/" + name
                switch stage.format {
                case .megatron:
                    guard name.hasSuffix(".idx") else { continue }
                    let prefix = String(path.dropLast(4))
                    let data = try MegatronIndexFile(prefix: prefix)
                    try data.validate()
                    let (bytes, checksum) = try FileChecksum.xxh64(path: prefix + ".bin")
                    entry = File(path: "shards/" + split + "/" + String(name.dropLast(4)), split: split, format: "megatron",
                                 dtype: data.dtype.name, documents: data.documentCount, tokens: data.tokenCount, bytes: bytes, checksum: checksum)
                case .llmc:
                    guard name.hasSuffix(".bin") else { continue }
                    let header = try TokenFileReader.llmcHeader(path: path)
                    let (bytes, checksum) = try FileChecksum.xxh64(path: path)
                    entry = File(path: "shards/" + split + "/" + name, split: split, format: "llmc", dtype: header.wide ? "uint32" : "uint16",
                                 documents: nil, tokens: header.tokens, bytes: bytes, checksum: checksum)
                case .datatrove:
                    guard name.hasSuffix(".ds") else { continue }
                    // Only the index's size and last end offset are read.
                    let ends = try ReadOnlyFile(path: path + ".index")
                    let (bytes, checksum) = try FileChecksum.xxh64(path: path)
                    let tokens = ends.size >= 8 ? Int(try ends.integer(UInt64.self, at: ends.size - 8)) : 0
                    entry = File(path: "shards/" + split + "/" + name, split: split, format: "datatrove",
                                 dtype: tokens > 0 && Int(bytes) == tokens * 4 ? "uint32" : "uint16", documents: Int(ends.size / 8), tokens: tokens,
                                 bytes: bytes, checksum: checksum)
                }
                files.append(entry)
                splits[split, default: Totals()].files += 1
                splits[split, default: Totals()].documents += entry.documents ?? 0
                splits[split, default: Totals()].tokens += entry.tokens
            }
        }
        let counts = try SourceCounts.load(shardsDirectory: root)
        let bySource = counts.bySource
        let allTokens = max(1, bySource.values.reduce(0) { $0 + $1.tokens })
        let sources = bySource.mapValues { SourceShare(tokens: $0.tokens, documents: $0.documents, share: (Double($0.tokens) / Double(allTokens) * 1e6).rounded() / 1e6) }
        var mix: MixStage.Plan? = nil
        for workspace in ((try? fm.contentsOfDirectory(atPath: directory + "/dedup")) ?? []).sorted() where workspace.hasSuffix("-mix") {
            if let data = fm.contents(atPath: directory + "/dedup/" + workspace + "/resolved.json") { mix = try? JSONDecoder().decode(MixStage.Plan.self, from: data) }
        }
        let encoder = stage.encoder
        let (_, tokenizerHash) = try FileChecksum.xxh64(path: stage.tokenizerPath)
        let manifest = Manifest(pipeline: pipeline, pipeline_xxh64: pipelineHash,
                                tokenizer: Tokenizer(path: stage.tokenizerPath, xxh64: tokenizerHash, vocabulary_size: encoder.vocabularySize,
                                                     bos_id: encoder.bosID, eos_id: encoder.eosID),
                                append_eos: stage.appendEOS, prepend_bos: stage.prependBOS, split: stage.split,
                                shuffle: Shuffle(mode: stage.shuffle, seed: stage.shuffleSeed), splits: splits,
                                sources: sources, sources_by_split: counts.splits, mix: mix, files: files)
        let encoderJSON = JSONEncoder()
        encoderJSON.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
        try AtomicFile.write(Array(try encoderJSON.encode(manifest)), to: root + "/manifest.json")
        return manifest
    }
}
