import CorpusCore

/// Stage `boilerplate_remove`: removes boilerplate paragraphs (copyright lines, competing-interest
/// declarations, funding and author-contribution statements) and keeps the rest of the document.
///
/// Paragraphs are separated by blank lines. A paragraph matches when it is at most
/// `maxParagraphChars` long and begins with a pattern's phrase, or contains a `*` pattern's phrase.
/// A heading matches when its title begins with a phrase. A short phrase (one or two words, such as
/// `funding` or `competing interests`) is a label: in a paragraph it must stand alone or be followed
/// by `:`, `.` or a dash (`Funding: …`), so `Funding agencies aside, …` stays; a phrase of three or
/// more words (`this work was supported by`) or one ending in a symbol (`©`) is a sentence start. A matching
/// Markdown heading (`## Funding`) removes its whole section, up to the next heading of the same or
/// a higher level; a matching paragraph that is nothing but the phrase (a plain-text heading,
/// `Author contributions`) removes the paragraph after it too. A section ends early at a figure or
/// table caption. A `*` pattern only matches paragraphs of at most 200 characters that are not
/// captions, so a caption that credits a photograph (`Copyright 2004. All rights reserved.`) stays. Tallies `boilerplate` by pattern kind
/// (one count per removed paragraph); drops a document with reason `boilerplate_only` when nothing
/// is left.
public struct BoilerplateRemover: Stage {
    public let name = "boilerplate_remove"
    public var patterns: [BoilerplatePattern]
    public var maxParagraphChars: Int

    public init(patterns: [BoilerplatePattern], maxParagraphChars: Int = 1500) {
        self.patterns = patterns
        self.maxParagraphChars = maxParagraphChars
    }

    /// Parses pattern strings (`"kind: phrase"`); throws `FilterError.emptyPattern`.
    public init(patternStrings: [String] = BoilerplatePattern.defaultPatterns, maxParagraphChars: Int = 1500) throws {
        self.init(patterns: try patternStrings.map(BoilerplatePattern.init(parsing:)), maxParagraphChars: maxParagraphChars)
    }

    public mutating func process(_ document: Document, into output: inout StageOutput) throws {
        let (text, removed) = clean(document.text)
        if removed.isEmpty { return output.emit(document) }
        for (kind, n) in removed { output.tally("boilerplate", kind, by: n) }
        if text.isEmpty { return output.drop(document, reason: "boilerplate_only") }
        var kept = document
        kept.text = text
        output.emit(kept)
    }

