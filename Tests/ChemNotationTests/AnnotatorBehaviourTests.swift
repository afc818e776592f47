import ChemNotation
import Foundation
import Testing

/// What the annotator finds in short sentences, each expectation justified by the conventions in
/// `../shared/chem/README.md` (cited as §n).
@Suite struct AnnotatorBehaviourTests {
    func mentions(_ text: String) -> [ChemMention] { ChemAnnotator().mentions(in: text) }

    /// The mentions overlapping the first occurrence of `word` in `text`.
    func at(_ word: String, in text: String) -> [ChemMention] {
        guard let span = ChemFixtures.find(word, in: text) else {
            Issue.record("\(word) is not in \(text)")
            return []
        }
        return mentions(text).filter { $0.start < span.upperBound && span.lowerBound < $0.end }
    }

    /// A sentence that names cement chemistry several times (a cement paper for the annotator).
    static let cementPaper = "Portland cement clinker was ground with gypsum to make cement paste and mortar prisms."

    // MARK: - Offsets

    /// Scalar offsets, ordered and without overlaps, for every mention of `text`.
    func checkOffsets(_ text: String, _ found: [ChemMention], sourceLocation: SourceLocation = #_sourceLocation) {
        let scalars = Array(text.unicodeScalars)
        var end = 0
        for m in found {
            #expect(m.start >= end && m.start < m.end && m.end <= scalars.count, "\(m.summary) after \(end)", sourceLocation: sourceLocation)
            guard m.start >= 0, m.start < m.end, m.end <= scalars.count else { continue }
            #expect(Array(scalars[m.start..<m.end]) == Array(m.text.unicodeScalars), "\(m.summary)", sourceLocation: sourceLocation)
            end = m.end
        }
    }

    /// §1 lossless cleanup: sub- and superscripts are read, and the offsets count Unicode scalars
    /// (`“”—` are one scalar of three bytes each).
    @Test func offsetsCountScalarsInNonASCIIText() {
        let text = "α-Fe₂O₃ and SO₄²⁻ in “quotes” — H₂O"
        let found = mentions(text)
        checkOffsets(text, found)
        #expect(found.map(\.text) == ["α-Fe₂O₃", "SO₄²⁻", "H₂O"])
        #expect(found.map(\.reading.canonical) == ["Fe2O3", "SO4[-2]", "H2O"])
        #expect(found.first?.reading.phase == "α", "§4.8: the phase prefix is stripped into phase")
        #expect(found.dropFirst().first?.reading.charge == -2)
        #expect(found.map(\.start) == [0, 12, 32])
    }

    @Test func offsetsSurviveAstralScalarsAndCombiningMarks() {
        let text = "🧪 Fe₂O₃ on e\u{301}pitaxial 𝑥-cut TiO2, then “NaCl” 🙂 and SO₄²⁻.\nCuSO4·5H2O — done"
        let found = mentions(text)
        checkOffsets(text, found)
        #expect(found.map(\.reading.canonical) == ["Fe2O3", "TiO2", "NaCl", "SO4[-2]", "CuH10SO9"])
    }

    @Test func offsetsOfEveryMentionInTheFixtureTexts() {
        guard let texts = ChemFixtures.materialTexts() else { return }
        let annotator = ChemAnnotator()
        var count = 0
        for (_, text) in texts {
            let found = annotator.mentions(in: text)
            count += found.count
            checkOffsets(text, found)
        }
        #expect(count > 1000)
    }

    // MARK: - Lone element symbols (§5 rule 6, §4.12)

    @Test func inAsAPrepositionIsNoMentionButInFoilIsIndium() {
        #expect(mentions("In this work, we report a new synthesis route.").isEmpty)
        let foil = mentions("In foil was pressed onto the anode.")
        #expect(foil.map(\.text) == ["In"] && foil.first?.reading.canonical == "In")
        #expect(foil.first?.reading.kind == "element_symbol")
    }

    @Test func otherFunctionWordsAndUnitsAreNoMentions() {
        #expect(mentions("As shown in Fig. 2, the peak shifts.").isEmpty)
        #expect(mentions("No secondary phase was detected.").isEmpty)
        #expect(mentions("Measurements were performed at 300 K.").isEmpty)
        #expect(mentions("A Hubbard U of 4 eV was applied.").isEmpty)
    }

