import CorpusCore
import Foundation
import Inference

/// One kept question-answer pair with where it came from and what wrote it: a line of
/// `qa/pairs/*.jsonl`, shaped by `schemas/qa.schema.json`.
public struct QARecord: Sendable, Hashable, Codable {
    /// `qa-` and 16 hex digits: a hash of the document id, the passage offsets and the question.
    public var id: String
    public var question: String
    public var answer: String
    /// `model` (written by the language model from a paragraph) or `template` (from a CIF's fields).
    public var origin: String
    /// `paragraph` for model-written pairs; the CIF task (`space_group`, `lattice_parameters`, ...) otherwise.
    public var task: String
    public var provenance: QAProvenance
    public var generator: QAGeneratorInfo

    public init(question: String, answer: String, origin: String, task: String, provenance: QAProvenance, generator: QAGeneratorInfo) {
        var h = XXH64()
        for part in [provenance.documentID, String(provenance.paragraphStart ?? -1), String(provenance.paragraphEnd ?? -1), task, question] {
            h.update(part); h.update("\u{1F}")
        }
        id = "qa-" + h.finalize().hex16
        self.question = question
        self.answer = answer
        self.origin = origin
        self.task = task
        self.provenance = provenance
        self.generator = generator
    }
}

/// Where a pair's passage is: the document, its bibliographic identity and the paragraph's offsets.
public struct QAProvenance: Sendable, Hashable, Codable {
    public var documentID: String
    public var source: String
    public var doi: String?
    public var title: String?
    /// The heading path above the paragraph (`Results > Corrosion`).
    public var section: String?
    /// The paragraph's index among the document's paragraphs.
    public var paragraphIndex: Int?
    /// UTF-8 byte offsets of the paragraph in the document's text.
    public var paragraphStart: Int?
    public var paragraphEnd: Int?
    /// The input file (and archive member) the document was read from.
    public var file: String?
    public var member: String?

    public init(document: Document, section: String? = nil, paragraphIndex: Int? = nil, paragraphStart: Int? = nil, paragraphEnd: Int? = nil) {
        documentID = document.id
        source = document.source.rawValue
        doi = document.metadata.doi
        title = document.metadata.title
        self.section = section
        self.paragraphIndex = paragraphIndex
        self.paragraphStart = paragraphStart
        self.paragraphEnd = paragraphEnd
        file = (document.provenance.file as NSString).lastPathComponent
        member = document.provenance.member
    }

    enum CodingKeys: String, CodingKey {
        case documentID = "doc_id", source, doi, title, section, paragraphIndex = "paragraph_index"
        case paragraphStart = "paragraph_start", paragraphEnd = "paragraph_end", file, member
    }
}

/// What wrote a pair: the model (its identity, the sampling settings and seed, the prompt
/// template's hash) or a CIF question template (its id).
public struct QAGeneratorInfo: Sendable, Hashable, Codable {
    /// `model` or `template`.
    public var kind: String
    public var model: QAEngine.Identity?
    public var sampling: SamplingParameters?
    /// The seed of this paragraph's sampler (derived from the run's seed and the paragraph).
    public var seed: UInt64?
    /// The prompt template's identity (model) or the CIF question template's id.
    public var template: String
    public var maxTokens: Int?
    public var pairsRequested: Int?

    public init(kind: String, model: QAEngine.Identity? = nil, sampling: SamplingParameters? = nil, seed: UInt64? = nil,
                template: String, maxTokens: Int? = nil, pairsRequested: Int? = nil) {
        self.kind = kind; self.model = model; self.sampling = sampling; self.seed = seed
        self.template = template; self.maxTokens = maxTokens; self.pairsRequested = pairsRequested
    }

    enum CodingKeys: String, CodingKey {
        case kind, model, sampling, seed, template, maxTokens = "max_tokens", pairsRequested = "pairs_requested"
    }
}

/// The fine-tuning exports of a kept pair.
public enum QAExport {
    /// Chat format, one conversation per pair: `{"id", "messages": [{"role": "user", ...}, {"role": "assistant", ...}]}`.
    public struct Chat: Sendable, Hashable, Codable {
        public var id: String
        public var messages: [ChatMessage]
    }

    /// Alpaca format: `{"id", "instruction": question, "input": passage or "", "output": answer}`.
    public struct Alpaca: Sendable, Hashable, Codable {
        public var id: String
        public var instruction: String
        public var input: String
        public var output: String
    }

    /// The chat form; with `context`, the user turn gives the passage before the question.
    public static func chat(_ record: QARecord, context: String? = nil) -> Chat {
        let user = context.map { $0.isEmpty ? record.question : $0 + "\n\n" + record.question } ?? record.question
        return Chat(id: record.id, messages: [.user(user), .assistant(record.answer)])
    }

    /// The Alpaca form; with `context`, the passage is the `input`.
    public static func alpaca(_ record: QARecord, context: String? = nil) -> Alpaca {
        Alpaca(id: record.id, instruction: record.question, input: context ?? "", output: record.answer)
    }
}
