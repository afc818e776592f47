import Foundation
import Inference
import QA

extension Registry {
    /// The `qa_synthesis` settings its options describe.
    static func qaSettings(_ options: ResolvedOptions) throws -> QASynthesisSettings {
        let model = options.string("model") ?? ""
        let examples = options.stringArray("example_paragraphs") ?? [], outputs = options.stringArray("example_outputs") ?? []
        guard examples.count == outputs.count else {
            throw QAError.invalidSetting(name: "example_outputs", reason: "\(outputs.count) outputs for \(examples.count) example_paragraphs: give one per paragraph")
        }
        let system = options.string("system") ?? ""
        let template = QAPromptTemplate(system: system.isEmpty ? nil : system, instructions: options.string("instructions")!, format: options.string("format")!,
                                        examples: examples.isEmpty ? QAPromptTemplate.defaultExamples
                                            : zip(examples, outputs).map { QAPromptTemplate.Example(paragraph: $0, output: $1) })
        let threads = options.integer("threads")!
        let chatTemplate = options.string("chat_template") ?? ""
        var selection = ParagraphSelection()
        selection.minimumCharacters = options.integer("min_paragraph_chars")!
        selection.maximumCharacters = options.integer("max_paragraph_chars")!
        selection.perDocument = options.integer("paragraphs_per_document")!
        selection.skipSections = options.stringArray("skip_sections")!
        let seed = UInt64(bitPattern: Int64(options.integer("seed")!))
        selection.seed = seed
        var validation = QAValidationSettings()
        validation.minimumAnswerWords = options.integer("min_answer_words")!
        validation.maximumAnswerWords = options.integer("max_answer_words")!
        validation.duplicateThreshold = options.double("duplicate_threshold")!
        validation.minimumTermShare = options.double("min_term_share")!
        return QASynthesisSettings(
            model: model.isEmpty || model.hasSuffix("/") ? nil : model,
            chatTemplate: chatTemplate.isEmpty ? nil : chatTemplate,
            template: template,
            pairsPerParagraph: options.integer("pairs_per_paragraph")!, batch: options.integer("batch")!,
            maxTokens: options.integer("max_tokens")!, contextLength: options.integer("context")!,
            threads: threads > 0 ? threads : ProcessInfo.processInfo.activeProcessorCount,
            sampling: SamplingParameters(temperature: Float(options.double("temperature")!), topK: options.integer("top_k")!,
                                         topP: Float(options.double("top_p")!), minP: Float(options.double("min_p")!),
                                         repetitionPenalty: Float(options.double("repeat_penalty")!)),
            seed: seed, selection: selection, sources: options.stringArray("sources")!,
            maxParagraphsPerTask: options.integer("max_paragraphs")!, cifQuestions: options.bool("cif")!,
            cifPhrasings: options.integer("cif_phrasings")!, validation: validation, exportContext: options.bool("export_context")!)
    }

