import CorpusCore
import Foundation
import Testing
import _CorpusTestSupport
@testable import CIF

@Suite struct CIFDocumentReaderTests {
    struct Outcome {
        var documents: [Document] = []
        var rejections: [InputRejection] = []
        var dropped: [String: Int] = [:]
    }

    func read(_ bytes: [UInt8], name: String, reader: CIFDocumentReader = CIFDocumentReader()) throws -> Outcome {
        var out = Outcome()
        var documents: [Document] = []
        var context = ReaderContext(sink: { documents.append($0) })
        var r = reader
        try r.read(InputMember(file: name, relativePath: name, source: MemoryByteSource(bytes)), into: &context)
        out.documents = documents
        out.rejections = context.rejections
        out.dropped = context.dropped
        return out
    }

    static let rocksalt = """
    data_NaCl
    _cell_length_a 5.6402(3)
    _cell_length_b 5.6402(3)
    _cell_length_c 5.6402(3)
    _cell_angle_alpha 90
    _cell_angle_beta 90
    _cell_angle_gamma 90
    _symmetry_space_group_name_H-M 'F m -3 m'
    loop_
    _atom_site_label
    _atom_site_fract_x
    _atom_site_fract_y
    _atom_site_fract_z
    Na1 0 0 0
    Cl1 0.5 0.5 0.5
    data_notes
    _publ_section_title 'No structure here'
    """

    @Test func structureBlocksBecomeCanonicalDocuments() throws {
        let out = try read(Array(Self.rocksalt.utf8), name: "nacl.cif")
        #expect(out.documents.count == 1)
        #expect(out.dropped == ["no_atom_sites": 1])
        let d = try #require(out.documents.first)
        #expect(d.source == .cif)
        #expect(d.metadata.extra["reduced_formula"] == .string("NaCl"))
        #expect(d.metadata.extra["spacegroup_number"] == .int(225))
        #expect(d.metadata.extra["nsites"] == .int(8))
        #expect(d.text.hasPrefix("data_NaCl"))
        #expect(d.text.contains("_cell_length_a 5.6402\n"), "uncertainty stripped, 4 decimals")
        // The cell in metadata is the one the canonical text states, volume included.
        let cell = try #require(d.metadata.extra["cell"]?.objectValue)
        #expect(cell["a"] == .double(5.6402) && cell["c"] == .double(5.6402) && cell["gamma"] == .double(90))
        let volume = try #require(cell["volume"]?.doubleValue)
        #expect(d.text.contains("_cell_volume \(volume)\n"), "\(volume)")
        #expect(d.id == DocumentID.make(source: .cif, locator: "nacl.cif#NaCl"))
        // The canonical text reads back to the same canonical text.
        let again = try read(Array(d.text.utf8), name: "again.cif")
        #expect(again.documents.first?.text == d.text)
    }

    @Test func textRenderingAndStrictMode() throws {
        let text = try read(Array(Self.rocksalt.utf8), name: "nacl.cif", reader: CIFDocumentReader(rendering: .text))
        #expect(text.documents.first?.text.contains("NaCl") == true)
        #expect(text.documents.first?.text.hasPrefix("data_") == false)
        let broken = Self.rocksalt.replacingOccurrences(of: "'F m -3 m'", with: "'F m -3 m")
        let lenient = try read(Array(broken.utf8), name: "broken.cif")
        #expect(lenient.documents.count == 1, "recovered like gemmi reports it")
        #expect(lenient.documents.first?.metadata.extra["cif_errors"] != nil)
        let strict = try read(Array(broken.utf8), name: "broken.cif", reader: CIFDocumentReader(strict: true))
        #expect(strict.documents.isEmpty)
        #expect(strict.rejections.first?.line == 8, "\(strict.rejections)")
    }

    @Test func blocksAreRoutedByKindAndMacromoleculesDropped() throws {
        guard let shared = Fixtures.shared else {
            print(Fixtures.sharedMissing)
            return
        }
        let dir = shared.appendingPathComponent("fixtures/cif/mmcif")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".cif") }
        var macromolecular = 0
        for name in files {
            let bytes = Array(try Data(contentsOf: dir.appendingPathComponent(name)))
            let kinds = CIFDocument(parsing: bytes, file: name).blocks.map(CIFBlockKind.init)
            let out = try read(bytes, name: name)
            #expect(out.documents.count + out.rejections.count >= kinds.filter { $0 == .structure }.count, "\(name)")
            #expect(out.dropped["mmcif", default: 0] == kinds.filter { $0 == .macromolecular }.count, "\(name): \(out.dropped)")
            macromolecular += out.dropped["mmcif", default: 0]
        }
        // gemmi's 5i55 is a PDB entry: it must be recognized as macromolecular, not as a structure.
        let pdb = try read(Array(try Data(contentsOf: dir.appendingPathComponent("gemmi__5i55.cif"))), name: "5i55.cif")
        #expect(pdb.documents.isEmpty && pdb.dropped["mmcif"] == 1)
        #expect(macromolecular >= 2)
    }
}
