import CorpusCore

/// `shards/.shuffle/SPLIT/state.json`: what a global shuffle of one split reads and, once complete,
/// what it wrote. Written when the shuffle starts and again, with `outputs`, when every output
/// file is finished; kept afterwards, so a later run knows which intermediate files the shuffled
/// files replaced.
struct GlobalShuffleState: Codable, Sendable, Equatable {
    /// One intermediate Megatron file pair, by its prefix's name in the split directory.
    struct Source: Codable, Sendable, Hashable {
        var name: String
        var binBytes: Int64
        var idxBytes: Int64
    }

    var split: String
    var format: ShardFormat
    var seed: UInt64
    var maxTokensPerFile: Int
    var sources: [Source]
    /// Documents and tokens of the split (set once complete).
    var documents = 0
    var tokens = 0
    /// The finished files, by name in the split directory; nil until every one is written.
    var outputs: [WrittenFile]?

    /// True when `other` describes the same shuffle of the same inputs.
    func sameWork(as other: GlobalShuffleState) -> Bool {
        split == other.split && format == other.format && seed == other.seed && maxTokensPerFile == other.maxTokensPerFile && sources == other.sources
    }
}
