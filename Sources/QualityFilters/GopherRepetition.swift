import CorpusCore

/// The thresholds of `gopher_repetition`: Gopher's repetition rules (Rae et al. 2021, table A1;
/// datatrove's `GopherRepetitionFilter`). Fractions of characters are of the whole text's
/// characters, as in datatrove. A threshold of 0 turns its rule off.
public struct GopherRepetitionThresholds: Sendable, Hashable {
    /// Largest fraction of lines that repeat an earlier line. Gopher: 0.3.
    public var dupLineFraction = 0.3
    /// Largest fraction of paragraphs that repeat an earlier paragraph. Gopher: 0.3.
    public var dupParagraphFraction = 0.3
    /// Largest fraction of characters in repeated lines. Gopher: 0.2.
    public var dupLineCharFraction = 0.2
    /// Largest fraction of characters in repeated paragraphs. Gopher: 0.2.
    public var dupParagraphCharFraction = 0.2
    /// For n = 2, 3, 4: largest fraction of characters covered by the most frequent n-gram.
    /// Gopher: 0.20, 0.18, 0.16 (kept).
    public var topNGramFractions: [Int: Double] = [2: 0.20, 3: 0.18, 4: 0.16]
    /// For n = 5 … 10: largest fraction of characters in n-grams that repeat an earlier one.
    /// Gopher: 0.15 … 0.10. Ours: 0.40 … 0.30, because methods sections are formulaic
    /// ("General procedure for … The sulfide (1 mmol) was added to …" twice with other amounts):
    /// fixture papers reach 0.20 and annotated synthesis paragraphs 0.29.
    public var dupNGramFractions: [Int: Double] = [5: 0.40, 6: 0.38, 7: 0.36, 8: 0.34, 9: 0.32, 10: 0.30]
    /// Count n-grams that contain a number or symbol-only token. Gopher does; ours does not by
    /// default, because repeated numbers are data (CIF site rows `O O 8 (0.0000, …`, table columns),
    /// not repeated prose. Symbol-only tokens (`|`, `=`, `±`) are never part of n-grams.
    public var numericNGrams = false

    public init() {}
}

/// Stage `gopher_repetition`: drops documents with too many repeated lines, paragraphs or n-grams.
/// Reasons: `gopher_dup_paragraphs`, `gopher_dup_paragraph_chars`, `gopher_dup_lines`,
/// `gopher_dup_line_chars`, `gopher_top_N_gram` (N = 2…4), `gopher_dup_N_grams` (N = 5…10).
public struct GopherRepetitionFilter: Stage {
    public let name = "gopher_repetition"
    public var thresholds: GopherRepetitionThresholds
    // Scratch storage kept between documents.
    private var table = HashCounter()
    private var wordHashes: [UInt64] = []
    private var wordLengths: [Int] = []
    private var eligible: [Bool] = []
    private var gramHashes: [UInt64] = []
    private var gramEligible: [Bool] = []
    private var lengthPrefix: [Int] = []

    public init(thresholds: GopherRepetitionThresholds = GopherRepetitionThresholds()) {
        self.thresholds = thresholds
    }

    public mutating func process(_ document: Document, into output: inout StageOutput) throws {
        if let reason = verdict(document.text) {
            output.drop(document, reason: reason)
        } else {
            output.emit(document)
        }
    }

