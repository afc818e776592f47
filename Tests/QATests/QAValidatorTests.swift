import Foundation
import Testing
@testable import QA

@Suite struct QAValidatorTests {
    static let paragraph = """
    Thin films of ZnO were deposited on glass substrates by radio-frequency sputtering at room temperature. \
    After annealing at 500 °C for 2 h in air, the optical band gap increased from 3.22 to 3.28 eV. \
    X-ray diffraction showed a single wurtzite phase, and the crystallite size grew to 0.50 µm. \
    The carrier concentration reached 1.2 × 10^19 cm^-3, and the films survived 1,000 bending cycles. \
    The films were highly transparent in the visible range. \
    A thin layer of titanium dioxide was added as a protective coating.
    """

    let validator = QAValidator()

    /// The reason for one pair about the paragraph (nil: kept).
    private func reason(_ q: String, _ a: String, earlier: [String] = [], settings: QAValidationSettings? = nil,
                        paragraph: String = QAValidatorTests.paragraph) -> String? {
        let v = settings.map { QAValidator(settings: $0) } ?? validator
        let verdicts = v.validate([QAPair(question: q, answer: a)], paragraph: paragraph, earlierQuestions: earlier)
        return verdicts.first?.reason
    }

    @Test func wellFormedGroundedPairsAreKept() {
        let pairs = [
            QAPair(question: "What happened to the optical band gap after annealing?", answer: "It increased from 3.22 to 3.28 eV."),
            QAPair(question: "How were the ZnO films deposited?", answer: "By radio-frequency sputtering on glass substrates."),
            QAPair(question: "Which phase did X-ray diffraction reveal?", answer: "A single wurtzite phase."),
        ]
        let verdicts = validator.validate(pairs, paragraph: Self.paragraph, earlierQuestions: [])
        #expect(verdicts.map(\.pair) == pairs)
        #expect(verdicts.map(\.reason) == [nil, nil, nil])
        #expect(verdicts.allSatisfy { $0.kept })
    }

    // MARK: - Lengths

    @Test func questionTooShort() {
        #expect(reason("Band gap?", "3.28 eV.") == "question_too_short")
        #expect(reason("What was the band gap?", "3.28 eV.") == nil)
    }

