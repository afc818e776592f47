/// A step of a pipeline: takes documents one at a time and emits zero or more.
///
/// One shape covers filters (1 → 0 or 1), maps (1 → 1), splitters (1 → N) and aggregators (flush in
/// `finish`). The executor gives every task its own stage instances; a stage never learns which task,
/// rank or worker it runs in. Counting (documents in and out, bytes, time) is done by the executor
/// around `process`; a stage only says why it drops a document.
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

/// What a stage produced from one call: documents to pass on and documents dropped with a reason.
public struct StageOutput: Sendable {
    public private(set) var emitted: [Document] = []
    public private(set) var dropped: [(document: Document, reason: DropReason)] = []

    public init() {}

    /// Passes a document to the next stage.
    public mutating func emit(_ document: Document) { emitted.append(document) }

    /// Drops a document; the executor counts it under `reason` and can write it to an exclusion file.
    public mutating func drop(_ document: Document, reason: DropReason) { dropped.append((document, reason)) }

    /// Empties both lists, keeping their storage.
    public mutating func reset() {
        emitted.removeAll(keepingCapacity: true)
        dropped.removeAll(keepingCapacity: true)
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
