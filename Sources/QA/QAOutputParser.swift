/// What `QAOutputParser` made of a model's output.
public struct QAParseOutcome: Sendable, Hashable {
    /// The pairs found, in order, with non-empty questions and answers.
    public var pairs: [QAPair]
    /// The format recognized: "json", "qa_blocks", "numbered", or nil when nothing parsed.
    public var format: String?
    /// Why nothing parsed (only when pairs is empty; see `QAOutputParser.parse`).
    public var failure: String?

    /// An outcome; `failure` belongs to outcomes without pairs.
    public init(pairs: [QAPair], format: String?, failure: String?) {
        self.pairs = pairs
        self.format = format
        self.failure = failure
    }
}

/// Reads question-answer pairs out of what a model wrote, however it chose to write them.
public enum QAOutputParser {
    /// The pairs in `text`. Formats, tried in this order (the first that yields a pair wins):
    /// - `json`: JSON anywhere in the text (fenced, among prose, one object per line, or cut off by
    ///   the token limit, keeping the complete objects), see `QAJSONFormat`;
    /// - `qa_blocks` and `numbered`: labelled `Q:`/`A:` blocks and numbered lists, see
    ///   `QALineFormat`; the format is that of the first pair's question.
    ///
    /// Questions and answers are trimmed of whitespace, surrounding quotes and markdown emphasis;
    /// pairs with an empty question or answer are dropped.
    ///
    /// Failures (stable strings): `empty_output` (nothing but whitespace), `empty_fields` (pairs
    /// were written, but each had an empty question or answer), `question_without_answer`
    /// (questions without any answer, e.g. a list of questions), `answer_without_question`
    /// (labelled answers with no question before them), `no_pairs_found` (anything else).
    public static func parse(_ text: String) -> QAParseOutcome {
        if text.allSatisfy(\.isWhitespace) { return QAParseOutcome(pairs: [], format: nil, failure: Failure.emptyOutput) }

        let json = QAJSONFormat.candidates(in: text)
        let jsonPairs = json.compactMap { pair($0.question, $0.answer) }
        if !jsonPairs.isEmpty { return QAParseOutcome(pairs: jsonPairs, format: "json", failure: nil) }

        let lines = QALineFormat.parse(text)
        var linePairs: [QAPair] = []
        var format: String?
        for c in lines.candidates {
            guard let p = pair(c.question, c.answer) else { continue }
            if format == nil { format = c.numbered ? "numbered" : "qa_blocks" }
            linePairs.append(p)
        }
        if !linePairs.isEmpty { return QAParseOutcome(pairs: linePairs, format: format, failure: nil) }

        let answered = json.contains { $0.answer != nil } || lines.candidates.contains { $0.answer != nil }
        let unanswered = json.contains { $0.answer == nil && !clean($0.question).isEmpty }
            || lines.candidates.contains { $0.answer == nil && !clean($0.question).isEmpty }
        let failure = answered ? Failure.emptyFields
            : unanswered ? Failure.questionWithoutAnswer
            : lines.strayAnswers > 0 ? Failure.answerWithoutQuestion
            : Failure.noPairsFound
        return QAParseOutcome(pairs: [], format: nil, failure: failure)
    }

    /// The failure reasons of `parse`.
    public enum Failure {
        /// The output was empty or whitespace.
        public static let emptyOutput = "empty_output"
        /// Pairs were written, but every one had an empty question or answer.
        public static let emptyFields = "empty_fields"
        /// Questions were written without answers.
        public static let questionWithoutAnswer = "question_without_answer"
        /// Labelled answers were written without questions.
        public static let answerWithoutQuestion = "answer_without_question"
        /// Nothing recognizable as a pair.
        public static let noPairsFound = "no_pairs_found"
    }

    /// A pair of cleaned texts, or nil when either is empty.
    private static func pair(_ question: String, _ answer: String?) -> QAPair? {
        guard let answer else { return nil }
        let q = clean(question), a = clean(answer)
        guard !q.isEmpty, !a.isEmpty else { return nil }
        return QAPair(question: q, answer: a)
    }

    private static let quotePairs: [(Character, Character)] = [
        ("\"", "\""), ("'", "'"), ("`", "`"), ("\u{201C}", "\u{201D}"), ("\u{2018}", "\u{2019}"), ("\u{00AB}", "\u{00BB}"),
    ]

    /// Quotes removed when left open at one end (apostrophes are not: `films’`).
    private static let loneQuotes: Set<Character> = ["\"", "`", "\u{201C}", "\u{00AB}"]

    /// `text` without surrounding whitespace, quotes and markdown emphasis (`**…**`, `__…__`, `*…*`,
    /// `` `…` ``); a double quote, backtick or `**` left open at one end is removed too.
    static func clean(_ text: String) -> String {
        var s = Substring(text).trimmingWhitespace()
        var changed = true
        while changed, !s.isEmpty {
            changed = false
            for marker in ["**", "__"] {
                let inner = s.count >= 2 * marker.count && s.hasPrefix(marker) && s.hasSuffix(marker)
                    ? s.dropFirst(marker.count).dropLast(marker.count) : nil
                if let inner, !inner.contains(marker) {
                    s = inner.trimmingWhitespace(); changed = true
                } else if s.hasPrefix(marker), !s.dropFirst(marker.count).contains(marker) {
                    s = s.dropFirst(marker.count).trimmingWhitespace(); changed = true
                } else if s.hasSuffix(marker), !s.dropLast(marker.count).contains(marker) {
                    s = s.dropLast(marker.count).trimmingWhitespace(); changed = true
                }
            }
            for (open, close) in quotePairs + [("*", "*"), ("_", "_")] {
                guard let first = s.first, let last = s.last else { break }
                let body = s.count >= 2 ? s.dropFirst().dropLast() : ""
                if first == open, last == close, s.count >= 2, !body.contains(open), !body.contains(close) {
                    s = body.trimmingWhitespace(); changed = true
                } else if Self.loneQuotes.contains(open), first == open, !s.dropFirst().contains(close), !s.dropFirst().contains(open) {
                    s = s.dropFirst().trimmingWhitespace(); changed = true
                } else if Self.loneQuotes.contains(open), last == close, !s.dropLast().contains(open), !s.dropLast().contains(close) {
                    s = s.dropLast().trimmingWhitespace(); changed = true
                }
            }
        }
        return String(s)
    }
}
