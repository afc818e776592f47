import ArgumentParser
import Foundation
import RunStore

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what a run did: counters per stage, the stages' most frequent tally keys, rejected inputs, outputs.")

    @Argument(help: "An output directory of `matcorpus run`.")
    var directory: String

    @Flag(help: "Print the same data as JSON.")
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
        let summary = try RunDatabase(directory: directory).summary(topTallyKeys: top)
        print(json ? try StatsReport.json(summary) : StatsReport.table(summary), terminator: json ? "\n" : "")
        if !json, summary.stages.contains(where: { $0.tallies["qa"] != nil }),
           let qa = QAStatsTable.render(try RunDatabase(directory: directory).summary(topTallyKeys: 1000)) {
            print(qa, terminator: "")
        }
    }
}
