/// Reading a `CrystalStructure` from a CIF block: which tags mean what.
///
/// Every item is looked up under all its common spellings: CIF 1 core names (`_cell_length_a`),
/// their older forms (`_symmetry_*`), and DDL2/DDLm dotted names (`_cell.length_a`), first
/// match wins, in the order of the tables below.
extension CrystalStructure {
    /// Tag spellings, lower-cased once (lookups are case-insensitive).
    enum Tags {
        static let cellLengths = [["_cell_length_a", "_cell.length_a"], ["_cell_length_b", "_cell.length_b"], ["_cell_length_c", "_cell.length_c"]].map { $0.map { $0.asciiLowercased() } }
        static let cellAngles = [["_cell_angle_alpha", "_cell.angle_alpha"], ["_cell_angle_beta", "_cell.angle_beta"], ["_cell_angle_gamma", "_cell.angle_gamma"]].map { $0.map { $0.asciiLowercased() } }
        static let cellVolume = ["_cell_volume", "_cell.volume"].map { $0.asciiLowercased() }
        static let formulaUnits = ["_cell_formula_units_Z", "_cell.formula_units_Z"].map { $0.asciiLowercased() }
        static let formulaSum = ["_chemical_formula_sum", "_chemical_formula.sum"].map { $0.asciiLowercased() }
        static let hermannMauguin = [
            "_space_group_name_H-M_alt", "_symmetry_space_group_name_H-M", "_space_group_name_H-M_ref",
            "_space_group_name_H-M_full", "_space_group.name_H-M_alt", "_symmetry.space_group_name_H-M",
            "_space_group.name_H-M_ref", "_space_group.name_H-M_full", "_symmetry_space_group_name_H_M",
        ].map { $0.asciiLowercased() }
        static let hall = ["_space_group_name_Hall", "_symmetry_space_group_name_Hall", "_space_group.name_Hall", "_symmetry.space_group_name_Hall"].map { $0.asciiLowercased() }
        static let number = ["_space_group_IT_number", "_symmetry_Int_Tables_number", "_space_group.IT_number", "_symmetry.Int_Tables_number"].map { $0.asciiLowercased() }
        /// pymatgen's order: the older name first.
        static let operations = [
            "_symmetry_equiv_pos_as_xyz", "_space_group_symop_operation_xyz", "_symmetry_equiv.pos_as_xyz",
            "_space_group_symop.operation_xyz", "_space_group_symop_magn_operation.xyz", "_space_group_symop_magn_operation_xyz",
        ].map { $0.asciiLowercased() }
        static let magneticCentring = ["_space_group_symop_magn_centering.xyz", "_space_group_symop_magn_centering_xyz"].map { $0.asciiLowercased() }
        static let fract = [["_atom_site_fract_x", "_atom_site.fract_x"], ["_atom_site_fract_y", "_atom_site.fract_y"], ["_atom_site_fract_z", "_atom_site.fract_z"]].map { $0.map { $0.asciiLowercased() } }
        static let label = ["_atom_site_label", "_atom_site.label"].map { $0.asciiLowercased() }
        static let typeSymbol = ["_atom_site_type_symbol", "_atom_site.type_symbol"].map { $0.asciiLowercased() }
        static let occupancy = ["_atom_site_occupancy", "_atom_site.occupancy"].map { $0.asciiLowercased() }
        static let uIso = ["_atom_site_U_iso_or_equiv", "_atom_site.U_iso_or_equiv", "_atom_site_Uiso_or_equiv"].map { $0.asciiLowercased() }
        static let bIso = ["_atom_site_B_iso_or_equiv", "_atom_site.B_iso_or_equiv"].map { $0.asciiLowercased() }
        static let wyckoff = ["_atom_site_Wyckoff_symbol", "_atom_site.Wyckoff_symbol", "_atom_site_Wyckoff_label", "_atom_site.Wyckoff_label"].map { $0.asciiLowercased() }
        static let multiplicity = ["_atom_site_symmetry_multiplicity", "_atom_site.symmetry_multiplicity", "_atom_site_site_symmetry_multiplicity", "_atom_site.site_symmetry_multiplicity"].map { $0.asciiLowercased() }
    }

