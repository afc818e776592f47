import CIF
import CorpusCore

/// The facts about one crystal structure that CIF questions are written from, each checked before
/// use: a field that is missing, of the wrong type, out of range or in conflict with another is
/// left out (and its questions skipped), so no answer says `nil`, `unknown` or something false.
struct CIFStructureFacts: Sendable, Hashable {
    /// A unit cell as stated: lengths in Å, angles in degrees, the volume in Å³.
    struct Cell: Sendable, Hashable {
        var a, b, c, alpha, beta, gamma: Double
        var volume: Double?
    }

    /// The reduced formula (`BaTiO3`).
    var formula: String?
    /// `_chemical_formula_sum` as stated (`Ba O3 Ti`), kept only when it reduces to `formula`.
    var formulaSum: String?
    /// The elements, in formula order; kept only when they are exactly the formula's.
    var elements: [String] = []
    /// The Hermann–Mauguin symbol as the CIF writes it (`P m -3 m`).
    var spaceGroupSymbol: String?
    /// The space-group number, 1…230.
    var spaceGroupNumber: Int?
    /// The crystal system (the number's when there is one).
    var crystalSystem: CrystalSystem?
    /// The cell.
    var cell: Cell?
    /// Sites in the full cell.
    var siteCount: Int?
    /// Density, g/cm³.
    var density: Double?

    init() {}

    /// The fields the CIF reader writes to metadata (`reduced_formula`, `formula_sum`, `elements`,
    /// `spacegroup_hm`, `spacegroup_number`, `crystal_system`, `cell`, `nsites`, `density`).
    init(metadata: Metadata) {
        let m = metadata.extra
        formula = m["reduced_formula"]?.stringValue.flatMap(Self.validFormula)
        formulaSum = m["formula_sum"]?.stringValue.flatMap(Self.validFormulaSum)
        elements = m["elements"]?.arrayValue.flatMap { Self.validElements($0.compactMap(\.stringValue), count: $0.count) } ?? []
        spaceGroupSymbol = m["spacegroup_hm"]?.stringValue.flatMap(Self.validSymbol)
        spaceGroupNumber = m["spacegroup_number"]?.intValue.flatMap(Self.validNumber)
        crystalSystem = m["crystal_system"]?.stringValue.flatMap { CrystalSystem(rawValue: $0.unquoted.lowercased()) }
        if let o = m["cell"]?.objectValue, let a = o["a"]?.doubleValue, let b = o["b"]?.doubleValue, let c = o["c"]?.doubleValue,
           let alpha = o["alpha"]?.doubleValue, let beta = o["beta"]?.doubleValue, let gamma = o["gamma"]?.doubleValue {
            cell = Self.validCell(Cell(a: a, b: b, c: c, alpha: alpha, beta: beta, gamma: gamma, volume: o["volume"]?.doubleValue))
        }
        siteCount = m["nsites"]?.intValue.flatMap(Self.validSiteCount)
        density = m["density"]?.doubleValue.flatMap(Self.validDensity)
    }

    /// The same fields computed from a structure read from CIF text.
    init(structure: CrystalStructure) {
        let summary = structure.summary()
        formula = summary.reducedFormula.flatMap(Self.validFormula)
        formulaSum = summary.formulaSum.flatMap(Self.validFormulaSum)
        elements = Self.validElements(summary.elements, count: summary.elements.count) ?? []
        spaceGroupSymbol = summary.spaceGroupSymbol.flatMap(Self.validSymbol)
        spaceGroupNumber = summary.spaceGroupNumber.flatMap(Self.validNumber)
        crystalSystem = summary.crystalSystem
        if let c = structure.cell {
            cell = Self.validCell(Cell(a: c.a, b: c.b, c: c.c, alpha: c.alpha, beta: c.beta, gamma: c.gamma, volume: structure.statedVolume))
        }
        siteCount = summary.siteCount.flatMap(Self.validSiteCount)
        density = summary.density.map { ($0 * 1e4).rounded() / 1e4 }.flatMap(Self.validDensity)
    }

    /// These facts, with each missing field taken from `other`, then checked against each other.
    func filling(from other: CIFStructureFacts) -> CIFStructureFacts {
        var f = self
        f.formula = formula ?? other.formula
        f.formulaSum = formulaSum ?? other.formulaSum
        if f.elements.isEmpty { f.elements = other.elements }
        f.spaceGroupSymbol = spaceGroupSymbol ?? other.spaceGroupSymbol
        f.spaceGroupNumber = spaceGroupNumber ?? other.spaceGroupNumber
        f.crystalSystem = crystalSystem ?? other.crystalSystem
        f.cell = cell ?? other.cell
        f.siteCount = siteCount ?? other.siteCount
        f.density = density ?? other.density
        return f.reconciled()
    }

