import CorpusCore

/// One input unit as recorded in the run database.
public struct InputRecord: Sendable, Hashable, Codable {
    /// The file or archive on disk.
    public var path: String
    /// Path relative to its input's root: the stable part of document locators.
    public var relativePath: String
    /// Index of the pipeline's `[[inputs]]` entry it came from.
    public var input: Int
    public var size: Int64
    /// XXH64 of the file's bytes (16 hex digits), filled in when a task reads it.
    public var hash: String?
    /// `file` or `archive`.
    public var kind: String

    public init(path: String, relativePath: String? = nil, input: Int = 0, size: Int64, hash: String? = nil, kind: String) {
        self.path = path; self.relativePath = relativePath ?? path; self.input = input
        self.size = size; self.hash = hash; self.kind = kind
    }
}

/// Everything a completed task reports. Also the content of its completion marker file.
public struct TaskReport: Sendable, Codable {
    public var task: Int
    public var inputs: [InputRecord]
    /// Counters in pipeline order: the reader, each stage, the writer.
    public var stages: [StageStats]
    public var rejections: [InputRejection]
    public var outputs: [WrittenFile]
    /// Unix times.
    public var started: Double
    public var finished: Double

    public init(task: Int, inputs: [InputRecord], stages: [StageStats], rejections: [InputRejection],
                outputs: [WrittenFile], started: Double, finished: Double) {
        self.task = task; self.inputs = inputs; self.stages = stages; self.rejections = rejections
        self.outputs = outputs; self.started = started; self.finished = finished
    }
}

/// A planned task: which input units it reads.
public struct TaskPlan: Sendable, Hashable, Codable {
    public var task: Int
    public var inputs: [InputRecord]
    public init(task: Int, inputs: [InputRecord]) { self.task = task; self.inputs = inputs }
    public var bytes: Int64 { inputs.reduce(0) { $0 + $1.size } }
}

/// The state of a task in the database.
public enum TaskStatus: String, Sendable, Codable {
    case pending, running, done, failed
}

/// One invocation of `matcorpus run` on the directory.
public struct RunRecord: Sendable, Hashable, Codable {
    public var id: Int
    public var pipeline: String
    public var pipelineHash: String
    public var started: Double
    public var finished: Double?
    /// `running`, `success`, `partial`, `failed`, or `interrupted` when the process died.
    public var status: String
    public var workers: Int
    public var tasksSkipped: Int

    enum CodingKeys: String, CodingKey {
        case id, pipeline, started, finished, status, workers
        case pipelineHash = "pipeline_hash"
        case tasksSkipped = "tasks_skipped"
    }
}

/// Everything `matcorpus stats` shows.
public struct RunSummary: Sendable, Codable {
    public struct Totals: Sendable, Codable {
        public var files = 0
        public var bytes: Int64 = 0
        public var documents = 0
    }
    public struct TaskCounts: Sendable, Codable {
        public var total = 0, done = 0, failed = 0, pending = 0
    }
    public var directory: String
    public var runs: [RunRecord]
    public var inputs: Totals
    public var tasks: TaskCounts
    /// Counters merged over completed tasks, in pipeline order. Each tally holds only its most
    /// frequent keys (`RunDatabase.summary(topTallyKeys:)`).
    public var stages: [StageStats]
    public var rejections: [InputRejection]
    public var outputs: Totals
    /// Task failures (not input rejections): task id and error.
    public var failures: [TaskFailure]

    public struct TaskFailure: Sendable, Codable {
        public var task: Int
        public var error: String
    }
}
