/// What `matcorpus cif inspect` reports for one data block: stated and computed fields side by side.
///
/// Every block of a file gets a record, structure or not (`kind` says which); syntax errors of the
/// file and meaning problems of the block are listed in `errors` as `line:column: message` text.
public struct CIFInspection: Sendable, Hashable, Codable {
    /// Cell parameters in Å, degrees and Å³.
    public struct Cell: Sendable, Hashable, Codable {
        public var a, b, c, alpha, beta, gamma, volume: Double
    }

    public var file: String
    public var block: String
    /// `structure`, `mmcif`, `no-cell` or `no-atom-sites`.
    public var kind: String
    /// The formula as the file states it (`_chemical_formula_sum`).
    public var formulaSum: String?
    /// Computed from the expanded cell, in pymatgen's convention.
    public var reducedFormula: String?
    public var elements: [String]
    public var spacegroupNumber: Int?
    public var spacegroupHM: String?
    public var crystalSystem: String?
    public var cell: Cell?
    /// Sites in the full cell after expansion and merging.
    public var nsites: Int?
    /// g/cm³.
    public var density: Double?
    /// Reduced formula, space group and rounded cell: equal keys mean the same structure.
    public var duplicateKey: String?
    public var errors: [String]

    enum CodingKeys: String, CodingKey {
        case file, block, kind, elements, cell, nsites, density, errors
        case formulaSum = "formula_sum"
        case reducedFormula = "reduced_formula"
        case spacegroupNumber = "spacegroup_number"
        case spacegroupHM = "spacegroup_hm"
        case crystalSystem = "crystal_system"
        case duplicateKey = "duplicate_key"
    }

    /// One record per block of `document`.
    public static func inspect(_ document: CIFDocument, file: String) -> [CIFInspection] {
        let syntax = document.errors.map { "\($0.location.line):\($0.location.column): \($0.rule.message)" }
        return document.blocks.map { block in
            let kind = CIFBlockKind(block)
            var record = CIFInspection(file: file, block: block.name, kind: kind.description, elements: [], errors: syntax)
            // Cell and symmetry are reported for any block that states them (reflection and mmCIF
            // blocks do); formula, sites and the duplicate key only for structures.
            let structure = CrystalStructure(block: block)
            let summary = kind == .structure ? structure.summary() : structure.summary(of: nil)
            record.spacegroupNumber = summary.spaceGroupNumber
            record.spacegroupHM = summary.spaceGroupSymbol
            record.crystalSystem = summary.crystalSystem?.rawValue
            if let c = summary.cell {
                record.cell = Cell(a: c.a, b: c.b, c: c.c, alpha: c.alpha, beta: c.beta, gamma: c.gamma, volume: c.volume)
            }
            guard kind == .structure else { return record }
            record.formulaSum = structure.formulaSum
            record.reducedFormula = summary.reducedFormula
            record.elements = summary.elements
            record.nsites = summary.siteCount
            record.density = summary.density
            record.duplicateKey = summary.cell == nil ? nil : summary.duplicateKey()
            record.errors += structure.issues.map { issue in
                issue.location.map { "\($0.line):\($0.column): \(issue)" } ?? "\(issue)"
            }
            return record
        }
    }
}
