import CorpusCore
import Inference

/// How the model is asked for question-answer pairs: a system message, the instructions (with the
/// paragraph and its context filled in), few-shot examples given as earlier chat turns, and the
/// requested output format. Kept in the pipeline file, so a run records exactly what it asked.
///
/// Placeholders in `instructions`: `{n}` (pairs asked for), `{title}`, `{section}`, `{paragraph}` and
/// `{format}` (the `format` text). Put `{paragraph}` last: prompts of a batch then share everything
/// before it, which the engine evaluates once.
public struct QAPromptTemplate: Sendable, Hashable {
    /// One worked example: the paragraph (with its title and section) and the answer the model should give.
    public struct Example: Sendable, Hashable {
        public var title: String
        public var section: String
        public var paragraph: String
        public var output: String
        public init(title: String = "", section: String = "", paragraph: String, output: String) {
            self.title = title; self.section = section; self.paragraph = paragraph; self.output = output
        }
    }

    public var system: String?
    public var instructions: String
    public var format: String
    public var examples: [Example]

    public init(system: String? = nil, instructions: String = Self.defaultInstructions, format: String = Self.defaultFormat, examples: [Example] = Self.defaultExamples) {
        self.system = system
        self.instructions = instructions
        self.format = format
        self.examples = examples
    }

    /// The default request: short, concrete, with the format spelled out (small models follow a
    /// format they are shown far better than one they are told about).
    public static let defaultInstructions = """
        Write {n} question-answer pairs about the paragraph below, from the paper "{title}" (section: {section}). \
        Each question must be answerable from the paragraph alone. Each answer is one short sentence that uses the \
        paragraph's own numbers, formulas and terms.
        {format}

        Paragraph:
        {paragraph}
        """

    /// The default output format: `Q:`/`A:` blocks.
    public static let defaultFormat = """
        Use exactly this format:
        Q: <question>
        A: <answer>
        """

    /// The default worked example (our own text): what a good answer to the request looks like.
    public static let defaultExamples: [Example] = [
        Example(
            title: "Sol-gel titania films", section: "Results",
            paragraph: """
                Thin films of anatase TiO2 were deposited on glass by sol-gel dip coating and annealed at 450 °C for 2 h. \
                X-ray diffraction showed a crystallite size of 18 nm, and the optical band gap obtained from Tauc plots was \
                3.21 eV. After annealing at 700 °C the films partly transformed to rutile and the band gap decreased to 3.02 eV.
                """,
            output: """
                Q: At what temperature were the TiO2 films annealed after dip coating?
                A: They were annealed at 450 °C for 2 h.
                Q: What crystallite size did X-ray diffraction show for the films?
                A: The crystallite size was 18 nm.
                Q: How did the band gap change after annealing at 700 °C?
                A: The films partly transformed to rutile and the band gap decreased from 3.21 eV to 3.02 eV.
                """),
    ]

    /// `instructions` with the placeholders filled in.
    public func request(paragraph: String, title: String, section: String, pairs: Int) -> String {
        var text = instructions.replacingOccurrences(of: "{format}", with: format)
        text = text.replacingOccurrences(of: "{n}", with: String(pairs))
        text = text.replacingOccurrences(of: "{title}", with: title.isEmpty ? "untitled" : title)
        text = text.replacingOccurrences(of: "{section}", with: section.isEmpty ? "main text" : section)
        // The paragraph last, so text inside it that looks like a placeholder stays as written.
        return text.replacingOccurrences(of: "{paragraph}", with: paragraph)
    }

    /// The conversation for one paragraph: system, the examples as user/assistant turns, the request.
    public func messages(paragraph: String, title: String, section: String, pairs: Int) -> [ChatMessage] {
        var messages: [ChatMessage] = []
        if let system, !system.isEmpty { messages.append(.system(system)) }
        for e in examples {
            messages.append(.user(request(paragraph: e.paragraph, title: e.title, section: e.section, pairs: pairs)))
            messages.append(.assistant(e.output))
        }
        messages.append(.user(request(paragraph: paragraph, title: title, section: section, pairs: pairs)))
        return messages
    }

    /// XXH64 of everything that shapes the prompt, 16 hex digits: recorded with every pair, and part
    /// of the checkpoint key.
    public var identity: String {
        var h = XXH64()
        for part in [system ?? "\u{0}", instructions, format] + examples.flatMap({ [$0.title, $0.section, $0.paragraph, $0.output] }) {
            h.update(part)
            h.update("\u{1F}")
        }
        return h.finalize().hex16
    }
}
