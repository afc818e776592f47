import CorpusCore
import Foundation

/// The run database: one SQLite file (`run.db`) per output directory.
///
/// It records the inputs (path, size, hash), the task plan and each task's state, per-stage counters
/// (documents in and out, dropped by reason, bytes, seconds, named tallies), rejected inputs with their
/// error, and the output files. Safe to share between worker threads: every call takes a lock.
public final class RunDatabase: @unchecked Sendable {
    /// Version of the table layout below. 2 added `tallies`; a version 1 database is upgraded on
    /// opening (the table is created empty), and older programs refuse a version 2 one rather than
    /// leave a redone task's old tallies behind.
    public static let schemaVersion = 2
    /// How many keys of each tally `summary()` reports per stage unless told otherwise.
    public static let summaryTallyKeys = 10
    /// File name inside the output directory.
    public static let fileName = "run.db"

    private let db: SQLite
    private let lock = NSLock()
    public let directory: String

    /// Opens (creating if needed) `directory/run.db`.
    public init(directory: String) throws {
        self.directory = directory
        db = try SQLite(path: (directory as NSString).appendingPathComponent(RunDatabase.fileName))
        try db.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        try db.execute(RunDatabase.schema)
        let rows = try db.query("SELECT value FROM meta WHERE key = 'schema_version'")
        if let found = rows.first?.first?.string.flatMap(Int.init) {
            if found > RunDatabase.schemaVersion {
                throw RunStoreError.unsupportedSchema(path: db.path, found: found, supported: RunDatabase.schemaVersion)
            }
            if found < RunDatabase.schemaVersion {
                // Every change so far only added tables, which `schema` has just created.
                try db.query("UPDATE meta SET value = ? WHERE key = 'schema_version'", [.text(String(RunDatabase.schemaVersion))])
            }
        } else {
            try db.query("INSERT INTO meta(key, value) VALUES('schema_version', ?)", [.text(String(RunDatabase.schemaVersion))])
        }
    }

    static let schema = """
    CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
    CREATE TABLE IF NOT EXISTS runs(id INTEGER PRIMARY KEY AUTOINCREMENT, pipeline TEXT NOT NULL, pipeline_hash TEXT NOT NULL,
        started REAL NOT NULL, finished REAL, status TEXT NOT NULL, workers INTEGER NOT NULL, tasks_skipped INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE IF NOT EXISTS inputs(path TEXT PRIMARY KEY, relative_path TEXT NOT NULL, input INTEGER NOT NULL, size INTEGER NOT NULL,
        hash TEXT, kind TEXT NOT NULL, task INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS tasks(id INTEGER PRIMARY KEY, status TEXT NOT NULL, bytes INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
        started REAL, finished REAL, error TEXT, run INTEGER);
    CREATE TABLE IF NOT EXISTS stage_counters(task INTEGER NOT NULL, position INTEGER NOT NULL, stage TEXT NOT NULL,
        documents_in INTEGER NOT NULL, documents_out INTEGER NOT NULL, bytes_in INTEGER NOT NULL, bytes_out INTEGER NOT NULL,
        seconds REAL NOT NULL, PRIMARY KEY(task, position));
    CREATE TABLE IF NOT EXISTS drops(task INTEGER NOT NULL, position INTEGER NOT NULL, reason TEXT NOT NULL, count INTEGER NOT NULL,
        PRIMARY KEY(task, position, reason));
    CREATE TABLE IF NOT EXISTS tallies(task INTEGER NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL, key TEXT NOT NULL,
        count INTEGER NOT NULL, PRIMARY KEY(task, position, name, key));
    CREATE TABLE IF NOT EXISTS rejections(task INTEGER NOT NULL, file TEXT NOT NULL, member TEXT, offset INTEGER, line INTEGER, reason TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS outputs(path TEXT PRIMARY KEY, task INTEGER NOT NULL, bytes INTEGER NOT NULL, checksum TEXT NOT NULL, documents INTEGER NOT NULL);
    """

