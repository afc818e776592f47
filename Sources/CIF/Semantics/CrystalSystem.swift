/// The seven crystal systems, decided by the space-group number.
public enum CrystalSystem: String, Sendable, Hashable, CaseIterable {
    /// Space groups 1–2, 3–15, 16–74, 75–142, 143–167, 168–194, 195–230.
    case triclinic, monoclinic, orthorhombic, tetragonal, trigonal, hexagonal, cubic

    /// The crystal system of space group `number` (1…230); nil outside that range.
    public init?(spaceGroupNumber number: Int) {
        switch number {
        case 1...2: self = .triclinic
        case 3...15: self = .monoclinic
        case 16...74: self = .orthorhombic
        case 75...142: self = .tetragonal
        case 143...167: self = .trigonal
        case 168...194: self = .hexagonal
        case 195...230: self = .cubic
        default: return nil
        }
    }
}
