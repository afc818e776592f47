/// Amounts of elements (or dummy species): the contents of a cell, a formula unit, a site.
///
/// Symbols are element symbols (`Fe`) or dummy-species symbols (`M`); amounts below 1e-8 are
/// dropped, as pymatgen does.
public struct Composition: Sendable, Hashable, CustomStringConvertible {
    /// Symbol → amount.
    public private(set) var amounts: [String: Double]

    /// Threshold below which an amount counts as zero (pymatgen's `amount_tolerance`).
    public static let amountTolerance = 1e-8

    /// A composition from amounts (amounts below the tolerance are dropped).
    public init(_ amounts: [String: Double] = [:]) {
        // Most compositions have no amount to drop: then the dictionary is kept as it is.
        self.amounts = amounts.values.contains { !(abs($0) >= Self.amountTolerance) } ? amounts.filter { abs($0.value) >= Self.amountTolerance } : amounts
    }

    /// Adds `amount` of `symbol`.
    public mutating func add(_ symbol: String, _ amount: Double) {
        let total = (amounts[symbol] ?? 0) + amount
        amounts[symbol] = abs(total) >= Self.amountTolerance ? total : nil
    }

    /// The symbols in pymatgen's formula order: Pauling electronegativity ascending (a dummy
    /// species counts as 0, an element without a value as +∞), ties by symbol.
    public var symbols: [String] { Self.sortedByElectronegativity(Array(amounts.keys)) }

    /// The chemical elements present, in formula order (dummy species left out).
    public var elements: [String] { symbols.filter { ChemicalElement(symbol: $0) != nil } }

    /// The total amount (number of atoms).
    public var atomCount: Double { amounts.values.reduce(0, +) }

    /// The mass in unified atomic mass units (dummy species weigh nothing).
    public var mass: Double {
        amounts.reduce(0) { $0 + $1.value * (ChemicalElement(symbol: $1.key)?.atomicMass ?? 0) }
    }

    /// pymatgen's `formula`: every symbol with its amount, space-separated, e.g. `Fe4 O6`.
    public var formula: String {
        symbols.map { "\($0)\(Self.formatAmount(amounts[$0]!, omitOne: false))" }.joined(separator: " ")
    }