    @discardableResult
    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    private func transaction<T>(_ body: () throws -> T) throws -> T {
        try locked {
            try db.execute("BEGIN IMMEDIATE")
            do {
                let result = try body()
                try db.execute("COMMIT")
                return result
            } catch {
                try? db.execute("ROLLBACK")
                throw error
            }
        }
    }

    // MARK: Runs

    /// Records the start of a run; marks runs left `running` by a killed process as `interrupted`.
    public func beginRun(pipeline: String, pipelineHash: String, workers: Int) throws -> Int {
        try transaction {
            try db.query("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            try db.query("UPDATE tasks SET status = 'pending' WHERE status = 'running'")
            try db.query("INSERT INTO runs(pipeline, pipeline_hash, started, status, workers) VALUES(?, ?, ?, 'running', ?)",
                         [.text(pipeline), .text(pipelineHash), .real(Date().timeIntervalSince1970), .integer(Int64(workers))])
            return Int(try db.query("SELECT last_insert_rowid()")[0][0].int ?? 0)
        }
    }

    /// Records the end of a run.
    public func finishRun(_ id: Int, status: String, tasksSkipped: Int) throws {
        try locked {
            try db.query("UPDATE runs SET finished = ?, status = ?, tasks_skipped = ? WHERE id = ?",
                         [.real(Date().timeIntervalSince1970), .text(status), .integer(Int64(tasksSkipped)), .integer(Int64(id))])
        }
    }

    // MARK: Plan

    /// The stored plan, if a previous run made one.
    public func storedPlan() throws -> [TaskPlan]? {
        try locked {
            let rows = try db.query("SELECT task, path, size, hash, kind, relative_path, input FROM inputs ORDER BY task, rowid")
            let taskRows = try db.query("SELECT id FROM tasks ORDER BY id")
            if taskRows.isEmpty { return nil }
            var plans: [Int: TaskPlan] = [:]
            for row in taskRows { let t = Int(row[0].int!); plans[t] = TaskPlan(task: t, inputs: []) }
            for row in rows {
                let t = Int(row[0].int!)
                plans[t, default: TaskPlan(task: t, inputs: [])].inputs.append(
                    InputRecord(path: row[1].string!, relativePath: row[5].string!, input: Int(row[6].int!), size: row[2].int!,
                                hash: row[3].string, kind: row[4].string!))
            }
            return plans.keys.sorted().map { plans[$0]! }
        }
    }

    /// Stores a new plan; tasks start `pending`.
    public func storePlan(_ plan: [TaskPlan]) throws {
        try transaction {
            for task in plan {
                try db.query("INSERT INTO tasks(id, status, bytes) VALUES(?, 'pending', ?)", [.integer(Int64(task.task)), .integer(task.bytes)])
                for input in task.inputs {
                    try db.query("INSERT OR REPLACE INTO inputs(path, relative_path, input, size, hash, kind, task) VALUES(?, ?, ?, ?, ?, ?, ?)",
                                 [.text(input.path), .text(input.relativePath), .integer(Int64(input.input)), .integer(input.size),
                                  SQLValue(input.hash), .text(input.kind), .integer(Int64(task.task))])
                }
            }
        }
    }

    /// Status of every task.
    public func taskStatuses() throws -> [Int: TaskStatus] {
        try locked {
            var out: [Int: TaskStatus] = [:]
            for row in try db.query("SELECT id, status FROM tasks") {
                out[Int(row[0].int!)] = TaskStatus(rawValue: row[1].string ?? "") ?? .pending
            }
            return out
        }
    }

    /// Marks a task as started by a run.
    public func markRunning(task: Int, run: Int) throws {
        try locked {
            try db.query("UPDATE tasks SET status = 'running', attempts = attempts + 1, started = ?, run = ?, error = NULL WHERE id = ?",
                         [.real(Date().timeIntervalSince1970), .integer(Int64(run)), .integer(Int64(task))])
        }
    }

    /// Records a task that failed with an error (not an input rejection).
    public func markFailed(task: Int, error: String) throws {
        try locked {
            try db.query("UPDATE tasks SET status = 'failed', finished = ?, error = ? WHERE id = ?",
                         [.real(Date().timeIntervalSince1970), .text(error), .integer(Int64(task))])
        }
    }

    /// Tables whose rows belong to one task, replaced together when the task is recorded again.
    static let perTaskTables = ["stage_counters", "drops", "tallies", "rejections", "outputs"]

    /// Records a completed task and everything it reports, in one transaction.
    /// Replaces whatever an earlier attempt of the same task recorded. Each tally keeps at most
    /// `StageStats.tallyKeyLimit` keys (the largest counts).
    public func complete(_ report: TaskReport) throws {
        let t = SQLValue.integer(Int64(report.task))
        try transaction {
            for table in RunDatabase.perTaskTables {
                try db.query("DELETE FROM \(table) WHERE task = ?", [t])
            }
            for (position, s) in report.stages.enumerated() {
                try db.query("INSERT INTO stage_counters VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
                             [t, .integer(Int64(position)), .text(s.stage), .integer(Int64(s.documentsIn)), .integer(Int64(s.documentsOut)),
                              .integer(s.bytesIn), .integer(s.bytesOut), .real(s.seconds)])
                for (reason, count) in s.dropped {
                    try db.query("INSERT INTO drops VALUES(?, ?, ?, ?)", [t, .integer(Int64(position)), .text(reason), .integer(Int64(count))])
                }
                if !s.tallies.isEmpty {
                    var capped = s
                    capped.capTallies()
                    let rows = capped.tallies.lazy.flatMap { name, keys in
                        keys.lazy.map { [t, .integer(Int64(position)), .text(name), .text($0.key), .integer(Int64($0.value))] as [SQLValue] }
                    }
                    try db.execute("INSERT INTO tallies VALUES(?, ?, ?, ?, ?)", each: rows)
                }
            }
            for r in report.rejections {
                try db.query("INSERT INTO rejections VALUES(?, ?, ?, ?, ?, ?)",
                             [t, .text(r.file), SQLValue(r.member), SQLValue(r.offset), SQLValue(r.line), .text(r.reason)])
            }
            for o in report.outputs {
                try db.query("INSERT OR REPLACE INTO outputs VALUES(?, ?, ?, ?, ?)",
                             [.text(o.path), t, .integer(o.bytes), .text(o.checksum), .integer(Int64(o.documents))])
            }
            for i in report.inputs where i.hash != nil {
                try db.query("UPDATE inputs SET hash = ? WHERE path = ?", [SQLValue(i.hash), .text(i.path)])
            }
            try db.query("UPDATE tasks SET status = 'done', started = ?, finished = ?, error = NULL WHERE id = ?",
                         [.real(report.started), .real(report.finished), t])
        }
    }

    /// Output files recorded for a task.
    public func outputs(task: Int) throws -> [WrittenFile] {
        try locked {
            try db.query("SELECT path, bytes, checksum, documents FROM outputs WHERE task = ? ORDER BY path", [.integer(Int64(task))]).map {
                WrittenFile(path: $0[0].string!, bytes: $0[1].int!, checksum: $0[2].string!, documents: Int($0[3].int!))
            }
        }
    }

    /// Puts a task back to `pending` and forgets what it recorded (used when its outputs fail verification).
    public func reset(task: Int) throws {
        let t = SQLValue.integer(Int64(task))
        try transaction {
            for table in RunDatabase.perTaskTables {
                try db.query("DELETE FROM \(table) WHERE task = ?", [t])
            }
            try db.query("UPDATE tasks SET status = 'pending' WHERE id = ?", [t])
        }
    }

    // MARK: Summary

    /// Everything `matcorpus stats` prints. Each stage's tallies hold their `topTallyKeys` most
    /// frequent keys over the completed tasks (see `StageStats.sortedTally` for the order).
    public func summary(topTallyKeys: Int = RunDatabase.summaryTallyKeys) throws -> RunSummary {
        try locked {
            let runs = try db.query("SELECT id, pipeline, pipeline_hash, started, finished, status, workers, tasks_skipped FROM runs ORDER BY id").map {
                RunRecord(id: Int($0[0].int!), pipeline: $0[1].string!, pipelineHash: $0[2].string!, started: $0[3].double!,
                          finished: $0[4].double, status: $0[5].string!, workers: Int($0[6].int!), tasksSkipped: Int($0[7].int ?? 0))
            }
            var inputs = RunSummary.Totals()
            if let row = try db.query("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM inputs").first {
                inputs.files = Int(row[0].int!); inputs.bytes = row[1].int!
            }
            var tasks = RunSummary.TaskCounts()
            for row in try db.query("SELECT status, COUNT(*) FROM tasks GROUP BY status") {
                let n = Int(row[1].int!)
                tasks.total += n
                switch TaskStatus(rawValue: row[0].string ?? "") {
                case .done: tasks.done += n
                case .failed: tasks.failed += n
                default: tasks.pending += n
                }
            }
            var stages: [StageStats] = []
            for row in try db.query("""
                SELECT c.position, c.stage, SUM(c.documents_in), SUM(c.documents_out), SUM(c.bytes_in), SUM(c.bytes_out), SUM(c.seconds)
                FROM stage_counters c JOIN tasks t ON t.id = c.task WHERE t.status = 'done' GROUP BY c.position ORDER BY c.position
                """) {
                var s = StageStats(stage: row[1].string!)
                s.documentsIn = Int(row[2].int!); s.documentsOut = Int(row[3].int!)
                s.bytesIn = row[4].int!; s.bytesOut = row[5].int!; s.seconds = row[6].double!
                stages.append(s)
            }
            for row in try db.query("""
                SELECT d.position, d.reason, SUM(d.count) FROM drops d JOIN tasks t ON t.id = d.task WHERE t.status = 'done'
                GROUP BY d.position, d.reason ORDER BY d.position, d.reason
                """) {
                let p = Int(row[0].int!)
                if p < stages.count { stages[p].dropped[row[1].string!] = Int(row[2].int!) }
            }
            for row in topTallyKeys <= 0 ? [] : try db.query("""
                SELECT position, name, key, total FROM (
                    SELECT x.position, x.name, x.key, SUM(x.count) AS total,
                        ROW_NUMBER() OVER (PARTITION BY x.position, x.name ORDER BY SUM(x.count) DESC, x.key) AS place
                    FROM tallies x JOIN tasks t ON t.id = x.task WHERE t.status = 'done'
                    GROUP BY x.position, x.name, x.key)
                WHERE place <= ? ORDER BY position, name, place
                """, [.integer(Int64(topTallyKeys))]) {
                let p = Int(row[0].int!)
                if p < stages.count { stages[p].tallies[row[1].string!, default: [:]][row[2].string!] = Int(row[3].int!) }
            }
            let rejections = try db.query("""
                SELECT r.file, r.member, r.offset, r.line, r.reason FROM rejections r JOIN tasks t ON t.id = r.task
                WHERE t.status = 'done' ORDER BY r.file, r.member, r.offset
                """).map {
                InputRejection(file: $0[0].string!, member: $0[1].string, offset: $0[2].int, line: $0[3].int.map { Int($0) }, reason: $0[4].string!)
            }
            var outputs = RunSummary.Totals()
            if let row = try db.query("""
                SELECT COUNT(*), COALESCE(SUM(o.bytes), 0), COALESCE(SUM(o.documents), 0) FROM outputs o JOIN tasks t ON t.id = o.task WHERE t.status = 'done'
                """).first {
                outputs.files = Int(row[0].int!); outputs.bytes = row[1].int!; outputs.documents = Int(row[2].int!)
            }
            let failures = try db.query("SELECT id, error FROM tasks WHERE status = 'failed' ORDER BY id").map {
                RunSummary.TaskFailure(task: Int($0[0].int!), error: $0[1].string ?? "")
            }
            return RunSummary(directory: directory, runs: runs, inputs: inputs, tasks: tasks, stages: stages,
                              rejections: rejections, outputs: outputs, failures: failures)
        }
    }
}
