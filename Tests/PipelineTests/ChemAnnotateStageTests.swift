import ChemNotation
import CorpusCore
import Testing
@testable import Pipeline

/// The `chem_annotate` stage on documents, in each mode, and its pipeline-file options. Expected
/// canonicals follow `../shared/chem/README.md` (pymatgen's reduced formula; cement notation only in
/// cement context).
@Suite struct ChemAnnotateStageTests {
    static func document(_ text: String) -> Document {
        Document(id: "d1", text: text, source: .paper, provenance: Provenance(file: "paper.xml"))
    }

    static func run(_ mode: ChemAnnotateMode, _ text: String) throws -> (document: Document, output: StageOutput) {
        var stage = ChemAnnotateStage(mode: mode)
        var output = StageOutput()
        try stage.process(document(text), into: &output)
        #expect(output.emitted.count == 1 && output.dropped.isEmpty, "one document in, one out")
        return (try #require(output.emitted.first), output)
    }

    /// A cement paper's sentence, a plain formula, a composite without a canonical, and non-ASCII
    /// characters before and between the mentions.
    static let text = "Portland cement clinker and mortar — “C3S” and gypsum. α-Fe₂O₃, Fe2O3 and Pt/C were added; SO₄²⁻ too."

    // MARK: - annotate

    @Test func annotateKeepsTheTextAndListsTheMentionsWithScalarOffsets() throws {
        let (d, _) = try Self.run(.annotate, Self.text)
        #expect(d.text == Self.text)
        guard case .array(let items)? = d.metadata.extra[ChemAnnotateStage.metadataKey] else {
            Issue.record("metadata.extra[\"chem_mentions\"] is not an array: \(String(describing: d.metadata.extra[ChemAnnotateStage.metadataKey]))")
            return
        }
        let scalars = Array(Self.text.unicodeScalars)
        var listed: [(text: String, canonical: String?, kind: String)] = []
        var previousEnd = 0
        for item in items {
            guard case .object(let o) = item, let start = o["start"]?.intValue, let end = o["end"]?.intValue,
                  let text = o["text"]?.stringValue, let kind = o["kind"]?.stringValue else {
                Issue.record("malformed mention \(item)")
                continue
            }
            #expect(start >= previousEnd && start < end && end <= scalars.count, "\(text) [\(start),\(end))")
            guard start >= previousEnd, start < end, end <= scalars.count else { continue }
            #expect(String(String.UnicodeScalarView(scalars[start..<end])) == text, "the offsets slice the text to the mention")
            previousEnd = end
            let canonical: String?
            switch o["canonical"] {
            case .string(let c)?: canonical = c
            case .null?: canonical = nil
            default: Issue.record("\(text): canonical is missing"); canonical = nil
            }
            listed.append((text, canonical, kind))
        }
        #expect(listed.map(\.text) == ["C3S", "gypsum", "α-Fe₂O₃", "Fe2O3", "Pt/C", "SO₄²⁻"])
        #expect(listed.map(\.canonical) == ["Ca3SiO5", "CaH4SO6", "Fe2O3", "Fe2O3", nil, "SO4[-2]"])
        #expect(listed.map(\.kind) == ["cement", "trivial_name", "formula", "formula", "composite", "ion"])
        // The same mentions as the annotator's.
        #expect(items.count == ChemAnnotator().mentions(in: Self.text).count)
    }

    @Test func annotateWritesAnEmptyListForATextWithoutChemistry() throws {
        let (d, output) = try Self.run(.annotate, "In this work, we report a new route. As shown in Fig. S2, DFT agrees.")
        #expect(d.metadata.extra[ChemAnnotateStage.metadataKey] == .array([]))
        #expect(output.tallies.isEmpty)
    }

    // MARK: - append

    /// The canonical follows a mention only when it differs from it: `C3S [Ca3SiO5]`, but `Fe2O3` as
    /// it was; a composite (no canonical) is left alone.
    @Test func appendAddsTheCanonicalWhereItDiffers() throws {
        let (d, _) = try Self.run(.append, Self.text)
        #expect(d.text == "Portland cement clinker and mortar — “C3S [Ca3SiO5]” and gypsum [CaH4SO6]. "
            + "α-Fe₂O₃ [Fe2O3], Fe2O3 and Pt/C were added; SO₄²⁻ [SO4[-2]] too.")
        #expect(d.metadata.extra[ChemAnnotateStage.metadataKey] == nil)
        let plain = try Self.run(.append, "Fe2O3 nanoparticles were calcined at 500 °C.").document
        #expect(plain.text == "Fe2O3 nanoparticles were calcined at 500 °C.")
    }

    // MARK: - replace

