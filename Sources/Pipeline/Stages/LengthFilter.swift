import CorpusCore

/// Stage `length_filter`: drops documents outside character and word limits.
public struct LengthFilter: Stage {
    public let name = "length_filter"
    public var minChars: Int
    public var maxChars: Int
    public var minWords: Int

    public init(minChars: Int = 0, maxChars: Int = 0, minWords: Int = 0) {
        self.minChars = minChars; self.maxChars = maxChars; self.minWords = minWords
    }

    public mutating func process(_ document: Document, into output: inout StageOutput) throws {
        let characters = document.text.count
        if characters < minChars { return output.drop(document, reason: "too_short") }
        if maxChars > 0, characters > maxChars { return output.drop(document, reason: "too_long") }
        if minWords > 0 {
            var words = 0
            var inWord = false
            for scalar in document.text.unicodeScalars {
                let space = scalar.properties.isWhitespace
                if !space, !inWord { words += 1 }
                inWord = !space
            }
            if words < minWords { return output.drop(document, reason: "too_few_words") }
        }
        output.emit(document)
    }
}