    /// True when the block states a cell length and has fractional atom coordinates: the blocks
    /// that describe a crystal structure (others are metadata, dictionaries, reflections, mmCIF).
    public static func isStructureBlock(_ block: CIFBlock) -> Bool {
        (block.contains("_cell_length_a") || block.contains("_cell.length_a"))
            && (block.contains("_atom_site_fract_x") || block.contains("_atom_site.fract_x"))
    }

    /// Reads the structure a block states. Never fails: what cannot be read is left out and
    /// reported in `issues`.
    public init(block: CIFBlock) {
        var issues: [CIFStructureIssue] = []

        func first(_ tags: [String]) -> (tag: String, value: CIFValue)? {
            for tag in tags { if let v = block.value(forKey: tag) { return (tag, v) } }
            return nil
        }
        func text(_ tags: [String]) -> String? {
            for tag in tags {
                if let v = block.value(forKey: tag), !v.isNull {
                    let t = v.text.trimmingQuotesAndSpaces()
                    if !t.isEmpty && t != "?" && t != "." { return t }
                }
            }
            return nil
        }
        func number(_ tags: [String]) -> Double? {
            guard let (tag, v) = first(tags), !v.isNull || v.kind == .inapplicable else { return nil }
            if v.kind == .inapplicable { return nil }
            if let n = v.lenientNumber { return n }
            issues.append(CIFStructureIssue(location: v.location, kind: .invalidNumber(tag: tag, text: v.text)))
            return nil
        }

        // Cell.
        let lengths = Tags.cellLengths.map { number($0) }
        let angles = Tags.cellAngles.map { number($0) }
        var cell: UnitCell? = nil
        if let a = lengths[0], let b = lengths[1], let c = lengths[2], [a, b, c].allSatisfy({ $0.isFinite && $0 > 0 }),
           angles.allSatisfy({ $0 == nil || ($0!.isFinite && $0! > 0 && $0! < 180) }) {
            cell = UnitCell(a: a, b: b, c: c, alpha: angles[0] ?? 90, beta: angles[1] ?? 90, gamma: angles[2] ?? 90)
        } else if lengths.contains(where: { $0 != nil }) {
            let missing = zip(Tags.cellLengths, lengths).filter { $0.1 == nil }.map { $0.0[0] }
            issues.append(CIFStructureIssue(location: nil, kind: .incompleteCell(missing: missing)))
        }

        let symmetry = Self.readSymmetry(block, cell: cell, issues: &issues)
        let sites = Self.readSites(block, issues: &issues)
        let z = number(Tags.formulaUnits)

        self.init(blockName: block.name, cell: cell, statedVolume: number(Tags.cellVolume), symmetry: symmetry,
                  sites: sites, formulaSum: text(Tags.formulaSum), formulaUnits: z, issues: issues)
    }

