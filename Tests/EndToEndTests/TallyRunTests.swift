import CorpusCore
import Foundation
import RunStore
import Testing
import _CorpusTestSupport
@testable import Pipeline

/// A test stage that tallies the formula-like words (those with a digit) of each document, gives every
/// mention its own key under `mention` (more keys than the per-task limit), and counts its tasks in `finish`.
struct FormulaTallyStage: Stage {
    let name = "formula_tally"
    private var mentions = 0

    mutating func process(_ document: Document, into output: inout StageOutput) throws {
        for word in document.text.split(separator: " ") where word.contains(where: \.isNumber) {
            output.tally("formula", String(word))
            mentions += 1
            output.tally("mention", "\(document.id)#\(mentions)")
        }
        output.emit(document)
    }

    mutating func finish(into output: inout StageOutput) throws {
        output.tally("tasks", "finished")
    }
}

/// Tallies through the whole run: stage → executor → completion marker and run database → `matcorpus stats`.
@Suite struct TallyRunTests {
    static let files = 6

    /// File `i`: formula words with known counts among filler, about 400 kB, so `task_mb = 1` makes several tasks.
    static func text(_ i: Int) -> String {
        var words = Array(repeating: "SiO2", count: 3000 + i) + Array(repeating: "Fe2O3", count: 2000)
            + Array(repeating: "TiO2", count: 2000) + Array(repeating: "Al2O3", count: i)
        words += Array(repeating: "oxide", count: 60_000)
        var generator = SeededGenerator(seed: UInt64(i))
        words.shuffle(using: &generator)
        return words.joined(separator: " ")
    }

    func runPipeline(_ pipeline: String, output: URL) throws -> RunResult {
        var spec = try PipelineLoader.load(path: pipeline)
        // The registry cannot name a test stage: the pipeline file has a placeholder in its place.
        spec.stages[0].type = "formula_tally"
        let executor = LocalExecutor(pipeline: spec, outputDirectory: output.path, workers: 2)
        executor.makeStage = { config in
            config.type == "formula_tally" ? FormulaTallyStage() : try LocalExecutor.registryStage(config)
        }
        return try executor.run()
    }

    /// `stats --json`'s tallies of the formula stage, as (key, count) pairs.
    func tallies(_ out: URL, top: Int? = nil) throws -> [String: [(key: String, count: Int)]] {
        let arguments = ["stats", out.path, "--json"] + (top.map { ["--top", "\($0)"] } ?? [])
        let result = try CommandRunner.run(arguments)
        guard result.status == 0 else { throw TestFailure("stats failed: \(result.stderr)") }
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let stages = json["stages"] as! [[String: Any]]
        #expect(stages.map { $0["stage"] as! String } == ["read:text", "formula_tally", "write:jsonl"])
        #expect(stages[0]["tallies"] == nil && stages[2]["tallies"] == nil)
        let raw = stages[1]["tallies"] as? [String: [[String: Any]]] ?? [:]
        return raw.mapValues { $0.map { ($0["key"] as! String, $0["count"] as! Int) } }
    }

    @Test func aStagesTalliesReachStatsAndSurviveRedoAndReplay() throws {
        let dir = try Fixtures.temporaryDirectory("tally-run")
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for i in 0..<Self.files { try Self.text(i).write(to: input.appendingPathComponent("f\(i).txt"), atomically: true, encoding: .utf8) }
        let pipeline = try E2E.pipeline("""
            name = "tallies"
            task_mb = 1
            [[inputs]]
            path = "input"
            reader = "text"
            [[stages]]
            type = "length_filter"
            """, in: dir)
        let out = dir.appendingPathComponent("out")

        let result = try runPipeline(pipeline, output: out)
        #expect(result.outcome == .success)
        let tasks = result.summary.tasks.total
        #expect(tasks >= 2, "the test needs several tasks to sum over")

        // Expected counts, from the inputs directly.
        var expected: [String: Int] = [:]
        for i in 0..<Self.files {
            for word in Self.text(i).split(separator: " ") where word.contains(where: \.isNumber) { expected[String(word), default: 0] += 1 }
        }
        #expect(expected == ["SiO2": 18_015, "Fe2O3": 12_000, "TiO2": 12_000, "Al2O3": 15])

        let first = try tallies(out)
        #expect(first["formula"]!.map(\.key) == ["SiO2", "Fe2O3", "TiO2", "Al2O3"])
        #expect(first["formula"]!.map(\.count) == [18_015, 12_000, 12_000, 15])
        #expect(first["tasks"]!.map(\.key) == ["finished"] && first["tasks"]![0].count == tasks, "tallies from finish(into:) count too")
        #expect(first["mention"]!.count == RunDatabase.summaryTallyKeys)
        #expect(first["mention"]!.allSatisfy { $0.count == 1 })
        #expect(try tallies(out, top: 2)["formula"]!.map(\.key) == ["SiO2", "Fe2O3"])

        // Each task's marker carries its tallies, each tally cut to the per-task limit.
        let markers = E2E.files(in: out.appendingPathComponent("completions"))
        #expect(markers.count == tasks)
        var markerFormulas: [String: Int] = [:]
        var mentionKeys: [Int] = []
        for name in markers {
            let report = try JSONDecoder().decode(TaskReport.self, from: Data(contentsOf: out.appendingPathComponent("completions/\(name)")))
            for (key, count) in report.stages[1].tallies["formula"] ?? [:] { markerFormulas[key, default: 0] += count }
            mentionKeys.append(report.stages[1].tallies["mention"]?.count ?? 0)
            #expect(report.stages[0].tallies.isEmpty && report.stages[2].tallies.isEmpty)
        }
        #expect(markerFormulas == expected)
        #expect(mentionKeys.allSatisfy { $0 <= StageStats.tallyKeyLimit })
        #expect(mentionKeys.contains(StageStats.tallyKeyLimit), "a task with two files has over 14,000 mentions: \(mentionKeys)")

        // The table shows the same keys under the stages.
        let table = try CommandRunner.run(["stats", out.path])
        #expect(table.stdout.contains("top formula (formula_tally): SiO2 18015, Fe2O3 12000, TiO2 12000, Al2O3 15\n"), "\(table.stdout)")
        #expect(table.stdout.contains("top tasks (formula_tally): finished \(tasks)\n"))

        // A task redone after losing its marker replaces its tallies instead of adding to them.
        try FileManager.default.removeItem(at: out.appendingPathComponent("completions/\(markers[0])"))
        let redo = try runPipeline(pipeline, output: out)
        #expect(redo.tasksRun == 1 && redo.tasksSkipped == tasks - 1)
        #expect(try tallies(out)["formula"]!.map(\.count) == [18_015, 12_000, 12_000, 15])

        // A lost run database is rebuilt from the markers, tallies included.
        for name in [RunDatabase.fileName, RunDatabase.fileName + "-wal", RunDatabase.fileName + "-shm"] {
            try? FileManager.default.removeItem(at: out.appendingPathComponent(name))
        }
        let replay = try runPipeline(pipeline, output: out)
        #expect(replay.tasksRun == 0 && replay.tasksSkipped == tasks)
        let replayed = try tallies(out)
        #expect(replayed["formula"]!.map(\.key) == ["SiO2", "Fe2O3", "TiO2", "Al2O3"])
        #expect(replayed["formula"]!.map(\.count) == [18_015, 12_000, 12_000, 15])
        #expect(replayed["tasks"]![0].count == tasks)
    }
}