    /// The reduced formula, exactly as pymatgen's `Composition.reduced_formula` writes it:
    ///
    /// * integer amounts (within 1e-8) are divided by their gcd, then, with three or more
    ///   symbols whose last two differ in electronegativity by less than 1.65, that pair is
    ///   reduced on its own and, when its own factor is above 1, written last as a group:
    ///   `Ca3Al2(SiO4)3`; amounts of 1 are left out; special cases follow pymatgen
    ///   (`O` → `O2`, `HO` → `H2O2`, …);
    /// * any non-integer amount: nothing is reduced; every amount is written, 1s included,
    ///   rounded to 8 decimals: `Fe4.2Si1.5O12.003`.
    public var reducedFormula: String {
        guard !amounts.isEmpty else { return "" }
        // The symbols in formula order, each with its amount and electronegativity looked up once.
        var terms: [Term] = []
        terms.reserveCapacity(amounts.count)
        var allIntegers = true
        for (symbol, amount) in amounts {
            terms.append(Term(symbol: symbol, amount: amount, electronegativity: Self.electronegativity(symbol)))
            if abs(amount - amount.rounded()) >= Self.amountTolerance { allIntegers = false }
        }
        terms.sort { a, b in a.sortKey != b.sortKey ? a.sortKey < b.sortKey : a.symbol < b.symbol }
        if !allIntegers {
            var out = ""
            for t in terms { out += t.symbol; out += Self.formatAmount(t.amount, omitOne: false) }
            return out
        }
        for k in terms.indices { terms[k].amount.round() }
        var out: [UInt8] = []
        out.reserveCapacity(24)
        _ = Self.write(sorted: terms, into: &out)
        // Every special formula's key is at most `specialFormulaKeyLength` bytes.
        if out.count <= ElementTable.specialFormulaKeyLength {
            let formula = String(decoding: out, as: UTF8.self)
            return ElementTable.specialFormulas[formula] ?? formula
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `reducedFormula` as first written, over dictionaries: the reference its array version is tested against.
    var reducedFormulaReference: String {
        guard !amounts.isEmpty else { return "" }
        let allIntegers = amounts.values.allSatisfy { abs($0 - $0.rounded()) < Self.amountTolerance }
        if !allIntegers { return String(decoding: formula.utf8.filter { $0 != 0x20 }, as: UTF8.self) }
        let integers = amounts.mapValues { $0.rounded() }
        let formula = Self.reduce(integers).formula
        return ElementTable.specialFormulas[formula] ?? formula
    }

    /// A symbol of a formula being written: its amount and electronegativity (nil: an element without one).
    struct Term {
        var symbol: String
        var amount: Double
        var electronegativity: Double?
        /// The sort key of the formula order: electronegativity, +∞ when there is none.
        var sortKey: Double { electronegativity ?? .infinity }
    }

    /// `reduce` over terms already in formula order (the order `sortedByElectronegativity` gives).
    static func reduce(sorted terms: [Term]) -> (formula: String, factor: Int) {
        var out: [UInt8] = []
        let factor = write(sorted: terms, into: &out)
        return (String(decoding: out, as: UTF8.self), factor)
    }

    /// `reduce(sorted:)` appending the formula's bytes to `out`; returns the factor.
    static func write(sorted input: [Term], into out: inout [UInt8]) -> Int {
        var terms = input
        if terms.contains(where: { abs($0.amount) <= amountTolerance }) { terms.removeAll { abs($0.amount) <= amountTolerance } }
        var factor = 1
        if terms.allSatisfy({ $0.amount == $0.amount.rounded() }) {
            factor = terms.reduce(0) { gcd($0, abs($1.amount) < 9e15 ? Int(abs($1.amount)) : 1) }
            if factor == 0 { factor = 1 }
        }
        // The last two symbols as a group (`(SiO4)3`) when their own factor is above 1.
        var polyanion: [UInt8] = []
        if terms.count >= 3, let x1 = terms[terms.count - 1].electronegativity, let x2 = terms[terms.count - 2].electronegativity, x1 - x2 < 1.65 {
            var pair = [terms[terms.count - 2], terms[terms.count - 1]]
            pair[0].amount /= Double(factor)
            pair[1].amount /= Double(factor)
            var pairFormula: [UInt8] = [UInt8(ascii: "(")]
            let pairFactor = write(sorted: pair, into: &pairFormula)
            if pairFactor != 1 {
                polyanion = pairFormula
                polyanion.append(UInt8(ascii: ")"))
                polyanion.append(contentsOf: String(pairFactor).utf8)
            }
        }
        if !polyanion.isEmpty { terms.removeLast(2) }
        for t in terms {
            out.append(contentsOf: t.symbol.utf8)
            out.append(contentsOf: formatAmount(t.amount / Double(factor), omitOne: true).utf8)
        }
        out.append(contentsOf: polyanion)
        return factor
    }

    /// `reducedFormula`.
    public var description: String { reducedFormula }

    // MARK: pymatgen's reduce_formula

    static func reduce(_ amounts: [String: Double]) -> (formula: String, factor: Int) {
        var symbols = sortedByElectronegativity(Array(amounts.keys)).filter { abs(amounts[$0]!) > amountTolerance }
        var factor = 1
        if amounts.values.allSatisfy({ $0 == $0.rounded() }) {
            factor = amounts.values.reduce(0) { gcd($0, abs($1) < 9e15 ? Int(abs($1)) : 1) }
            if factor == 0 { factor = 1 }
        }
        var polyanion = ""
        if symbols.count >= 3,
           let x1 = electronegativity(symbols[symbols.count - 1]), let x2 = electronegativity(symbols[symbols.count - 2]),
           x1 - x2 < 1.65 {
            let pair = [symbols[symbols.count - 2]: amounts[symbols[symbols.count - 2]]! / Double(factor),
                        symbols[symbols.count - 1]: amounts[symbols[symbols.count - 1]]! / Double(factor)]
            let (pairFormula, pairFactor) = reduce(pair)
            if pairFactor != 1 { polyanion = "(\(pairFormula))\(pairFactor)" }
        }
        if !polyanion.isEmpty { symbols.removeLast(2) }
        var out = ""
        for symbol in symbols {
            out += symbol + formatAmount(amounts[symbol]! / Double(factor), omitOne: true)
        }
        return (out + polyanion, factor)
    }

    /// pymatgen's `formula_double_format`: "" for 1 (when omitted), an integer when within
    /// 1e-8 of one, else the value rounded to 8 decimals in shortest form.
    static func formatAmount(_ v: Double, omitOne: Bool) -> String {
        if omitOne && abs(v - 1) <= 1e-8 { return "" }
        let r = v.rounded()
        if abs(v - r) <= 1e-8 { return abs(r) < 9e15 ? String(Int(r)) : "\(r)" }
        let rounded = (v * 1e8).rounded() / 1e8
        return "\(rounded)"
    }

    /// pymatgen's electronegativity: an element's Pauling value (nil when it has none), 0 for a dummy.
    static func electronegativity(_ symbol: String) -> Double? {
        // One or two ASCII letters: a table by code instead of the symbol dictionary.
        let u = symbol.utf8
        if u.count <= 2, let a = u.first, a >= 65, a <= 90 {
            var code = Int(a - 65) * 27 + 26
            if u.count == 2 {
                let b = u[u.index(after: u.startIndex)]
                guard b >= 97, b <= 122 else { return lookedUpElectronegativity(symbol) }
                code = Int(a - 65) * 27 + Int(b - 97)
            }
            return electronegativityByCode[code]
        }
        return lookedUpElectronegativity(symbol)
    }

    private static func lookedUpElectronegativity(_ symbol: String) -> Double? {
        if let element = ChemicalElement(symbol: symbol) { return element.electronegativity }
        return 0
    }

    /// `electronegativity` of every capital (× small letter, or none) symbol, by code `capital * 27 + small`
    /// (26: none): an element's value, nil for an element without one, 0 for any other symbol (a dummy).
    private static let electronegativityByCode: [Double?] = (0..<(26 * 27)).map { code in
        let capital = UInt8(65 + code / 27), small = code % 27
        let symbol = String(decoding: small == 26 ? [capital] : [capital, UInt8(97 + small)], as: UTF8.self)
        return lookedUpElectronegativity(symbol)
    }

    static func sortedByElectronegativity(_ symbols: [String]) -> [String] {
        // Each symbol's value looked up once; the order is the comparator's on the same values.
        let keyed = symbols.map { ($0, electronegativity($0) ?? .infinity) }
        return keyed.sorted { a, b in a.1 != b.1 ? a.1 < b.1 : a.0 < b.0 }.map { $0.0 }
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
