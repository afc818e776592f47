/// Options of the canonical CIF form.
public struct CanonicalCIFOptions: Sendable, Hashable {
    /// Decimals of cell lengths, angles, volume and fractional coordinates (default 4).
    public var decimals: Int
    /// Decimals of occupancies (default 6), written without trailing zeros (`1`, `0.5`, `0.33333`).
    public var occupancyDecimals: Int
    /// Keep bibliographic and free-text items (`_journal_*`, `_publ_*`, `_citation_*`,
    /// `_chemical_name_*`, `_database_code_*`, …) after the header, sorted by tag (default false).
    public var keepsBibliography: Bool
    /// Write `_atom_site_U_iso_or_equiv` when every site states it (default false).
    public var includesDisplacement: Bool
    /// How coincident images are merged when computing multiplicities, Z and the formula.
    public var expansion: ExpansionOptions

    /// Options; the defaults give the compact form used for pretraining.
    public init(decimals: Int = 4, occupancyDecimals: Int = 6, keepsBibliography: Bool = false,
                includesDisplacement: Bool = false, expansion: ExpansionOptions = ExpansionOptions()) {
        self.decimals = decimals
        self.occupancyDecimals = occupancyDecimals
        self.keepsBibliography = keepsBibliography
        self.includesDisplacement = includesDisplacement
        self.expansion = expansion
    }
}

/// Why a block has no canonical form.
public enum CanonicalCIFError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The block states no cell (a, b, c).
    case noCell(block: String)
    /// The block has no atom site that names a species.
    case noSites(block: String)

    public var description: String {
        switch self {
        case .noCell(let block): return "data_\(block): no cell, no canonical CIF"
        case .noSites(let block): return "data_\(block): no atom sites, no canonical CIF"
        }
    }
}

/// The canonical CIF of a structure, in the spirit of LLaMat-CIF and CrystaLLM: one fixed
/// layout whatever the source (COD, ICSD, pymatgen, …), so a language model sees one dialect.
///
///     data_NaCl
///     _chemical_formula_structural NaCl
///     _chemical_formula_sum 'Na4 Cl4'
///     _cell_length_a 5.6402
///     … (b, c, alpha, beta, gamma)
///     _cell_volume 179.4252
///     _cell_formula_units_Z 4
///     _symmetry_space_group_name_H-M 'F m -3 m'
///     _symmetry_Int_Tables_number 225
///     loop_
///     _symmetry_equiv_pos_site_id
///     _symmetry_equiv_pos_as_xyz
///     1 'x,y,z'
///     …
///     loop_
///     _atom_site_label
///     _atom_site_type_symbol
///     _atom_site_symmetry_multiplicity
///     _atom_site_fract_x
///     _atom_site_fract_y
///     _atom_site_fract_z
///     _atom_site_occupancy
///     Na1 Na 4 0.0000 0.0000 0.0000 1
///     …
///
/// Rules: numbers are rounded to fixed decimals and uncertainties dropped; coordinates are
/// wrapped into [0, 1); the structure is rounded *first* and every derived value (volume,
/// formula, Z, multiplicities) is computed from the rounded structure, so canonicalizing a
/// canonical CIF gives the same bytes. Symmetry is written as the operations used to expand the
/// structure (the space group's, in table order, when they form a tabulated setting), with the
/// symbol and number of that setting (else as stated). Sites that name no species or have zero
/// occupancy are left out; type symbols are element symbols (charges dropped, and implicit
/// hydrogens of `Wat`/`O-H` labels not written).
public enum CanonicalCIF {
    /// The canonical CIF of one block.
    public static func render(_ block: CIFBlock, options: CanonicalCIFOptions = CanonicalCIFOptions()) throws(CanonicalCIFError) -> String {
        let structure = CrystalStructure(block: block)
        let bibliography = options.keepsBibliography ? bibliographicPairs(block) : []
        return try render(structure, options: options, extraPairs: bibliography)
    }