    /// `X-doped`, `X-based`: the element or formula before the hyphen, without the word after it.
    @Test func hyphenatedModifiersEndTheMention() {
        let doped = mentions("Fe-doped samples were annealed.")
        #expect(doped.map(\.text) == ["Fe"] && doped.first?.reading.canonical == "Fe")
        #expect(doped.first?.end == 2)
        let based = mentions("LiFePO4-based cathodes were cycled.")
        #expect(based.map(\.text) == ["LiFePO4"] && based.first?.reading.canonical == "LiFePO4")
        // §4.12: a lone N is N2 (pymatgen's special formula), the mention is still just `N`.
        let n = at("N", in: "N-doped graphene showed improved ORR activity.")
        #expect(n.map(\.text) == ["N"] && n.first?.reading.canonical == "N2")
    }

    @Test func elementListsAreElements() {
        let found = mentions("Co, Ni and Fe were co-deposited.")
        #expect(found.map(\.text) == ["Co", "Ni", "Fe"])
        #expect(found.map(\.reading.canonical) == ["Co", "Ni", "Fe"])
    }

    // MARK: - Composites, ions, sums (§4.1, §4.3, §4.7, §4.10)

    @Test func ptOnCarbonIsOneCompositeWithTwoComponents() {
        let found = mentions("Commercial 20 wt% Pt/C was the benchmark.")
        #expect(found.count == 1)
        #expect(found.first?.text == "Pt/C" && found.first?.reading.canonical == nil)
        #expect(found.first?.reading.kind == "composite" && found.first?.reading.components == ["Pt", "C"])
    }

    @Test func aRedoxCoupleIsTwoIons() {
        let found = mentions("The Fe2+/Fe3+ ratio was determined by Mössbauer.")
        #expect(found.map(\.text) == ["Fe2+", "Fe3+"])
        #expect(found.map(\.reading.canonical) == ["Fe[+2]", "Fe[+3]"])
        #expect(found.map(\.reading.kind) == ["ion", "ion"])
    }

    @Test func aSpacedAdductDotIsOneMention() {
        // (`water` is a mention of its own: H2O by name.)
        let found = at("CuSO4 · 5H2O", in: "CuSO4 · 5H2O was dissolved in deionised water.")
        #expect(found.count == 1)
        #expect(found.first?.text == "CuSO4 · 5H2O" && found.first?.reading.canonical == "CuH10SO9")
        let muscovite = mentions("The muscovite composition K2O · 3Al2O3 · 6SiO2 · 2H2O was melt-quenched.")
        let sum = muscovite.filter { $0.text.hasPrefix("K2O") }
        #expect(sum.map(\.text) == ["K2O · 3Al2O3 · 6SiO2 · 2H2O"])
        #expect(sum.first?.reading.canonical == "KAl3Si3(HO6)2")
        // §4.1: a lost separator is still a sum.
        let lost = at("Na2O 3SiO2", in: "Sodium trisilicate glass (Na2O 3SiO2) was leached.")
        #expect(lost.map(\.text) == ["Na2O 3SiO2"] && lost.first?.reading.canonical == "Na2Si3O7")
    }

    /// §4.3: an alloy designation is wt% with the balance in the base metal. The expected mole fractions
    /// are worked out here from the atomic masses in `element_table.json` (pymatgen's).
    @Test func ti6Al4VIsAWeightPercentAlloy() throws {
        let found = mentions("Ti-6Al-4V lattices were printed by LPBF.")
        #expect(found.map(\.text) == ["Ti-6Al-4V"])
        let r = try #require(found.first?.reading)
        #expect(r.kind == "alloy")
        let moles = ["Ti": 90 / 47.867, "Al": 6 / 26.9815385, "V": 4 / 50.9415]
        let total = moles.values.reduce(0, +)
        #expect(Set(r.elements.keys) == ["Ti", "Al", "V"])
        for (e, n) in moles {
            let x = r.elements[e] ?? 0
            #expect(abs(x - n / total) <= 1e-4 * n / total, "\(e): \(x) vs \(n / total)")
        }
    }

    /// §4.6: δ on oxygen → 0, the nominal formula, in electronegativity order (§1).
    @Test func ybcoWithDeltaIsNonstoichiometric() {
        let found = mentions("YBa2Cu3O7−δ films were grown by PLD.")
        #expect(found.map(\.text) == ["YBa2Cu3O7−δ"])
        #expect(found.first?.reading.canonical == "Ba2YCu3O7")
        #expect(found.first?.reading.kind == "nonstoichiometric")
    }

