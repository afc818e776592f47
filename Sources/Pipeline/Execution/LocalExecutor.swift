import CorpusCore
import CorpusIO
import Foundation
import RunStore

/// How a run ended, as the process exit status.
public enum RunOutcome: Int32, Sendable {
    /// Every task completed and no input was rejected.
    case success = 0
    /// Nothing completed, or the run could not start.
    case failure = 1
    /// Some tasks completed, but inputs were rejected or tasks failed.
    case partial = 3
}

/// What a finished run reports.
public struct RunResult: Sendable {
    public var outcome: RunOutcome
    public var tasksRun: Int
    public var tasksSkipped: Int
    public var summary: RunSummary
}

/// Runs a pipeline on this machine with a pool of worker threads.
///
/// The executor plans tasks, skips those already completed by an earlier run (their completion
/// marker exists and their outputs are on disk with the recorded sizes), cleans up and reruns the
/// others, and records everything in the run database. A task's marker is written only after its
/// outputs are closed, renamed into place and verified, so a run killed at any moment and then
/// resumed produces exactly the documents of an uninterrupted run.
public final class LocalExecutor: @unchecked Sendable {
    public let pipeline: PipelineSpec
    public let layout: OutputLayout
    public let workers: Int
    /// Live counters for progress displays.
    public let progress = ProgressBoard()
    /// Makes a fresh instance of one pipeline stage; each task calls it for each stage. Tests replace
    /// it to run stages the registry does not list. Set before `run`.
    var makeStage: @Sendable (StageConfig) throws -> any Stage = LocalExecutor.registryStage

    public init(pipeline: PipelineSpec, outputDirectory: String, workers: Int) {
        self.pipeline = pipeline
        layout = OutputLayout(root: outputDirectory)
        self.workers = max(1, workers)
    }

    /// Names of the counted positions: the reader, each stage, the writer.
    public static func stageNames(_ pipeline: PipelineSpec) -> [String] {
        let readers = Array(Set(pipeline.inputs.map(\.reader))).sorted().joined(separator: "+")
        return ["read:\(readers)"] + pipeline.stages.map(\.type) + ["write:jsonl"]
    }

    /// Builds a stage from its registry definition (the loader has checked that the type exists).
    @Sendable static func registryStage(_ config: StageConfig) throws -> any Stage {
        try Registry.stage(named: config.type)!.build(config.options)
    }

    /// Deletes the run database, markers and outputs of an earlier run in the output directory.
    public func removePreviousRun() throws {
        let fm = FileManager.default
        for name in [RunDatabase.fileName, RunDatabase.fileName + "-wal", RunDatabase.fileName + "-shm"] {
            try? fm.removeItem(atPath: layout.root + "/" + name)
        }
        for dir in [layout.documents, layout.excluded, layout.completions] { try? fm.removeItem(atPath: dir) }
    }

