import CorpusCore
import Foundation
import Testing
import _CorpusTestSupport
@testable import QA

/// Collects what the synthesizer keeps and rejects.
final class MemorySink: QASink {
    var kept: [(record: QARecord, context: String?)] = []
    var rejected: [QARejection] = []
    func keep(_ record: QARecord, context: String?) throws { kept.append((record, context)) }
    func reject(_ rejection: QARejection) throws { rejected.append(rejection) }
}

/// The synthesizer with the real SmolLM2 model (skipped when it has not been downloaded).
@Suite(.serialized) struct QASynthesizerTests {
    /// A paper in the readers' Markdown shape, written for this test.
    static func paper(_ id: String) -> Document {
        let text = """
        # Corrosion of a calcium-based metallic glass

        ## Abstract

        A Ca50Mg20Cu25Zn5 glass was cast as ribbons and plates and its corrosion in NaCl solutions was measured.

        ## Results

        The corrosion behaviour of the glassy plates was studied by potentiodynamic polarization and by immersion \
        tests in 1, 2 and 3.5% NaCl solution at room temperature. The corrosion current density rose from 12 µA/cm2 \
        in the 1% solution to 41 µA/cm2 in the 3.5% solution, and the corrosion potential fell by 0.15 V. The lowest \
        corrosion activity was therefore found in the 1% NaCl solution.

        The surface of the corroded plates was examined by X-ray photoelectron spectroscopy. The corrosion products \
        were identified as CaO, MgO, Mg(OH)2 and CaCO3, while ZnO and CuO formed a thin outer layer. The thickness of \
        the product layer after 24 h of immersion was about 2 µm, and hydrogen evolution was observed on every sample.

        ## References

        1. A. Author, Some journal 12 (2001) 1-10, a reference list entry that must never be used for questions at all.
        """
        return Document(id: id, text: text, source: .paper, metadata: Metadata(doi: "10.0000/test." + id, title: "Corrosion of a calcium-based metallic glass"),
                        provenance: Provenance(file: "/data/test.xml"))
    }

    static func settings(model: String, batch: Int) -> QASynthesisSettings {
        var s = QASynthesisSettings(model: model, pairsPerParagraph: 3, batch: batch, maxTokens: 160, contextLength: 768, threads: 2, seed: 7)
        s.selection.perDocument = 0
        return s
    }

    @Test func batchesCheckpointsAndKeepsOnlyValidPairs() throws {
        guard let model = Fixtures.smolLM2 else { print(Fixtures.smolLM2Missing); return }
        let directory = NSTemporaryDirectory() + "qa-synth-\(UUID().uuidString)"
        let documents = [Self.paper("paper-a"), Self.paper("paper-b")]
        let engine = try QAEngine.shared(path: model, contextLength: 768, sequences: 4, threads: 2)

        // Batch of 4: both documents' paragraphs go together.
        let sink = MemorySink()
        let checkpoint = try QACheckpoint(path: directory + "/cache/one.jsonl")
        let synthesizer = try QASynthesizer(settings: Self.settings(model: model, batch: 4), engine: engine, checkpoint: checkpoint, sink: sink)
        var counts: [String: Int] = [:]
        for d in documents { try synthesizer.add(d) }
        try synthesizer.finish()
        for (k, n) in synthesizer.drainCounts()["qa"] ?? [:] { counts[k] = n }
        #expect(counts["paragraphs"] == 4, "two eligible paragraphs per paper: \(counts)")
        #expect(counts["outputs"] == 4)
        #expect((counts["generated_tokens"] ?? 0) > 0)
        #expect(checkpoint.count == 4)
        // Every kept pair passes the validator again and points at its paragraph.
        let validator = QAValidator()
        for (record, _) in sink.kept {
            let document = documents.first { $0.id == record.provenance.documentID }!
            let bytes = Array(document.text.utf8)
            let paragraph = String(decoding: bytes[record.provenance.paragraphStart!..<record.provenance.paragraphEnd!], as: UTF8.self)
            #expect(validator.validate([QAPair(question: record.question, answer: record.answer)], paragraph: paragraph, earlierQuestions: []).first?.reason == nil)
            #expect(record.origin == "model")
            #expect(record.generator.model?.xxh64.count == 16)
            #expect(record.provenance.section?.contains("References") == false)
        }
        #expect((counts["pairs_kept"] ?? 0) + (counts["pairs_dropped"] ?? 0) == counts["pairs_parsed"] ?? 0)
        #expect(sink.rejected.count == (counts["pairs_dropped"] ?? 0) + (counts["outputs_unparseable"] ?? 0) + (counts["paragraphs_skipped"] ?? 0))

        // The same run again from the checkpoint: nothing generated, the same pairs.
        let again = MemorySink()
        let resumed = try QASynthesizer(settings: Self.settings(model: model, batch: 4), engine: engine,
                                        checkpoint: try QACheckpoint(path: directory + "/cache/one.jsonl"), sink: again)
        for d in documents { try resumed.add(d) }
        try resumed.finish()
        let second = resumed.drainCounts()["qa"] ?? [:]
        #expect(second["generated_tokens"] == nil)
        #expect(second["paragraphs_from_checkpoint"] == 4)
        #expect(again.kept.map(\.record) == sink.kept.map(\.record))

        // One paragraph at a time: each paragraph's output does not depend on its batch.
        let alone = MemorySink()
        let single = try QASynthesizer(settings: Self.settings(model: model, batch: 1), engine: engine,
                                       checkpoint: try QACheckpoint(path: directory + "/cache/two.jsonl"), sink: alone)
        for d in documents { try single.add(d) }
        try single.finish()
        #expect(alone.kept.map(\.record) == sink.kept.map(\.record))
        #expect(alone.rejected == sink.rejected)
    }

    @Test func cifDocumentsGetTemplateQuestionsWithoutAModel() throws {
        let cif = """
        data_test
        _cell_length_a 4.0060
        _cell_length_b 4.0060
        _cell_length_c 4.0060
        _cell_angle_alpha 90
        _cell_angle_beta 90
        _cell_angle_gamma 90
        _symmetry_space_group_name_H-M 'P m -3 m'
        _symmetry_Int_Tables_number 221
        loop_
        _symmetry_equiv_pos_as_xyz
        'x,y,z'
        loop_
        _atom_site_label
        _atom_site_type_symbol
        _atom_site_fract_x
        _atom_site_fract_y
        _atom_site_fract_z
        Ba Ba 0.5 0.5 0.5
        Ti Ti 0 0 0
        O O 0.5 0 0
        """
        var metadata = Metadata()
        metadata["reduced_formula"] = .string("BaTiO3")
        metadata["spacegroup_hm"] = .string("P m -3 m")
        metadata["spacegroup_number"] = .int(221)
        metadata["crystal_system"] = .string("cubic")
        let document = Document(id: "cif-1", text: cif, source: .cif, metadata: metadata, provenance: Provenance(file: "/data/BaTiO3.cif"))
        let sink = MemorySink()
        let synthesizer = try QASynthesizer(settings: QASynthesisSettings(), engine: nil, checkpoint: nil, sink: sink)
        try synthesizer.add(document)
        try synthesizer.add(Self.paper("paper-ignored"))
        try synthesizer.finish()
        #expect(!sink.kept.isEmpty)
        #expect(sink.kept.allSatisfy { $0.record.origin == "template" && $0.record.provenance.documentID == "cif-1" })
        #expect(sink.kept.contains { $0.record.answer.contains("221") })
        #expect(synthesizer.drainCounts()["qa"]?["cif_pairs"] == sink.kept.count)
    }
}