    /// Cross-field checks: a symbol that names another group than the number is dropped (the
    /// number decides the crystal system, as in the CIF reader); a missing number comes from the
    /// symbol; a formula sum or element list that disagrees with the formula is dropped.
    func reconciled() -> CIFStructureFacts {
        var f = self
        if let symbol = f.spaceGroupSymbol, let resolved = SpaceGroup(hermannMauguin: symbol)?.number {
            if f.spaceGroupNumber == nil { f.spaceGroupNumber = resolved } else if f.spaceGroupNumber != resolved { f.spaceGroupSymbol = nil }
        }
        if let number = f.spaceGroupNumber { f.crystalSystem = CrystalSystem(spaceGroupNumber: number) }
        let formulaSymbols = f.formula.flatMap(Self.symbols(inFormula:))
        if let sum = f.formulaSum, Self.reducedFormula(ofFormulaSum: sum) != f.formula { f.formulaSum = nil }
        if Set(f.elements) != formulaSymbols.map(Set.init) { f.elements = [] }
        return f
    }

    // MARK: Checks of single fields

    static func validFormula(_ text: String) -> String? {
        let s = text.unquoted
        guard !s.isEmpty, s.count <= 100, symbols(inFormula: s) != nil else { return nil }
        return s
    }

    static func validFormulaSum(_ text: String) -> String? {
        let s = text.unquoted.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard s.count <= 200, reducedFormula(ofFormulaSum: s) != nil else { return nil }
        return s
    }

    static func validElements(_ symbols: [String], count: Int) -> [String]? {
        guard !symbols.isEmpty, symbols.count == count, symbols.count <= 40, Set(symbols).count == symbols.count,
              symbols.allSatisfy({ ChemicalElement(symbol: $0) != nil }) else { return nil }
        return symbols
    }

    static func validSymbol(_ text: String) -> String? {
        let s = text.unquoted.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return SpaceGroupSymbolText.isPlausible(s) ? s : nil
    }

    static func validNumber(_ n: Int) -> Int? { (1...230).contains(n) ? n : nil }

    static func validSiteCount(_ n: Int) -> Int? { (1...1_000_000).contains(n) ? n : nil }

    /// Densities of solids lie well inside (0, 30] g/cm³ (osmium: 22.6).
    static func validDensity(_ d: Double) -> Double? { d.isFinite && d > 0 && d <= 30 ? d : nil }

    /// A cell with lengths in (0, 1000) Å and angles in (0, 180)° that spans a volume; a stated
    /// volume more than 1 % off the parameters' is replaced by theirs (rounded to 4 decimals).
    static func validCell(_ cell: Cell) -> Cell? {
        let lengths = [cell.a, cell.b, cell.c], angles = [cell.alpha, cell.beta, cell.gamma]
        guard lengths.allSatisfy({ $0.isFinite && $0 > 0 && $0 < 1000 }), angles.allSatisfy({ $0.isFinite && $0 > 0 && $0 < 180 })
        else { return nil }
        let computed = UnitCell(a: cell.a, b: cell.b, c: cell.c, alpha: cell.alpha, beta: cell.beta, gamma: cell.gamma).volume
        guard computed.isFinite, computed > 1e-3 else { return nil }
        var out = cell
        if let v = cell.volume, v.isFinite, abs(v - computed) <= 0.01 * computed {
            out.volume = v
        } else {
            out.volume = (computed * 1e4).rounded() / 1e4
        }
        return out
    }

    // MARK: Formulas

    /// The element symbols of a formula such as `BaTiO3`, `Ca3Al2(SiO4)3` or `Fe4.2Si1.5O12`; nil
    /// when it holds anything else or a symbol that is not an element.
    static func symbols(inFormula formula: String) -> [String]? {
        var symbols: [String] = []
        var current = ""
        func flush() -> Bool {
            if current.isEmpty { return true }
            defer { current = "" }
            guard ChemicalElement(symbol: current) != nil else { return false }
            if !symbols.contains(current) { symbols.append(current) }
            return true
        }
        for ch in formula {
            guard ch.isASCII else { return nil }
            if ch.isUppercase {
                guard flush() else { return nil }
                current = String(ch)
            } else if ch.isLowercase {
                guard !current.isEmpty, current.count < 3 else { return nil }
                current.append(ch)
            } else if ch.isNumber || ch == "." || ch == "(" || ch == ")" {
                guard flush() else { return nil }
            } else {
                return nil
            }
        }
        guard flush(), !symbols.isEmpty else { return nil }
        return symbols
    }

    /// The reduced formula of a CIF formula sum (`Ba O3 Ti` → `BaTiO3`); nil unless every token is
    /// an element symbol with an optional positive amount.
    static func reducedFormula(ofFormulaSum sum: String) -> String? {
        var composition = Composition()
        let tokens = sum.split(whereSeparator: \.isWhitespace)
        guard !tokens.isEmpty else { return nil }
        for token in tokens {
            let symbol = String(token.prefix { $0.isLetter })
            let amountText = token.dropFirst(symbol.count)
            guard ChemicalElement(symbol: symbol) != nil, amountText.allSatisfy({ $0.isNumber || $0 == "." }) else { return nil }
            let amount = amountText.isEmpty ? 1 : Double(amountText)
            guard let amount, amount.isFinite, amount > 0, amount < 1e6 else { return nil }
            composition.add(symbol, amount)
        }
        let reduced = composition.reducedFormula
        return reduced.isEmpty ? nil : reduced
    }
}
