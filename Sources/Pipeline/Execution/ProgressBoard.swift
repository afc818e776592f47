import CorpusCore
import Foundation

/// Live counters of a run, safe to read from another thread while workers update them.
///
/// The executor publishes here; the CLI polls `snapshot()` to draw progress. The library never prints.
public final class ProgressBoard: @unchecked Sendable {
    /// A consistent copy of the counters.
    public struct Snapshot: Sendable {
        /// Stage names in pipeline order (reader first, writer last).
        public var stages: [String]
        /// Counters per stage: completed tasks plus the latest figures of running ones. Without
        /// tallies: those are not tracked live (see `RunSummary` for them).
        public var stats: [StageStats]
        public var tasksTotal: Int
        public var tasksDone: Int
        public var tasksSkipped: Int
        public var tasksFailed: Int
        /// Input bytes of the tasks this run has to do, and how many are done.
        public var bytesTotal: Int64
        public var bytesDone: Int64
        public var elapsed: Double
    }

    private let lock = NSLock()
    private var stageNames: [String] = []
    private var completed: [StageStats] = []
    private var running: [Int: (stats: [StageStats], bytes: Int64)] = [:]
    private var tasksTotal = 0, tasksDone = 0, tasksSkipped = 0, tasksFailed = 0
    private var bytesTotal: Int64 = 0, bytesDone: Int64 = 0
    private let start = Date()

    public init() {}

    func configure(stages: [String], tasksTotal: Int, tasksSkipped: Int, bytesTotal: Int64) {
        lock.withLock {
            stageNames = stages
            completed = stages.map { StageStats(stage: $0) }
            self.tasksTotal = tasksTotal
            self.tasksSkipped = tasksSkipped
            self.bytesTotal = bytesTotal
        }
    }

    func update(task: Int, stats: [StageStats], bytes: Int64) {
        let counters = Self.withoutTallies(stats)
        lock.withLock { running[task] = (counters, bytes) }
    }

    /// Leaves tallies out: merging them on every snapshot would cost time and memory, and holding
    /// on to a running task's tallies would make its next update copy them.
    private static func withoutTallies(_ stats: [StageStats]) -> [StageStats] {
        guard stats.contains(where: { !$0.tallies.isEmpty }) else { return stats }
        return stats.map { var s = $0; s.tallies = [:]; return s }
    }

    func finish(task: Int, stats: [StageStats]?, bytes: Int64) {
        lock.withLock {
            running[task] = nil
            if let stats {
                for (i, s) in Self.withoutTallies(stats).enumerated() where i < completed.count { completed[i].merge(s) }
                tasksDone += 1
            } else {
                tasksFailed += 1
            }
            bytesDone += bytes
        }
    }

    public func snapshot() -> Snapshot {
        lock.withLock {
            var stats = completed
            var bytes = bytesDone
            for (_, r) in running {
                for (i, s) in r.stats.enumerated() where i < stats.count { stats[i].merge(s) }
                bytes += r.bytes
            }
            return Snapshot(stages: stageNames, stats: stats, tasksTotal: tasksTotal, tasksDone: tasksDone, tasksSkipped: tasksSkipped,
                            tasksFailed: tasksFailed, bytesTotal: bytesTotal, bytesDone: bytes, elapsed: Date().timeIntervalSince(start))
        }
    }
}