    /// The text without its boilerplate paragraphs (kept ones joined by a blank line), and the
    /// number of removed paragraphs by kind. The text is returned unchanged when nothing matches.
    public func clean(_ text: String) -> (text: String, removed: [String: Int]) {
        TextScan.withBytes(text) { p in
            let paragraphs = TextScan.paragraphs(p)
            var keep = [Bool](repeating: true, count: paragraphs.count)
            var removed: [String: Int] = [:]
            var i = 0
            while i < paragraphs.count {
                let r = paragraphs[i]
                guard let m = match(p, r) else { i += 1; continue }
                keep[i] = false
                removed[m.kind, default: 0] += 1
                i += 1
                if m.headingLevel > 0 {
                    // The section under the heading.
                    while i < paragraphs.count {
                        let level = Self.headingLevel(p, paragraphs[i])
                        if level > 0, level <= m.headingLevel { break }
                        if level == 0, TextScan.scalarCount(p, paragraphs[i].lowerBound, paragraphs[i].upperBound) > maxParagraphChars { break }
                        if level == 0, Self.isFloatCaption(p, paragraphs[i]) { break }
                        keep[i] = false
                        removed[m.kind, default: 0] += 1
                        i += 1
                    }
                } else if m.wholeParagraph, i < paragraphs.count, Self.headingLevel(p, paragraphs[i]) == 0,
                          TextScan.scalarCount(p, paragraphs[i].lowerBound, paragraphs[i].upperBound) <= maxParagraphChars {
                    keep[i] = false
                    removed[m.kind, default: 0] += 1
                    i += 1
                }
            }
            if removed.isEmpty { return (text, removed) }
            var out: [UInt8] = []
            out.reserveCapacity(p.count)
            for (k, r) in paragraphs.enumerated() where keep[k] {
                if !out.isEmpty { out.append(0x0A); out.append(0x0A) }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: p[r]))
            }
            return (String(decoding: out, as: UTF8.self), removed)
        }
    }

    struct Match {
        var kind: String
        var headingLevel: Int
        var wholeParagraph: Bool
    }

    /// The Markdown heading level of a paragraph (`## Title` → 2), 0 when it is not a heading.
    static func headingLevel(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int {
        var k = r.lowerBound
        while k < r.upperBound, p[k] == UInt8(ascii: "#") { k += 1 }
        let level = k - r.lowerBound
        return level > 0 && level <= 6 && k < r.upperBound && p[k] == UInt8(ascii: " ") ? level : 0
    }

    func match(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Match? {
        let level = Self.headingLevel(p, r)
        if level == 0, TextScan.scalarCount(p, r.lowerBound, r.upperBound) > maxParagraphChars { return nil }
        // Start of the words: after heading markers and a section number.
        var s = r.lowerBound + (level > 0 ? level + 1 : 0)
        while s < r.upperBound, p[s] == UInt8(ascii: " ") { s += 1 }
        s = Self.skipSectionNumber(p, s, r.upperBound)
        for pattern in patterns {
            if pattern.anywhere {
                if level == 0, TextScan.scalarCount(p, r.lowerBound, r.upperBound) <= Self.anywhereMaxChars, !Self.isFloatCaption(p, r),
                   Self.contains(p, s, r.upperBound, pattern.phrase) {
                    return Match(kind: pattern.kind, headingLevel: 0, wholeParagraph: false)
                }
                continue
            }
            guard let end = Self.prefixEnd(p, s, r.upperBound, pattern.phrase) else { continue }
            // What follows the phrase: nothing but punctuation for a heading-like paragraph.
            var k = end
            while k < r.upperBound, p[k] == UInt8(ascii: ":") || p[k] == UInt8(ascii: ".") || TextScan.isSpace(p[k]) { k += 1 }
            let whole = k == r.upperBound
            if level == 0, !pattern.isSentence, !whole, !Self.isLabelEnd(p, end, r.upperBound) { continue }
            return Match(kind: pattern.kind, headingLevel: level, wholeParagraph: whole)
        }
        return nil
    }

    /// After a label phrase in a paragraph: optional spaces, then `:`, `.`, `—`, `–` or ` - `
    /// (`Funding: …`, `Competing interests. …`).
    static func isLabelEnd(_ p: UnsafeBufferPointer<UInt8>, _ end: Int, _ e: Int) -> Bool {
        var k = end
        while k < e, p[k] == UInt8(ascii: " ") { k += 1 }
        guard k < e else { return true }
        let b = p[k]
        if b == UInt8(ascii: ":") || b == UInt8(ascii: ".") { return true }
        if b == UInt8(ascii: "-") { return k > end }
        return b == 0xE2 && k + 2 < e && p[k + 1] == 0x80 && (p[k + 2] == 0x93 || p[k + 2] == 0x94)
    }

    /// `*` patterns only match paragraphs up to this long: a copyright line, never a caption or a
    /// paragraph that quotes a licence.
    static let anywhereMaxChars = 200

    /// A figure or table caption (`Figure 5. …`, `Fig. 2 …`, `Table 1 …`): never boilerplate, and the
    /// end of a boilerplate section that a float follows.
    static func isFloatCaption(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        for word in Self.captionWords where prefixEnd(p, r.lowerBound, r.upperBound, word) != nil { return true }
        return false
    }

    static let captionWords: [[UInt8]] = ["figure", "fig.", "table", "scheme"].map { Array($0.utf8) }

    /// Skips `5. `, `5.1 `, `A. `, `IV. ` at `s`.
    static func skipSectionNumber(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int {
        var k = s
        var sawDigit = false
        while k < e, TextScan.isASCIIDigit(p[k]) || p[k] == UInt8(ascii: ".") { sawDigit = sawDigit || p[k] != UInt8(ascii: "."); k += 1 }
        if sawDigit, k < e, p[k] == UInt8(ascii: " ") { return k + 1 }
        // One capital letter or a short Roman numeral followed by ". ".
        k = s
        while k < e, k - s < 4, "IVXA".utf8.contains(p[k]) || (k == s && TextScan.isUpperASCII(p[k])) { k += 1 }
        if k > s, k + 1 < e, p[k] == UInt8(ascii: "."), p[k + 1] == UInt8(ascii: " ") { return k + 2 }
        return s
    }

    /// The end of `phrase` when `p[s...]` starts with it (ASCII case ignored) at a word boundary.
    @inline(__always) static func prefixEnd(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ phrase: [UInt8]) -> Int? {
        guard e - s >= phrase.count else { return nil }
        for (j, c) in phrase.enumerated() {
            var b = p[s + j]
            if b &- UInt8(ascii: "A") < 26 { b |= 0x20 }
            if b != c { return nil }
        }
        let end = s + phrase.count
        if let last = phrase.last, TextScan.isASCIILetter(last) || TextScan.isASCIIDigit(last),
           end < e, TextScan.isASCIILetter(p[end]) || TextScan.isASCIIDigit(p[end]) { return nil }
        return end
    }

    /// Whether `p[s..<e]` contains `phrase` (ASCII case ignored).
    static func contains(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ phrase: [UInt8]) -> Bool {
        guard let first = phrase.first, e - s >= phrase.count else { return false }
        var i = s
        while i + phrase.count <= e {
            var b = p[i]
            if b &- UInt8(ascii: "A") < 26 { b |= 0x20 }
            if b == first, prefixEnd(p, i, e, phrase) != nil { return true }
            i += 1
        }
        return false
    }
}
