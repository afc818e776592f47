/// A crystal structure as one data block states it: cell, symmetry, the asymmetric unit's atom
/// sites, the stated formula and Z. `expandedCell()` applies the symmetry to get every site of
/// the cell and the computed composition.
///
/// ```swift
/// let doc = CIFDocument(parsing: bytes, file: "x.cif")
/// for block in doc.blocks where CrystalStructure.isStructureBlock(block) {
///     let s = CrystalStructure(block: block)
///     let cell = s.expandedCell()
///     print(s.symmetry.number as Any, cell.composition.reducedFormula, cell.sites.count)
/// }
/// ```
public struct CrystalStructure: Sendable {
    /// The data block's name.
    public var blockName: String
    /// The cell, when a, b and c are stated (a missing angle counts as 90°).
    public var cell: UnitCell?
    /// `_cell_volume` as stated (the cell's `volume` is computed).
    public var statedVolume: Double?
    /// Symmetry as stated, and the operations used for expansion.
    public var symmetry: CrystalSymmetry
    /// The asymmetric unit, in file order (sites without numeric coordinates left out).
    public var sites: [AtomSite]
    /// `_chemical_formula_sum`, as written (unquoted, trimmed).
    public var formulaSum: String?
    /// `_cell_formula_units_Z`.
    public var formulaUnits: Double?
    /// Meaning-level problems met while reading.
    public var issues: [CIFStructureIssue]

    /// A structure from its parts.
    public init(blockName: String, cell: UnitCell?, statedVolume: Double? = nil, symmetry: CrystalSymmetry,
                sites: [AtomSite], formulaSum: String? = nil, formulaUnits: Double? = nil, issues: [CIFStructureIssue] = []) {
        self.blockName = blockName
        self.cell = cell
        self.statedVolume = statedVolume
        self.symmetry = symmetry
        self.sites = sites
        self.formulaSum = formulaSum
        self.formulaUnits = formulaUnits
        self.issues = issues
    }

    /// The space-group number (stated, else from the symbol or Hall symbol).
    public var spaceGroupNumber: Int? { symmetry.number }

    /// The crystal system.
    public var crystalSystem: CrystalSystem? { symmetry.crystalSystem }
}
