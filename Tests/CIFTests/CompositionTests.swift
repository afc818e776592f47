import Foundation
import Testing
import _CorpusTestSupport
@testable import CIF

@Suite struct CompositionTests {
    @Test(arguments: [
        (["Ca": 12.0, "Al": 8, "Si": 12, "O": 48], "Ca3Al2(SiO4)3"),
        (["Mn": 3.0, "Ni": 20, "P": 6], "Mn3(Ni10P3)2"),
        (["Ca": 2.0, "Ru": 1, "O": 4], "Ca2RuO4"),
        (["Fe": 4.0, "O": 6], "Fe2O3"),
        (["O": 8.0], "O2"), (["H": 2.0, "O": 2], "H2O2"), (["Li": 4.0, "O": 4], "Li2O2"), (["Cl": 2.0], "Cl2"),
        (["C": 8.0], "C"),
        (["Fe": 4.2, "Si": 1.5, "O": 12.003], "Fe4.2Si1.5O12.003"),
        (["Cs": 1.0, "In": 0.0672, "Sn": 0.9, "Cl": 3], "Cs1In0.0672Sn0.9Cl3"),
        (["M": 2.0, "Fe": 1, "O": 3], "M2FeO3"),
        (["He": 2.0, "O": 1], "OHe2"),
        (["Na": 4.0, "Cl": 4.000000001], "NaCl"),
    ] as [([String: Double], String)])
    func reducedFormula(amounts: [String: Double], expected: String) {
        #expect(Composition(amounts).reducedFormula == expected)
    }

    /// The array version of `reducedFormula` writes what the dictionary version it replaced wrote, on random
    /// compositions: elements with and without an electronegativity, dummy species, symbols outside the
    /// code table, integer amounts with shared factors (polyanions), fractional amounts and near-integers.
    @Test func reducedFormulaEqualsItsReference() {
        var rng = SeededGenerator(seed: 29)
        let symbols = ["H", "He", "Li", "B", "C", "N", "O", "F", "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar", "K", "Ca", "Ti",
                       "Fe", "Co", "Ni", "Cu", "Zn", "Se", "Sr", "Y", "Zr", "Ag", "Sn", "Te", "I", "Ba", "La", "Pb", "Bi", "U",
                       "Og", "M", "X", "D", "Xx", "Fe3+"]
        for trial in 0..<4_000 {
            var amounts: [String: Double] = [:]
            let count = 1 + Int(rng.next() % 6)
            let scale = Double(1 + rng.next() % 4)
            for _ in 0..<count {
                let symbol = symbols[Int(rng.next() % UInt64(symbols.count))]
                let amount: Double
                switch rng.next() % 4 {
                case 0: amount = Double(1 + rng.next() % 12) * scale
                case 1: amount = Double(rng.next() % 1000) / 100
                case 2: amount = Double(1 + rng.next() % 6) + 1e-9
                default: amount = Double(1 + rng.next() % 4) * scale * 2
                }
                amounts[symbol] = amount
            }
            let c = Composition(amounts)
            #expect(c.reducedFormula == c.reducedFormulaReference, "trial \(trial): \(amounts)")
        }
    }

    @Test func formulaOrderAndMass() {
        let c = Composition(["O": 4, "Fe": 2, "Li": 2, "P": 2])
        #expect(c.formula == "Li2 Fe2 P2 O4")
        #expect(c.elements == ["Li", "Fe", "P", "O"])
        #expect(abs(Composition(["Na": 1, "Cl": 1]).mass - 58.44277) < 1e-3)
        #expect(ChemicalElement(symbol: "Fe")?.atomicNumber == 26)
        #expect(ChemicalElement(symbol: "Ar")?.electronegativity == nil)
        #expect(ChemicalElement.all.count == 118)
    }

    /// The chemical-notation oracle's exact cases: our reduced formula of each case's element
    /// amounts equals pymatgen's canonical (ions excluded: those use `Ion.reduced_formula`).
    @Test func chemOracleCanonicals() throws {
        guard let shared = Fixtures.shared else {
            print(Fixtures.sharedMissing)
            return
        }
        let text = try String(contentsOf: shared.appendingPathComponent("chem/cases-dev.jsonl"), encoding: .utf8)
        var checked = 0
        for line in text.split(separator: "\n") {
            let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            guard o["match"] as? String == "exact", o["kind"] as? String != "ion", let canonical = o["canonical"] as? String, !canonical.contains("["),
                  let elements = o["elements"] as? [String: Any] else { continue }
            let amounts = elements.compactMapValues { ($0 as? NSNumber)?.doubleValue }
            #expect(Composition(amounts).reducedFormula == canonical, "\(o["input"] ?? "")")
            checked += 1
        }
        #expect(checked > 250)
    }

    @Test(arguments: [
        ("Fe1", "Fe"), ("FE2", "Fe"), ("O2-", "O"), ("Fe3+", "Fe"), ("Cl1-", "Cl"), ("C12", "C"), ("Ow", "O"), ("Wat1", "O"),
        ("Hw2", "H"), ("NO3", "N"), ("D1", "H"), ("M1", "M"), ("CA1", "Ca"), ("Sn", "Sn"),
    ])
    func siteSpecies(text: String, symbol: String) {
        #expect(SiteSpecies(parsing: text)?.symbol == symbol, "\(text)")
    }

    @Test func siteSpeciesWithoutElement() {
        #expect(SiteSpecies(parsing: "?") == nil)
        #expect(SiteSpecies(parsing: "OH1") == nil)
        #expect(SiteSpecies(parsing: "") == nil)
        #expect(SiteSpecies(parsing: "Wat")?.implicitHydrogens == 2)
        #expect(SiteSpecies(parsing: "M1")?.isElement == false)
    }
}
