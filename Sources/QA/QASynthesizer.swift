import CorpusCore
import Foundation
import Inference

/// QA synthesis for one task's documents: chooses paragraphs, asks the model for pairs in batches
/// across paragraphs (and documents), parses and validates what it writes, writes template questions
/// for crystal structures, and hands kept pairs and rejections to a sink.
///
/// Paragraphs wait until `settings.batch` of them need the model, then go together; a paragraph
/// whose output is in the checkpoint is not generated again. Results are handled in the order the
/// paragraphs arrived, so duplicate-question removal within a document is deterministic, and each
/// paragraph's sampler is seeded from the run's seed and the paragraph, so its output does not
/// depend on the batch it went in.
public final class QASynthesizer {
    public let settings: QASynthesisSettings
    public let engine: QAEngine?
    let checkpoint: QACheckpoint?
    let sink: QASink
    /// Parses outputs, validates pairs, and keeps each document's kept questions for duplicate removal.
    var judge: QAJudge
    let cifWriter: CIFQuestionWriter
    /// Counts since the last `drainCounts()`: tally name → key → count.
    private var counts: [String: [String: Int]] = [:]
    private var pending: [Pending] = []
    private var pendingForModel = 0
    private var paragraphsTaken = 0
    /// Paragraphs still pending per document: the judge forgets a document's questions after its last.
    private var openParagraphs: [String: Int] = [:]
    private let samplingIdentity: String
    /// Called for every paragraph queued for the model (cached or not): its checkpoint key, prompt ids,
    /// sampler seed and text. Benchmarks use it to send the same prompts to another engine.
    public var onPrompt: ((_ key: String, _ prompt: [Int], _ seed: UInt64, _ paragraph: PaperParagraph, _ document: Document) -> Void)?

    struct Pending {
        var document: Document
        var paragraph: PaperParagraph
        var provenance: QAProvenance
        var key: String
        var seed: UInt64
        var prompt: [Int]
        var output: QACheckpoint.Entry?
    }

