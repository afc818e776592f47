import CorpusCore
import Foundation

/// Stage `qa_synthesis`: writes grounded question-answer pairs from paper paragraphs (with the
/// embedded model) and template questions from crystal structures, to `qa/pairs`, `qa/chat`,
/// `qa/alpaca` and `qa/rejected` under the output directory, one file each per task. Documents pass
/// on unchanged.
///
/// Model outputs are checkpointed per paragraph in `cache/qa/<taskPrefix>.jsonl`, which a re-run
/// (even with `--restart`, since the key covers everything that shapes the output) reads instead
/// of generating again. Tallies: `qa` (paragraphs, outputs, parsed, kept and dropped pairs, tokens),
/// `qa_dropped` and `qa_unparseable` by reason, `qa_formats`, `qa_cif_tasks`.
public struct QASynthesisStage: FileWritingStage {
    public let name = "qa_synthesis"
    public let settings: QASynthesisSettings
    private var synthesizer: QASynthesizer?
    private var files: QAOutputFiles?

    /// Checks the settings and loads the model (shared by every task of the process).
    public init(settings: QASynthesisSettings) throws {
        try settings.validate()
        self.settings = settings
        if let model = settings.model {
            _ = try QAEngine.shared(path: model, contextLength: settings.contextLength, sequences: settings.batch,
                                    threads: settings.threads, chatTemplate: settings.chatTemplate)
        }
    }

    public mutating func open(directory: String, taskPrefix: String) throws {
        let files = try QAOutputFiles(directory: directory, taskPrefix: taskPrefix)
        let engine = try settings.model.map {
            try QAEngine.shared(path: $0, contextLength: settings.contextLength, sequences: settings.batch, threads: settings.threads, chatTemplate: settings.chatTemplate)
        }
        let checkpoint = try engine.map { _ in try QACheckpoint(path: directory + "/cache/qa/" + taskPrefix + ".jsonl") }
        self.files = files
        synthesizer = try QASynthesizer(settings: settings, engine: engine, checkpoint: checkpoint, sink: files)
    }

    public mutating func process(_ document: Document, into output: inout StageOutput) throws {
        guard let synthesizer else { throw QAError.file(path: "qa", reason: "qa_synthesis used before its output directory was opened") }
        output.emit(document)
        try synthesizer.add(document)
        Self.tally(synthesizer.drainCounts(), into: &output)
    }

    public mutating func finish(into output: inout StageOutput) throws {
        guard let synthesizer else { return }
        try synthesizer.finish()
        Self.tally(synthesizer.drainCounts(), into: &output)
    }

    public mutating func close() throws -> [WrittenFile] {
        defer { files = nil; synthesizer = nil }
        return try files?.finish() ?? []
    }

    static func tally(_ counts: [String: [String: Int]], into output: inout StageOutput) {
        for (name, keys) in counts {
            for (key, n) in keys { output.tally(name, key, by: n) }
        }
    }
}
