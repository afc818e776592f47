/// One boilerplate pattern: a kind (the tally key) and a phrase matched, ignoring ASCII case, at
/// the start of a paragraph or heading (after Markdown `#` markers and a section number such as
/// `5.` or `A.1`), ending at a word boundary. A phrase written with a leading `*` matches anywhere
/// in a paragraph instead (`*all rights reserved`).
///
/// Written as `"kind: phrase"` (kind: lowercase letters and `_`), or just `"phrase"` (kind `custom`).
public struct BoilerplatePattern: Sendable, Hashable {
    public var kind: String
    /// Lowercased (ASCII) phrase bytes.
    public var phrase: [UInt8]
    public var anywhere: Bool
    /// Three or more words, or ending in a symbol: matches as the start of a sentence; shorter
    /// phrases are labels (see `BoilerplateRemover`).
    public var isSentence: Bool {
        guard let last = phrase.last, TextScan.isASCIILetter(last) || TextScan.isASCIIDigit(last) else { return true }
        return phrase.split(separator: UInt8(ascii: " ")).count >= 3
    }

    /// Parses `"kind: phrase"`, `"kind: *phrase"` or `"phrase"`; throws `FilterError.emptyPattern`.
    public init(parsing text: String) throws {
        var kind = "custom"
        var rest = Substring(text)
        if let colon = text.firstIndex(of: ":") {
            let head = text[..<colon]
            if !head.isEmpty, head.allSatisfy({ ($0 >= "a" && $0 <= "z") || $0 == "_" }) {
                kind = String(head)
                rest = text[text.index(after: colon)...]
            }
        }
        var phrase = rest.trimmingSpaces
        var anywhere = false
        if phrase.hasPrefix("*") { anywhere = true; phrase = phrase.dropFirst().trimmingSpaces }
        guard !phrase.isEmpty else { throw FilterError.emptyPattern(text) }
        self.kind = kind
        self.phrase = phrase.utf8.map { $0 &- UInt8(ascii: "A") < 26 ? $0 | 0x20 : $0 }
        self.anywhere = anywhere
    }

    /// The built-in list: copyright and licence lines, competing-interest declarations, funding
    /// statements and author-contribution statements, in the words publishers use.
    public static let defaultPatterns: [String] = [
        "copyright: ©", "copyright: copyright", "copyright: copyright ©", "copyright: copyright (c)", "copyright: *all rights reserved",
        "copyright: published by elsevier", "copyright: this article is licensed under",
        "copyright: this is an open access article", "copyright: this article is an open access article",
        "copyright: open access this article is licensed", "copyright: *creative commons attribution",
        "copyright: licensee mdpi",
        "competing_interest: declaration of competing interest", "competing_interest: declaration of interests",
        "competing_interest: competing interests", "competing_interest: competing interest",
        "competing_interest: conflict of interest", "competing_interest: conflicts of interest",
        "competing_interest: conflict of interests", "competing_interest: disclosure statement",
        "competing_interest: the authors declare no", "competing_interest: the authors declare that they have no",
        "competing_interest: the authors declare that there is no", "competing_interest: the authors declare that there are no",
        "competing_interest: the authors declare they have no", "competing_interest: the authors have no competing",
        "competing_interest: the authors have no conflict", "competing_interest: the authors have declared that no competing",
        "competing_interest: the authors report no",
        "funding: funding", "funding: financial support", "funding: this work was supported by",
        "funding: this work was financially supported by", "funding: this work was funded by",
        "funding: this research was supported by", "funding: this research was funded by",
        "funding: this research received no external funding", "funding: this study was supported by",
        "funding: this study was funded by", "funding: this project has received funding",
        "author_contributions: author contributions", "author_contributions: authors' contributions",
        "author_contributions: author contribution", "author_contributions: credit authorship contribution statement",
        "author_contributions: all authors contributed", "author_contributions: all authors read and approved",
        "author_contributions: all authors have read and agreed",
    ]
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