    /// The QA-synthesis stage (module QA).
    static let qaStages: [StageDefinition] = {
        let d = QASynthesisSettings(), s = QASynthesisSettings.defaultSampling, sel = ParagraphSelection(), v = QAValidationSettings()
        return [
            StageDefinition(
                type: "qa_synthesis",
                summary: "write grounded question-answer pairs: from paper paragraphs with the embedded model (parsed, validated, "
                    + "checkpointed) and from CIF structures by template; qa/pairs, qa/chat, qa/alpaca, qa/rejected JSONL",
                options: [
                    OptionSpec("model", .path, default: .string(""), help: "GGUF model that writes pairs from paragraphs; empty: CIF questions only"),
                    OptionSpec("chat_template", .string, default: .string(""), help: "chat template name (chatml, llama3, llama2, phi3, gemma); empty: the model's own"),
                    OptionSpec("system", .string, default: .string(""), help: "system message; empty: none (the chat template may insert its default)"),
                    OptionSpec("instructions", .string, default: .string(QAPromptTemplate.defaultInstructions),
                               help: "the request, with {n}, {title}, {section}, {format} and {paragraph} (put {paragraph} last)"),
                    OptionSpec("format", .string, default: .string(QAPromptTemplate.defaultFormat), help: "the requested output format, put where {format} is"),
                    OptionSpec("example_paragraphs", .stringArray, default: .stringArray([]), help: "few-shot examples: paragraphs, each answered by the output at the same place in example_outputs; empty: the built-in example"),
                    OptionSpec("example_outputs", .stringArray, default: .stringArray([]), help: "few-shot examples: what the model should write for each example paragraph"),
                    OptionSpec("pairs_per_paragraph", .integer, default: .integer(Int64(d.pairsPerParagraph)), minimum: 1, help: "pairs asked for per paragraph ({n})"),
                    OptionSpec("batch", .integer, default: .integer(Int64(d.batch)), minimum: 1, help: "paragraphs generated together (batched decoding)"),
                    OptionSpec("max_tokens", .integer, default: .integer(Int64(d.maxTokens)), minimum: 1, help: "tokens the model may write per paragraph"),
                    OptionSpec("context", .integer, default: .integer(Int64(d.contextLength)), minimum: 64, help: "positions per sequence (prompt + max_tokens); longer prompts are skipped"),
                    OptionSpec("threads", .integer, default: .integer(0), minimum: 0, help: "engine threads; 0: every core (tasks take turns on the engine)"),
                    OptionSpec("temperature", .float, default: .float(Double(s.temperature)), minimum: 0, help: "sampling temperature; 0: greedy"),
                    OptionSpec("top_k", .integer, default: .integer(Int64(s.topK)), minimum: 0, help: "top-k; 0: off"),
                    OptionSpec("top_p", .float, default: .float(Double(s.topP)), minimum: 0, help: "top-p; 1: off"),
                    OptionSpec("min_p", .float, default: .float(Double(s.minP)), minimum: 0, help: "min-p; 0: off"),
                    OptionSpec("repeat_penalty", .float, default: .float(Double(s.repetitionPenalty)), minimum: 0, help: "repetition penalty over the last 64 tokens; 1: off"),
                    OptionSpec("seed", .integer, default: .integer(0), help: "seed of paragraph choice and sampling (each paragraph's sampler: this seed and the paragraph)"),
                    OptionSpec("paragraphs_per_document", .integer, default: .integer(Int64(sel.perDocument)), minimum: 0, help: "paragraphs chosen per document (seeded); 0: every eligible one"),
                    OptionSpec("min_paragraph_chars", .integer, default: .integer(Int64(sel.minimumCharacters)), minimum: 0, help: "shortest eligible paragraph"),
                    OptionSpec("max_paragraph_chars", .integer, default: .integer(Int64(sel.maximumCharacters)), minimum: 1, help: "longest eligible paragraph"),
                    OptionSpec("skip_sections", .stringArray, default: .stringArray(sel.skipSections), help: "sections whose paragraphs are never used (case-insensitive parts of the heading)"),
                    OptionSpec("max_paragraphs", .integer, default: .integer(0), minimum: 0, help: "paragraphs per task at most; 0: no limit"),
                    OptionSpec("sources", .stringArray, default: .stringArray(d.sources), help: "document sources whose paragraphs are used"),
                    OptionSpec("cif", .boolean, default: .boolean(true), help: "template questions (formula, space group, lattice, density, ...) for cif documents"),
                    OptionSpec("cif_phrasings", .integer, default: .integer(1), minimum: 1, help: "phrasings per CIF question task"),
                    OptionSpec("min_answer_words", .integer, default: .integer(Int64(v.minimumAnswerWords)), minimum: 0, help: "drop answers with fewer words (answer_too_short)"),
                    OptionSpec("max_answer_words", .integer, default: .integer(Int64(v.maximumAnswerWords)), minimum: 1, help: "drop answers with more words (answer_too_long)"),
                    OptionSpec("duplicate_threshold", .float, default: .float(v.duplicateThreshold), minimum: 0,
                               help: "drop a question this similar (key-word Jaccard) to an earlier one of the document (duplicate_question)"),
                    OptionSpec("min_term_share", .float, default: .float(v.minimumTermShare), minimum: 0,
                               help: "share of the answer's key words that must appear in the paragraph (ungrounded_terms)"),
                    OptionSpec("export_context", .boolean, default: .boolean(false), help: "give the paragraph as context in the chat and Alpaca exports"),
                ],
                build: { options in try QASynthesisStage(settings: try qaSettings(options)) }),
        ]
    }()
}