    @Test func replacePutsTheCanonicalInPlace() throws {
        let (d, _) = try Self.run(.replace, Self.text)
        #expect(d.text == "Portland cement clinker and mortar — “Ca3SiO5” and CaH4SO6. Fe2O3, Fe2O3 and Pt/C were added; SO4[-2] too.")
        let ybco = try Self.run(.replace, "YBa2Cu3O7−δ films and LiFePO4-based cathodes.").document
        #expect(ybco.text == "Ba2YCu3O7 films and LiFePO4-based cathodes.")
    }

    @Test func rewriteWithoutMentionsIsTheText() {
        for mode in ChemAnnotateMode.allCases {
            #expect(ChemAnnotateStage.rewrite("α-Fe₂O₃ — “x”", [], mode: mode) == "α-Fe₂O₃ — “x”")
        }
    }

    // MARK: - tallies

    @Test func talliesCountCanonicalsAndKindsInEveryMode() throws {
        let text = "Fe2O3 and Fe2O3 nanoparticles on TiO2; Pt/C and Fe3+ ions. The lead content was low."
        for mode in ChemAnnotateMode.allCases {
            let (_, output) = try Self.run(mode, text)
            #expect(output.tallies["canonical"] == ["Fe2O3": 2, "TiO2": 1, "Fe[+3]": 1, "Pb": 1], "\(mode)")
            #expect(output.tallies["chem_kind"] == ["formula": 3, "composite": 1, "ion": 1, "element_name": 1], "\(mode)")
        }
    }

    @Test func talliesAccumulateOverDocumentsInOneOutput() throws {
        var stage = ChemAnnotateStage(mode: .annotate)
        var output = StageOutput()
        try stage.process(Self.document("SiO2 glass."), into: &output)
        try stage.process(Self.document("SiO2 and Al2O3."), into: &output)
        #expect(output.emitted.count == 2)
        #expect(output.tallies["canonical"] == ["SiO2": 2, "Al2O3": 1])
        #expect(output.tallies["chem_kind"] == ["formula": 3])
    }

    // MARK: - pipeline files

    static let pipeline = """
    version = 1
    name = "chem"

    [[inputs]]
    path = "papers"
    reader = "xml"
    source = "paper"

    [[stages]]
    type = "chem_annotate"
    mode = "append"

    [[stages]]
    type = "chem_annotate"
    """

    @Test func theLoaderAcceptsChemAnnotateWithAModeAndDefaultsToAnnotate() throws {
        let spec = try PipelineLoader.parse(Self.pipeline, file: "p.toml", baseDirectory: "/base", environment: [:])
        #expect(spec.stages.map(\.type) == ["chem_annotate", "chem_annotate"])
        #expect(spec.stages[0].options.string("mode") == "append")
        #expect(spec.stages[1].options.string("mode") == "annotate")
        var stages = try spec.stages.map { try #require(Registry.stage(named: $0.type)).build($0.options) }
        #expect(stages.map(\.name) == ["chem_annotate", "chem_annotate"])
        // The built stages behave as their modes say.
        var output = StageOutput()
        let text = "Portland cement and mortar: C3S hydrates."
        try stages[0].process(Self.document(text), into: &output)
        #expect(output.emitted.first?.text == "Portland cement and mortar: C3S [Ca3SiO5] hydrates.")
        output.reset()
        try stages[1].process(Self.document(text), into: &output)
        #expect(output.emitted.first?.text == text)
        #expect(output.emitted.first?.metadata.extra[ChemAnnotateStage.metadataKey] != nil)
    }

    @Test func theLoaderRejectsAnUnknownModeNamingTheChoices() {
        let text = Self.pipeline.replacingOccurrences(of: "mode = \"append\"", with: "mode = \"bogus\"")
        do {
            _ = try PipelineLoader.parse(text, file: "p.toml", baseDirectory: "/base", environment: [:])
            Issue.record("mode = \"bogus\" was accepted")
        } catch PipelineError.invalid(let issues) {
            #expect(issues.count == 1, "\(issues)")
            let issue = issues.first
            #expect(issue?.line == 11, "\(String(describing: issue))")
            #expect(issue?.message.contains("\"mode\"") == true, "\(String(describing: issue))")
            #expect(issue?.message.contains("\"bogus\"") == true, "\(String(describing: issue))")
            #expect(issue?.message.contains("one of \"annotate\", \"append\", \"replace\"") == true, "\(String(describing: issue))")
        } catch {
            Issue.record("unexpected error \(error)")
        }
        // A mode that is no string is an error too.
        let number = Self.pipeline.replacingOccurrences(of: "mode = \"append\"", with: "mode = 3")
        #expect(throws: PipelineError.self) { try PipelineLoader.parse(number, file: "p.toml", baseDirectory: "/base", environment: [:]) }
    }
}