    @Test func questionTooLong() {
        let settings = QAValidationSettings(maximumQuestionWords: 10)
        #expect(reason("What was the optical band gap of the ZnO films after they were annealed in air?", "3.28 eV.",
                       settings: settings) == "question_too_long")
        #expect(reason("What was the optical band gap after annealing?", "3.28 eV.", settings: settings) == nil)
        let long = "What was the optical band gap " + String(repeating: "of the films ", count: 12) + "after annealing?"
        #expect(reason(long, "3.28 eV.") == "question_too_long")
    }

    @Test func answerTooShort() {
        #expect(reason("What did the films survive?", "It is.") == "answer_too_short", "stopwords only")
        #expect(reason("What did the films survive?", "1,000 bending cycles.") == nil)
        let settings = QAValidationSettings(minimumAnswerWords: 3)
        #expect(reason("What was the band gap after annealing?", "3.28 eV", settings: settings) == "answer_too_short")
        #expect(reason("What was the band gap after annealing?", "It was 3.28 eV", settings: settings) == nil)
        #expect(reason("Were the films transparent in the visible range?", "Yes.") == nil, "a bare yes answers")
    }

    @Test func answerTooLong() {
        let settings = QAValidationSettings(maximumAnswerWords: 6)
        #expect(reason("How were the ZnO films deposited?", "By radio-frequency sputtering on glass substrates at room temperature.",
                       settings: settings) == "answer_too_long")
        #expect(reason("How were the ZnO films deposited?", "By radio-frequency sputtering.", settings: settings) == nil)
    }

    // MARK: - Form

    @Test func notAQuestion() {
        #expect(reason("The optical band gap after annealing.", "3.28 eV.") == "not_a_question")
        #expect(reason("Band gap of the films after annealing", "3.28 eV.") == "not_a_question")
        #expect(reason("Describe the effect of annealing on the band gap", "It increased from 3.22 to 3.28 eV.") == nil)
        #expect(reason("In which range were the films highly transparent", "The visible range.") == nil)
        #expect(reason("What was the optical band gap after annealing", "3.28 eV.") == nil)
    }

    @Test func questionCopied() {
        // A sentence of the paragraph with a question mark.
        #expect(reason("After annealing at 500 °C for 2 h in air, the optical band gap increased from 3.22 to 3.28 eV?",
                       "Yes.") == "question_copied")
        #expect(reason("The films were highly transparent in the visible range?", "Yes.") == "question_copied")
        // A sentence wrapped in a short frame.
        #expect(reason("Is it true that the films were highly transparent in the visible range?", "Yes.") == "question_copied")
        // Real transformations keep some words of the text, in a new order.
        #expect(reason("In which range were the films highly transparent?", "The visible range.") == nil)
        #expect(reason("What was added as a protective coating?", "A thin layer of titanium dioxide.") == nil)
        #expect(reason("Were the films transparent in the visible range?", "Yes.") == nil)
    }

    @Test func answerInQuestion() {
        #expect(reason("Which material, titanium dioxide, was added as a protective coating?", "Titanium dioxide.") == "answer_in_question")
        #expect(reason("What was the crystallite size of 0.50 µm?", "0.50 µm") == "answer_in_question")
        #expect(reason("Which material was added as a protective coating?", "Titanium dioxide.") == nil)
        // Yes/no answers and alternative questions name what the question names.
        #expect(reason("Was titanium dioxide added as a protective coating?", "Yes, titanium dioxide.") == nil)
        #expect(reason("Was the phase wurtzite or zinc blende?", "Wurtzite.") == nil)
    }

    // MARK: - Grounding

    @Test func ungroundedNumber() {
        #expect(reason("What was the band gap after annealing?", "It increased to 3.35 eV.") == "ungrounded_number")
        #expect(reason("What was the annealing temperature?", "600 °C.") == "ungrounded_number")
        #expect(reason("How many bending cycles did the films survive?", "10,000 cycles.") == "ungrounded_number")
    }

    @Test(arguments: [
        ("How many bending cycles did the films survive?", "1000 cycles."),
        ("How many bending cycles did the films survive?", "1\u{2009}000 cycles."),
        ("How large did the crystallites grow?", "0.5 µm."),
        ("What carrier concentration was reached?", "1.2e19 cm^-3."),
        ("What carrier concentration was reached?", "1.2×10¹⁹ cm⁻³"),
        ("What carrier concentration was reached?", "12,000,000,000,000,000,000 cm^-3."),
        ("How did the optical band gap change?", "It rose over the range 3.22–3.28 eV."),
        ("How long were the films annealed?", "2 h at 500 °C."),
    ])
    func numbersAreNormalized(_ question: String, _ answer: String) {
        #expect(reason(question, answer) == nil)
    }

    @Test func ungroundedFormula() {
        #expect(reason("What was added as a protective coating?", "A thin layer of Al2O3.") == "ungrounded_formula")
        #expect(reason("What was deposited on the glass substrates?", "Thin films of SnO2.") == "ungrounded_formula")
        // The paragraph names titanium dioxide; TiO2 is the same formula.
        #expect(reason("What was added as a protective coating?", "A thin layer of TiO2.") == nil)
        #expect(reason("What was deposited on the glass substrates?", "Thin films of ZnO.") == nil)
    }

    @Test func formulasCompareByCanonicalForm() {
        let paragraph = """
        The catalyst was prepared from hematite powder and calcined in air. The Fe₂O₃ particles were then \
        reduced in hydrogen to obtain metallic iron, which was protected by a thin carbon shell.
        """
        #expect(reason("Which oxide powder was used to prepare the catalyst?", "Fe2O3 powder.", paragraph: paragraph) == nil)
        #expect(reason("Which oxide powder was used to prepare the catalyst?", "Fe3O4 powder.", paragraph: paragraph) == "ungrounded_formula")
        let hematiteOnly = "The catalyst was prepared from hematite powder and calcined in air for several hours."
        #expect(reason("Which oxide powder was used to prepare the catalyst?", "Fe2O3 powder.", paragraph: hematiteOnly) == nil)
    }

    @Test func ungroundedTerms() {
        #expect(reason("What were the ZnO films used for?", "Flexible touch screens for smartphones.") == "ungrounded_terms")
        #expect(reason("How were the ZnO films treated after deposition?", "They were annealed in air at 500 °C.") == nil)
        // Inflections and plurals match: annealed/annealing, substrates/substrate.
        #expect(reason("What were the films grown on?", "A glass substrate.") == nil)
    }

    @Test func yesNoAnswersAreJudgedByTheQuestion() {
        #expect(reason("Did the films survive the bending cycles?", "Yes.") == nil)
        #expect(reason("Did the films become superconducting below ten kelvin?", "No.") == "ungrounded_terms")
    }

    // MARK: - Duplicates

    @Test func duplicateOfAnEarlierQuestion() {
        let earlier = ["What was the optical band gap after annealing?"]
        #expect(reason("What is the optical band gap after the annealing?", "3.28 eV.", earlier: earlier) == "duplicate_question")
        #expect(reason("Which optical band gaps were found after annealing?", "3.28 eV.", earlier: earlier) == "duplicate_question")
        #expect(reason("How did the crystallite size change after annealing?", "It grew to 0.50 µm.", earlier: earlier) == nil)
        #expect(reason("Why did the optical band gap increase after annealing?", "Because of annealing in air at 500 °C.",
                       earlier: earlier) == nil, "another interrogative asks something else")
    }

    @Test func duplicatesWithinOneCall() {
        let pairs = [
            QAPair(question: "What was the optical band gap after annealing?", answer: "3.28 eV."),
            QAPair(question: "What was the optical band gap after annealing?", answer: "3.28 eV."),
            QAPair(question: "After annealing, what was the optical band gap?", answer: "3.28 eV."),
            QAPair(question: "What was the crystallite size?", answer: "0.50 µm."),
        ]
        let reasons = validator.validate(pairs, paragraph: Self.paragraph, earlierQuestions: []).map(\.reason)
        #expect(reasons == [nil, "duplicate_question", "duplicate_question", nil])
    }

    @Test func droppedPairsDoNotMakeLaterOnesDuplicates() {
        let pairs = [
            QAPair(question: "What was the optical band gap after annealing?", answer: "It was 9.99 eV."),
            QAPair(question: "What was the optical band gap after annealing?", answer: "3.28 eV."),
        ]
        let reasons = validator.validate(pairs, paragraph: Self.paragraph, earlierQuestions: []).map(\.reason)
        #expect(reasons == ["ungrounded_number", nil])
    }

    // MARK: - Order and settings

    @Test func checksRunInTheDocumentedOrder() {
        // Too short and ungrounded: lengths come first.
        #expect(reason("Band gap?", "9.99 eV.") == "question_too_short")
        // Not a question and ungrounded: form comes before grounding.
        #expect(reason("The band gap after annealing.", "9.99 eV.") == "not_a_question")
        // Ungrounded number and formula: numbers come before formulas.
        #expect(reason("What was added as a protective coating?", "A 7 nm layer of Al2O3.") == "ungrounded_number")
        // An ungrounded duplicate is ungrounded.
        #expect(reason("What was the optical band gap after annealing?", "9.99 eV.",
                       earlier: ["What was the optical band gap after annealing?"]) == "ungrounded_number")
        #expect(QADropReason.all.count == 11)
        #expect(Set(QADropReason.all).count == 11)
    }

    @Test func emptyInputGivesNoVerdicts() {
        #expect(validator.validate([], paragraph: Self.paragraph, earlierQuestions: []).isEmpty)
    }

    @Test func settingsDecodeWithDefaults() throws {
        let s = try JSONDecoder().decode(QAValidationSettings.self, from: Data(#"{"minimum_question_words": 6, "duplicate_threshold": 0.9}"#.utf8))
        #expect(s.minimumQuestionWords == 6)
        #expect(s.duplicateThreshold == 0.9)
        #expect(s.maximumAnswerWords == QAValidationSettings().maximumAnswerWords)
        let again = try JSONDecoder().decode(QAValidationSettings.self, from: JSONEncoder().encode(s))
        #expect(again == s)
    }

    @Test func oneValidatorServesConcurrentTasks() async {
        let validator = self.validator
        let pairs = [
            QAPair(question: "What was added as a protective coating?", answer: "A thin layer of TiO2."),
            QAPair(question: "What was added as a protective coating?", answer: "A thin layer of Al2O3."),
        ]
        let expected = validator.validate(pairs, paragraph: Self.paragraph, earlierQuestions: []).map(\.reason)
        #expect(expected == [nil, "ungrounded_formula"])
        let results = await withTaskGroup(of: [String?].self) { group in
            for _ in 0..<8 {
                group.addTask { validator.validate(pairs, paragraph: Self.paragraph, earlierQuestions: []).map(\.reason) }
            }
            var all: [[String?]] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0 == expected })
    }

    // MARK: - Helpers

    @Test(arguments: [
        ("1,000 cycles", [1000.0]),
        ("0.50 and .5", [0.5, 0.5]),
        ("−5 °C to -10 °C", [5, 10]),
        ("5–10 nm", [5, 10]),
        ("1.2 × 10^5 Pa", [120_000]),
        ("1.2x10^-3", [0.0012]),
        ("10⁻³ M", [0.001]),
        ("3e-4 s", [0.0003]),
        ("50% and 5nm", [50, 5]),
        ("Fe2O3, Li0.5CoO2, S1, 3SiO2 and Ti-6Al-4V", []),
        ("in cm^-1 and m^2", []),
        ("values 1,2,3", [1, 2, 3]),
        ("12,000,000 grains", [12_000_000]),
    ])
    func numberValues(_ text: String, _ expected: [Double]) {
        let values = NumberMentions.values(in: text)
        #expect(values.count == expected.count)
        for (v, e) in zip(values, expected) { #expect(NumberMentions.same(v, e), "\(v) vs \(e)") }
    }

    @Test func stemmingMatchesInflections() {
        #expect(GroundingTerms.stem("annealed") == GroundingTerms.stem("annealing"))
        #expect(GroundingTerms.stem("properties") == GroundingTerms.stem("property"))
        #expect(GroundingTerms.stem("oxides") == GroundingTerms.stem("oxide"))
        #expect(GroundingTerms.stem("decreased") == GroundingTerms.stem("decrease"))
        #expect(GroundingTerms.stem("glass") == "glass")
        #expect(GroundingTerms.stem("electrode") != GroundingTerms.stem("electron"))
    }
}
