/// One row of the atom-site loop: a position of the asymmetric unit.
public struct AtomSite: Sendable, Hashable {
    /// `_atom_site_label`.
    public var label: String
    /// `_atom_site_type_symbol` as written (e.g. `Fe3+`), when stated.
    public var typeSymbol: String?
    /// What the site holds, from the type symbol, else from the label (see `SiteSpecies`);
    /// nil when neither names a species (`?`, `OH`).
    public var species: SiteSpecies?
    /// Fractional coordinates (`_atom_site_fract_x/y/z`).
    public var fract: SIMD3<Double>
    /// `_atom_site_occupancy`; 1 when not stated or `?`, 0 for `.`.
    public var occupancy: Double
    /// `_atom_site_U_iso_or_equiv` (Å²), when stated.
    public var uIso: Double?
    /// `_atom_site_B_iso_or_equiv` (Å²), when stated.
    public var bIso: Double?
    /// `_atom_site_Wyckoff_symbol`, when stated.
    public var wyckoffLetter: String?
    /// `_atom_site_symmetry_multiplicity`, when stated.
    public var multiplicity: Int?

    /// A site from its parts.
    public init(label: String, typeSymbol: String? = nil, species: SiteSpecies?, fract: SIMD3<Double>, occupancy: Double = 1,
                uIso: Double? = nil, bIso: Double? = nil, wyckoffLetter: String? = nil, multiplicity: Int? = nil) {
        self.label = label
        self.typeSymbol = typeSymbol
        self.species = species
        self.fract = fract
        self.occupancy = occupancy
        self.uIso = uIso
        self.bIso = bIso
        self.wyckoffLetter = wyckoffLetter
        self.multiplicity = multiplicity
    }
}
