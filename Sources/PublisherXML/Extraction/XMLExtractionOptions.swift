/// What the `xml` reader keeps from an article and how it marks it up.
///
/// Each field is an option of the `xml` reader in a pipeline file (the snake_case names are given
/// with each field). The defaults keep everything a reader of the article would read, except the
/// reference list.
public struct XMLExtractionOptions: Sendable, Hashable {
    /// `content`: the whole article or only its front matter.
    public enum Content: String, Sendable, Hashable, CaseIterable {
        /// Title, abstracts, keywords, body, floats and back matter.
        case full
        /// Title, abstracts and keywords only.
        case abstract
    }

    /// `markers`: how cross-references and TeX are tagged in the text.
    public enum Markers: String, Sendable, Hashable, CaseIterable {
        /// Cross-references are kept as their text; inline TeX is written `$…$`, display TeX `$$…$$`.
        case none
        /// LLaMat-style tags: `[BIB_REF]…[/BIB_REF]`, `[FIG_REF]…[/FIG_REF]`, `[TABLE_REF]…[/TABLE_REF]`,
        /// `[EQ_REF]…[/EQ_REF]` around cross-references and `[TEX]…[/TEX]` around TeX.
        case llamat
    }

    /// `floats`: where figures and tables go.
    public enum FloatPlacement: String, Sendable, Hashable, CaseIterable {
        /// Where the publisher puts them. A float inside a paragraph follows that paragraph; floats
        /// kept apart from the text (Elsevier `ce:floats`) follow the paragraph that first refers to
        /// them, and unreferenced ones close the body.
        case inline
        /// All together after the body, in document order.
        case end
    }

    /// `content` ("full").
    public var content: Content
    /// `tables` (true): render table grids as Markdown pipe tables.
    public var tables: Bool
    /// `captions` (true): keep figure and table captions (and table footnotes).
    public var captions: Bool
    /// `references` (false): keep the reference list as a `## References` section.
    public var references: Bool
    /// `back_matter` (true): keep acknowledgments, appendices, funding, notes and declarations.
    public var backMatter: Bool
    /// `markers` ("none").
    public var markers: Markers
    /// `floats` ("inline").
    public var floats: FloatPlacement
    /// `keep_recovered` (false): for malformed XML, also emit the text read before the error,
    /// flagged `recovered: true` with the parser's message in `xml_error`. The input is rejected
    /// either way.
    public var keepRecovered: Bool

    public init(content: Content = .full, tables: Bool = true, captions: Bool = true, references: Bool = false,
                backMatter: Bool = true, markers: Markers = .none, floats: FloatPlacement = .inline,
                keepRecovered: Bool = false) {
        self.content = content; self.tables = tables; self.captions = captions; self.references = references
        self.backMatter = backMatter; self.markers = markers; self.floats = floats; self.keepRecovered = keepRecovered
    }
}