    /// §4.6: a variable takes its value from its own sentence. One annotator reads the same text
    /// with different values (its cache is keyed by the values stated), and without one it is a
    /// variable composition with a host.
    @Test func variablesComeFromTheirOwnSentenceThroughTheCache() {
        let annotator = ChemAnnotator()
        func reading(_ text: String) -> FormulaReading? { annotator.mentions(in: text).first { $0.text == "LixCoO2" }?.reading }
        for _ in 0..<2 {
            #expect(reading("During charging LixCoO2 loses lithium.")?.canonical == nil)
            #expect(reading("During charging LixCoO2 loses lithium.")?.hostCanonical == "LiCoO2")
            #expect(reading("Delithiated LixCoO2 (x = 0.5) is monoclinic.")?.canonical == "Li0.5Co1O2")
            #expect(reading("LixCoO2 with x = 0.25 was cycled.")?.canonical == "Li0.25Co1O2")
        }
    }

    /// §4.9: `host:dopant,dopant` is the host with every dopant listed.
    @Test func dopantNotationKeepsEveryDopant() {
        let found = at("SrAl2O4", in: "SrAl2O4:Eu2+,Dy3+ shows long afterglow.")
        #expect(found.first?.reading.canonical == "SrAl2O4")
        #expect(found.first?.reading.kind == "dopant_notation")
        do {
            #expect(found.map(\.text) == ["SrAl2O4:Eu2+,Dy3+"])
            #expect(found.first?.reading.dopants == ["Eu2+", "Dy3+"])
        }
        let single = at("Gd2O2S", in: "The Gd2O2S:Tb3+ scintillator emits at 545 nm.")
        #expect(single.map(\.text) == ["Gd2O2S:Tb3+"] && single.first?.reading.canonical == "Gd2SO2")
        #expect(single.first?.reading.dopants == ["Tb3+"])
    }

    // MARK: - Cement notation (§4.4)

    @Test func c3sIsAliteInACementPaper() {
        let found = at("C3S", in: Self.cementPaper + " The C3S content of the clinker was 62%.")
        #expect(found.map(\.text) == ["C3S"] && found.first?.reading.canonical == "Ca3SiO5")
        #expect(found.first?.reading.kind == "cement")
    }

    /// §4.4: "It applies only with cement context; otherwise `C3S` is carbon + sulfur."
    @Test func c3sIsNotAliteWithoutCementWords() {
        do {
            let found = at("C3S", in: "The C3S thin films were deposited by sputtering on sapphire.")
            #expect(!found.contains { $0.reading.canonical == "Ca3SiO5" }, "\(found.map(\.summary))")
        }
    }

    /// §5 rule 5: an all-caps acronym is no formula; in a cement paper `AFM` is not A + F + M either.
    @Test func afmInACementPaperIsNoMention() {
        #expect(at("AFM", in: Self.cementPaper + " The paste surface was imaged by AFM after 28 days.").isEmpty)
    }

    /// §4.4 needs cement context; atomic force microscopy is not one, however often a paper names it.
    @Test func aPaperThatUsesAFMIsNoCementPaper() {
        let text = "AFM images of the film were recorded. The AFM roughness was 2 nm. The CH stretching band at 2920 cm−1 grows with loading."
        do {
            #expect(at("CH", in: text).allSatisfy { $0.reading.canonical == nil }, "\(at("CH", in: text).map(\.summary))")
        }
    }

    /// Cement context comes from cement words, not from `after` (which contains the keyword `aft`).
    @Test func afterIsNoCementWord() {
        let sentence = "After annealing, the CH stretching band vanished."
        do {
            #expect(ChemicalNotation.canonicalize("CH", context: sentence)?.canonical == nil)
        }
        // In a document that names cement once, every sentence with `after` counts as a cement sentence.
        let text = "The slag was milled to 400 m2/kg. After annealing, the CH stretching band vanished."
        do {
            #expect(at("CH", in: text).allSatisfy { $0.reading.canonical == nil }, "\(at("CH", in: text).map(\.summary))")
        }
    }

    /// Ordinary formulas written with cement letters keep their chemical reading in a cement paper:
    /// §4.4 expands cement strings, and NH4F (ammonium fluoride) or K2S is none.
    @Test func ordinaryFormulasKeepTheirReadingInACementPaper() {
        let text = Self.cementPaper + " The polished sections were etched with NH4F, KHF2 and K2S solutions."
        let found = mentions(text)
        let expected = ["NH4F": "H4NF", "KHF2": "KHF2", "K2S": "K2S"]
        do {
            for (formula, canonical) in expected {
                let m = found.first { $0.text == formula }
                #expect(m?.reading.canonical == canonical, "\(formula): \(m?.summary ?? "no mention")")
            }
        }
        // Formulas with lower-case letters are safe.
        #expect(mentions(Self.cementPaper + " CaCO3 and Fe2O3 were added.").filter { $0.text.hasSuffix("O3") }.map(\.reading.canonical) == ["CaCO3", "Fe2O3"])
    }