    static func readSymmetry(_ block: CIFBlock, cell: UnitCell?, issues: inout [CIFStructureIssue]) -> CrystalSymmetry {
        func text(_ tags: [String]) -> (String, CIFLocation)? {
            for tag in tags {
                if let v = block.value(forKey: tag), !v.isNull {
                    let t = v.text.trimmingQuotesAndSpaces()
                    if !t.isEmpty && t != "?" && t != "." { return (t, v.location) }
                }
            }
            return nil
        }
        let hm = text(Tags.hermannMauguin)
        let hall = text(Tags.hall)
        var statedNumber: Int? = nil
        for tag in Tags.number {
            if let v = block.value(forKey: tag), !v.isNull, let n = v.lenientNumber, n == n.rounded(), n >= 1, n <= 230 {
                statedNumber = Int(n)
                break
            }
        }

        // Listed operations: the first tag whose every operation parses (pymatgen skips a list
        // with a bad operation and tries the next spelling).
        var listed: [SymmetryOperation] = []
        for tag in Tags.operations {
            guard let values = block.values(forKey: tag), !values.isEmpty else { continue }
            var ops: [SymmetryOperation] = []
            var failed = false
            for v in values where !v.isNull {
                if let op = SymmetryOperation(triplet: v.text) {
                    ops.append(op)
                } else {
                    issues.append(CIFStructureIssue(location: v.location, kind: .invalidSymmetryOperation(v.text)))
                    failed = true
                    break
                }
            }
            if failed || ops.isEmpty { continue }
            listed = ops
            if tag.contains("magn") {
                for centringTag in Tags.magneticCentring {
                    guard let centring = block.values(forKey: centringTag) else { continue }
                    let translations = centring.compactMap { SymmetryOperation(triplet: $0.text) }
                    if !translations.isEmpty {
                        listed = translations.flatMap { c in ops.map { op in c.composed(after: op).wrapped } }
                    }
                    break
                }
            }
            break
        }

        let rhombohedral = cell?.isRhombohedral ?? false
        var fromSymbol: SpaceGroup? = nil
        if let (symbol, location) = hm {
            fromSymbol = SpaceGroup(hermannMauguin: symbol, rhombohedralCell: rhombohedral)
            if fromSymbol == nil { issues.append(CIFStructureIssue(location: location, kind: .unknownSpaceGroupSymbol(symbol))) }
        }
        var fromHall: SpaceGroup? = nil
        if let (symbol, location) = hall {
            fromHall = SpaceGroup(hall: symbol)
            if fromHall == nil { issues.append(CIFStructureIssue(location: location, kind: .unknownHallSymbol(symbol))) }
        }
        var spaceGroup: SpaceGroup?
        if let n = statedNumber {
            if let s = fromSymbol, s.number == n { spaceGroup = s }
            else if let h = fromHall, h.number == n { spaceGroup = h }
            else { spaceGroup = SpaceGroup(number: n) }
            if let s = fromSymbol, s.number != n, let (symbol, location) = hm {
                issues.append(CIFStructureIssue(location: location, kind: .inconsistentSpaceGroup(number: n, symbol: symbol, symbolNumber: s.number)))
            }
        } else {
            spaceGroup = fromSymbol ?? fromHall
        }
        if spaceGroup == nil && !listed.isEmpty { spaceGroup = SpaceGroup(operations: listed) }

        var operations = listed
        var source = CrystalSymmetry.OperationsSource.listed
        if operations.isEmpty {
            if let s = fromSymbol {
                operations = s.operations
                source = .hermannMauguin
            } else if let h = fromHall {
                operations = h.operations
                source = .hall
            } else if let n = statedNumber, let g = SpaceGroup(number: n) {
                operations = g.operations
                source = .number
            } else {
                operations = [.identity]
                source = .identity
                issues.append(CIFStructureIssue(location: nil, kind: .noSymmetry))
            }
        }
        return CrystalSymmetry(hermannMauguin: hm?.0, hall: hall?.0, statedNumber: statedNumber, listedOperations: listed,
                               spaceGroup: spaceGroup, operations: operations, operationsSource: source)
    }

