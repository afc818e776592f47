/// Chemical elements: symbol, atomic number, Pauling electronegativity and atomic mass.
///
/// The data is generated from pymatgen by `scripts/cif/generate_tables.py`
/// (`ElementTable+Data.swift`), so formulas order elements exactly as pymatgen does.
public struct ChemicalElement: Sendable, Hashable, CustomStringConvertible {
    /// The symbol, e.g. `Fe`.
    public let symbol: String
    /// The atomic number.
    public let atomicNumber: Int
    /// Pauling electronegativity; nil for He, Ne, Ar and the superheavy elements (pymatgen has none).
    public let electronegativity: Double?
    /// Atomic mass in unified atomic mass units (pymatgen's value).
    public let atomicMass: Double

    /// The element with this symbol (exact case, e.g. `Fe`), or nil.
    public init?(symbol: String) {
        guard let element = ElementTable.bySymbol[symbol] else { return nil }
        self = element
    }

    /// The element with this atomic number (1…118), or nil.
    public init?(atomicNumber: Int) {
        guard atomicNumber >= 1 && atomicNumber <= ElementTable.elements.count else { return nil }
        self = ElementTable.elements[atomicNumber - 1]
    }

    init(symbol: String, atomicNumber: Int, electronegativity: Double?, atomicMass: Double) {
        self.symbol = symbol
        self.atomicNumber = atomicNumber
        self.electronegativity = electronegativity
        self.atomicMass = atomicMass
    }

    /// The symbol.
    public var description: String { symbol }

    /// All 118 elements in atomic-number order.
    public static var all: [ChemicalElement] { ElementTable.elements }
}

/// The element data, decoded once from the generated text.
enum ElementTable {
    static let elements: [ChemicalElement] = elementsData.split(separator: "\n").map { line in
        let f = line.split(separator: "|", omittingEmptySubsequences: false)
        return ChemicalElement(symbol: String(f[0]), atomicNumber: Int(f[1])!,
                               electronegativity: f[2].isEmpty ? nil : Double(f[2])!, atomicMass: Double(f[3])!)
    }

    static let bySymbol: [String: ChemicalElement] = Dictionary(uniqueKeysWithValues: elements.map { ($0.symbol, $0) })

    /// The longest key of `specialFormulas`, in bytes: a longer formula needs no lookup.
    static let specialFormulaKeyLength = specialFormulas.keys.map(\.utf8.count).max() ?? 0
    /// pymatgen's special formulas (`O` → `O2`, `HO` → `H2O2`, …).
    static let specialFormulas: [String: String] = Dictionary(uniqueKeysWithValues: specialFormulasData.split(separator: " ").map { pair in
        let kv = pair.split(separator: "=")
        return (String(kv[0]), String(kv[1]))
    })
}
