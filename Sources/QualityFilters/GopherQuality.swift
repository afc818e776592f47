import CorpusCore

/// The thresholds of `gopher_quality`. Every rule is Gopher's (Rae et al. 2021, appendix A;
/// datatrove's `GopherQualityFilter`), measured on whitespace-separated words; the defaults differ
/// where Gopher's drop science text (see the README section "Quality filters" for the measurements).
/// A threshold of 0 turns its rule off.
public struct GopherQualityThresholds: Sendable, Hashable {
    /// Fewest words (tokens with a letter or a digit). Gopher: 50. Ours: 20, because a CIF text
    /// rendering of a small cell has 32 words and short abstracts have 30–50; `length_filter` is the
    /// place for a length policy.
    public var minWords = 20
    /// Most words. Gopher: 100,000 (the longest fixture paper has 26,000).
    public var maxWords = 100_000
    /// Mean word length (scalars, ASCII punctuation at both ends not counted) at least this.
    /// Gopher: 3. Ours: 2, because a CIF rendering's element symbols, multiplicities and axis
    /// names give means of 2.7–3.4.
    public var minMeanWordLength = 2.0
    /// Mean word length at most this. Gopher: 10. Ours: 12 (long formulas and compound names).
    public var maxMeanWordLength = 12.0
    /// Most `#` per word; Markdown heading markers at the start of a line are not counted. Gopher: 0.1.
    public var maxHashRatio = 0.1
    /// Most ellipses (`...`, `…`) per word. Gopher: 0.1.
    public var maxEllipsisRatio = 0.1
    /// Largest fraction of non-blank lines that start with a bullet (`•`, `‣`, `◦`, `▪`, `●`, or `-`/`*`
    /// followed by a space). Gopher: 0.9.
    public var maxBulletLinesRatio = 0.9
    /// Largest fraction of non-blank lines that end with an ellipsis. Gopher: 0.3.
    public var maxEllipsisLinesRatio = 0.3
    /// Smallest fraction of words that contain a letter. Gopher: 0.8 (of all tokens, punctuation
    /// included). Ours: 0.25 of words, because numbers are content in science: a pipe table of
    /// measurements or a CIF rendering's site rows (`O1 O 8 (0.1361, 0.2001, 0.2377)`: one word in
    /// three has a letter) are not junk. Datatrove's default drops 69% of the fixture papers here.
    public var minAlphaWordsRatio = 0.25
    /// Fewest occurrences of Gopher's stop words (the, be, to, of, and, that, have, with; any case).
    /// Gopher: 2.
    public var minStopWords = 2
    /// The stop-word rule applies only to documents with at least this many prose words (letters
    /// only, lowercase or capitalized, at least 2 letters, `Fe` and `In` excluded) that are also at
    /// least a quarter of all words. Gopher applies it to every document; a CIF rendering or a
    /// formula table has no prose to hold stop words (at most 12% of a fixture CIF rendering's words
    /// are prose, such as `occ`; at least 45% of a paper's).
    public var stopWordsMinProseWords = 50

    public init() {}
}

/// What `GopherQuality.measure` finds in a text: the numbers every rule compares with its threshold.
public struct GopherQualityMeasures: Sendable, Hashable {
    public var words = 0
    public var meanWordLength = 0.0
    public var hashRatio = 0.0
    public var ellipsisRatio = 0.0
    public var bulletLinesRatio = 0.0
    public var ellipsisLinesRatio = 0.0
    public var alphaWordsRatio = 0.0
    public var stopWords = 0
    public var proseWords = 0
}

/// Stage `gopher_quality`: drops documents that fail one of Gopher's quality rules, with thresholds
/// tuned so that formula- and number-heavy science text passes. Reasons: `gopher_too_few_words`,
/// `gopher_too_many_words`, `gopher_short_mean_word_length`, `gopher_long_mean_word_length`,
/// `gopher_too_many_hashes`, `gopher_too_many_ellipses`, `gopher_too_many_bullet_lines`,
/// `gopher_too_many_ellipsis_lines`, `gopher_too_few_alpha_words`, `gopher_too_few_stop_words`.
public struct GopherQualityFilter: Stage {
    public let name = "gopher_quality"
    public var thresholds: GopherQualityThresholds

    public init(thresholds: GopherQualityThresholds = GopherQualityThresholds()) {
        self.thresholds = thresholds
    }

    public mutating func process(_ document: Document, into output: inout StageOutput) throws {
        if let reason = Self.verdict(document.text, thresholds) {
            output.drop(document, reason: reason)
        } else {
            output.emit(document)
        }
    }

    /// The first rule `text` fails, or nil when it passes them all.
    public static func verdict(_ text: String, _ t: GopherQualityThresholds) -> DropReason? {
        let m = measure(text)
        if t.minWords > 0, m.words < t.minWords { return "gopher_too_few_words" }
        if t.maxWords > 0, m.words > t.maxWords { return "gopher_too_many_words" }
        if t.minMeanWordLength > 0, m.meanWordLength < t.minMeanWordLength { return "gopher_short_mean_word_length" }
        if t.maxMeanWordLength > 0, m.meanWordLength > t.maxMeanWordLength { return "gopher_long_mean_word_length" }
        if t.maxHashRatio > 0, m.hashRatio > t.maxHashRatio { return "gopher_too_many_hashes" }
        if t.maxEllipsisRatio > 0, m.ellipsisRatio > t.maxEllipsisRatio { return "gopher_too_many_ellipses" }
        if t.maxBulletLinesRatio > 0, m.bulletLinesRatio > t.maxBulletLinesRatio { return "gopher_too_many_bullet_lines" }
        if t.maxEllipsisLinesRatio > 0, m.ellipsisLinesRatio > t.maxEllipsisLinesRatio { return "gopher_too_many_ellipsis_lines" }
        if t.minAlphaWordsRatio > 0, m.alphaWordsRatio < t.minAlphaWordsRatio { return "gopher_too_few_alpha_words" }
        if t.minStopWords > 0, m.proseWords >= t.stopWordsMinProseWords, Double(m.proseWords) >= 0.25 * Double(m.words),
           m.stopWords < t.minStopWords {
            return "gopher_too_few_stop_words"
        }
        return nil
    }

