import CorpusCore
import CorpusIO
import Foundation
import Tokenizers

/// Stage `mix` (corpus-wide): sets each source's share of the output by token budget, as in the
/// LLaMat recipe (papers and CIF text with ~3% general text).
///
/// In its collect phase every task counts the tokens of each source, with `tokenizer` when given,
/// else UTF-8 bytes. `resolve` turns the totals into one factor per source: with `budget_tokens` B
/// and shares w, source s should give w·B tokens, so its factor is w·B / (its tokens); without a
/// budget, B is the largest total that needs no source below factor 1. In the apply phase a
/// document is emitted ⌊f⌋ times plus once more when a seeded hash of its id falls below the
/// fraction of f: factors above 1 repeat small sources, below 1 sample large ones, the same way in
/// every run. Repeats get ids `ID~2`, `ID~3`, … Sources without a share pass unchanged.
public struct MixStage: CorpusWideStage {
    public let name = "mix"
    public let shares: [String: Double]
    public let budgetTokens: Int
    public let tokenizerPath: String?
    public let seed: UInt64

    public init(shares: [String: Double], budgetTokens: Int = 0, tokenizer: String? = nil, seed: UInt64 = 0) throws {
        guard !shares.isEmpty, shares.values.allSatisfy({ $0 > 0 }) else {
            throw ShardError.invalidSetting(name: "shares", reason: "give at least one \"source=share\" with a positive share")
        }
        let total = shares.values.reduce(0, +)
        self.shares = shares.mapValues { $0 / total }
        self.budgetTokens = budgetTokens
        tokenizerPath = tokenizer
        self.seed = seed
    }

    /// Parses `["paper=0.6", "cif=0.37", "general=0.03"]`.
    public static func parseShares(_ entries: [String]) throws -> [String: Double] {
        var out: [String: Double] = [:]
        for e in entries {
            let parts = e.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let v = Double(parts[1]), v > 0 else {
                throw ShardError.invalidSetting(name: "shares", reason: "\"\(e)\" is not source=share with a positive number")
            }
            out[parts[0]] = v
        }
        return out
    }

    public func prepare(workspace: String) throws {
        try FileManager.default.createDirectory(atPath: workspace + "/tasks", withIntermediateDirectories: true)
    }

    public func makeCollector(workspace: String, task: String) throws -> any DocumentCollector {
        MixCounter(path: workspace + "/tasks/" + task + ".json", encoder: try tokenizerPath.map { try TokenizerLoader.load($0) })
    }

    public func isResolved(workspace: String) -> Bool { FileManager.default.fileExists(atPath: workspace + "/resolved.json") }

    /// What `resolve` decided, written to `resolved.json`.
    public struct Plan: Codable, Sendable {
        public var unit: String
        public var available: [String: Int]
        public var targetShares: [String: Double]
        public var budget: Int
        public var factors: [String: Double]
        public var seed: UInt64
    }

    public func resolve(workspace: String, workers: Int) throws {
        var available: [String: Int] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: workspace + "/tasks") where name.hasSuffix(".json") {
            let counts = try JSONDecoder().decode([String: Int].self, from: Data(contentsOf: URL(fileURLWithPath: workspace + "/tasks/" + name)))
            available.merge(counts, uniquingKeysWith: +)
        }
        let present = shares.filter { (available[$0.key] ?? 0) > 0 }
        let budget = budgetTokens > 0 ? budgetTokens
            : Int(present.map { Double(available[$0.key]!) / $0.value }.min() ?? 0)
        var factors: [String: Double] = [:]
        for (source, share) in present { factors[source] = share * Double(budget) / Double(available[source]!) }
        let plan = Plan(unit: tokenizerPath == nil ? "bytes" : "tokens", available: available, targetShares: shares, budget: budget,
                        factors: factors, seed: seed)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(Array(try encoder.encode(plan)), to: workspace + "/resolved.json")
    }

    public func makeApplier(workspace: String, task: String) throws -> any Stage {
        let plan = try JSONDecoder().decode(Plan.self, from: Data(contentsOf: URL(fileURLWithPath: workspace + "/resolved.json")))
        return MixApplier(factors: plan.factors, seed: plan.seed)
    }
}

/// Counts tokens (or bytes) per source for `mix`.
final class MixCounter: DocumentCollector {
    let path: String
    let encoder: (any TokenEncoder)?
    private var counts: [String: Int] = [:]

    init(path: String, encoder: (any TokenEncoder)?) {
        self.path = path
        self.encoder = encoder
    }

    func observe(_ document: Document) throws {
        counts[document.source.rawValue, default: 0] += encoder?.encode(document.text).count ?? document.text.utf8.count
    }

    func finish() throws { try AtomicFile.write(Array(try JSONEncoder().encode(counts)), to: path) }
    func abandon() {}
}

/// Emits each document as many times as its source's factor says.
public struct MixApplier: Stage {
    public let name = "mix"
    let factors: [String: Double]
    let seed: UInt64

    public mutating func process(_ document: Document, into output: inout StageOutput) throws {
        guard let f = factors[document.source.rawValue] else { return output.emit(document) }
        let whole = Int(f.rounded(.down))
        let u = XXH64.unitInterval(document.id, seed: seed)
        let copies = whole + (u < f - Double(whole) ? 1 : 0)
        if copies == 0 { return output.drop(document, reason: "mix_sampled_out") }
        output.tally("mix_copies", document.source.rawValue, by: copies)
        output.emit(document)
        for k in 1..<max(1, copies) {
            var repeated = document
            repeated.id = document.id + "~\(k + 1)"
            repeated.metadata.extra["mix_repeat"] = .int(Int64(k + 1))
            output.emit(repeated)
        }
    }
}
