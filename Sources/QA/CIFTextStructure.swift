import CIF
import CorpusCore

/// The structure a document's CIF text states: what the writer falls back on when metadata lacks a
/// field, and what the questions that show CIF text are made from.
enum CIFTextStructure {
    /// Texts longer than this are not parsed.
    static let maxTextBytes = 4 << 20

    /// The structure block of `document.text` named by `metadata.block` (else its first structure
    /// block); nil when the text holds no CIF structure. Text before the first `data_` line (the
    /// CIF reader's `both` rendering starts with a prose summary) is skipped.
    static func structure(in document: Document) -> CrystalStructure? {
        let text = document.text
        guard text.utf8.count <= maxTextBytes, text.contains("_cell_length_a") || text.contains("_cell.length_a") else { return nil }
        let start: String.Index
        if text.hasPrefix("data_") {
            start = text.startIndex
        } else if let r = text.firstRange(of: "\ndata_") {
            start = r.lowerBound
        } else {
            return nil
        }
        let cif = CIFDocument(parsing: String(text[start...]), file: document.id)
        let blocks = cif.blocks.filter(CrystalStructure.isStructureBlock)
        let wanted = document.metadata.extra["block"]?.stringValue
        guard let block = blocks.first(where: { $0.name == wanted }) ?? blocks.first else { return nil }
        return CrystalStructure(block: block)
    }
}