    /// Measures `text` in one pass over its words and one over its lines.
    public static func measure(_ text: String) -> GopherQualityMeasures {
        TextScan.withBytes(text) { p in
            var m = GopherQualityMeasures()
            var lengthSum = 0, alpha = 0, hashes = 0, ellipses = 0
            TextScan.forEachToken(p) { t in
                if t.isSymbol {
                    ellipses += countEllipses(p, t.start, t.end)
                    hashes += countHashes(p, t.start, t.end)
                    return
                }
                m.words += 1
                lengthSum += t.coreScalars > 0 ? t.coreScalars : t.scalars
                if t.letters > 0 { alpha += 1 }
                hashes += countHashes(p, t.start, t.end)
                if t.letters >= 2, t.isLetterWord {
                    let len = t.coreEnd - t.coreStart
                    let capitalized = t.uppercase == 1 && TextScan.isUpperASCII(p[t.coreStart])
                    if t.uppercase == 0 || (capitalized && t.coreScalars >= 3) {
                        m.proseWords += 1
                        if len <= 4, !t.nonASCII, isGopherStopWord(p, t.coreStart, t.coreEnd) { m.stopWords += 1 }
                    }
                }
                if t.nonASCII || t.coreEnd < t.end { ellipses += countEllipses(p, t.start, t.end) }
            }
            var lines = 0, bullets = 0, ellipsisLines = 0, headingHashes = 0
            TextScan.forEachLine(p) { s, e in
                lines += 1
                let b = p[s]
                if b == UInt8(ascii: "#") {
                    var k = s
                    while k < e, p[k] == UInt8(ascii: "#") { k += 1 }
                    if k < e, p[k] == UInt8(ascii: " ") { headingHashes += k - s }
                } else if (b == UInt8(ascii: "-") || b == UInt8(ascii: "*")), s + 1 < e, p[s + 1] == UInt8(ascii: " ") {
                    bullets += 1
                } else if b == 0xE2, s + 2 < e, isBulletScalar(p[s + 1], p[s + 2]) {
                    bullets += 1
                }
                if e - s >= 3, p[e - 1] == UInt8(ascii: "."), p[e - 2] == UInt8(ascii: "."), p[e - 3] == UInt8(ascii: ".") {
                    ellipsisLines += 1
                } else if e - s >= 3, p[e - 3] == 0xE2, p[e - 2] == 0x80, p[e - 1] == 0xA6 {
                    ellipsisLines += 1
                }
            }
            if m.words > 0 {
                let w = Double(m.words)
                m.meanWordLength = Double(lengthSum) / w
                m.alphaWordsRatio = Double(alpha) / w
                m.hashRatio = Double(hashes - headingHashes) / w
                m.ellipsisRatio = Double(ellipses) / w
            }
            if lines > 0 {
                m.bulletLinesRatio = Double(bullets) / Double(lines)
                m.ellipsisLinesRatio = Double(ellipsisLines) / Double(lines)
            }
            return m
        }
    }


    /// `•` U+2022, `‣` U+2023, `●` U+25CF, `◦` U+25E6, `▪` U+25AA, after the lead byte E2.
    @inline(__always) static func isBulletScalar(_ b1: UInt8, _ b2: UInt8) -> Bool {
        (b1 == 0x80 && (b2 == 0xA2 || b2 == 0xA3)) || (b1 == 0x97 && (b2 == 0x8F || b2 == 0xA6)) || (b1 == 0x96 && b2 == 0xAA)
    }

    @inline(__always) static func countHashes(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int {
        var n = 0
        var i = s
        while i < e { if p[i] == UInt8(ascii: "#") { n += 1 }; i += 1 }
        return n
    }

    /// `...` (non-overlapping) and `…` in `p[s..<e]`.
    @inline(__always) static func countEllipses(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int {
        var n = 0, dots = 0
        var i = s
        while i < e {
            let b = p[i]
            if b == UInt8(ascii: ".") {
                dots += 1
                if dots == 3 { n += 1; dots = 0 }
            } else {
                dots = 0
                if b == 0xE2, i + 2 < e, p[i + 1] == 0x80, p[i + 2] == 0xA6 { n += 1; i += 2 }
            }
            i += 1
        }
        return n
    }

    /// Gopher's stop words, any case: the, be, to, of, and, that, have, with.
    @inline(__always) static func isGopherStopWord(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        var w: UInt32 = 0
        var i = s
        while i < e { w = w << 8 | UInt32(p[i] | 0x20); i += 1 }
        switch e - s {
        case 2: return w == 0x6265 || w == 0x746F || w == 0x6F66  // be, to, of
        case 3: return w == 0x74_6865 || w == 0x61_6E64  // the, and
        case 4: return w == 0x7468_6174 || w == 0x6861_7665 || w == 0x7769_7468  // that, have, with
        default: return false
        }
    }
}
