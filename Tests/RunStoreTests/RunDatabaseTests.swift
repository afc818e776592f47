import CorpusCore
import Foundation
import Testing
import _CorpusTestSupport
@testable import RunStore

@Suite struct RunDatabaseTests {
    func report(task: Int, docs: Int, dropped: Int) -> TaskReport {
        var reader = StageStats(stage: "read:jsonl")
        reader.documentsIn = docs; reader.documentsOut = docs; reader.bytesOut = Int64(docs * 100)
        var filter = StageStats(stage: "length_filter")
        filter.documentsIn = docs; filter.documentsOut = docs - dropped; filter.dropped = ["too_short": dropped]
        return TaskReport(task: task, inputs: [InputRecord(path: "in/\(task).jsonl", size: 1000, hash: "00000000000000aa", kind: "file")],
                          stages: [reader, filter],
                          rejections: [InputRejection(file: "in/\(task).jsonl", offset: 17, line: 2, reason: "invalid UTF-8 at byte 17")],
                          outputs: [WrittenFile(path: "documents/\(task).jsonl.zst", bytes: 50, checksum: "0123456789abcdef", documents: docs - dropped)],
                          started: 1, finished: 2)
    }

    @Test func completedTasksAreSummedAndPendingOnesAreNot() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try RunDatabase(directory: dir.path)
        let run = try db.beginRun(pipeline: "p.toml", pipelineHash: "h", workers: 2)
        try db.storePlan((0..<3).map { TaskPlan(task: $0, inputs: [InputRecord(path: "in/\($0).jsonl", size: 1000, kind: "file")]) })
        try db.complete(report(task: 0, docs: 10, dropped: 3))
        try db.complete(report(task: 1, docs: 5, dropped: 1))
        // A task recorded twice (a retry) replaces its first record rather than adding to it.
        try db.complete(report(task: 1, docs: 5, dropped: 1))
        try db.finishRun(run, status: "partial", tasksSkipped: 0)

        let s = try db.summary()
        #expect(s.tasks.total == 3 && s.tasks.done == 2 && s.tasks.pending == 1)
        #expect(s.stages.map(\.stage) == ["read:jsonl", "length_filter"])
        #expect(s.stages[1].documentsIn == 15 && s.stages[1].documentsOut == 11)
        #expect(s.stages[1].dropped == ["too_short": 4])
        #expect(s.rejections.count == 2 && s.rejections[0].line == 2)
        #expect(s.outputs.files == 2 && s.outputs.documents == 11)
        #expect(s.inputs.files == 3 && s.inputs.bytes == 3000)
        #expect(s.runs.count == 1 && s.runs[0].status == "partial")

        let json = try StatsReport.json(s)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let stages = decoded["stages"] as! [[String: Any]]
        #expect(stages[1]["documents_out"] as? Int == 11)
        #expect((decoded["rejections"] as! [[String: Any]]).count == 2)
        let table = StatsReport.table(s)
        #expect(table.contains("length_filter") && table.contains("dropped: too_short") && table.contains("invalid UTF-8"))
    }

    @Test func planSurvivesReopeningAndKilledRunsAreMarkedInterrupted() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = [TaskPlan(task: 0, inputs: [InputRecord(path: "a", size: 1, kind: "file"), InputRecord(path: "b", size: 2, kind: "archive")])]
        do {
            let db = try RunDatabase(directory: dir.path)
            _ = try db.beginRun(pipeline: "p", pipelineHash: "h", workers: 1)
            try db.storePlan(plan)
            try db.markRunning(task: 0, run: 1)
        }
        let db = try RunDatabase(directory: dir.path)
        #expect(try db.storedPlan() == plan)
        _ = try db.beginRun(pipeline: "p", pipelineHash: "h", workers: 1)
        #expect(try db.summary().runs.map(\.status) == ["interrupted", "running"])
        #expect(try db.taskStatuses()[0] == .pending)
    }
}
