/// A short plain-text rendering of a structure, for text corpora and logs:
///
///     NaCl (Z = 4), F m -3 m (No. 225), cubic
///     a = 5.6402 Å, b = 5.6402 Å, c = 5.6402 Å, α = 90.00°, β = 90.00°, γ = 90.00°, V = 179.43 Å³
///     Na1 Na 4 (0.0000, 0.0000, 0.0000)
///     Cl1 Cl 4 (0.5000, 0.5000, 0.5000)
///
/// One line for formula and symmetry, one for the lattice, one per asymmetric-unit site (label,
/// species, multiplicity, coordinates, and the occupancy when below 1).
public enum StructureText {
    /// The rendering; nil without a cell or sites.
    public static func render(_ structure: CrystalStructure, options: CanonicalCIFOptions = CanonicalCIFOptions()) -> String? {
        guard let rounded = CanonicalCIF.roundedStructure(structure, options: options), let cell = rounded.cell else { return nil }
        let expanded = rounded.expandedCell(options: options.expansion)
        let d = options.decimals
        func num(_ v: Double, _ decimals: Int) -> String { CanonicalNumber.format(v, decimals: decimals) }
        var head = "\(expanded.composition.reducedFormula) (Z = \(CanonicalCIF.formulaUnits(expanded.composition)))"
        let setting = rounded.symmetry.spaceGroup
        if let symbol = setting?.extendedHermannMauguin ?? structure.symmetry.hermannMauguin { head += ", \(symbol)" }
        if let number = setting?.number ?? structure.symmetry.number {
            head += " (No. \(number))"
            if let system = CrystalSystem(spaceGroupNumber: number) { head += ", \(system.rawValue)" }
        }
        var lines = [head]
        lines.append("a = \(num(cell.a, d)) Å, b = \(num(cell.b, d)) Å, c = \(num(cell.c, d)) Å, "
            + "α = \(num(cell.alpha, 2))°, β = \(num(cell.beta, 2))°, γ = \(num(cell.gamma, 2))°, V = \(num(cell.volume, 2)) Å³")
        let multiplicities = CanonicalCIF.multiplicities(rounded, options: options.expansion)
        for (i, site) in rounded.sites.enumerated() {
            var line = "\(site.label) \(site.species!.symbol) \(multiplicities[i]) (\(num(site.fract.x, d)), \(num(site.fract.y, d)), \(num(site.fract.z, d)))"
            if site.occupancy < 1 { line += " occ \(CanonicalNumber.compact(site.occupancy, decimals: options.occupancyDecimals))" }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
