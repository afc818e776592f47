import Foundation
import Inference

/// Everything QA synthesis needs to know, as set in the pipeline's `qa_synthesis` stage or on the
/// command line.
public struct QASynthesisSettings: Sendable {
    /// The GGUF model; nil: no model-written pairs (CIF questions only).
    public var model: String?
    /// A chat template name (`chatml`, `llama3`, ...) overriding the model's own.
    public var chatTemplate: String?
    public var template: QAPromptTemplate
    /// Pairs asked for per paragraph.
    public var pairsPerParagraph: Int
    /// Paragraphs generated together (the engine's batched decoding).
    public var batch: Int
    /// Tokens the model may write per paragraph.
    public var maxTokens: Int
    /// Positions per sequence: the longest prompt plus `maxTokens` must fit.
    public var contextLength: Int
    public var threads: Int
    public var sampling: SamplingParameters
    /// The run's seed: each paragraph's sampler is seeded from it and the paragraph.
    public var seed: UInt64
    public var selection: ParagraphSelection
    /// Document sources whose paragraphs are used (default `paper`).
    public var sources: [String]
    /// Paragraphs per task at most (0: no limit), for demos and trials.
    public var maxParagraphsPerTask: Int
    /// Write template questions for `cif` documents.
    public var cifQuestions: Bool
    /// Phrasings per CIF task.
    public var cifPhrasings: Int
    public var validation: QAValidationSettings
    /// Give the paragraph as context in the chat and Alpaca exports (the pairs' questions then need not stand alone).
    public var exportContext: Bool

    public init(model: String? = nil, chatTemplate: String? = nil, template: QAPromptTemplate = QAPromptTemplate(),
                pairsPerParagraph: Int = 3, batch: Int = 8, maxTokens: Int = 320, contextLength: Int = 1536,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount, sampling: SamplingParameters = Self.defaultSampling,
                seed: UInt64 = 0, selection: ParagraphSelection = ParagraphSelection(), sources: [String] = ["paper"],
                maxParagraphsPerTask: Int = 0, cifQuestions: Bool = true, cifPhrasings: Int = 1,
                validation: QAValidationSettings = QAValidationSettings(), exportContext: Bool = false) {
        self.model = model; self.chatTemplate = chatTemplate; self.template = template
        self.pairsPerParagraph = pairsPerParagraph; self.batch = batch; self.maxTokens = maxTokens
        self.contextLength = contextLength; self.threads = threads; self.sampling = sampling; self.seed = seed
        self.selection = selection; self.sources = sources; self.maxParagraphsPerTask = maxParagraphsPerTask
        self.cifQuestions = cifQuestions; self.cifPhrasings = cifPhrasings; self.validation = validation
        self.exportContext = exportContext
    }

    /// Low temperature with a mild repetition penalty: small models drift and loop at llama.cpp's 0.8.
    public static let defaultSampling = SamplingParameters(temperature: 0.3, topK: 40, topP: 0.9, minP: 0.05, repetitionPenalty: 1.1)

    /// Checks the numbers before any work starts.
    public func validate() throws {
        func positive(_ value: Int, _ name: String) throws {
            guard value > 0 else { throw QAError.invalidSetting(name: name, reason: "must be positive, not \(value)") }
        }
        try positive(pairsPerParagraph, "pairs_per_paragraph")
        try positive(batch, "batch")
        try positive(maxTokens, "max_tokens")
        try positive(threads, "threads")
        try positive(cifPhrasings, "cif_phrasings")
        guard contextLength > maxTokens + 16 else {
            throw QAError.invalidSetting(name: "context", reason: "\(contextLength) positions leave no room for a prompt beside max_tokens = \(maxTokens)")
        }
        guard maxParagraphsPerTask >= 0 else { throw QAError.invalidSetting(name: "max_paragraphs", reason: "must not be negative") }
        for placeholder in ["{paragraph}"] where !template.instructions.contains(placeholder) {
            throw QAError.invalidSetting(name: "instructions", reason: "must contain \(placeholder)")
        }
    }
}
