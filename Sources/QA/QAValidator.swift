import ChemNotation
import Synchronization

/// The validator's judgement of one pair.
public struct QAVerdict: Sendable, Hashable {
    /// The pair judged, as it was given.
    public var pair: QAPair
    /// Why it was dropped (one of `QADropReason.all`), or nil when it is kept.
    public var reason: String?

    /// A verdict on `pair`; `reason` nil keeps it.
    public init(pair: QAPair, reason: String?) {
        self.pair = pair
        self.reason = reason
    }

    /// Whether the pair is kept.
    public var kept: Bool { reason == nil }
}

/// Keeps the model-written pairs that are well formed and grounded in their paragraph.
///
/// Checks, in this order; a pair gets the first reason that applies (see `QADropReason`):
/// 1. lengths: `question_too_short`, `question_too_long`, `answer_too_short`, `answer_too_long`;
/// 2. form: `not_a_question`, `question_copied`, `answer_in_question`;
/// 3. grounding in the paragraph: `ungrounded_number`, `ungrounded_formula`, `ungrounded_terms`;
/// 4. `duplicate_question`, against the document's earlier kept questions and the questions kept
///    earlier in the same call (a dropped pair never makes a later one a duplicate).
///
/// Grounding: every number of the answer (see `NumberMentions`: `1,000` = `1000`, `0.50` = `0.5`,
/// `1.2×10^5` = `120000`, signs ignored) must be a number of the paragraph; every chemical mention of
/// the answer that denotes a definite composition must be grounded by `FormulaGrounding` (same
/// text, same canonical form, or an element of the paragraph's formulas); and at least
/// `minimumTermShare` of the answer's distinct key terms (stopwords, words with digits and the
/// judged chemical mentions left out; plurals and inflections stemmed) must occur in the paragraph.
/// An answer that opens with yes or no is judged by the question's key terms together with its own.
///
/// Thread safety: a validator may be shared between tasks; its chemical annotator (one per
/// validator, which is not thread-safe) is used under a lock.
public struct QAValidator: Sendable {
    /// The thresholds applied.
    public let settings: QAValidationSettings
    private let annotator: AnnotatorBox

    /// A validator with its own chemical annotator.
    public init(settings: QAValidationSettings = .init()) {
        self.settings = settings
        annotator = AnnotatorBox()
    }

    /// Judges `pairs` written about `paragraph`; `earlierQuestions` are the kept questions of the same document so far
    /// (near-duplicates of them, or of an earlier pair in this call, are dropped). Returns one verdict per pair, in order.
    public func validate(_ pairs: [QAPair], paragraph: String, earlierQuestions: [String]) -> [QAVerdict] {
        guard !pairs.isEmpty else { return [] }
        let context = ParagraphFacts(paragraph, mentions: annotator.mentions(in: paragraph))
        var seen = earlierQuestions.map(QuestionSimilarity.signature)
        var seenText = Set(earlierQuestions.map { GroundingTerms.words($0) })
        var verdicts: [QAVerdict] = []
        verdicts.reserveCapacity(pairs.count)
        for pair in pairs {
            var reason = judge(pair, context)
            if reason == nil {
                let words = GroundingTerms.words(pair.question)
                let signature = QuestionSimilarity.signature(pair.question)
                if seenText.contains(words) || seen.contains(where: { QuestionSimilarity.jaccard($0, signature) >= settings.duplicateThreshold }) {
                    reason = QADropReason.duplicateQuestion
                } else {
                    seen.append(signature)
                    seenText.insert(words)
                }
            }
            verdicts.append(QAVerdict(pair: pair, reason: reason))
        }
        return verdicts
    }

    /// The first reason (lengths, form, grounding) that drops `pair`, or nil.
    private func judge(_ pair: QAPair, _ paragraph: ParagraphFacts) -> String? {
        let question = pair.question.trimmingWhitespaceAndNewlines()
        let answer = pair.answer.trimmingWhitespaceAndNewlines()
        let questionLength = question.split(whereSeparator: \.isWhitespace).count
        let answerLength = answer.split(whereSeparator: \.isWhitespace).count
        let questionWords = GroundingTerms.words(question)
        let answerWords = GroundingTerms.words(answer)
        let yesNo = GroundingTerms.isYesNo(answerWords)

        // 1. Lengths.
        if questionLength < settings.minimumQuestionWords { return QADropReason.questionTooShort }
        if questionLength > settings.maximumQuestionWords { return QADropReason.questionTooLong }
        if answerLength < settings.minimumAnswerWords || !(yesNo || answerWords.contains { !GroundingTerms.stopwords.contains($0) }) {
            return QADropReason.answerTooShort
        }
        if answerLength > settings.maximumAnswerWords { return QADropReason.answerTooLong }

        // 2. Form.
        if !isQuestion(question, questionWords) { return QADropReason.notAQuestion }
        if isCopied(questionWords, paragraph) { return QADropReason.questionCopied }
        if !yesNo, !questionWords.contains("or") {
            let answerTerms = Set(answerWords.compactMap(Self.comparable))
            let questionTerms = Set(questionWords.compactMap(Self.comparable))
            if !answerTerms.isEmpty, answerTerms.isSubset(of: questionTerms) { return QADropReason.answerInQuestion }
        }

        // 3. Grounding.
        for value in NumberMentions.values(in: answer) where !paragraph.numbers.contains(where: { NumberMentions.same($0, value) }) {
            return QADropReason.ungroundedNumber
        }
        let mentions = annotator.mentions(in: answer).filter(FormulaGrounding.isJudged)
        if mentions.contains(where: { !paragraph.formulas.grounds($0) }) { return QADropReason.ungroundedFormula }
        var terms = Set(GroundingTerms.keyTerms(Self.blanking(mentions, in: answer)))
        if yesNo { terms.formUnion(GroundingTerms.keyTerms(question)) }
        if !terms.isEmpty {
            let found = terms.filter(paragraph.terms.contains).count
            if Double(found) < settings.minimumTermShare * Double(terms.count) { return QADropReason.ungroundedTerms }
        }
        return nil
    }

