/// Words and key terms of short English texts, as the QA checks compare them.
///
/// A word is a maximal run of letters and digits (Unicode), lowercased; a `.` or `,` between two
/// digits stays inside it (`3.2`, `1,000`). A key term is a word that is not a stopword, has at
/// least two characters and holds no digit (numbers and formulas are judged by their own checks),
/// reduced by `stem`.
enum GroundingTerms {
    /// The words of `text`, lowercased, in order.
    static func words(_ text: String) -> [String] {
        var out: [String] = []
        var current = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        func flush() {
            if !current.isEmpty { out.append(String(current).lowercased()); current = String.UnicodeScalarView() }
        }
        for (k, s) in scalars.enumerated() {
            if isWordScalar(s) {
                current.append(s)
            } else if (s == "." || s == ","), let last = current.last, isDigit(last), k + 1 < scalars.count, isDigit(scalars[k + 1]) {
                current.append(s)
            } else {
                flush()
            }
        }
        flush()
        return out
    }

    /// Whether a scalar belongs to a word: a letter, a digit or a combining mark.
    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        let p = s.properties
        return p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark
    }

    /// Whether a scalar is a decimal digit (any script, subscripts and superscripts included).
    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.properties.numericType != nil }

    /// The key terms of `text`: stemmed words that are not stopwords, not single characters, and hold no digit.
    static func keyTerms(_ text: String) -> [String] {
        words(text).compactMap(keyTerm)
    }

    /// The key term of one (lowercased) word, or nil when the word is no key term.
    static func keyTerm(_ word: String) -> String? {
        guard word.unicodeScalars.count >= 2, !stopwords.contains(word), !word.unicodeScalars.contains(where: isDigit) else { return nil }
        return stem(word)
    }

    /// A light, deterministic stemmer for matching inflections: plurals (`properties` → `property`,
    /// `oxides` → `oxide`), then `-ing`, `-ed`, `-ly` and a final `-e` when at least four letters remain
    /// (`annealed`, `annealing` → `anneal`; `decrease`, `decreased` → `decreas`).
    static func stem(_ word: String) -> String {
        var w = word
        let n = w.count
        if n > 4, w.hasSuffix("ies") {
            w = String(w.dropLast(3)) + "y"
        } else if n > 4, w.hasSuffix("sses") || w.hasSuffix("shes") || w.hasSuffix("ches") || w.hasSuffix("xes") {
            w = String(w.dropLast(2))
        } else if n > 3, w.hasSuffix("s"), !w.hasSuffix("ss"), !w.hasSuffix("us"), !w.hasSuffix("is") {
            w = String(w.dropLast())
        }
        for suffix in ["ing", "ed", "ly"] where w.hasSuffix(suffix) && w.count - suffix.count >= 4 {
            w = String(w.dropLast(suffix.count))
            break
        }
        if w.hasSuffix("e"), w.count >= 5 { w = String(w.dropLast()) }
        return w
    }

    /// Whether an answer begins with a yes or a no (`Yes.`, `No, it does not.`).
    static func isYesNo(_ answerWords: [String]) -> Bool {
        guard let first = answerWords.first else { return false }
        return first == "yes" || first == "no"
    }

    /// Interrogative words, which open questions.
    static let interrogatives: Set<String> = [
        "what", "which", "how", "why", "when", "where", "who", "whom", "whose", "whether",
        "does", "do", "did", "is", "are", "was", "were", "can", "could", "should", "would", "will",
        "has", "have", "had", "may", "might", "must", "shall",
    ]

    /// Imperatives that open a request which counts as a question (`Describe …`, `List …`).
    static let imperatives: Set<String> = [
        "describe", "explain", "list", "name", "identify", "give", "state", "summarize", "summarise",
        "compare", "define", "outline", "discuss", "calculate", "determine", "estimate", "specify",
        "mention", "provide", "indicate", "tell", "contrast",
    ]

    /// English function words, interrogatives, number words and a few words every question about a
    /// paper uses (`paper`, `study`, `authors`): none of them says what an answer is about.
    static let stopwords: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as",
        "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can",
        "could", "did", "do", "does", "doing", "done", "down", "during", "each", "either", "else", "etc", "few",
        "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his",
        "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "may", "me", "might",
        "more", "most", "much", "must", "my", "neither", "no", "nor", "not", "of", "off", "on", "once", "one",
        "only", "or", "other", "our", "ours", "out", "over", "own", "per", "same", "shall", "she", "should",
        "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "then", "there", "these",
        "they", "this", "those", "through", "thus", "to", "too", "under", "until", "up", "upon", "us", "very",
        "via", "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom",
        "whose", "why", "will", "with", "within", "without", "would", "yes", "you", "your", "yours",
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "first", "second", "third",
        "paper", "study", "studies", "work", "article", "text", "passage", "author", "authors", "researchers",
        "according", "mentioned", "described", "reported", "used", "using", "use",
    ]
}
