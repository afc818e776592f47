import CorpusCore
import Testing
@testable import TextNormalization

@Suite struct UnicodeNormalizeStageTests {
    func run(_ stage: UnicodeNormalizeStage, text: String, title: String) throws -> Document {
        var stage = stage
        var output = StageOutput()
        let document = Document(id: "paper-1", text: text, source: .paper, metadata: Metadata(title: title), provenance: Provenance(file: "f"))
        try stage.process(document, into: &output)
        #expect(output.emitted.count == 1 && output.dropped.isEmpty)
        return try #require(output.emitted.first)
    }

    @Test func chemistryCleansTextAndTitleBeforeTheForm() throws {
        let d = try run(try UnicodeNormalizeStage(form: .nfkc), text: "SO₄²⁻ in 10−3 S cm⁻¹, ﬁlm of 5\u{A0}µm", title: "Fe³⁺ on H₂O")
        #expect(d.text == "SO4^2- in 10-3 S cm^-1, film of 5 μm")
        #expect(d.metadata.title == "Fe^3+ on H2O")
    }

    @Test func withoutChemistryItIsPlainICUNormalization() throws {
        let nfkc = try run(try UnicodeNormalizeStage(form: .nfkc, chemistry: false), text: "SO₄²⁻ ﬁlm", title: "Fe³⁺")
        #expect(nfkc.text == "SO42− film" && nfkc.metadata.title == "Fe3+")
        let nfc = try run(try UnicodeNormalizeStage(form: .nfc, chemistry: false), text: "SO₄²⁻ e\u{301}", title: "10−3")
        #expect(nfc.text == "SO₄²⁻ \u{E9}" && nfc.metadata.title == "10−3")
    }
}
