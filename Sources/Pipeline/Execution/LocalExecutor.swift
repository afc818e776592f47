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
        for dir in [layout.documents, layout.excluded, layout.completions, layout.work, layout.root + "/dedup", layout.shards, layout.qa] { try? fm.removeItem(atPath: dir) }
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

        // Corpus-wide stages split the pipeline into phases.
        let wide = try corpusWideStages()
        let phases = PhasePlan.phases(pipeline, corpusWide: wide)
        for w in wide { try w.stage.prepare(workspace: w.workspace) }

        // Decide what is already done.
        let statuses = try db.taskStatuses()
        let retired = layout.retiredOutputs()
        var todo: [TaskPlan] = []
        for task in plan {
            if let report = completedReport(task: task.task, retired: retired) {
                if statuses[task.task] != .done { try db.complete(report) }  // marker written, database not yet updated
                continue
            }
            if statuses[task.task] == .done || statuses[task.task] == .failed { try db.reset(task: task.task) }
            if phases.count == 1 { layout.removeOutputs(task: task.task) }
            todo.append(task)
        }
        let skipped = plan.count - todo.count
        progress.configure(stages: Self.stageNames(pipeline), tasksTotal: plan.count, tasksSkipped: skipped,
                           bytesTotal: todo.reduce(0) { $0 + $1.bytes })

        // Each phase runs on a pool of threads pulling from a shared queue, largest tasks first; a
        // corpus-wide stage resolves between two phases, once every task has been collected.
        let failures = FailureSet()
        let order = todo.sorted { ($0.bytes, -$0.task) > ($1.bytes, -$1.task) }
        for phase in phases {
            if let applied = phase.appliedStage, !applied.stage.isResolved(workspace: applied.workspace) {
                guard failures.isEmpty else { break }
                do {
                    try applied.stage.resolve(workspace: applied.workspace, workers: workers)
                } catch {
                    for task in order {
                        try? db.markFailed(task: task.task, error: "stage \(applied.stage.name): \(error)")
                        progress.finish(task: task.task, stats: nil, bytes: task.bytes)
                    }
                    failures.insert(-1)
                    break
                }
            }
            let queue = TaskQueue(order.filter { !failures.contains($0.task) })
            let group = DispatchGroup()
            for _ in 0..<min(workers, max(1, order.count)) {
                group.enter()
                let thread = Thread { [self] in
                    while let task = queue.next() {
                        if !execute(task, phase: phase, phases: phases.count, run: runID, db: db) { failures.insert(task.task) }
                    }
                    group.leave()
                }
                thread.stackSize = 16 << 20
                thread.start()
            }
            group.wait()
            if !phase.isLast, !failures.isEmpty { break }
        }
        if phases.count > 1, failures.isEmpty { try? FileManager.default.removeItem(atPath: layout.work) }

        // Once every task is complete, stages that summarize the run's files do so (shard manifests).
        let done = try db.summary(topTallyKeys: 0)
        if done.tasks.done == done.tasks.total {
            for config in pipeline.stages {
                guard let finalize = Registry.stage(named: config.type)?.finalize else { continue }
                do {
                    try finalize(config.options, FinalizeContext(outputDirectory: layout.root, pipelineFile: pipeline.file, pipelineHash: pipeline.fileHash))
                } catch {
                    throw PipelineError.output(path: layout.root, reason: "stage \(config.type) could not finish the run: \(error)")
                }
            }
        }

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
    /// on disk with the recorded size, or was retired with that size (replaced by a finalize step,
    /// see `OutputLayout.retire`).
    func completedReport(task: Int, retired: [String: Int64] = [:]) -> TaskReport? {
        guard let data = FileManager.default.contents(atPath: layout.marker(task: task)),
              let report = try? JSONDecoder().decode(TaskReport.self, from: data) else { return nil }
        for output in report.outputs {
            let attributes = try? FileManager.default.attributesOfItem(atPath: layout.absolute(output.path))
            let size = (attributes?[.size] as? NSNumber)?.int64Value
            guard size == output.bytes || (size == nil && retired[output.path] == output.bytes) else { return nil }
        }
        return report
    }

    /// The report in a phase marker, if the marker exists and the files it lists are on disk with
    /// the recorded sizes.
    func phaseReport(task: Int, phase: Int) -> TaskReport? {
        guard let data = FileManager.default.contents(atPath: layout.phaseMarker(task: task, phase: phase)),
              let report = try? JSONDecoder().decode(TaskReport.self, from: data) else { return nil }
        for output in report.outputs {
            let attributes = try? FileManager.default.attributesOfItem(atPath: layout.absolute(output.path))
            guard (attributes?[.size] as? NSNumber)?.int64Value == output.bytes else { return nil }
        }
        return report
    }

    /// The corpus-wide stages of the pipeline, in order, with their workspaces.
    func corpusWideStages() throws -> [PhasePlan.CorpusWide] {
        var result: [PhasePlan.CorpusWide] = []
        for (i, config) in pipeline.stages.enumerated() {
            guard let build = Registry.stage(named: config.type)?.corpusWide else { continue }
            result.append(.init(index: i, stage: try build(config.options), workspace: layout.workspace(stage: i, type: config.type)))
        }
        return result
    }

    /// Runs one phase of a task; returns false when it failed.
    private func execute(_ task: TaskPlan, phase: PhasePlan, phases: Int, run: Int, db: RunDatabase) -> Bool {
        if !phase.isLast, phaseReport(task: task.task, phase: phase.index) != nil { return true }  // done by an earlier run
        do {
            if phase.index == 0 || phaseReport(task: task.task, phase: phase.index - 1) == nil { try db.markRunning(task: task.task, run: run) }
            var phase = phase
            if phase.index > 0 {
                guard let carried = phaseReport(task: task.task, phase: phase.index - 1) else {
                    throw TaskAbort(description: "phase \(phase.index - 1) of the task left no complete marker")
                }
                phase.carried = carried
            }
            if phases > 1 { layout.removeOutputs(task: task.task, phase: phase.index, isLast: phase.isLast) }
            try FileManager.default.createDirectory(atPath: phase.isLast ? layout.completions : layout.phaseCompletions(phase: phase.index),
                                                    withIntermediateDirectories: true)
            let runner = try TaskRunner(plan: task, pipeline: pipeline, layout: layout, board: progress, phase: phase, makeStage: makeStage)
            let report = try runner.run()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            if phase.isLast {
                try AtomicFile.write(Array(try encoder.encode(report)), to: layout.marker(task: task.task))
                try db.complete(report)
                progress.finish(task: task.task, stats: report.stages, bytes: task.bytes)
            } else {
                try AtomicFile.write(Array(try encoder.encode(report)), to: layout.phaseMarker(task: task.task, phase: phase.index))
                progress.update(task: task.task, stats: report.stages, bytes: phase.index == 0 ? task.bytes : 0)
            }
            return true
        } catch {
            if phases > 1 { layout.removeOutputs(task: task.task, phase: phase.index, isLast: phase.isLast) } else { layout.removeOutputs(task: task.task) }
            try? db.markFailed(task: task.task, error: "\(error)")
            progress.finish(task: task.task, stats: nil, bytes: task.bytes)
            return false
        }
    }
}

/// Task numbers that failed, shared by the worker threads.
final class FailureSet: @unchecked Sendable {
    private var tasks: Set<Int> = []
    private let lock = NSLock()
    func insert(_ task: Int) { lock.withLock { _ = tasks.insert(task) } }
    func contains(_ task: Int) -> Bool { lock.withLock { tasks.contains(task) } }
    var isEmpty: Bool { lock.withLock { tasks.isEmpty } }
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
