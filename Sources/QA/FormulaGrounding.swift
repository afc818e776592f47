import ChemNotation

/// The chemistry a paragraph names, and whether a mention of an answer is among it.
///
/// A paragraph's formulas are the canonical forms of its mentions (as `ChemAnnotator` reads them:
/// `Fe₂O₃`, `Fe2O3` and `hematite` are all `Fe2O3`; `titanium dioxide` is `TiO2`), the parts of its
/// composites (`Pt/C` → `Pt`, `C`) and the hosts of its variable compositions (`LixCoO2` → `LiCoO2`).
struct FormulaGrounding {
    private var canonicals: Set<String> = []
    private var elements: Set<String> = []
    private let paragraph: String

    private let lowercased: String

    init(paragraph: String, mentions: [ChemMention]) {
        self.paragraph = paragraph
        lowercased = paragraph.lowercased()
        for m in mentions {
            let r = m.reading
            if let c = r.canonical { canonicals.insert(c) }
            if let h = r.hostCanonical { canonicals.insert(h) }
            for c in r.components ?? [] { canonicals.insert(c) }
            elements.formUnion(r.elements.keys)
            if let system = r.chemsys { elements.formUnion(system.split(separator: "-").map(String.init)) }
        }
    }

    /// Whether a mention judges anything: it denotes one definite composition, or a composite of them.
    /// Mentions without (`iron oxide`, a chemical system) are left to the term check.
    static func isJudged(_ m: ChemMention) -> Bool {
        m.reading.canonical != nil || !(m.reading.components ?? []).isEmpty
    }

    /// Whether an answer's mention is grounded: written the same way in the paragraph (names in any
    /// case); or its
    /// canonical form (each part's, for a composite) is among the paragraph's formulas; or it is a
    /// lone element (`Fe`, `iron`) that one of the paragraph's mentions contains.
    func grounds(_ m: ChemMention) -> Bool {
        let r = m.reading
        if paragraph.contains(m.text) { return true }
        // Names (`Titanium dioxide`, `Wurtzite`) match in any case; formulas only as written (`Co` is not `CO`).
        if r.kind.hasSuffix("name"), lowercased.contains(m.text.lowercased()) { return true }
        if let c = r.canonical {
            if canonicals.contains(c) { return true }
            if r.kind == "element_symbol" || r.kind == "element_name", r.elements.count == 1, let e = r.elements.keys.first {
                return elements.contains(e)
            }
            return false
        }
        let parts = r.components ?? []
        return !parts.isEmpty && parts.allSatisfy { canonicals.contains($0) || elements.contains($0) }
    }
}
