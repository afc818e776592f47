/// Where sentences end in scientific prose.
///
/// A sentence ends after `.`, `!` or `?` (and any closing quotes or brackets right after it) when
/// whitespace and then a capital, a digit, an opening bracket or quote follows, or the text ends.
/// A period does not end a sentence after a common abbreviation (`Fig.`, `Eq.`, `et al.`, `e.g.`,
/// `i.e.`, `vs.`, `ca.`, `approx.`, `No.`, `Ref.`, `cf.`, `resp.`) or a single letter (`J. Smith`).
enum SentenceBoundaries {
    /// The indices just after each sentence end in `text`, in order (the last one may be `text.endIndex`).
    static func ends(in text: String) -> [String.Index] {
        var out: [String.Index] = []
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            guard c == "." || c == "!" || c == "?" else { i = text.index(after: i); continue }
            var end = text.index(after: i)
            while end < text.endIndex, Self.closers.contains(text[end]) { end = text.index(after: end) }
            defer { i = end }
            if c == ".", isAbbreviation(text, period: i) { continue }
            if end == text.endIndex {
                out.append(end)
                continue
            }
            guard text[end].isWhitespace else { continue }
            var next = end
            while next < text.endIndex, text[next].isWhitespace { next = text.index(after: next) }
            if next == text.endIndex {
                out.append(end)
            } else if let n = text[next].unicodeScalars.first,
                      n.properties.isUppercase || (n.value >= 48 && n.value <= 57) || Self.openers.contains(text[next]) {
                out.append(end)
            }
        }
        return out
    }

    /// The sentences of `text`, each without the whitespace around it.
    static func sentences(_ text: String) -> [Substring] {
        var out: [Substring] = []
        var start = text.startIndex
        for end in ends(in: text) + [text.endIndex] where start < end {
            let s = text[start..<end].trimmingWhitespace()
            if !s.isEmpty { out.append(s) }
            start = end
        }
        return out
    }

    private static let closers: Set<Character> = [")", "]", "\"", "'", "\u{201D}", "\u{2019}"]
    private static let openers: Set<Character> = ["(", "[", "\"", "'", "\u{201C}", "\u{2018}"]
    private static let abbreviations: Set<String> = [
        "fig", "figs", "eq", "eqs", "ref", "refs", "al", "e.g", "i.e", "vs", "ca", "approx", "no", "nos",
        "resp", "cf", "tab", "sect", "sec", "vol", "pp", "dr", "viz", "wt",
    ]

    /// Whether the period at `period` closes an abbreviation or an initial.
    private static func isAbbreviation(_ text: String, period: String.Index) -> Bool {
        var start = period
        while start > text.startIndex {
            let p = text.index(before: start)
            guard text[p].isLetter || text[p] == "." else { break }
            start = p
        }
        let word = text[start..<period].lowercased()
        if word.isEmpty { return false }
        if word.count == 1 { return text[start].isUppercase }
        return abbreviations.contains(word)
    }
}

extension Substring {
    /// The substring without leading and trailing whitespace.
    func trimmingWhitespace() -> Substring {
        var s = self
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return s
    }
}
