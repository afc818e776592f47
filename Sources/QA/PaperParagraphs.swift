import CorpusCore

/// One paragraph of a paper document.
public struct PaperParagraph: Sendable, Hashable {
    public var text: String
    /// The heading path above it, e.g. "Results and discussion > Corrosion", or "" before any heading.
    /// The document title (a level-1 `#` heading) is not part of it.
    public var section: String
    /// UTF-8 byte offsets of the paragraph in the document text: text.utf8[start..<end] == paragraph text.
    public var byteStart: Int
    public var byteEnd: Int
    /// Index among the document's paragraphs (0-based, counting every paragraph, chosen or not).
    public var index: Int

    /// A paragraph at `byteStart..<byteEnd` of its document.
    public init(text: String, section: String, byteStart: Int, byteEnd: Int, index: Int) {
        self.text = text
        self.section = section
        self.byteStart = byteStart
        self.byteEnd = byteEnd
        self.index = index
    }
}

/// Which paragraphs of a document QA pairs are generated from.
///
/// In JSON every field is optional (snake_case keys); a missing one takes its default.
public struct ParagraphSelection: Sendable, Hashable, Codable {
    /// Fewest characters of an eligible paragraph. Default 300.
    public var minimumCharacters: Int
    /// Most characters: a longer paragraph is cut at its last sentence end within this many
    /// characters (it keeps its start offset and index), or skipped when that leaves fewer than
    /// `minimumCharacters`. Default 2000.
    public var maximumCharacters: Int
    /// At most this many paragraphs per document; 0 (or less): every eligible one. Default 2.
    public var perDocument: Int
    /// Sections whose heading (at any level of the path) contains one of these, ignoring case, are skipped.
    public var skipSections: [String]
    /// Which eligible paragraphs are chosen is a function of (seed, document id) alone. Default 0.
    public var seed: UInt64

    /// The sections skipped by default: back matter and lists.
    public static let defaultSkipSections = [
        "references", "acknowledg", "funding", "author contributions", "declaration", "conflict",
        "data availability", "supplementary", "abbreviations",
    ]

    /// A selection with the documented defaults, or the values given.
    public init(minimumCharacters: Int = 300, maximumCharacters: Int = 2000, perDocument: Int = 2,
                skipSections: [String] = ParagraphSelection.defaultSkipSections, seed: UInt64 = 0) {
        self.minimumCharacters = minimumCharacters
        self.maximumCharacters = maximumCharacters
        self.perDocument = perDocument
        self.skipSections = skipSections
        self.seed = seed
    }

    enum CodingKeys: String, CodingKey {
        case minimumCharacters = "minimum_characters", maximumCharacters = "maximum_characters"
        case perDocument = "per_document", skipSections = "skip_sections", seed
    }

    /// Decodes the fields present; the others take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ParagraphSelection()
        minimumCharacters = try c.decodeIfPresent(Int.self, forKey: .minimumCharacters) ?? d.minimumCharacters
        maximumCharacters = try c.decodeIfPresent(Int.self, forKey: .maximumCharacters) ?? d.maximumCharacters
        perDocument = try c.decodeIfPresent(Int.self, forKey: .perDocument) ?? d.perDocument
        skipSections = try c.decodeIfPresent([String].self, forKey: .skipSections) ?? d.skipSections
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
    }
}