    /// The canonical CIF of a structure.
    public static func render(_ structure: CrystalStructure, options: CanonicalCIFOptions = CanonicalCIFOptions(),
                              extraPairs: [(tag: String, value: String)] = []) throws(CanonicalCIFError) -> String {
        guard let rounded = roundedStructure(structure, options: options) else {
            throw structure.cell == nil ? .noCell(block: structure.blockName) : .noSites(block: structure.blockName)
        }
        let cell = rounded.cell!
        let expanded = rounded.expandedCell(options: options.expansion)
        let d = options.decimals
        func num(_ v: Double) -> String { CanonicalNumber.format(v, decimals: d) }

        var out = "data_\(blockName(structure.blockName))\n"
        for pair in extraPairs { out += "\(pair.tag) \(CIFValueQuoting.quote(pair.value))\n" }
        let composition = expanded.composition
        let cellFormula = composition.symbols.map { "\($0)\(Composition.formatAmount(composition.amounts[$0]!, omitOne: false))" }
            .joined(separator: " ")
        out += "_chemical_formula_structural \(CIFValueQuoting.quote(composition.reducedFormula))\n"
        out += "_chemical_formula_sum \(CIFValueQuoting.quote(cellFormula))\n"
        out += "_cell_length_a \(num(cell.a))\n_cell_length_b \(num(cell.b))\n_cell_length_c \(num(cell.c))\n"
        out += "_cell_angle_alpha \(num(cell.alpha))\n_cell_angle_beta \(num(cell.beta))\n_cell_angle_gamma \(num(cell.gamma))\n"
        out += "_cell_volume \(num(cell.volume))\n"
        out += "_cell_formula_units_Z \(formulaUnits(composition))\n"

        let ops = rounded.symmetry.operations
        let setting = rounded.symmetry.spaceGroup
        if let symbol = setting?.extendedHermannMauguin ?? structure.symmetry.hermannMauguin {
            out += "_symmetry_space_group_name_H-M \(CIFValueQuoting.quote(symbol))\n"
        }
        if let number = setting?.number ?? structure.symmetry.number {
            out += "_symmetry_Int_Tables_number \(number)\n"
        }
        out += "loop_\n_symmetry_equiv_pos_site_id\n_symmetry_equiv_pos_as_xyz\n"
        for (i, op) in ops.enumerated() { out += "\(i + 1) '\(op.triplet)'\n" }

        let sites = rounded.sites
        let multiplicities = Self.multiplicities(rounded, options: options.expansion)
        let displacement = options.includesDisplacement && sites.allSatisfy { $0.uIso != nil }
        out += "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_symmetry_multiplicity\n"
        out += "_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\n"
        if displacement { out += "_atom_site_U_iso_or_equiv\n" }
        for (i, site) in sites.enumerated() {
            var row = "\(CIFValueQuoting.quote(site.label)) \(site.species!.symbol) \(multiplicities[i]) "
            row += "\(num(site.fract.x)) \(num(site.fract.y)) \(num(site.fract.z)) "
            row += CanonicalNumber.compact(site.occupancy, decimals: options.occupancyDecimals)
            if displacement { row += " " + num(site.uIso!) }
            out += row + "\n"
        }
        return out
    }

