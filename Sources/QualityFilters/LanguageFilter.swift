import CorpusCore

/// Stage `language_filter`: keeps documents whose detected language (`LanguageIdentifier`) is one
/// of `languages` with at least `minScore`. Reasons: `wrong_language`, `low_language_score`, and
/// `language_undetermined` when `keepUndetermined` is false. Tallies `language` (the detected code,
/// `und` when undetermined) and sets `metadata.language` when the document has none.
public struct LanguageFilter: Stage {
    public let name = "language_filter"
    public var languages: Set<String>
    public var minScore: Double
    public var keepUndetermined: Bool
    public var identifier: LanguageIdentifier

    /// Throws `FilterError.unknownLanguage` for a code the detector cannot answer.
    public init(languages: [String] = ["en"], minScore: Double = 0.1, minWords: Int = 10, keepUndetermined: Bool = true) throws {
        for code in languages where !LanguageIdentifier.languages.contains(code) {
            throw FilterError.unknownLanguage(code, known: LanguageIdentifier.languages)
        }
        guard minScore >= 0, minScore <= 1 else {
            throw FilterError.thresholdOutOfRange(option: "min_score", value: minScore, accepted: "0 to 1")
        }
        self.languages = Set(languages)
        self.minScore = minScore
        self.keepUndetermined = keepUndetermined
        self.identifier = LanguageIdentifier(minWords: minWords)
    }

    public mutating func process(_ document: Document, into output: inout StageOutput) throws {
        let guess = identifier.identify(document.text)
        output.tally("language", guess.language ?? "und")
        guard let language = guess.language else {
            return keepUndetermined ? output.emit(document) : output.drop(document, reason: "language_undetermined")
        }
        guard languages.contains(language) else { return output.drop(document, reason: "wrong_language") }
        guard guess.score >= minScore else { return output.drop(document, reason: "low_language_score") }
        var kept = document
        if kept.metadata.language == nil { kept.metadata.language = language }
        output.emit(kept)
    }
}
