import Foundation
import Testing
import _CorpusTestSupport
@testable import CIF

/// Hostile input: mutated real files (bytes dropped, flipped, cut, and CIF fragments such as
/// quotes, `;` lines, brackets, `nan`, `1e999`, control bytes inserted) never crash any layer.
@Suite struct CIFFuzzTests {
    static let fragments = ["nan", "inf", "1e999", "-1e308", "'", "\"", "\n;", ";", "[", "]", "{", "}", "#\\#CIF_2.0\n", "data_",
                            "loop_", "save_x", "save_", "stop_", "global_", "_", "?", ".", "\u{0}", "\u{1a}", "\u{e9}", "x,y,z",
                            "0.3333", "(", ")", "'''", "\r\n", "$", "1/0", "_atom_site_fract_x", "_cell_length_a 1e-300\n",
                            "-x+1e6,y,z", "_space_group_IT_number 0\n"]

    @Test func mutatedFixturesNeverCrash() throws {
        guard let shared = Fixtures.shared else {
            print(Fixtures.sharedMissing)
            return
        }
        let names = ["cif/cod/codtools__1000049.cif", "cif/amcsd/cgcnn__9011050.cif", "cif/edge/codtools__CIF2-features.cif",
                     "cif/pymatgen/pyxtal__ice.cif", "cif/edge/codtools__2009397.cif", "cif/mcif/codtools__templ_enum.cif"]
        let files = try names.map { try CIFOracle.bytes(shared, $0) }
        var rng = SeededGenerator(seed: 4)
        for _ in 0..<600 {
            var b = files[Int.random(in: 0..<files.count, using: &rng)]
            for _ in 0..<Int.random(in: 1...6, using: &rng) where !b.isEmpty {
                let at = Int.random(in: 0..<b.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: b.remove(at: at)
                case 1: b.insert(contentsOf: Array(Self.fragments.randomElement(using: &rng)!.utf8), at: at)
                case 2: b[at] = UInt8.random(in: 0...255, using: &rng)
                default: b.removeSubrange(at..<min(b.count, at + Int.random(in: 0..<200, using: &rng)))
                }
            }
            let doc = CIFDocument(parsing: b)
            _ = doc.errors.map(\.description)
            for block in doc.blocks {
                for pair in block.pairs { _ = (pair.value.text, pair.value.number, pair.value.elements, pair.value.entries) }
                let structure = CrystalStructure(block: block)
                _ = structure.summary(options: ExpansionOptions(merge: .cartesian(0.05)))
                _ = try? CanonicalCIF.render(block, options: CanonicalCIFOptions(keepsBibliography: true))
                _ = StructureText.render(structure)
            }
        }
    }
}
