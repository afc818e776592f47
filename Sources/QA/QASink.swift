import CorpusCore
import CorpusIO
import Foundation

/// Where synthesis puts what it decides: kept pairs (with their exports) and rejections.
public protocol QASink: AnyObject {
    /// A kept pair; `context` is the paragraph, for exports that give it.
    func keep(_ record: QARecord, context: String?) throws
    /// A model output that gave no pair, or a pair that failed validation.
    func reject(_ rejection: QARejection) throws
}

/// Why something written by the model was not kept: a line of `qa/rejected/*.jsonl`. The pair, when
/// there is one, is nested under `pair`, so that rejected pairs are never mistaken for kept ones.
public struct QARejection: Sendable, Hashable, Codable {
    /// `unparseable` (no pair could be read from the output), `invalid` (a pair failed validation)
    /// or `skipped` (the paragraph was not sent to the model).
    public var kind: String
    /// The parser's failure, the validator's drop reason or why the paragraph was skipped.
    public var reason: String
    public var provenance: QAProvenance
    public var pair: QAPair?
    /// The model's whole output, for unparseable ones.
    public var output: String?

    public init(kind: String, reason: String, provenance: QAProvenance, pair: QAPair? = nil, output: String? = nil) {
        self.kind = kind; self.reason = reason; self.provenance = provenance; self.pair = pair; self.output = output
    }
}

/// The task's QA files under the output directory: `qa/pairs`, `qa/chat`, `qa/alpaca` and
/// `qa/rejected`, each `<taskPrefix>-0000.jsonl`, appearing only when complete.
public final class QAOutputFiles: QASink {
    private let pairs, chat, alpaca, rejected: RotatingJSONLWriter
    private let encoder: JSONEncoder

    public init(directory: String, taskPrefix: String) throws {
        func writer(_ name: String) throws -> RotatingJSONLWriter {
            try RotatingJSONLWriter(directory: directory + "/qa/" + name, prefix: taskPrefix, compression: .none)
        }
        pairs = try writer("pairs")
        chat = try writer("chat")
        alpaca = try writer("alpaca")
        rejected = try writer("rejected")
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    private func write<T: Encodable>(_ value: T, to writer: RotatingJSONLWriter) throws {
        let data = try encoder.encode(value)
        try data.withUnsafeBytes { try writer.write(jsonLine: $0) }
    }

    public func keep(_ record: QARecord, context: String?) throws {
        try write(record, to: pairs)
        try write(QAExport.chat(record, context: context), to: chat)
        try write(QAExport.alpaca(record, context: context), to: alpaca)
    }

    public func reject(_ rejection: QARejection) throws { try write(rejection, to: rejected) }

    /// Closes every file; the finished ones.
    public func finish() throws -> [WrittenFile] {
        try pairs.finish() + chat.finish() + alpaca.finish() + rejected.finish()
    }
}
