/// What becomes of one model output: no pair could be read from it, or its pairs with a verdict each.
public enum QAJudgement: Sendable, Hashable {
    /// The parser's failure reason (`no_pairs_found`, ...).
    case unparseable(reason: String)
    /// The format recognized and one verdict per parsed pair, in order.
    case judged(format: String?, verdicts: [QAVerdict])
}

/// Parses model outputs and validates their pairs, remembering the questions kept for each document
/// so that near-duplicates of them are dropped. The synthesizer and `matcorpus qa parse` share it.
public struct QAJudge: Sendable {
    public let validator: QAValidator
    private var keptQuestions: [String: [String]] = [:]

    public init(validator: QAValidator = QAValidator()) { self.validator = validator }

    /// Parses `output`, validates its pairs against `paragraph` and the questions kept so far for
    /// `document`, and remembers the questions it keeps.
    public mutating func judge(_ output: String, paragraph: String, document: String) -> QAJudgement {
        let parsed = QAOutputParser.parse(output)
        guard !parsed.pairs.isEmpty else { return .unparseable(reason: parsed.failure ?? QAOutputParser.Failure.noPairsFound) }
        let verdicts = validator.validate(parsed.pairs, paragraph: paragraph, earlierQuestions: keptQuestions[document] ?? [])
        for v in verdicts where v.reason == nil { keptQuestions[document, default: []].append(v.pair.question) }
        return .judged(format: parsed.format, verdicts: verdicts)
    }

    /// Forgets `document`'s kept questions (its last paragraph has been judged).
    public mutating func forget(document: String) { keptQuestions[document] = nil }
}