/// Paragraphs of paper documents (markdown-like text: `# Title`, `##`/`###` headings, paragraphs
/// separated by blank lines, `- ` bullet lines, `|` table rows), and the ones chosen for QA.
public enum PaperParagraphs {
    /// Every paragraph with its section (headings themselves are not paragraphs; bullet runs are one paragraph).
    ///
    /// A paragraph is a run of non-blank lines, from its first non-space character to its last one;
    /// a heading line (up to three spaces, one to six `#`, then a space or the line's end) ends it.
    /// Bullet lines (`- `, `* `, `+ `, `• `) separated only by blank lines form one paragraph.
    public static func split(_ text: String) -> [PaperParagraph] {
        let bytes = Array(text.utf8)
        var blocks: [(start: Int, end: Int, bullets: Bool, section: String, headings: Int)] = []
        var path: [(level: Int, title: String)] = []
        var headings = 0
        var open: (start: Int, end: Int, bullets: Bool)?

        func close() {
            guard let b = open else { return }
            let section = path.map(\.title).joined(separator: " > ")
            if b.bullets, let last = blocks.last, last.bullets, last.headings == headings {
                blocks[blocks.count - 1].end = b.end
            } else {
                blocks.append((b.start, b.end, b.bullets, section, headings))
            }
            open = nil
        }

        var lineStart = 0
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var first = lineStart
            while first < lineEnd, isSpace(bytes[first]) { first += 1 }
            var last = lineEnd
            while last > first, isSpace(bytes[last - 1]) { last -= 1 }
            if first == last {
                close()
            } else if let (level, title) = heading(bytes, lineStart, first, last) {
                close()
                headings += 1
                if level == 1 {
                    path.removeAll()
                } else {
                    path.removeAll { $0.level >= level }
                    path.append((level, title))
                }
            } else {
                let bullet = isBullet(bytes, first, last)
                if var b = open {
                    b.end = last
                    b.bullets = b.bullets && bullet
                    open = b
                } else {
                    open = (first, last, bullet)
                }
            }
            lineStart = lineEnd + 1
        }
        close()
        return blocks.enumerated().map { k, b in
            PaperParagraph(text: String(decoding: bytes[b.start..<b.end], as: UTF8.self), section: b.section,
                           byteStart: b.start, byteEnd: b.end, index: k)
        }
    }

    /// The eligible paragraphs chosen for QA, in document order.
    ///
    /// Eligible paragraphs are those without a `skipReason` (cut to `maximumCharacters` where they
    /// are longer). When there are more than `perDocument`, the ones kept are those with the smallest
    /// XXH64 of (document id, paragraph index) under `seed`: a deterministic choice that changes
    /// with the seed and does not depend on the other paragraphs' text.
    public static func select(from text: String, documentID: String, selection: ParagraphSelection) -> [PaperParagraph] {
        var eligible: [PaperParagraph] = []
        for p in split(text) {
            if let cut = fitted(p, selection: selection) { eligible.append(cut) }
        }
        guard selection.perDocument > 0, eligible.count > selection.perDocument else { return eligible }
        let ranked = eligible.map { (rank: rank($0.index, documentID, selection.seed), paragraph: $0) }
            .sorted { ($0.rank, $0.paragraph.index) < ($1.rank, $1.paragraph.index) }
        return ranked.prefix(selection.perDocument).map(\.paragraph).sorted { $0.index < $1.index }
    }

    /// Why a paragraph is not eligible, or nil (stable strings, checked in this order):
    /// - `skipped_section`: its section path contains one of `skipSections` (ignoring case);
    /// - `caption`: it opens like a figure or table caption (`Fig. 2.`, `Figure 3:`, `Table S1.`, `Scheme 1.`);
    /// - `not_prose`: table rows (`|`) make up half its lines or more, a quarter or more of its lines
    ///   hold no letter, or letters are under 60% of its non-space characters;
    /// - `too_short`: fewer than `minimumCharacters` characters;
    /// - `not_a_sentence`: it does not start with a capital, digit, quote or bracket, or does not end
    ///   with `.`, `!` or `?` (closing quotes, brackets and a trailing citation like `[12]` aside);
    /// - `too_long`: longer than `maximumCharacters` with no sentence end that leaves at least
    ///   `minimumCharacters` (`select` cuts the others).
    public static func skipReason(_ paragraph: PaperParagraph, selection: ParagraphSelection) -> String? {
        let section = paragraph.section.lowercased()
        if !section.isEmpty, selection.skipSections.contains(where: { !$0.isEmpty && section.contains($0.lowercased()) }) {
            return "skipped_section"
        }
        let text = paragraph.text
        if isCaption(text) { return "caption" }
        if !isProse(text) { return "not_prose" }
        let count = text.count
        if count < selection.minimumCharacters { return "too_short" }
        if !startsLikeSentence(text) || !endsLikeSentence(Substring(text)) { return "not_a_sentence" }
        if count > selection.maximumCharacters, cut(paragraph, selection: selection) == nil { return "too_long" }
        return nil
    }

    // MARK: - Eligibility

    /// The paragraph as selected (cut when too long), or nil when it is not eligible.
    private static func fitted(_ p: PaperParagraph, selection: ParagraphSelection) -> PaperParagraph? {
        guard skipReason(p, selection: selection) == nil else { return nil }
        return p.text.count > selection.maximumCharacters ? cut(p, selection: selection) : p
    }

    /// The paragraph cut at its last sentence end within `maximumCharacters`, if that leaves at least
    /// `minimumCharacters`.
    private static func cut(_ p: PaperParagraph, selection: ParagraphSelection) -> PaperParagraph? {
        let text = p.text
        var best: String.Index?
        var characters = 0
        var previous = text.startIndex
        for end in SentenceBoundaries.ends(in: text) {
            characters += text.distance(from: previous, to: end)
            previous = end
            if characters > selection.maximumCharacters { break }
            if characters >= selection.minimumCharacters { best = end }
        }
        guard let best else { return nil }
        let prefix = String(text[..<best])
        var out = p
        out.text = prefix
        out.byteEnd = p.byteStart + prefix.utf8.count
        return out
    }

    /// `Fig. 2.`, `Figure 3:`, `Table S1.`, `Scheme 1.`, `Figure:`: a label, then `.` or `:`.
    private static func isCaption(_ text: String) -> Bool {
        let lower = text.prefix(24).lowercased()
        for word in ["fig.", "figure", "table", "scheme", "chart"] where lower.hasPrefix(word) {
            var rest = lower.dropFirst(word.count).drop { $0 == " " }
            if rest.first == "s" { rest = rest.dropFirst() }
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(digits.count)
            if !digits.isEmpty, let c = rest.first, c.isLetter, c.isLowercase { rest = rest.dropFirst() }
            return rest.first == "." || rest.first == ":"
        }
        return false
    }

    private static func isProse(_ text: String) -> Bool {
        let lines = text.split(separator: "\n").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { return false }
        let tableRows = lines.filter { $0.hasPrefix("|") }.count
        if 2 * tableRows >= lines.count { return false }
        let letterless = lines.filter { !$0.contains(where: \.isLetter) }.count
        if 4 * letterless >= lines.count { return false }
        var letters = 0, visible = 0
        for c in text where !c.isWhitespace {
            visible += 1
            if c.isLetter { letters += 1 }
        }
        return Double(letters) >= 0.6 * Double(visible)
    }

    private static func startsLikeSentence(_ text: String) -> Bool {
        var s = Substring(text)
        if s.hasPrefix("- ") || s.hasPrefix("* ") || s.hasPrefix("+ ") || s.hasPrefix("• ") { s = s.dropFirst(2) }
        guard let c = s.first else { return false }
        return c.isUppercase || c.isNumber || "\"'([\u{201C}\u{2018}".contains(c)
    }

    private static func endsLikeSentence(_ text: Substring) -> Bool {
        var s = text
        while true {
            while let last = s.last, last.isWhitespace || "\"')\u{201D}\u{2019}*".contains(last) { s.removeLast() }
            // A citation after the period: `… observed.[12]`, `… observed. [3,4]`.
            if s.last == "]", let open = s.lastIndex(of: "["), s.index(before: s.endIndex) > open {
                let inside = s[s.index(after: open)..<s.index(before: s.endIndex)]
                if inside.allSatisfy({ $0.isNumber || $0 == "," || $0 == "-" || $0 == "\u{2013}" || $0 == " " }) {
                    s = s[..<open]
                    continue
                }
            }
            break
        }
        guard let last = s.last else { return false }
        return last == "." || last == "!" || last == "?"
    }

    // MARK: - Lines

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }

    /// A heading line: at most three spaces, one to six `#`, then a space or the end. Its level and title.
    private static func heading(_ bytes: [UInt8], _ lineStart: Int, _ first: Int, _ last: Int) -> (Int, String)? {
        guard first - lineStart <= 3, bytes[first] == UInt8(ascii: "#") else { return nil }
        var k = first
        while k < last, bytes[k] == UInt8(ascii: "#") { k += 1 }
        let level = k - first
        guard level <= 6, k == last || bytes[k] == 0x20 || bytes[k] == 0x09 else { return nil }
        var titleEnd = last
        // A closing sequence: ` ##`.
        var h = titleEnd
        while h > k, bytes[h - 1] == UInt8(ascii: "#") { h -= 1 }
        if h < titleEnd, h > k, isSpace(bytes[h - 1]) { titleEnd = h }
        while titleEnd > k, isSpace(bytes[titleEnd - 1]) { titleEnd -= 1 }
        var titleStart = k
        while titleStart < titleEnd, isSpace(bytes[titleStart]) { titleStart += 1 }
        return (level, String(decoding: bytes[titleStart..<titleEnd], as: UTF8.self))
    }

    private static func isBullet(_ bytes: [UInt8], _ first: Int, _ last: Int) -> Bool {
        guard last - first >= 2 else { return false }
        let b = bytes[first]
        if b == UInt8(ascii: "-") || b == UInt8(ascii: "*") || b == UInt8(ascii: "+") { return bytes[first + 1] == 0x20 }
        // `•` is E2 80 A2.
        return last - first >= 4 && b == 0xE2 && bytes[first + 1] == 0x80 && bytes[first + 2] == 0xA2 && bytes[first + 3] == 0x20
    }

    /// The rank of paragraph `index` of `documentID` under `seed`.
    private static func rank(_ index: Int, _ documentID: String, _ seed: UInt64) -> UInt64 {
        var h = XXH64(seed: seed)
        h.update(documentID)
        h.update("\u{1F}\(index)")
        return h.finalize()
    }
}