    /// Runs the pipeline; returns when every task has completed or failed.
    public func run(restart: Bool = false) throws -> RunResult {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: layout.root, withIntermediateDirectories: true)
        } catch {
            throw PipelineError.output(path: layout.root, reason: "cannot create output directory: \(error.localizedDescription)")
        }
        let lock = try DirectoryLock(path: layout.root + "/.lock")
        defer { lock.release() }
        if restart { try removePreviousRun() }
        for dir in [layout.documents, layout.completions] + (pipeline.output.exclusions ? [layout.excluded] : []) {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        let db = try RunDatabase(directory: layout.root)

        let plan = try Planner.plan(pipeline)
        if let stored = try db.storedPlan() {
            if let difference = Planner.difference(stored, plan) {
                throw PipelineError.planChanged(directory: layout.root, detail: difference)
            }
            if let last = try db.summary(topTallyKeys: 0).runs.last, last.pipelineHash != pipeline.fileHash {
                throw PipelineError.planChanged(directory: layout.root, detail: "the pipeline file changed since run #\(last.id)")
            }
        } else {
            try db.storePlan(plan)
        }
        let runID = try db.beginRun(pipeline: pipeline.file, pipelineHash: pipeline.fileHash, workers: workers)

        // Decide what is already done.
        let statuses = try db.taskStatuses()
        var todo: [TaskPlan] = []
        for task in plan {
            if let report = completedReport(task: task.task) {
                if statuses[task.task] != .done { try db.complete(report) }  // marker written, database not yet updated
                continue
            }
            if statuses[task.task] == .done || statuses[task.task] == .failed { try db.reset(task: task.task) }
            layout.removeOutputs(task: task.task)
            todo.append(task)
        }
        let skipped = plan.count - todo.count
        progress.configure(stages: Self.stageNames(pipeline), tasksTotal: plan.count, tasksSkipped: skipped,
                           bytesTotal: todo.reduce(0) { $0 + $1.bytes })

        // Run the rest on a pool of threads pulling from a shared queue, largest tasks first.
        let queue = TaskQueue(todo.sorted { ($0.bytes, -$0.task) > ($1.bytes, -$1.task) })
        let group = DispatchGroup()
        for _ in 0..<min(workers, max(1, todo.count)) {
            group.enter()
            let thread = Thread { [self] in
                while let task = queue.next() { execute(task, run: runID, db: db) }
                group.leave()
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
        group.wait()

        let summary = try db.summary()
        let outcome: RunOutcome
        if summary.tasks.done == summary.tasks.total && summary.rejections.isEmpty && summary.failures.isEmpty {
            outcome = .success
        } else if summary.tasks.done > 0 {
            outcome = .partial
        } else {
            outcome = .failure
        }
        let status = outcome == .success ? "success" : outcome == .partial ? "partial" : "failed"
        try db.finishRun(runID, status: status, tasksSkipped: skipped)
        return RunResult(outcome: outcome, tasksRun: todo.count, tasksSkipped: skipped, summary: try db.summary())
    }

    /// The report in a task's completion marker, if the marker exists and every output it lists is
    /// on disk with the recorded size.
    func completedReport(task: Int) -> TaskReport? {
        guard let data = FileManager.default.contents(atPath: layout.marker(task: task)),
              let report = try? JSONDecoder().decode(TaskReport.self, from: data) else { return nil }
        for output in report.outputs {
            let attributes = try? FileManager.default.attributesOfItem(atPath: layout.absolute(output.path))
            guard (attributes?[.size] as? NSNumber)?.int64Value == output.bytes else { return nil }
        }
        return report
    }

    private func execute(_ task: TaskPlan, run: Int, db: RunDatabase) {
        do {
            try db.markRunning(task: task.task, run: run)
            let runner = try TaskRunner(plan: task, pipeline: pipeline, layout: layout, board: progress, makeStage: makeStage)
            let report = try runner.run()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try AtomicFile.write(Array(try encoder.encode(report)), to: layout.marker(task: task.task))
            try db.complete(report)
            progress.finish(task: task.task, stats: report.stages, bytes: task.bytes)
        } catch {
            layout.removeOutputs(task: task.task)
            try? db.markFailed(task: task.task, error: "\(error)")
            progress.finish(task: task.task, stats: nil, bytes: task.bytes)
        }
    }
}

/// A thread-safe queue of tasks.
final class TaskQueue: @unchecked Sendable {
    private var tasks: [TaskPlan]
    private let lock = NSLock()
    init(_ tasks: [TaskPlan]) { self.tasks = tasks.reversed() }
    func next() -> TaskPlan? { lock.withLock { tasks.popLast() } }
}

/// An exclusive `flock` on a file, so two runs never share an output directory.
final class DirectoryLock {
    private var fd: Int32
    init(path: String) throws {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PipelineError.output(path: path, reason: "cannot create lock file (errno \(errno))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            throw PipelineError.locked(directory: (path as NSString).deletingLastPathComponent)
        }
    }
    func release() {
        if fd >= 0 { flock(fd, LOCK_UN); close(fd); fd = -1 }
    }
}
