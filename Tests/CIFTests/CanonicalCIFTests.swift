import Foundation
import Testing
import _CorpusTestSupport
@testable import CIF

@Suite struct CanonicalCIFTests {
    @Test func rockSaltGolden() throws {
        let block = try #require(CIFDocument(parsing: CrystalStructureTests.rockSalt).blocks.first)
        let text = try CanonicalCIF.render(block)
        let head = """
        data_NaCl
        _chemical_formula_structural NaCl
        _chemical_formula_sum 'Na4 Cl4'
        _cell_length_a 5.6402
        _cell_length_b 5.6402
        _cell_length_c 5.6402
        _cell_angle_alpha 90.0000
        _cell_angle_beta 90.0000
        _cell_angle_gamma 90.0000
        _cell_volume 179.4252
        _cell_formula_units_Z 4
        _symmetry_space_group_name_H-M 'F m -3 m'
        _symmetry_Int_Tables_number 225
        loop_
        _symmetry_equiv_pos_site_id
        _symmetry_equiv_pos_as_xyz
        1 'x,y,z'

        """
        #expect(text.hasPrefix(head))
        #expect(text.hasSuffix("""
        _atom_site_occupancy
        Na1 Na 4 0.0000 0.0000 0.0000 1
        Cl1 Cl 4 0.5000 0.5000 0.5000 1

        """))
        #expect(text.components(separatedBy: "\n").filter { $0.hasSuffix("'") && $0.first?.isNumber == true }.count == 192)
        let summary = try #require(StructureText.render(CrystalStructure(block: block)))
        #expect(summary == """
        NaCl (Z = 4), F m -3 m (No. 225), cubic
        a = 5.6402 Å, b = 5.6402 Å, c = 5.6402 Å, α = 90.00°, β = 90.00°, γ = 90.00°, V = 179.43 Å³
        Na1 Na 4 (0.0000, 0.0000, 0.0000)
        Cl1 Cl 4 (0.5000, 0.5000, 0.5000)

        """)
    }

    @Test func optionsDecimalsAndBibliography() throws {
        let text = CrystalStructureTests.rockSalt.replacingOccurrences(of: "data_NaCl\n", with: "data_NaCl\n_journal_name_full 'Acta Cryst.'\n_publ_section_title\n;\nRock salt\n;\n")
        let block = try #require(CIFDocument(parsing: text).blocks.first)
        #expect(!(try CanonicalCIF.render(block)).contains("_journal"))
        let kept = try CanonicalCIF.render(block, options: CanonicalCIFOptions(decimals: 2, keepsBibliography: true))
        #expect(kept.contains("_journal_name_full 'Acta Cryst.'\n_publ_section_title 'Rock salt'\n"))
        #expect(kept.contains("_cell_length_a 5.64\n"))
        #expect(kept.contains("_atom_site_U_iso_or_equiv") == false)
    }

    @Test func noCanonicalWithoutCellOrSites() throws {
        let block = try #require(CIFDocument(parsing: "data_x\n_cell_length_a 1\n").blocks.first)
        #expect(throws: CanonicalCIFError.noCell(block: "x")) { try CanonicalCIF.render(block) }
        let noSites = try #require(CIFDocument(parsing: "data_y\n_cell_length_a 1\n_cell_length_b 1\n_cell_length_c 1\n").blocks.first)
        #expect(throws: CanonicalCIFError.noSites(block: "y")) { try CanonicalCIF.render(noSites) }
    }

    @Test func numberFormatting() {
        #expect(CanonicalNumber.format(5.64023, decimals: 4) == "5.6402")
        #expect(CanonicalNumber.format(-0.00001, decimals: 4) == "0.0000")
        #expect(CanonicalNumber.format(0.00005, decimals: 4) == "0.0001")
        #expect(CanonicalNumber.format(-1.5, decimals: 0) == "-2")
        #expect(CanonicalNumber.compact(0.5, decimals: 6) == "0.5")
        #expect(CanonicalNumber.compact(1, decimals: 6) == "1")
        #expect(CIFValueQuoting.quote("P 21/c") == "'P 21/c'")
        #expect(CIFValueQuoting.quote("it's") == "it's")
        #expect(CIFValueQuoting.quote("it' s") == "\"it' s\"")
        #expect(CIFValueQuoting.quote("?") == "'?'")
        #expect(CIFValueQuoting.quote("a\n;b") == "\n;\na\n ;b\n;")
    }

    /// Over every fixture structure block: canonicalizing the canonical CIF gives the same bytes,
    /// and the canonical CIF expands to the same formula and site count as the original.
    @Test func idempotentAndFaithfulOverFixtures() throws {
        guard let shared = Fixtures.shared else {
            print(Fixtures.sharedMissing)
            return
        }
        let files = Set(try CIFOracle.load(shared).map(\.file))
        var blocks = 0
        for file in files.sorted() {
            let doc = CIFDocument(parsing: try CIFOracle.bytes(shared, file), file: file)
            for block in doc.blocks where CrystalStructure.isStructureBlock(block) {
                guard let first = try? CanonicalCIF.render(block) else { continue }
                blocks += 1
                let reread = CIFDocument(parsing: first)
                #expect(reread.isValid, "\(file)#\(block.name)")
                let again = try CanonicalCIF.render(try #require(reread.blocks.first))
                #expect(again == first, "\(file)#\(block.name) is not idempotent")
                let original = CrystalStructure(block: block)
                // Implicit water hydrogens (`O-H` labels) are not written; pymatgen rejects these two anyway.
                guard original.expandedCell().isPhysical else { continue }
                let before = original.expandedCell()
                let after = CrystalStructure(block: reread.blocks[0]).expandedCell()
                #expect(before.composition.reducedFormula == after.composition.reducedFormula && before.sites.count == after.sites.count,
                        "\(file)#\(block.name): \(before.composition.reducedFormula) → \(after.composition.reducedFormula)")
            }
        }
        #expect(blocks == 394)
    }
}