    // MARK: - Names (§4.5)

    @Test func slakedLimeIsOneTwoWordMention() {
        let found = mentions("Slaked lime was used in the lime mortar.")
        let slaked = found.filter { $0.text.lowercased().hasPrefix("slaked") }
        #expect(slaked.map(\.text) == ["Slaked lime"])
        #expect(slaked.first?.reading.canonical == "Ca(HO)2")
        #expect(!found.contains { $0.start > 0 && $0.start < 11 }, "no second mention inside the phrase")
    }

    /// §4.5: structure-type uses of a mineral name are null, whatever the case of the words; the
    /// mineral itself keeps its formula. (The flag marks the cases that a name followed by a formula
    /// used to get wrong.)
    @Test(arguments: [
        ("The spinel LiMn2O4 cathode was cycled.", "spinel", true),
        ("Temperature effect on spinel Li4Ti5O12 as anode materials.", "spinel", true),
        ("Wurtzite GaN films were grown by MOCVD.", "Wurtzite", true),
        ("Efficient Stabilization of Cubic Perovskite SrCoO3−δ by Scandium Doping", "Perovskite", true),
        ("Olivine LiFePO4 was carbon coated.", "Olivine", false),
        ("Perovskite solar cells exceeded 25% efficiency.", "Perovskite", false),
        ("Mixed Conducting Perovskite Oxide Electrodes", "Perovskite", false),
        ("Relationship between Cation Substitution and Stability of Perovskite Structure in SrCoO3", "Perovskite", false),
        ("The Spinel Structure of LiMn2O4", "Spinel", false),
        ("The rock salt phase formed on cycling.", "rock salt", false),
    ] as [(String, String, Bool)])
    func structureTypeUsesOfNamesAreNull(_ sentence: String, _ name: String, _ beforeAFormula: Bool) {
        do {
            let found = at(name, in: sentence)
            #expect(found.allSatisfy { $0.reading.canonical == nil }, "\(found.map(\.summary))")
        }
    }

    @Test func theMineralItselfKeepsItsFormula() {
        #expect(at("perovskite", in: "The mineral perovskite was first found in the Urals.").map(\.reading.canonical) == ["CaTiO3"])
        #expect(at("spinel", in: "Transparent spinel was hot pressed.").map(\.reading.canonical) == ["MgAl2O4"])
    }

    /// A name's own neighbours decide its reading, not those of an earlier occurrence of the word in
    /// the sentence.
    @Test func eachOccurrenceOfANameIsJudgedWhereItIs() {
        do {
            let verbSecond = mentions("The lead content rose, which will lead to failure.")
            #expect(verbSecond.map(\.start) == [4], "\(verbSecond.map(\.summary))")
            let metalSecond = mentions("This will lead to a higher lead content.")
            #expect(metalSecond.map(\.start) == [27], "\(metalSecond.map(\.summary))")
            let structureSecond = mentions("The mineral perovskite was found in the Urals; perovskite solar cells came later.")
            #expect(structureSecond.map(\.start) == [12], "\(structureSecond.map(\.summary))")
        }
    }

    @Test func leadTheVerbIsNoMentionButLeadTheMetalIsPb() {
        #expect(mentions("Higher temperatures will lead to coarser grains.").isEmpty)
        let metal = mentions("The lead content of the glass was 30 wt%.")
        #expect(metal.map(\.text) == ["lead"] && metal.first?.reading.canonical == "Pb")
    }

    // MARK: - Look-alikes (§5 rules 4, 5, 7)

    @Test(arguments: [
        "DFT calculations used the PBE functional.",
        "XRD patterns were collected.",
        "SEM images show agglomerates.",
        "CNTs were grown by CVD.",
        "The bulk modulus is 5 GPa.",
        "The cell was cycled at 40 mA.",
        "The elastic constants C11, C12 and C44 were computed.",
        "See Fig. S2 for the full spectra.",
        "It crystallizes in the monoclinic space group P21/c.",
        "The P21/c cell has Z = 4.",
    ])
    func lookAlikesAreNoMentions(_ sentence: String) {
        let found = mentions(sentence)
        #expect(found.isEmpty, "\(found.map(\.summary))")
    }
}
