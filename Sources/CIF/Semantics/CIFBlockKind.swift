/// What a data block holds, for deciding which blocks become structure records.
public enum CIFBlockKind: Sendable, Hashable, CustomStringConvertible {
    /// A cell length and fractional atom coordinates: a crystal structure.
    case structure
    /// A macromolecular (mmCIF/PDBx) block: Cartesian atom sites or entity/struct categories.
    case macromolecular
    /// Fractional atom sites but no cell.
    case noCell
    /// No atom sites (metadata, reflections, dictionaries, a cell alone, …).
    case noAtomSites

    /// Classifies a block.
    public init(_ block: CIFBlock) {
        let cell = block.contains("_cell_length_a") || block.contains("_cell.length_a")
        let fract = block.contains("_atom_site_fract_x") || block.contains("_atom_site.fract_x")
        if cell && fract { self = .structure; return }
        if block.contains("_atom_site.cartn_x") || block.contains("_entity.id") || block.contains("_struct.entry_id")
            || block.contains("_pdbx_database_status.entry_id") || block.contains("_atom_site.label_atom_id") {
            self = .macromolecular
            return
        }
        self = fract ? .noCell : .noAtomSites
    }

    /// A short reason, e.g. for a skipped block: `structure`, `mmcif`, `no-cell`, `no-atom-sites`.
    public var description: String {
        switch self {
        case .structure: return "structure"
        case .macromolecular: return "mmcif"
        case .noCell: return "no-cell"
        case .noAtomSites: return "no-atom-sites"
        }
    }
}
