import ArgumentParser
import Foundation
import RunStore
import Shards

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what a run did: counters per stage, the stages' most frequent tally keys, rejected inputs, outputs, "
            + "and the token shards' tokens and documents per split and source.")

    @Argument(help: "An output directory of `matcorpus run`.")
    var directory: String

    @Flag(help: "Print the same data as JSON (the token shards under \"shards\").")
    var json = false

    @Option(help: "How many of the most frequent keys of each tally to show.")
    var top = RunDatabase.summaryTallyKeys

    func validate() throws {
        guard top >= 0 else { throw ValidationError("--top must be 0 or more") }
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: directory + "/" + RunDatabase.fileName) else {
            printError("\(directory): no run database (\(RunDatabase.fileName)) here; is it a matcorpus output directory?")
            throw ExitCode(1)
        }
        let database = try RunDatabase(directory: directory)
        let summary = try database.summary(topTallyKeys: top)
        // Every key of every tally, read once and only when a section needs more than the top keys.
        var everyKey: RunSummary?
        func fullSummary() throws -> RunSummary {
            if let everyKey { return everyKey }
            let full = try database.summary(topTallyKeys: 100_000)
            everyKey = full
            return full
        }
        let shards = try shardBreakdown(stages: summary.stages.map(\.stage), fullSummary: fullSummary)
        if json {
            var object = try JSONSerialization.jsonObject(with: Data(try StatsReport.json(summary).utf8)) as! [String: Any]
            if let shards {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                object["shards"] = try JSONSerialization.jsonObject(with: try encoder.encode(shards))
            }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(StatsReport.table(summary) + (shards.map { "\n" + $0.table() } ?? ""), terminator: "")
            if summary.stages.contains(where: { $0.tallies["qa"] != nil }),
               let qa = QAStatsTable.render(try fullSummary()) {
                print(qa, terminator: "")
            }
        }
    }

    /// Tokens and documents per split and source: from the shard manifest, which describes the
    /// files on disk (after any global shuffle), else, while the run is incomplete, from the
    /// `token_shards` stage's tallies over the completed tasks. Nil without a shard stage.
    func shardBreakdown(stages: [String], fullSummary: () throws -> RunSummary) throws -> ShardBreakdown? {
        if let manifest = try ShardManifest.read(directory: directory) { return ShardBreakdown(manifest: manifest) }
        guard stages.contains("token_shards") else { return nil }
        // Every key of the stage's few split and source tallies, not only the most frequent.
        guard let stage = try fullSummary().stages.first(where: { $0.stage == "token_shards" }) else { return nil }
        return ShardBreakdown(tallies: stage.tallies)
    }
}
