import CorpusCore
import Foundation
import Testing
import _CorpusTestSupport
@testable import RunStore

/// Tallies in the run database: stored per task, replaced when a task is recorded again, summed over
/// completed tasks only, reported as the most frequent keys, and capped per task.
@Suite struct TallyStoreTests {
    /// A report whose chemistry stage (position 1) has the given tallies.
    func report(task: Int, _ tallies: [String: [String: Int]], docs: Int = 10) -> TaskReport {
        var reader = StageStats(stage: "read:jsonl")
        reader.documentsIn = docs; reader.documentsOut = docs
        var chem = StageStats(stage: "chem_annotate")
        chem.documentsIn = docs; chem.documentsOut = docs
        chem.tallies = tallies
        return TaskReport(task: task, inputs: [InputRecord(path: "in/\(task).jsonl", size: 100, kind: "file")],
                          stages: [reader, chem, StageStats(stage: "write:jsonl")], rejections: [], outputs: [], started: 1, finished: 2)
    }

    func database(tasks: Int) throws -> (RunDatabase, URL) {
        let dir = try Fixtures.temporaryDirectory("tallies")
        let db = try RunDatabase(directory: dir.path)
        try db.storePlan((0..<tasks).map { TaskPlan(task: $0, inputs: [InputRecord(path: "in/\($0).jsonl", size: 100, kind: "file")]) })
        return (db, dir)
    }

    func rowCount(_ dir: URL, _ sql: String = "SELECT COUNT(*) FROM tallies") throws -> Int {
        let sqlite = try SQLite(path: dir.appendingPathComponent(RunDatabase.fileName).path)
        return Int(try sqlite.query(sql)[0][0].int!)
    }

    @Test func talliesAreSummedOverDoneTasksOnly() throws {
        let (db, dir) = try database(tasks: 4)
        defer { try? FileManager.default.removeItem(at: dir) }
        try db.complete(report(task: 0, ["canonical": ["SiO2": 5, "Fe2O3": 2], "kind": ["formula": 7]]))
        try db.complete(report(task: 1, ["canonical": ["SiO2": 1, "TiO2": 4]]))
        // Recorded, then failed on a later attempt: no longer counted.
        try db.complete(report(task: 2, ["canonical": ["Al2O3": 100]]))
        try db.markFailed(task: 2, error: "boom")
        // Task 3 stays pending.

        let s = try db.summary()
        #expect(s.stages.map(\.stage) == ["read:jsonl", "chem_annotate", "write:jsonl"])
        #expect(s.stages[0].tallies.isEmpty && s.stages[2].tallies.isEmpty)
        #expect(s.stages[1].tallies == ["canonical": ["SiO2": 6, "TiO2": 4, "Fe2O3": 2], "kind": ["formula": 7]])
        #expect(s.stages[1].sortedTally("canonical").map(\.key) == ["SiO2", "TiO2", "Fe2O3"])
        #expect(try rowCount(dir) == 6, "the failed task's rows stay until it is redone")
    }

    @Test func aTaskRecordedAgainReplacesItsTalliesAndResetForgetsThem() throws {
        let (db, dir) = try database(tasks: 2)
        defer { try? FileManager.default.removeItem(at: dir) }
        try db.complete(report(task: 0, ["canonical": ["SiO2": 5]]))
        try db.complete(report(task: 1, ["canonical": ["SiO2": 3, "MgO": 1]]))
        // Task 1 redone (a resumed run): its new record replaces the old one, keys it no longer has included.
        try db.complete(report(task: 1, ["canonical": ["SiO2": 3, "ZnO": 2]]))
        #expect(try db.summary().stages[1].tallies == ["canonical": ["SiO2": 8, "ZnO": 2]])
        // The same report recorded twice (marker written, database update lost, then replayed) counts once.
        try db.complete(report(task: 1, ["canonical": ["SiO2": 3, "ZnO": 2]]))
        #expect(try db.summary().stages[1].tallies == ["canonical": ["SiO2": 8, "ZnO": 2]])

        try db.reset(task: 1)
        #expect(try db.summary().stages[1].tallies == ["canonical": ["SiO2": 5]])
        #expect(try rowCount(dir, "SELECT COUNT(*) FROM tallies WHERE task = 1") == 0)
    }

    @Test func topKeysAreOrderedByCountThenKeyAndLimited() throws {
        let (db, dir) = try database(tasks: 2)
        defer { try? FileManager.default.removeItem(at: dir) }
        // 15 keys: k00..k14 with counts such that the sums tie in places.
        var a: [String: Int] = [:], b: [String: Int] = [:]
        for i in 0..<15 {
            a[String(format: "k%02d", i)] = i % 5
            b[String(format: "k%02d", i)] = 1
        }
        a["Zr"] = 3; b["Zr"] = 2  // 5, ties with k04, k09, k14 and sorts before them ("Z" < "k")
        try db.complete(report(task: 0, ["canonical": a]))
        try db.complete(report(task: 1, ["canonical": b]))

        let top = try db.summary().stages[1].sortedTally("canonical")
        #expect(top.count == RunDatabase.summaryTallyKeys)
        #expect(top.map(\.key) == ["Zr", "k04", "k09", "k14", "k03", "k08", "k13", "k02", "k07", "k12"])
        #expect(top.map(\.count) == [5, 5, 5, 5, 4, 4, 4, 3, 3, 3])

        #expect(try db.summary(topTallyKeys: 2).stages[1].sortedTally("canonical").map(\.key) == ["Zr", "k04"])
        #expect(try db.summary(topTallyKeys: 100).stages[1].tallies["canonical"]?.count == 16)
        #expect(try db.summary(topTallyKeys: 0).stages[1].tallies.isEmpty)
    }

