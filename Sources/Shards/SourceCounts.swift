import CorpusIO
import Foundation

/// Tokens and documents of one source in one split.
public struct TokenCounts: Codable, Sendable, Hashable {
    public var tokens = 0
    public var documents = 0

    public init(tokens: Int = 0, documents: Int = 0) { self.tokens = tokens; self.documents = documents }

    public static func + (a: TokenCounts, b: TokenCounts) -> TokenCounts {
        TokenCounts(tokens: a.tokens + b.tokens, documents: a.documents + b.documents)
    }

    public static func += (a: inout TokenCounts, b: TokenCounts) { a = a + b }
}

/// What one task wrote to the shards, per split and source: `shards/.sources/TASK-sources.json`,
/// summed by the manifest. A shuffle moves documents between files, never between splits, so
/// these stay true after `GlobalShuffle`.
public struct SourceCounts: Codable, Sendable, Hashable {
    /// split → source → counts.
    public var splits: [String: [String: TokenCounts]] = [:]

    public init() {}

    public mutating func add(split: String, source: String, tokens: Int) {
        splits[split, default: [:]][source, default: TokenCounts()].tokens += tokens
        splits[split, default: [:]][source, default: TokenCounts()].documents += 1
    }

    public mutating func merge(_ other: SourceCounts) {
        for (split, sources) in other.splits {
            for (source, counts) in sources { splits[split, default: [:]][source, default: TokenCounts()] += counts }
        }
    }

    /// Counts per source over all splits.
    public var bySource: [String: TokenCounts] {
        var out: [String: TokenCounts] = [:]
        for sources in splits.values { for (source, counts) in sources { out[source, default: TokenCounts()] += counts } }
        return out
    }

    /// The files of `shards/.sources` summed. Files of the earlier layout (source → [tokens,
    /// documents], no split) count under the split `"?"`.
    public static func load(shardsDirectory: String) throws -> SourceCounts {
        var total = SourceCounts()
        let dir = shardsDirectory + "/.sources"
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() where name.hasSuffix("-sources.json") {
            let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
            if let counts = try? JSONDecoder().decode(SourceCounts.self, from: data) {
                total.merge(counts)
            } else {
                let old = try JSONDecoder().decode([String: [Int]].self, from: data)
                for (source, v) in old where v.count == 2 {
                    total.merge(SourceCounts(splits: ["?": [source: TokenCounts(tokens: v[0], documents: v[1])]]))
                }
            }
        }
        return total
    }

    init(splits: [String: [String: TokenCounts]]) { self.splits = splits }
}