    public init(settings: QASynthesisSettings, engine: QAEngine?, checkpoint: QACheckpoint?, sink: QASink) throws {
        try settings.validate()
        self.settings = settings
        self.engine = engine
        self.checkpoint = checkpoint
        self.sink = sink
        judge = QAJudge(validator: QAValidator(settings: settings.validation))
        cifWriter = CIFQuestionWriter(seed: settings.seed, phrasingsPerTask: settings.cifPhrasings)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        samplingIdentity = (try? encoder.encode(settings.sampling)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// Counts since the last call, to add to the stage's tallies; resets them.
    public func drainCounts() -> [String: [String: Int]] {
        defer { counts.removeAll(keepingCapacity: true) }
        return counts
    }

    private func count(_ key: String, _ n: Int = 1, in tally: String = "qa") { counts[tally, default: [:]][key, default: 0] += n }

    /// Takes one document: template questions now for a CIF, its chosen paragraphs into the queue
    /// for a paper (generating when a batch is full).
    public func add(_ document: Document) throws {
        if settings.cifQuestions, document.source == .cif { try writeCIFQuestions(document) }
        guard let engine, settings.sources.contains(document.source.rawValue) else { return }
        var chosen = PaperParagraphs.select(from: document.text, documentID: document.id, selection: settings.selection)
        if settings.maxParagraphsPerTask > 0 { chosen = Array(chosen.prefix(max(0, settings.maxParagraphsPerTask - paragraphsTaken))) }
        guard !chosen.isEmpty else { return }
        count("documents")
        let title = document.metadata.title ?? ""
        for p in chosen {
            paragraphsTaken += 1
            count("paragraphs")
            let prompt = engine.encode(settings.template.messages(paragraph: p.text, title: title, section: p.section, pairs: settings.pairsPerParagraph))
            let provenance = QAProvenance(document: document, section: p.section, paragraphIndex: p.index, paragraphStart: p.byteStart, paragraphEnd: p.byteEnd)
            guard prompt.count + settings.maxTokens <= engine.contextLength else {
                count("paragraphs_skipped")
                try sink.reject(QARejection(kind: "skipped", reason: "prompt_too_long", provenance: provenance))
                continue
            }
            let key = checkpointKey(document: document, paragraph: p, prompt: prompt)
            let seed = settings.seed ^ XXH64.hash(document.id + "\u{1F}" + String(p.byteStart))
            onPrompt?(key, prompt, seed, p, document)
            let cached = checkpoint?.entry(key)
            if cached != nil { count("paragraphs_from_checkpoint") } else { pendingForModel += 1 }
            pending.append(Pending(document: document, paragraph: p, provenance: provenance, key: key, seed: seed, prompt: prompt, output: cached))
            openParagraphs[document.id, default: 0] += 1
            if pendingForModel >= settings.batch { try flush() }
        }
    }

    /// Generates and handles everything still queued.
    public func finish() throws { try flush() }

    private func checkpointKey(document: Document, paragraph: PaperParagraph, prompt: [Int]) -> String {
        var h = XXH64()
        for part in [engine?.identity.xxh64 ?? "", settings.template.identity, samplingIdentity, String(settings.seed),
                     String(settings.pairsPerParagraph), String(settings.maxTokens), document.id, String(paragraph.byteStart)] {
            h.update(part); h.update("\u{1F}")
        }
        prompt.withUnsafeBytes { h.update($0) }
        return h.finalize().hex16
    }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        if let engine {
            var toGenerate = pending.indices.filter { pending[$0].output == nil }
            while !toGenerate.isEmpty {
                let group = Array(toGenerate.prefix(min(settings.batch, engine.sequences)))
                toGenerate.removeFirst(group.count)
                let samplers = group.map { i -> Sampler in
                    var p = settings.sampling
                    p.seed = pending[i].seed
                    return Sampler(p)
                }
                let (completions, result) = try engine.complete(group.map { pending[$0].prompt }, samplers: samplers, maximumTokens: settings.maxTokens)
                count("prompt_tokens", result.promptTokensEvaluated)
                count("generated_tokens", result.generatedTokens)
                count("generation_ms", Int(((result.promptSeconds + result.generationSeconds) * 1000).rounded()))
                var entries: [QACheckpoint.Entry] = []
                for (i, c) in zip(group, completions) {
                    let entry = QACheckpoint.Entry(key: pending[i].key, output: c.text, tokens: c.tokens, truncated: c.truncated)
                    pending[i].output = entry
                    entries.append(entry)
                }
                try checkpoint?.record(entries)
            }
        }
        for item in pending { try handle(item) }
        pending.removeAll(keepingCapacity: true)
        pendingForModel = 0
    }

    /// Parses and validates one paragraph's output; keeps or rejects each pair.
    private func handle(_ item: Pending) throws {
        defer {
            openParagraphs[item.document.id, default: 1] -= 1
            if openParagraphs[item.document.id] == 0 {
                openParagraphs[item.document.id] = nil
                judge.forget(document: item.document.id)
            }
        }
        guard let output = item.output else { return }
        count("outputs")
        if output.truncated { count("outputs_truncated") }
        let provenance = item.provenance
        switch judge.judge(output.output, paragraph: item.paragraph.text, document: item.document.id) {
        case .unparseable(let reason):
            count("outputs_unparseable")
            count(reason, in: "qa_unparseable")
            try sink.reject(QARejection(kind: "unparseable", reason: reason, provenance: provenance, output: output.output))
        case .judged(let format, let verdicts):
            count("paragraphs_with_pairs")
            count("pairs_parsed", verdicts.count)
            if let format { count(format, in: "qa_formats") }
            var generator = QAGeneratorInfo(kind: "model", model: engine?.identity, sampling: settings.sampling, seed: item.seed,
                                            template: settings.template.identity, maxTokens: settings.maxTokens, pairsRequested: settings.pairsPerParagraph)
            generator.sampling?.seed = item.seed
            for verdict in verdicts {
                if let reason = verdict.reason {
                    count("pairs_dropped")
                    count(reason, in: "qa_dropped")
                    try sink.reject(QARejection(kind: "invalid", reason: reason, provenance: provenance, pair: verdict.pair))
                } else {
                    count("pairs_kept")
                    let record = QARecord(question: verdict.pair.question, answer: verdict.pair.answer, origin: "model", task: "paragraph",
                                          provenance: provenance, generator: generator)
                    try sink.keep(record, context: settings.exportContext ? item.paragraph.text : nil)
                }
            }
        }
    }

    private func writeCIFQuestions(_ document: Document) throws {
        let questions = cifWriter.questions(for: document)
        guard !questions.isEmpty else { return }
        count("cif_documents")
        let provenance = QAProvenance(document: document)
        for q in questions {
            count("cif_pairs")
            count(q.task, in: "qa_cif_tasks")
            let record = QARecord(question: q.pair.question, answer: q.pair.answer, origin: "template", task: q.task,
                                  provenance: provenance, generator: QAGeneratorInfo(kind: "template", template: q.template))
            try sink.keep(record, context: nil)
        }
    }
}