    @Test func eachTaskStoresAtMostTheKeyLimitPerTally() throws {
        let (db, dir) = try database(tasks: 2)
        defer { try? FileManager.default.removeItem(at: dir) }
        let limit = StageStats.tallyKeyLimit
        var many: [String: Int] = [:]
        for i in 0..<(limit + 500) { many["id\(i)"] = 1 }
        many["SiO2"] = 50
        many["Fe2O3"] = 2
        try db.complete(report(task: 0, ["id": many, "canonical": ["SiO2": 1]]))
        try db.complete(report(task: 1, ["id": ["SiO2": 7]]))

        #expect(try rowCount(dir, "SELECT COUNT(*) FROM tallies WHERE task = 0 AND name = 'id'") == limit)
        #expect(try rowCount(dir, "SELECT COUNT(*) FROM tallies WHERE task = 0 AND name = 'canonical'") == 1)
        let top = try db.summary().stages[1].sortedTally("id", limit: 3)
        #expect(top == [TallyCount(key: "SiO2", count: 57), TallyCount(key: "Fe2O3", count: 2), TallyCount(key: "id0", count: 1)])
        // The keys cut were among the smallest counts.
        #expect(try rowCount(dir, "SELECT COUNT(*) FROM tallies WHERE task = 0 AND name = 'id' AND count > 1") == 2)
    }

    @Test func keysWithUnusualCharactersSurvive() throws {
        let (db, dir) = try database(tasks: 1)
        defer { try? FileManager.default.removeItem(at: dir) }
        let keys = ["a\u{0}b", "a\u{0}c", "Ca₃(PO₄)₂", "it's", "", "SO₄²⁻"]
        try db.complete(report(task: 0, ["odd": Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0 + 1) })]))
        let got = try db.summary(topTallyKeys: 10).stages[1].tallies["odd"] ?? [:]
        #expect(got == Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0 + 1) }))
    }

    @Test func aVersion1DatabaseIsUpgradedAndANewerOneRefused() throws {
        let dir = try Fixtures.temporaryDirectory("tallies-schema")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(RunDatabase.fileName).path
        do {
            let db = try RunDatabase(directory: dir.path)
            try db.storePlan([TaskPlan(task: 0, inputs: [])])
        }
        do {
            // Make it look like a database written before tallies.
            let sqlite = try SQLite(path: path)
            try sqlite.execute("DROP TABLE tallies; UPDATE meta SET value = '1' WHERE key = 'schema_version';")
        }
        let db = try RunDatabase(directory: dir.path)
        #expect(try SQLite(path: path).query("SELECT value FROM meta WHERE key = 'schema_version'")[0][0].string == "2")
        try db.complete(report(task: 0, ["canonical": ["SiO2": 2]]))
        #expect(try db.summary().stages[1].tallies == ["canonical": ["SiO2": 2]])

        try SQLite(path: path).execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
        #expect(throws: RunStoreError.self) { try RunDatabase(directory: dir.path) }
    }

    @Test func statsShowTheTopKeysInTheTableAndJSON() throws {
        let (db, dir) = try database(tasks: 1)
        defer { try? FileManager.default.removeItem(at: dir) }
        try db.complete(report(task: 0, ["canonical": ["SiO2": 1234, "Fe2O3": 567, "TiO2": 567], "kind": ["formula": 3]]))
        let s = try db.summary()

        let table = StatsReport.table(s)
        #expect(table.contains("\ntop canonical (chem_annotate): SiO2 1234, Fe2O3 567, TiO2 567\ntop kind (chem_annotate): formula 3\n"),
                "\(table)")
        // The tally lines come after the stage table and before the outputs.
        let tallyLine = table.range(of: "top canonical")!.lowerBound
        #expect(table.range(of: "write:jsonl")!.lowerBound < tallyLine && tallyLine < table.range(of: "Outputs:")!.lowerBound)

        let json = try JSONSerialization.jsonObject(with: Data(try StatsReport.json(s).utf8)) as! [String: Any]
        let stages = json["stages"] as! [[String: Any]]
        #expect(stages[0]["tallies"] == nil && stages[2]["tallies"] == nil, "stages without tallies keep their old shape")
        let tallies = stages[1]["tallies"] as! [String: [[String: Any]]]
        #expect(tallies["canonical"]!.map { $0["key"] as! String } == ["SiO2", "Fe2O3", "TiO2"])
        #expect(tallies["canonical"]!.map { $0["count"] as! Int } == [1234, 567, 567])
        #expect(tallies["kind"]!.map { $0["key"] as! String } == ["formula"])
    }

    @Test func aSummaryWithoutTalliesPrintsAsBefore() throws {
        let (db, dir) = try database(tasks: 1)
        defer { try? FileManager.default.removeItem(at: dir) }
        try db.complete(report(task: 0, [:]))
        let table = StatsReport.table(try db.summary())
        #expect(!table.contains("top "))
        #expect(table.contains("write:jsonl") && table.contains("\n\nOutputs:"))
        let json = try JSONSerialization.jsonObject(with: Data(try StatsReport.json(try db.summary()).utf8)) as! [String: Any]
        #expect((json["stages"] as! [[String: Any]]).allSatisfy { $0["tallies"] == nil })
    }
}
