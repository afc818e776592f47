/// A step of a pipeline: takes documents one at a time and emits zero or more.
///
/// One shape covers filters (1 → 0 or 1), maps (1 → 1), splitters (1 → N) and aggregators (flush in
/// `finish`). The executor gives every task its own stage instances; a stage never learns which task,
/// rank or worker it runs in. Counting (documents in and out, bytes, time) is done by the executor
/// around `process`; a stage only says why it drops a document, and may count named tallies of its
/// own (`StageOutput.tally`), which the executor adds to the task's `StageStats`.
public protocol Stage {
    /// The registry name, such as `unicode_normalize`.
    var name: String { get }
    /// Handles one document, emitting into `output`.
    mutating func process(_ document: Document, into output: inout StageOutput) throws
    /// Called once after the last document of a task.
    mutating func finish(into output: inout StageOutput) throws
}

extension Stage {
    public mutating func finish(into output: inout StageOutput) throws {}
}

/// What a stage produced from one call: documents to pass on, documents dropped with a reason, and
/// counts of named tallies.
public struct StageOutput: Sendable {
    public private(set) var emitted: [Document] = []
    public private(set) var dropped: [(document: Document, reason: DropReason)] = []
    /// Counts added by `tally(_:_:by:)` during this call: tally name → key → count.
    public private(set) var tallies: [String: [String: Int]] = [:]

    public init() {}

    /// Passes a document to the next stage.
    public mutating func emit(_ document: Document) { emitted.append(document) }

    /// Drops a document; the executor counts it under `reason` and can write it to an exclusion file.
    public mutating func drop(_ document: Document, reason: DropReason) { dropped.append((document, reason)) }

    /// Counts `key` under the tally `name`, e.g. `tally("canonical", "SiO2")` for each canonical
    /// formula found. The executor adds the counts to the task's `StageStats.tallies` (keeping at most
    /// `StageStats.tallyKeyLimit` keys per tally and task), the run database stores them, and
    /// `matcorpus stats` shows the most frequent keys.
    public mutating func tally(_ name: String, _ key: String, by count: Int = 1) {
        tallies[name, default: [:]][key, default: 0] += count
    }

    /// Empties the lists and the tallies, keeping their storage.
    public mutating func reset() {
        emitted.removeAll(keepingCapacity: true)
        dropped.removeAll(keepingCapacity: true)
        tallies.removeAll(keepingCapacity: true)
    }
}

/// Why a document was dropped: a short, stable snake_case label such as `too_short`.
public struct DropReason: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }
}

/// A stage that writes files of its own (token shards), one set per task. The executor tells it
/// where and under which task prefix before the first document, takes its finished files after
/// `finish`, verifies and records them with the task's outputs, and deletes them if the task is
/// run again.
public protocol FileWritingStage: Stage {
    /// `directory` is the run's output directory; `taskPrefix` (e.g. `task-000003`) starts every file
    /// name the stage writes, so tasks never collide and a rerun can clean up.
    mutating func open(directory: String, taskPrefix: String) throws
    /// The finished files (absolute paths), after `finish`.
    mutating func close() throws -> [WrittenFile]
}