    /// The structure with every number rounded as it will be written, coordinates wrapped into
    /// [0, 1), and only the sites that will be written; nil without a cell or sites.
    static func roundedStructure(_ s: CrystalStructure, options: CanonicalCIFOptions) -> CrystalStructure? {
        guard let cell = s.cell else { return nil }
        let d = options.decimals
        func r(_ v: Double) -> Double { CanonicalNumber.rounded(v, decimals: d) }
        func wrap(_ v: Double) -> Double {
            var w = r(v)
            w -= w.rounded(.down)
            w = r(w)
            return w >= 1 ? 0 : w
        }
        var sites: [AtomSite] = []
        for site in s.sites {
            guard let species = site.species, !species.symbol.isEmpty else { continue }
            let occupancy = CanonicalNumber.rounded(site.occupancy, decimals: options.occupancyDecimals)
            guard occupancy > 0 else { continue }
            let label = site.label.isEmpty ? species.symbol : String(decoding: site.label.utf8.map { $0 <= 0x20 ? UInt8(ascii: "_") : $0 }, as: UTF8.self)
            sites.append(AtomSite(label: label, typeSymbol: species.symbol,
                                  species: SiteSpecies(symbol: species.symbol, isElement: species.isElement),
                                  fract: SIMD3(wrap(site.fract.x), wrap(site.fract.y), wrap(site.fract.z)), occupancy: occupancy,
                                  uIso: site.uIso.map(r)))
        }
        guard !sites.isEmpty else { return nil }
        // The operations as they will be written: the tabulated setting's when they form one
        // (exact translations, table order), else as listed with wrapped translations. The
        // setting, if any, is kept in `spaceGroup` for the symbol and number lines.
        var symmetry = s.symmetry
        let setting = SpaceGroup(operations: symmetry.operations)
        symmetry.operations = setting?.operations ?? symmetry.operations.map(\.wrapped)
        symmetry.spaceGroup = setting
        let roundedCell = UnitCell(a: r(cell.a), b: r(cell.b), c: r(cell.c), alpha: r(cell.alpha), beta: r(cell.beta), gamma: r(cell.gamma))
        return CrystalStructure(blockName: s.blockName, cell: roundedCell, symmetry: symmetry, sites: sites)
    }

    /// For each site, the number of its distinct images in the cell.
    static func multiplicities(_ s: CrystalStructure, options: ExpansionOptions) -> [Int] {
        s.sites.map { site in
            var grid = PositionGrid(merge: options.merge, cell: s.cell)
            var coord = site.fract
            if options.snapsThirds { coord = CrystalStructure.snapThirds(coord) }
            var count = 0
            for op in s.symmetry.operations {
                var p = op.apply(coord)
                p -= p.rounded(.down)
                if !grid.contains(p) {
                    grid.insert(p, index: count)
                    count += 1
                }
            }
            return count
        }
    }

    /// Z: pymatgen's factor between the cell's composition and its reduced formula (1 when
    /// amounts are not whole numbers).
    static func formulaUnits(_ c: Composition) -> Int {
        guard !c.amounts.isEmpty, c.amounts.values.allSatisfy({ abs($0 - $0.rounded()) < Composition.amountTolerance }) else { return 1 }
        let (formula, factor) = Composition.reduce(c.amounts.mapValues { $0.rounded() })
        return ElementTable.specialFormulas[formula] != nil ? max(1, factor / 2) : factor
    }

    static func blockName(_ name: String) -> String {
        let cleaned = name.utf8.map { $0 <= 0x20 || $0 >= 0x7F ? UInt8(ascii: "_") : $0 }
        return cleaned.isEmpty ? "structure" : String(decoding: cleaned, as: UTF8.self)
    }

    static let bibliographicPrefixes = ["_journal_", "_publ_", "_citation", "_database_code", "_chemical_name_", "_cod_database_code",
                                        "_journal.", "_publ.", "_citation.", "_database_code.", "_chemical_name."]

    static func bibliographicPairs(_ block: CIFBlock) -> [(tag: String, value: String)] {
        var out: [(tag: String, value: String)] = []
        var seen = Set<String>()
        for pair in block.pairs where !pair.value.isNull {
            let lower = pair.tag.asciiLowercased()
            guard bibliographicPrefixes.contains(where: { lower.hasPrefix($0) }), seen.insert(lower).inserted else { continue }
            out.append((lower, pair.value.text))
        }
        return out.sorted { $0.tag < $1.tag }
    }
}

extension SiteSpecies {
    init(symbol: String, isElement: Bool) {
        self.symbol = symbol
        self.isElement = isElement
        self.implicitHydrogens = 0
    }
}