    /// Ends with a question mark; or opens with an interrogative or an imperative request; or has a
    /// wh-word among its first three words (`In which …`, `At what temperature …`).
    private func isQuestion(_ question: String, _ words: [String]) -> Bool {
        var q = Substring(question)
        while let last = q.last, last == "\"" || last == "'" || last == "*" || last == "\u{201D}" || last == ")" || last.isWhitespace { q.removeLast() }
        if q.hasSuffix("?") || q.hasSuffix("\u{FF1F}") { return true }
        guard let first = words.first else { return false }
        if GroundingTerms.interrogatives.contains(first) || GroundingTerms.imperatives.contains(first) { return true }
        return words.prefix(3).contains { Self.whWords.contains($0) }
    }

    private static let whWords: Set<String> = ["what", "which", "how", "why", "when", "where", "who", "whom", "whose"]

    /// `question_copied`: the longest verbatim run starts at the question's first word and covers
    /// `copyThreshold` of its words; or it covers `copyThreshold` of a paragraph sentence (of at least
    /// `copyMinimumSentenceWords` words) and leaves at most `copyFrameWords` question words outside it.
    private func isCopied(_ question: [String], _ paragraph: ParagraphFacts) -> Bool {
        guard !question.isEmpty else { return false }
        let run = QuestionSimilarity.longestRun(question, in: paragraph.words)
        if run.aStart == 0, Double(run.length) >= settings.copyThreshold * Double(question.count) { return true }
        for sentence in paragraph.sentences where sentence.count >= settings.copyMinimumSentenceWords {
            let r = QuestionSimilarity.longestRun(question, in: sentence)
            if Double(r.length) >= settings.copyThreshold * Double(sentence.count), question.count - r.length <= settings.copyFrameWords {
                return true
            }
        }
        return false
    }

    /// A word as `answer_in_question` compares it: stopwords dropped, words with digits kept as they
    /// are, other words stemmed.
    private static func comparable(_ word: String) -> String? {
        if GroundingTerms.stopwords.contains(word) { return nil }
        if word.unicodeScalars.contains(where: GroundingTerms.isDigit) { return word }
        return GroundingTerms.stem(word)
    }

    /// `text` with the mentions (Unicode scalar offsets) replaced by spaces.
    private static func blanking(_ mentions: [ChemMention], in text: String) -> String {
        guard !mentions.isEmpty else { return text }
        var scalars = Array(text.unicodeScalars)
        for m in mentions {
            for k in max(0, m.start)..<min(m.end, scalars.count) { scalars[k] = " " }
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }
}

/// What the checks need of a paragraph, computed once per call.
private struct ParagraphFacts {
    let words: [String]
    let sentences: [[String]]
    let numbers: [Double]
    let terms: Set<String>
    let formulas: FormulaGrounding

    init(_ paragraph: String, mentions: [ChemMention]) {
        words = GroundingTerms.words(paragraph)
        sentences = SentenceBoundaries.sentences(paragraph).map { GroundingTerms.words(String($0)) }
        numbers = NumberMentions.values(in: paragraph)
        terms = Set(words.map(GroundingTerms.stem))
        formulas = FormulaGrounding(paragraph: paragraph, mentions: mentions)
    }
}

/// One chemical annotator behind a lock: `ChemAnnotator` is not thread-safe, and a validator is
/// `Sendable`, so its copies in different tasks take turns.
private final class AnnotatorBox: Sendable {
    private let annotator = Mutex(ChemAnnotator())

    func mentions(in text: String) -> [ChemMention] {
        annotator.withLock { $0.mentions(in: text) }
    }
}

extension String {
    /// The string without leading and trailing whitespace and newlines.
    func trimmingWhitespaceAndNewlines() -> String {
        String(Substring(self).trimmingWhitespace())
    }
}
