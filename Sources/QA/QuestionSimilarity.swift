/// How alike two questions are, and how much of a question is copied word for word from a text.
enum QuestionSimilarity {
    /// What a question asks, as a set: its key words (stopwords dropped, plurals and inflections
    /// stemmed, words with digits such as `tio2` kept as they are) and the class of its interrogative
    /// (`what`/`which`/`describe` are one class, `how`, `why`, `when`, `where`, `who` one each, and
    /// every auxiliary opener `does`/`is`/`can`… one yes/no class).
    static func signature(_ question: String) -> Set<String> {
        let words = GroundingTerms.words(question)
        var out = Set<String>()
        for w in words where !GroundingTerms.stopwords.contains(w) {
            if w.unicodeScalars.contains(where: GroundingTerms.isDigit) {
                out.insert(w)
            } else if w.unicodeScalars.count >= 2 {
                out.insert(GroundingTerms.stem(w))
            }
        }
        if let kind = interrogativeClass(words) { out.insert("?" + kind) }
        return out
    }

    /// The interrogative class of the first interrogative or imperative among a question's first
    /// three words, or nil.
    static func interrogativeClass(_ words: [String]) -> String? {
        for w in words.prefix(3) {
            switch w {
            case "what", "which": return "what"
            case "how", "why", "when", "where": return w
            case "who", "whom", "whose": return "who"
            default:
                if GroundingTerms.imperatives.contains(w) { return "what" }
                if GroundingTerms.interrogatives.contains(w) { return "yesno" }
            }
        }
        return nil
    }

    /// Jaccard similarity of two sets: 1 when both are empty.
    static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        if a.isEmpty && b.isEmpty { return 1 }
        let shared = a.intersection(b).count
        return Double(shared) / Double(a.count + b.count - shared)
    }

    /// The longest run of consecutive words of `a` that also appears consecutively in `b`: its length
    /// and where it starts in each (the first such run in `a`).
    static func longestRun(_ a: [String], in b: [String]) -> (length: Int, aStart: Int, bStart: Int) {
        guard !a.isEmpty, !b.isEmpty else { return (0, 0, 0) }
        var best = (length: 0, aStart: 0, bStart: 0)
        var previous = [Int](repeating: 0, count: b.count + 1)
        var current = previous
        for i in 1...a.count {
            for j in 1...b.count {
                current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : 0
                if current[j] > best.length { best = (current[j], i - current[j], j - current[j]) }
            }
            swap(&previous, &current)
        }
        return best
    }
}
