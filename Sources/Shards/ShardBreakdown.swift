import CorpusCore
import Foundation

/// Tokens and documents of a run's token shards per split and per source, as `matcorpus stats`
/// shows them: from `shards/manifest.json` when the run has one (the files on disk, after any
/// global shuffle), else from the `token_shards` stage's tallies over the completed tasks.
public struct ShardBreakdown: Codable, Sendable, Hashable {
    /// One split: its totals and its sources.
    public struct Split: Codable, Sendable, Hashable {
        public var tokens = 0
        public var documents = 0
        /// Shard files (token files; nil from tallies).
        public var files: Int?
        public var sources: [String: TokenCounts] = [:]
    }

    /// `manifest` or `tallies`.
    public var origin: String
    /// The shuffle mode and seed (from the manifest).
    public var shuffle: ShuffleMode?
    public var seed: UInt64?
    public var splits: [String: Split] = [:]
    /// Per source over all splits.
    public var sources: [String: TokenCounts] = [:]
    public var total = TokenCounts()

    /// The breakdown a manifest records.
    public init(manifest: ShardManifest.Manifest) {
        origin = "manifest"
        shuffle = manifest.shuffle?.mode
        seed = manifest.shuffle?.seed
        for (name, totals) in manifest.splits {
            let sources = manifest.sources_by_split?[name] ?? [:]
            let fromSources = sources.values.reduce(0) { $0 + $1.documents }
            // llm.c files record no documents; the stage's counts do.
            splits[name] = Split(tokens: totals.tokens, documents: totals.documents > 0 ? totals.documents : fromSources,
                                 files: totals.files, sources: sources)
        }
        sources = manifest.sources.mapValues { TokenCounts(tokens: $0.tokens, documents: $0.documents) }
        total = splits.values.reduce(TokenCounts()) { $0 + TokenCounts(tokens: $1.tokens, documents: $1.documents) }
    }

    /// The breakdown in the stage's tallies (name → key → count): `tokens` and `documents` per
    /// split, `tokens_by_split_source` and `documents_by_split_source` per `SPLIT/SOURCE`. Nil when
    /// they hold no `tokens` tally.
    public init?(tallies: [String: [String: Int]]) {
        guard let tokens = tallies["tokens"], !tokens.isEmpty else { return nil }
        origin = "tallies"
        for (name, n) in tokens { splits[name, default: Split()].tokens = n }
        for (name, n) in tallies["documents"] ?? [:] { splits[name, default: Split()].documents = n }
        for (tally, isTokens) in [("tokens_by_split_source", true), ("documents_by_split_source", false)] {
            for (key, n) in tallies[tally] ?? [:] {
                guard let slash = key.firstIndex(of: "/") else { continue }
                let split = String(key[..<slash]), source = String(key[key.index(after: slash)...])
                if isTokens { splits[split, default: Split()].sources[source, default: TokenCounts()].tokens += n }
                else { splits[split, default: Split()].sources[source, default: TokenCounts()].documents += n }
            }
        }
        for split in splits.values { for (source, counts) in split.sources { sources[source, default: TokenCounts()] += counts } }
        if sources.isEmpty, let bySource = tallies["tokens_by_source"] {
            for (source, n) in bySource { sources[source] = TokenCounts(tokens: n, documents: 0) }
        }
        total = splits.values.reduce(TokenCounts()) { $0 + TokenCounts(tokens: $1.tokens, documents: $1.documents) }
    }

    /// Splits in reading order: train, valid, test, then any others by name.
    public var splitOrder: [String] {
        let known = ["train", "valid", "test"]
        return known.filter { splits[$0] != nil } + splits.keys.filter { !known.contains($0) }.sorted()
    }

    /// A table: one row per split with one indented row per source, then all splits with their
    /// sources; tokens, documents and share of all tokens.
    public func table() -> String {
        var out = "Token shards (" + (origin == "manifest" ? "shards/manifest.json" : "the token_shards tallies; no manifest: the run is incomplete")
        if let shuffle { out += "; shuffle \(shuffle.rawValue)" + (shuffle == .none ? "" : ", seed \(seed ?? 0)") }
        out += "):\n"
        let header = ["split / source", "files", "documents", "tokens", "share"]
        var rows: [[String]] = []
        func share(_ tokens: Int) -> String { total.tokens > 0 ? String(format: "%.1f%%", Double(tokens) / Double(total.tokens) * 100) : "-" }
        func sourceRows(_ sources: [String: TokenCounts]) {
            for name in sources.keys.sorted() {
                let c = sources[name]!
                rows.append(["  " + name, "", "\(c.documents)", "\(c.tokens)", share(c.tokens)])
            }
        }
        for name in splitOrder {
            let s = splits[name]!
            rows.append([name, s.files.map(String.init) ?? "", "\(s.documents)", "\(s.tokens)", share(s.tokens)])
            sourceRows(s.sources)
        }
        let files = splits.values.compactMap(\.files)
        rows.append(["all splits", files.isEmpty ? "" : "\(files.reduce(0, +))", "\(total.documents)", "\(total.tokens)", share(total.tokens)])
        sourceRows(sources)
        out += TextTable.render(header: header, rows: rows)
        return out
    }
}
