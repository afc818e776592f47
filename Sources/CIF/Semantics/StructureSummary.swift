/// The derived fields of one structure block, computed in one pass: what a corpus record or
/// `cif inspect` reports.
public struct StructureSummary: Sendable, Hashable {
    /// The data block's name.
    public var blockName: String
    /// `_chemical_formula_sum` as stated.
    public var formulaSum: String?
    /// The full cell's composition (occupancies summed); nil without atom sites.
    public var composition: Composition?
    /// pymatgen's reduced formula of `composition`.
    public var reducedFormula: String? { composition?.reducedFormula }
    /// Chemical elements present, in formula order.
    public var elements: [String] { composition?.elements ?? [] }
    /// Space-group number: stated, else from the symbol or Hall symbol, else from the listed operations.
    public var spaceGroupNumber: Int?
    /// The stated Hermann–Mauguin symbol, else the resolved setting's.
    public var spaceGroupSymbol: String?
    /// Crystal system of `spaceGroupNumber`.
    public var crystalSystem: CrystalSystem?
    /// The cell.
    public var cell: UnitCell?
    /// Sites in the full cell.
    public var siteCount: Int?
    /// Density in g/cm³ from the composition's mass and the cell volume.
    public var density: Double?
    /// False when a site's occupancies sum to more than 1 (pymatgen rejects such structures).
    public var isPhysical: Bool

    /// A key equal for blocks that describe the same structure: reduced formula, space-group
    /// number and the cell rounded to `decimals` (lengths) and `decimals - 1` (angles).
    public func duplicateKey(decimals: Int = 2) -> String {
        func r(_ v: Double, _ d: Int) -> String { CanonicalNumber.format(v, decimals: max(0, d)) }
        let cellText = cell.map { c in
            [r(c.a, decimals), r(c.b, decimals), r(c.c, decimals), r(c.alpha, decimals - 1), r(c.beta, decimals - 1), r(c.gamma, decimals - 1)]
                .joined(separator: ",")
        } ?? "-"
        return "\(reducedFormula ?? "-")|\(spaceGroupNumber.map(String.init) ?? "-")|\(cellText)"
    }
}

extension CrystalStructure {
    /// The derived fields, expanding the cell with `options`.
    public func summary(options: ExpansionOptions = ExpansionOptions()) -> StructureSummary {
        summary(of: sites.isEmpty ? nil : expandedCell(options: options))
    }

    /// The derived fields, given this structure's expanded cell (or nil without sites).
    public func summary(of expanded: ExpandedCell?) -> StructureSummary {
        var density: Double? = nil
        if let composition = expanded?.composition, let volume = cell?.volume, volume > 0 {
            density = composition.mass * Self.gramsPerDaltonPerCubicAngstrom / volume
        }
        return StructureSummary(blockName: blockName, formulaSum: formulaSum, composition: expanded?.composition,
                                spaceGroupNumber: spaceGroupNumber,
                                spaceGroupSymbol: symmetry.hermannMauguin ?? symmetry.spaceGroup?.hermannMauguin,
                                crystalSystem: crystalSystem, cell: cell, siteCount: expanded?.sites.count,
                                density: density, isPhysical: expanded?.isPhysical ?? true)
    }

    /// 1 u per Å³ in g/cm³: 1.66053906660e-24 g / 1e-24 cm³ (CODATA 2018 atomic mass constant).
    static let gramsPerDaltonPerCubicAngstrom = 1.66053906660
}
