/// The thresholds `QAValidator` applies. Lengths count words separated by whitespace.
///
/// In JSON every field is optional (snake_case keys); a missing one takes its default.
public struct QAValidationSettings: Sendable, Hashable, Codable {
    /// Fewest words in a question. Default 4 (`What is XRD?` is too short to say what it asks about).
    public var minimumQuestionWords: Int
    /// Most words in a question. Default 40.
    public var maximumQuestionWords: Int
    /// Fewest words in an answer. Default 1 (`3.2 eV`, `Yes.`).
    public var minimumAnswerWords: Int
    /// Most words in an answer. Default 100.
    public var maximumAnswerWords: Int
    /// Share of words a verbatim run must cover for `question_copied`: of the question, when the run
    /// starts at the question's first word (a statement of the paragraph with a question mark); of a
    /// paragraph sentence, when the rest of the question is at most `copyFrameWords` words (a sentence
    /// wrapped in `Is it true that …?`). Default 0.8.
    public var copyThreshold: Double
    /// Most question words outside the verbatim run for a wrapped sentence to count as copied. Default 4.
    public var copyFrameWords: Int
    /// Fewest words a paragraph sentence needs for the wrapped-sentence rule. Default 6.
    public var copyMinimumSentenceWords: Int
    /// Jaccard similarity of two questions' signatures (key words and interrogative class) at or
    /// above which the later one is a `duplicate_question`. Default 0.7.
    public var duplicateThreshold: Double
    /// Least share of the answer's distinct key terms that must occur in the paragraph. Default 0.5.
    public var minimumTermShare: Double

    /// Settings with the documented defaults, or the values given.
    public init(minimumQuestionWords: Int = 4, maximumQuestionWords: Int = 40,
                minimumAnswerWords: Int = 1, maximumAnswerWords: Int = 100,
                copyThreshold: Double = 0.8, copyFrameWords: Int = 4, copyMinimumSentenceWords: Int = 6,
                duplicateThreshold: Double = 0.7, minimumTermShare: Double = 0.5) {
        self.minimumQuestionWords = minimumQuestionWords
        self.maximumQuestionWords = maximumQuestionWords
        self.minimumAnswerWords = minimumAnswerWords
        self.maximumAnswerWords = maximumAnswerWords
        self.copyThreshold = copyThreshold
        self.copyFrameWords = copyFrameWords
        self.copyMinimumSentenceWords = copyMinimumSentenceWords
        self.duplicateThreshold = duplicateThreshold
        self.minimumTermShare = minimumTermShare
    }

    enum CodingKeys: String, CodingKey {
        case minimumQuestionWords = "minimum_question_words", maximumQuestionWords = "maximum_question_words"
        case minimumAnswerWords = "minimum_answer_words", maximumAnswerWords = "maximum_answer_words"
        case copyThreshold = "copy_threshold", copyFrameWords = "copy_frame_words"
        case copyMinimumSentenceWords = "copy_minimum_sentence_words"
        case duplicateThreshold = "duplicate_threshold", minimumTermShare = "minimum_term_share"
    }

    /// Decodes the fields present; the others take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = QAValidationSettings()
        minimumQuestionWords = try c.decodeIfPresent(Int.self, forKey: .minimumQuestionWords) ?? d.minimumQuestionWords
        maximumQuestionWords = try c.decodeIfPresent(Int.self, forKey: .maximumQuestionWords) ?? d.maximumQuestionWords
        minimumAnswerWords = try c.decodeIfPresent(Int.self, forKey: .minimumAnswerWords) ?? d.minimumAnswerWords
        maximumAnswerWords = try c.decodeIfPresent(Int.self, forKey: .maximumAnswerWords) ?? d.maximumAnswerWords
        copyThreshold = try c.decodeIfPresent(Double.self, forKey: .copyThreshold) ?? d.copyThreshold
        copyFrameWords = try c.decodeIfPresent(Int.self, forKey: .copyFrameWords) ?? d.copyFrameWords
        copyMinimumSentenceWords = try c.decodeIfPresent(Int.self, forKey: .copyMinimumSentenceWords) ?? d.copyMinimumSentenceWords
        duplicateThreshold = try c.decodeIfPresent(Double.self, forKey: .duplicateThreshold) ?? d.duplicateThreshold
        minimumTermShare = try c.decodeIfPresent(Double.self, forKey: .minimumTermShare) ?? d.minimumTermShare
    }
}
