/// What an element means for the text, independent of the publisher vocabulary that spells it.
///
/// A `FormatProfile` maps each element of its vocabulary to one role; the `ArticleBuilder` knows
/// only roles. Elements a profile does not mention are `inline` (their text flows on).
enum ElementRole: UInt8, Sendable, Hashable {
    // MARK: Flow
    /// Text flows through; no break, no space (italic, bold, unknown elements).
    case inline
    /// Neither the element nor anything inside it is rendered. Metadata fields inside still are captured.
    case skip
    /// Bookkeeping container (JATS `article-meta`, Elsevier `head`): its own text is not rendered,
    /// but titles, abstracts and keywords inside it are.
    case mute

    // MARK: Article structure
    /// One article: a document begins and ends with it. Nested ones are transparent.
    case article
    /// The article body. Dropped when `content = "abstract"`; its presence decides `abstract_only`.
    case body
    /// The document title, rendered first as `# Title` and stored as `metadata.title`.
    case title
    /// A subtitle, joined to the title with `: `.
    case subtitle
    /// An abstract (container); heading `## Abstract` unless it has its own title.
    case abstract
    /// A section (container, nests). Its heading level follows the number of titled sections around it.
    case section
    /// The title of the innermost container: a section heading, a caption title, a list or keyword-group title.
    case heading
    /// The label of the innermost container: a section number, `Figure 2`, an equation number, a footnote mark.
    case label
    /// A paragraph (block).
    case paragraph
    /// A block boundary without other meaning (quotes, boxed text, definition lists).
    case block
    /// A list (container); `ElementRule.ordered` decides between `- ` and `1. ` items.
    case list
    case listItem

    // MARK: Floats
    /// A figure (float container): rendered as one caption paragraph, `Figure 2. …`.
    case figure
    /// A table (float container): caption paragraph, pipe table, footnote paragraphs.
    case table
    /// A caption (of a figure or table).
    case caption
    /// A table grid: XHTML `table` or CALS `tgroup`.
    case grid
    /// CALS column declaration (`colname`, `colnum`).
    case columnSpec
    /// CALS span declaration (`spanname`, `namest`, `nameend`).
    case spanSpec
    case tableHead
    case tableBody
    case tableFoot
    case row
    /// A cell; `ElementRule.headerCell` marks `th`.
    case cell
    /// Notes kept apart from the text: Elsevier `ce:floats`. Floats inside are placed after the
    /// paragraph that first refers to them.
    case floatGroup
    /// An explicit placement point for a float (`ce:float-anchor`).
    case floatAnchor
    /// A footnote (container with a label). Inside a paragraph it follows that paragraph.
    case footnote

    // MARK: Math
    /// A display formula: its own paragraph, label appended.
    case displayMath
    /// An inline formula wrapper.
    case inlineMath
    /// Alternative renderings of one thing (TeX, MathML, image): one is chosen.
    case alternatives
    /// A MathML `math` element: its subtree is linearized.
    case mathML
    /// TeX source, kept as TeX.
    case tex

    // MARK: Inline
    /// Subscript: joined without spaces (`Fe2O3`).
    case sub
    /// Superscript: `^` then the text (`10^5`, `Fe^3+`).
    case sup
    /// A space (`ce:hsp`, `ce:vsp`).
    case space
    /// A line break: a newline in paragraphs, a space elsewhere.
    case lineBreak
    /// A cross-reference; its kind comes from `ElementRule.refKind`.
    case crossRef
    /// A glyph named by an attribute (`ce:glyph name="sbnd"`).
    case glyph

    // MARK: References, keywords
    /// The reference list (container). Dropped unless `references = true`.
    case references
    /// One reference: a paragraph in which parts of structured citations are kept apart by spaces.
    case reference
    /// A keyword group (container), rendered as one `Keywords: a; b; c` paragraph.
    case keywords
    case keyword
    /// An author (container) whose name parts are captured as `.givenName` and `.surname`.
    case author

    /// True for roles whose content is rendered even inside a `mute` container.
    var unmutes: Bool {
        switch self {
        case .title, .subtitle, .abstract, .keywords, .body: return true
        default: return false
        }
    }
}

/// The kind of a cross-reference, for `[BIB_REF]`-style markers and float placement.
enum ReferenceKind: UInt8, Sendable, Hashable {
    case bibliography, figure, table, equation, other
}