    static func readSites(_ block: CIFBlock, issues: inout [CIFStructureIssue]) -> [AtomSite] {
        guard let loop = Tags.fract[0].lazy.compactMap({ block.loop(containingKey: $0) }).first else {
            return singleSite(block, issues: &issues)
        }
        func column(_ tags: [String]) -> Int? {
            for tag in tags { if let i = loop.columnIndex(of: tag) { return i } }
            return nil
        }
        let fx = Tags.fract.map { column($0) }
        guard let cx = fx[0], let cy = fx[1], let cz = fx[2] else { return [] }
        let cLabel = column(Tags.label)
        let cType = column(Tags.typeSymbol)
        let cOcc = column(Tags.occupancy)
        let cU = column(Tags.uIso)
        let cB = column(Tags.bIso)
        let cW = column(Tags.wyckoff)
        let cM = column(Tags.multiplicity)
        var sites: [AtomSite] = []
        sites.reserveCapacity(loop.rowCount)
        for row in 0..<loop.rowCount {
            let label = cLabel.map { loop[row, $0].text } ?? cType.map { loop[row, $0].text } ?? ""
            // As pymatgen's str2float: `.` reads as 0, `?` is no number.
            guard let x = loop[row, cx].lenientNumber, let y = loop[row, cy].lenientNumber, let z = loop[row, cz].lenientNumber,
                  abs(x) < 1e6, abs(y) < 1e6, abs(z) < 1e6 else {
                issues.append(CIFStructureIssue(location: loop[row, cx].location, kind: .missingCoordinates(label: label)))
                continue
            }
            var typeSymbol: String? = nil
            if let c = cType {
                let v = loop[row, c]
                typeSymbol = v.text
            }
            let species = SiteSpecies(parsing: typeSymbol ?? label)
            var occupancy = 1.0
            if let c = cOcc, let o = loop[row, c].lenientNumber, o.isFinite { occupancy = o }
            func optionalNumber(_ c: Int?) -> Double? {
                guard let c else { return nil }
                let v = loop[row, c]
                return v.isNull ? nil : v.lenientNumber
            }
            func optionalText(_ c: Int?) -> String? {
                guard let c else { return nil }
                let v = loop[row, c]
                return v.isNull ? nil : v.text
            }
            let multiplicity = optionalNumber(cM).flatMap { $0 == $0.rounded() && abs($0) < 1e6 ? Int($0) : nil }
            sites.append(AtomSite(label: label, typeSymbol: typeSymbol, species: species, fract: SIMD3(x, y, z),
                                  occupancy: occupancy, uIso: optionalNumber(cU), bIso: optionalNumber(cB),
                                  wyckoffLetter: optionalText(cW), multiplicity: multiplicity))
        }
        return sites
    }

    /// A block whose atom-site items are pairs, not a loop (one site).
    static func singleSite(_ block: CIFBlock, issues: inout [CIFStructureIssue]) -> [AtomSite] {
        func value(_ tags: [String]) -> CIFValue? {
            for tag in tags { if let v = block.value(forKey: tag) { return v } }
            return nil
        }
        guard let vx = value(Tags.fract[0]), let vy = value(Tags.fract[1]), let vz = value(Tags.fract[2]) else { return [] }
        let label = value(Tags.label)?.text ?? value(Tags.typeSymbol)?.text ?? ""
        guard let x = vx.lenientNumber, let y = vy.lenientNumber, let z = vz.lenientNumber, abs(x) < 1e6, abs(y) < 1e6, abs(z) < 1e6 else {
            issues.append(CIFStructureIssue(location: vx.location, kind: .missingCoordinates(label: label)))
            return []
        }
        let typeSymbol = value(Tags.typeSymbol)?.text
        let occupancy = value(Tags.occupancy)?.lenientNumber.flatMap { $0.isFinite ? $0 : nil } ?? 1
        return [AtomSite(label: label, typeSymbol: typeSymbol, species: SiteSpecies(parsing: typeSymbol ?? label),
                         fract: SIMD3(x, y, z), occupancy: occupancy, uIso: value(Tags.uIso)?.lenientNumber,
                         bIso: value(Tags.bIso)?.lenientNumber, wyckoffLetter: value(Tags.wyckoff)?.text,
                         multiplicity: value(Tags.multiplicity)?.lenientNumber.flatMap { $0 == $0.rounded() && abs($0) < 1e6 ? Int($0) : nil })]
    }
}
