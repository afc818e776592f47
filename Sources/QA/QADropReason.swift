/// Why `QAValidator` dropped a pair: stable snake_case strings, for counters and reports.
///
/// Listed in the order the validator checks them; a pair gets the first reason that applies.
public enum QADropReason {
    /// The question has fewer words than `QAValidationSettings.minimumQuestionWords`.
    public static let questionTooShort = "question_too_short"
    /// The question has more words than `QAValidationSettings.maximumQuestionWords`.
    public static let questionTooLong = "question_too_long"
    /// The answer has fewer words than `minimumAnswerWords`, or says nothing: no word that is not
    /// a stopword, and no yes or no.
    public static let answerTooShort = "answer_too_short"
    /// The answer has more words than `maximumAnswerWords`.
    public static let answerTooLong = "answer_too_long"
    /// The question neither ends with `?` nor opens with an interrogative (`what`, `does`, …), an
    /// imperative request (`Describe`, `Explain`, `List`, …) or a wh-word among its first three
    /// words (`In which …`).
    public static let notAQuestion = "not_a_question"
    /// The question is copied from the paragraph: a statement of it with a question mark, or one of
    /// its sentences wrapped in a few words (see `QAValidationSettings.copyThreshold`).
    public static let questionCopied = "question_copied"
    /// Every key word of the answer is already in the question (yes/no answers and alternative
    /// questions with `or` excepted).
    public static let answerInQuestion = "answer_in_question"
    /// A number of the answer does not appear in the paragraph.
    public static let ungroundedNumber = "ungrounded_number"
    /// A chemical formula of the answer is not among the paragraph's formulas (compared by canonical form).
    public static let ungroundedFormula = "ungrounded_formula"
    /// Too small a share of the answer's key terms appears in the paragraph.
    public static let ungroundedTerms = "ungrounded_terms"
    /// The question nearly repeats an earlier question of the document.
    public static let duplicateQuestion = "duplicate_question"

    /// Every reason, in check order.
    public static let all: [String] = [
        questionTooShort, questionTooLong, answerTooShort, answerTooLong,
        notAQuestion, questionCopied, answerInQuestion,
        ungroundedNumber, ungroundedFormula, ungroundedTerms,
        duplicateQuestion,
    ]
}