    /// The first rule `text` fails, or nil.
    public mutating func verdict(_ text: String) -> DropReason? {
        let t = thresholds
        return TextScan.withBytes(text) { p -> DropReason? in
            let total = Double(max(1, TextScan.scalarCount(p, 0, p.count)))
            // Paragraphs.
            if t.dupParagraphFraction > 0 || t.dupParagraphCharFraction > 0 {
                let paragraphs = TextScan.paragraphs(p)
                table.reset(expected: paragraphs.count)
                var n = 0, dup = 0, dupChars = 0
                for r in paragraphs {
                    n += 1
                    if table.increment(TextScan.hash(p, r.lowerBound, r.upperBound)) > 1 {
                        dup += 1
                        dupChars += TextScan.scalarCount(p, r.lowerBound, r.upperBound)
                    }
                }
                if t.dupParagraphFraction > 0, n > 0, Double(dup) / Double(n) > t.dupParagraphFraction { return "gopher_dup_paragraphs" }
                if t.dupParagraphCharFraction > 0, Double(dupChars) / total > t.dupParagraphCharFraction { return "gopher_dup_paragraph_chars" }
            }
            // Lines.
            if t.dupLineFraction > 0 || t.dupLineCharFraction > 0 {
                var newlines = 0
                for b in p where b == 0x0A { newlines += 1 }
                table.reset(expected: newlines + 1)
                var n = 0, dup = 0, dupChars = 0
                TextScan.forEachLine(p) { s, e in
                    n += 1
                    if table.increment(TextScan.hash(p, s, e)) > 1 {
                        dup += 1
                        dupChars += TextScan.scalarCount(p, s, e)
                    }
                }
                if t.dupLineFraction > 0, n > 0, Double(dup) / Double(n) > t.dupLineFraction { return "gopher_dup_lines" }
                if t.dupLineCharFraction > 0, Double(dupChars) / total > t.dupLineCharFraction { return "gopher_dup_line_chars" }
            }
            // Words: symbol-only tokens left out; numbers kept but make their n-grams ineligible.
            wordHashes.removeAll(keepingCapacity: true)
            wordLengths.removeAll(keepingCapacity: true)
            eligible.removeAll(keepingCapacity: true)
            let numeric = t.numericNGrams
            TextScan.forEachToken(p) { tok in
                if tok.isSymbol, !numeric { return }
                wordHashes.append(TextScan.hash(p, tok.start, tok.end))
                wordLengths.append(tok.scalars)
                eligible.append(numeric || tok.letters > 0)
            }
            // n-gram hashes for n = 2, 3, … built in place from those for n - 1: one mix per window.
            let maxN = max(t.topNGramFractions.keys.max() ?? 0, t.dupNGramFractions.keys.max() ?? 0)
            guard maxN >= 2 else { return nil }
            gramHashes.removeAll(keepingCapacity: true)
            // Seeded and mixed first, so that `a b` and `b a`, or `a a` and `b b`, do not collide.
            for h in wordHashes { gramHashes.append(TextScan.mix(h ^ 0x5851_F42D_4C95_7F2D)) }
            gramEligible.removeAll(keepingCapacity: true)
            gramEligible.append(contentsOf: eligible)
            lengthPrefix.removeAll(keepingCapacity: true)
            lengthPrefix.append(0)
            for l in wordLengths { lengthPrefix.append(lengthPrefix.last! + l) }
            for n in 2...maxN {
                let windows = wordHashes.count - n + 1
                guard windows > 0 else { break }
                for i in 0..<windows {
                    gramHashes[i] = TextScan.mix(gramHashes[i] ^ wordHashes[i + n - 1])
                    gramEligible[i] = gramEligible[i] && eligible[i + n - 1]
                }
                if let limit = t.topNGramFractions[n], limit > 0,
                   Double(topNGramChars(n, windows)) / total > limit { return DropReason("gopher_top_\(n)_gram") }
                if let limit = t.dupNGramFractions[n], limit > 0,
                   Double(duplicateNGramChars(n, windows)) / total > limit { return DropReason("gopher_dup_\(n)_grams") }
            }
            return nil
        }
    }

    /// Characters of the most frequent n-gram times its count (words joined by one space), when it
    /// occurs more than once; else 0. `gramHashes[0..<windows]` hold the n-grams' hashes.
    private mutating func topNGramChars(_ n: Int, _ windows: Int) -> Int {
        table.reset(expected: windows)
        var best = 1, bestStart = -1
        for i in 0..<windows where gramEligible[i] {
            let c = table.increment(gramHashes[i])
            if c > best { best = c; bestStart = i }
        }
        guard bestStart >= 0 else { return 0 }
        return (lengthPrefix[bestStart + n] - lengthPrefix[bestStart] + n - 1) * best
    }

    /// Characters (words joined without spaces, as datatrove counts) of the n-grams that repeat an
    /// earlier n-gram, scanning left to right and jumping past each repeat.
    private mutating func duplicateNGramChars(_ n: Int, _ windows: Int) -> Int {
        table.reset(expected: windows)
        var chars = 0
        var i = 0
        while i < windows {
            guard gramEligible[i] else { i += 1; continue }
            if table.increment(gramHashes[i]) == 1 {
                i += 1
            } else {
                chars += lengthPrefix[i + n] - lengthPrefix[i]
                i += n
            }
        }
        return chars
    }
}
