import CorpusCore

/// What the `chem_annotate` stage does with the mentions it finds.
public enum ChemAnnotateMode: String, Sendable, CaseIterable {
    /// Text unchanged; the mentions go to `metadata.chem_mentions` (offsets in Unicode scalars).
    case annotate
    /// The canonical formula follows each mention whose canonical differs from it: `C3S [Ca3SiO5]`.
    case append
    /// Each mention with a canonical formula is replaced by it. This rewrites the author's text;
    /// see the README for what `reduced_formula` does to familiar formulas.
    case replace
}

/// Pipeline stage `chem_annotate`: finds chemical notation in each document's text and annotates,
/// appends or replaces it. Counts every canonical formula (`tally("canonical", …)`) and every kind
/// (`tally("chem_kind", …)`) for `matcorpus stats`.
public struct ChemAnnotateStage: Stage {
    /// The registry name.
    public let name = "chem_annotate"
    /// What the stage does with the mentions.
    public let mode: ChemAnnotateMode
    /// The metadata key the mentions go to in `annotate` mode.
    public static let metadataKey = "chem_mentions"
    private let annotator: ChemAnnotator

    /// A stage with its own annotator, which shares readings through the process-wide cache.
    public init(mode: ChemAnnotateMode = .annotate) {
        self.mode = mode
        annotator = ChemAnnotator()
    }

    /// Annotates (or rewrites) one document and tallies its mentions.
    public mutating func process(_ document: Document, into output: inout StageOutput) throws {
        var d = document
        let mentions = annotator.mentions(in: d.text)
        for m in mentions {
            output.tally("chem_kind", m.reading.kind)
            if let c = m.reading.canonical { output.tally("canonical", c) }
        }
        switch mode {
        case .annotate:
            d.metadata.extra[Self.metadataKey] = .array(mentions.map(\.jsonObject))
        case .append, .replace:
            d.text = Self.rewrite(d.text, mentions, mode: mode)
        }
        output.emit(d)
    }

    /// `text` with the canonical formula appended after (or put in place of) each mention.
    public static func rewrite(_ text: String, _ mentions: [ChemMention], mode: ChemAnnotateMode) -> String {
        var out = String.UnicodeScalarView()
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        var position = 0
        for m in mentions {
            guard let canonical = m.reading.canonical, m.start >= position else { continue }
            while position < m.start { out.append(scalars[index]); index = scalars.index(after: index); position += 1 }
            let mentionStart = index
            while position < m.end { index = scalars.index(after: index); position += 1 }
            switch mode {
            case .append:
                out.append(contentsOf: scalars[mentionStart..<index])
                if canonical != m.text { out.append(contentsOf: " [\(canonical)]".unicodeScalars) }
            case .replace:
                out.append(contentsOf: canonical.unicodeScalars)
            case .annotate:
                out.append(contentsOf: scalars[mentionStart..<index])
            }
        }
        out.append(contentsOf: scalars[index...])
        return String(out)
    }
}
