import CIF

/// CIF text to show in a question, LLaMat-CIF style, and what it answers: the structure's canonical
/// CIF trimmed to the cell, symmetry and atom-site loops. The block name (often the formula) and the
/// `_chemical_formula_*` items are removed, and for the space-group question also the space-group
/// name and number, so the answer has to be read from the sites and symmetry operations.
struct EmbeddedCIF: Sendable, Hashable {
    /// The block name every shown CIF gets.
    static let blockLine = "data_crystal"

    /// The CIF shown when asking for the formula (nil when longer than the limit).
    var formulaQuestionText: String?
    /// The reduced formula of the shown structure.
    var formula: String?
    /// The cell contents (`Ba1 O3 Ti1`), as the canonical CIF's `_chemical_formula_sum`.
    var cellFormula: String?
    /// The CIF shown when asking for the space group: nil unless its operations are a tabulated
    /// setting (then they identify the group) and it fits the limit.
    var spaceGroupQuestionText: String?
    /// The setting's Hermann–Mauguin symbol, with its code (`F d -3 m:2`).
    var spaceGroupSymbol: String?
    /// The setting's number.
    var spaceGroupNumber: Int?

    /// The texts for `structure`, each at most `maxLength` characters; nil without a canonical CIF.
    init?(structure: CrystalStructure, maxLength: Int) {
        guard let canonical = try? CanonicalCIF.render(structure) else { return nil }
        var withSymbol: [Substring] = []
        var withoutSymbol: [Substring] = []
        for line in canonical.split(separator: "\n") {
            if line.hasPrefix("data_") {
                withSymbol.append(Substring(Self.blockLine))
                withoutSymbol.append(Substring(Self.blockLine))
                continue
            }
            if line.hasPrefix("_chemical_") {
                if let value = Self.value(line, tag: "_chemical_formula_structural") { formula = CIFStructureFacts.validFormula(value) }
                if let value = Self.value(line, tag: "_chemical_formula_sum") { cellFormula = CIFStructureFacts.validFormulaSum(value) }
                continue
            }
            withSymbol.append(line)
            if line.hasPrefix("_symmetry_space_group_name") || line.hasPrefix("_symmetry_Int_Tables_number") || line.hasPrefix("_space_group_") {
                continue
            }
            withoutSymbol.append(line)
        }
        let formulaText = withSymbol.joined(separator: "\n")
        if formula != nil, cellFormula != nil, formulaText.count <= maxLength { formulaQuestionText = formulaText }
        if let setting = SpaceGroup(operations: structure.symmetry.operations),
           let symbol = CIFStructureFacts.validSymbol(setting.extendedHermannMauguin) {
            let text = withoutSymbol.joined(separator: "\n")
            if text.count <= maxLength {
                spaceGroupQuestionText = text
                spaceGroupSymbol = symbol
                spaceGroupNumber = setting.number
            }
        }
    }

    /// The value of a `tag value` line, unquoted.
    private static func value(_ line: Substring, tag: String) -> String? {
        guard line.hasPrefix(tag + " ") else { return nil }
        return String(line.dropFirst(tag.count + 1)).unquoted
    }
}
