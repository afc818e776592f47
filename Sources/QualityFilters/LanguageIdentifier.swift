/// The detector's answer for one text.
public struct LanguageGuess: Sendable, Hashable {
    /// An ISO 639-1 code, `other` for Latin-script text with enough words but none of the known
    /// languages' function words, or nil when the text has too little evidence to judge (a CIF
    /// rendering, a table, a formula list).
    public var language: String?
    /// For Latin script: the fraction of the evidence words that are function words of `language`
    /// (English prose: about 0.4; English methods sections: 0.3). For other scripts: the fraction of
    /// letters in that script. 0 when undetermined.
    public var score: Double
    /// The number of words (Latin script) or letters (other scripts) weighed.
    public var evidence: Int
}

/// A fast language detector that needs no model: Unicode script counts, then, for Latin-script
/// text, curated function-word profiles (`FunctionWords`) for en, de, fr, es, it, pt, nl, sv, pl.
///
/// Evidence words are tokens whose core (ASCII punctuation stripped at both ends) is letters only,
/// at least two of them, and either all lowercase or capitalized with at least three letters. So
/// element symbols (`In`, `Be`, `As`), acronyms (`XRD`, `SEM`), formulas (`Fe2O3`), numbers and
/// variables never count, and English science text scores as English on its function words alone.
/// A text with fewer than `minWords` evidence words, or whose evidence words are less than a quarter
/// of its words (a CIF rendering, a table, a formula list), is undetermined.
public struct LanguageIdentifier: Sendable {
    /// Languages the detector can answer, function-word languages first.
    public static let languages: [String] = FunctionWords.codes + Script.allCases.compactMap(\.language)

    /// Fewest evidence words for a Latin-script decision.
    public var minWords: Int
    /// Fewest letters for a decision in another script.
    public var minLetters: Int

    public init(minWords: Int = 10, minLetters: Int = 20) {
        self.minWords = minWords
        self.minLetters = minLetters
    }

    /// Guesses the language of `text`.
    public func identify(_ text: String) -> LanguageGuess {
        TextScan.withBytes(text) { p in
            var scripts = [Int](repeating: 0, count: Script.allCases.count)
            var hits = [Int](repeating: 0, count: FunctionWords.codes.count)
            var evidence = 0
            let table = FunctionWords.table
            var words = 0
            TextScan.forEachToken(p) { t in
                if !t.isSymbol { words += 1 }
                guard t.letters > 0 else { return }
                if !t.nonASCII {
                    scripts[Script.latin.rawValue] += t.letters
                } else {
                    var i = t.start
                    while i < t.end {
                        let (s, len) = TextScan.decode(p, i)
                        if s.isASCII ? TextScan.isASCIILetter(UInt8(s.value)) : s.properties.isAlphabetic {
                            scripts[Script.of(s.value).rawValue] += 1
                        }
                        i += len
                    }
                }
                guard t.letters >= 2, t.isLetterWord else { return }
                let h: UInt64
                if t.uppercase == 0 {
                    h = TextScan.hash(p, t.coreStart, t.coreEnd)
                } else if t.uppercase == 1, t.coreScalars >= 3 {
                    let first = p[t.coreStart]
                    if first < 0x80 {
                        guard TextScan.isUpperASCII(first) else { return }
                        h = Self.hashFoldingFirst(p, t.coreStart, t.coreEnd)
                    } else {
                        let (s, _) = TextScan.decode(p, t.coreStart)
                        guard s.properties.isUppercase else { return }
                        var lower = Array(String(decoding: UnsafeBufferPointer(rebasing: p[t.coreStart..<t.coreEnd]), as: UTF8.self).lowercased().utf8)
                        h = lower.withUnsafeMutableBufferPointer { TextScan.hash(UnsafeBufferPointer($0), 0, $0.count) }
                    }
                } else {
                    return
                }
                evidence += 1
                if var mask = table[h] {
                    while mask != 0 {
                        let bit = mask.trailingZeroBitCount
                        hits[bit] += 1
                        mask &= mask - 1
                    }
                }
            }
            return Self.decide(scripts: scripts, hits: hits, evidence: evidence, words: words, minWords: minWords, minLetters: minLetters)
        }
    }

    /// Evidence words must be at least this share of all words (tokens with a letter or digit) for
    /// a Latin-script decision: prose has 0.45–0.97 of them, a CIF rendering at most 0.12 (`occ`).
    static let minEvidenceShare = 0.25

    static func decide(scripts: [Int], hits: [Int], evidence: Int, words: Int, minWords: Int, minLetters: Int) -> LanguageGuess {
        let letters = scripts.reduce(0, +)
        guard letters > 0 else { return LanguageGuess(language: nil, score: 0, evidence: 0) }
        var dominant = 0
        for (i, n) in scripts.enumerated() where n > scripts[dominant] { dominant = i }
        let script = Script(rawValue: dominant)!
        if script != .latin {
            let count = scripts[dominant]
            guard count >= minLetters, var language = script.language else {
                return LanguageGuess(language: nil, score: 0, evidence: count)
            }
            let kana = scripts[Script.kana.rawValue]
            if script == .han, kana * 10 >= count { language = "ja" }
            return LanguageGuess(language: language, score: Double(count) / Double(letters), evidence: count)
        }
        guard evidence >= minWords, Double(evidence) >= minEvidenceShare * Double(words) else {
            return LanguageGuess(language: nil, score: 0, evidence: evidence)
        }
        var best = 0
        for (i, n) in hits.enumerated() where n > hits[best] { best = i }
        guard hits[best] > 0 else { return LanguageGuess(language: "other", score: 0, evidence: evidence) }
        return LanguageGuess(language: FunctionWords.codes[best], score: Double(hits[best]) / Double(evidence), evidence: evidence)
    }

    /// The word's hash with its first (ASCII capital) letter lowercased.
    @inline(__always) static func hashFoldingFirst(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        h = (h ^ UInt64(p[start] | 0x20)) &* 0x0000_0100_0000_01B3
        var i = start + 1
        while i < end { h = (h ^ UInt64(p[i])) &* 0x0000_0100_0000_01B3; i += 1 }
        return TextScan.mix(h)
    }
}
