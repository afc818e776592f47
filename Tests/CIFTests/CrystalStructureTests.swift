import Testing
@testable import CIF

@Suite struct CrystalStructureTests {
    static let rockSalt = """
    data_NaCl
    _cell_length_a 5.6402(3)
    _cell_length_b 5.6402
    _cell_length_c 5.6402
    _cell_angle_alpha 90
    _cell_angle_beta 90
    _cell_angle_gamma 90
    _symmetry_space_group_name_H-M 'F m -3 m'
    _chemical_formula_sum 'Cl Na'
    _cell_formula_units_Z 4
    loop_
    _atom_site_label
    _atom_site_type_symbol
    _atom_site_fract_x
    _atom_site_fract_y
    _atom_site_fract_z
    _atom_site_occupancy
    _atom_site_Wyckoff_symbol
    _atom_site_symmetry_multiplicity
    _atom_site_U_iso_or_equiv
    Na1 Na+ 0 0 0 1 a 4 0.01(1)
    Cl1 Cl- 0.5 0.5 0.5 1 b 4 .
    """

    func structure(_ text: String) throws -> CrystalStructure {
        let block = try #require(CIFDocument(parsing: text).blocks.first)
        return CrystalStructure(block: block)
    }

    @Test func rockSaltFromSymbolOnly() throws {
        let s = try structure(Self.rockSalt)
        #expect(s.cell?.a == 5.6402)
        #expect(abs((s.cell?.volume ?? 0) - 179.425) < 1e-3)
        #expect(s.spaceGroupNumber == 225)
        #expect(s.crystalSystem == .cubic)
        #expect(s.symmetry.operationsSource == .hermannMauguin)
        #expect(s.formulaSum == "Cl Na")
        #expect(s.formulaUnits == 4)
        #expect(s.sites.map(\.label) == ["Na1", "Cl1"])
        #expect(s.sites[0].species?.symbol == "Na")
        #expect(s.sites[0].uIso == 0.01 && s.sites[1].uIso == nil)
        #expect(s.sites[0].wyckoffLetter == "a" && s.sites[0].multiplicity == 4)
        let cell = s.expandedCell()
        #expect(cell.sites.count == 8)
        #expect(cell.composition.amounts == ["Na": 4, "Cl": 4])
        #expect(cell.composition.reducedFormula == "NaCl")
        #expect(cell.isPhysical)
    }

    @Test func summaryOfDerivedFields() throws {
        let s = try structure(Self.rockSalt)
        let summary = s.summary()
        #expect(summary.reducedFormula == "NaCl")
        #expect(summary.elements == ["Na", "Cl"])
        #expect(summary.spaceGroupNumber == 225 && summary.spaceGroupSymbol == "F m -3 m" && summary.crystalSystem == .cubic)
        #expect(summary.siteCount == 8)
        // 4 × (22.98977 + 35.453) u in 179.425 Å³ (pymatgen: 2.16347 g/cm³).
        #expect(abs((summary.density ?? 0) - 2.16347) < 1e-4)
        #expect(summary.duplicateKey() == "NaCl|225|5.64,5.64,5.64,90.0,90.0,90.0")
        #expect(summary.isPhysical)
    }

    @Test func listedOperationsWinAndPartialOccupancy() throws {
        let text = """
        data_x
        _cell_length_a 4
        _cell_length_b 4
        _cell_length_c 4
        _space_group_IT_number 221
        loop_
        _space_group_symop_operation_xyz
        'x,y,z'
        '-x,-y,-z'
        loop_
        _atom_site_label
        _atom_site_fract_x
        _atom_site_fract_y
        _atom_site_fract_z
        _atom_site_occupancy
        Fe1 0.25 0.25 0.25 0.5
        Co1 0.75 0.75 0.75 0.5
        O1 0 0 0 1
        """
        let s = try structure(text)
        #expect(s.symmetry.operationsSource == .listed)
        #expect(s.symmetry.listedOperations.count == 2)
        #expect(s.spaceGroupNumber == 221)
        let cell = s.expandedCell()
        // Fe1 and Co1 are images of each other under -x,-y,-z: one disordered site, twice.
        #expect(cell.sites.count == 3)
        #expect(cell.composition.amounts == ["Fe": 1, "Co": 1, "O": 1])
        #expect(cell.composition.reducedFormula == "FeCoO")
    }

    @Test func cartesianMergeTolerance() throws {
        let text = """
        data_y
        _cell_length_a 10
        _cell_length_b 10
        _cell_length_c 10
        loop_
        _symmetry_equiv_pos_as_xyz
        x,y,z
        -x,-y,-z
        loop_
        _atom_site_label
        _atom_site_fract_x
        _atom_site_fract_y
        _atom_site_fract_z
        C1 0.001 0 0
        """
        let s = try structure(text)
        #expect(s.expandedCell().sites.count == 2, "0.02 Å apart: two sites at pymatgen's 1e-4 fractional tolerance")
        #expect(s.expandedCell(options: ExpansionOptions(merge: .cartesian(0.05))).sites.count == 1)
    }

    @Test func issuesAndDefaults() throws {
        let text = """
        data_z
        _cell_length_a 3
        _cell_length_b 3
        _cell_length_c abc
        _symmetry_space_group_name_H-M 'P 99/q'
        loop_
        _atom_site_label
        _atom_site_fract_x
        _atom_site_fract_y
        _atom_site_fract_z
        Cu1 0 0 0
        Cu2 ? 0 0
        """
        let s = try structure(text)
        #expect(s.cell == nil)
        #expect(s.symmetry.operationsSource == .identity)
        #expect(s.sites.count == 1)
        let kinds = s.issues.map(\.kind)
        #expect(kinds.contains(.invalidNumber(tag: "_cell_length_c", text: "abc")))
        #expect(kinds.contains(.unknownSpaceGroupSymbol("P 99/q")))
        #expect(kinds.contains(.missingCoordinates(label: "Cu2")))
        #expect(kinds.contains(.noSymmetry))
    }

    @Test func occupancyAboveOneIsReported() throws {
        let text = """
        data_w
        _cell_length_a 3
        _cell_length_b 3
        _cell_length_c 3
        loop_
        _atom_site_label
        _atom_site_fract_x
        _atom_site_fract_y
        _atom_site_fract_z
        _atom_site_occupancy
        Cu1 0 0 0 0.7
        Au1 0 0 0 0.4
        """
        let cell = try structure(text).expandedCell()
        #expect(cell.sites.count == 1)
        #expect(!cell.isPhysical)
        #expect(cell.composition.amounts["Au"] == 0.4)
    }
}
