/// What an atom site holds, read from its type symbol or, without one, from its label.
///
/// The reading copies pymatgen's `CifParser._parse_symbol` so that computed compositions match
/// pymatgen's (the corpus convention):
///
/// 1. water and special labels first (prefix match, in this order): `Hw`… → H, `Ow`… → O,
///    `Wat`/`wat`… → O with two implicit hydrogens, `OH`… → nothing (the site is skipped),
///    `NO3`… → N;
/// 2. else the first two characters as an element symbol (`FE1` → Fe, `Cl1-` → Cl);
/// 3. else the first character (`O2-` → O, `C12` → C, `D1` → H: deuterium and tritium are H);
/// 4. else a leading `w?[A-Z][a-z]*` as a dummy species (`M1` → M, `Xx` → Xx);
/// 5. else nothing: `?`, `.`, or text without a capital letter.
///
/// Implicit hydrogens (`Wat` → 2, `O-H` → 1) are kept out of the composition, as pymatgen does.
public struct SiteSpecies: Sendable, Hashable, CustomStringConvertible {
    /// The element symbol (`D` and `T` read as `H`), or a dummy species' symbol.
    public var symbol: String
    /// True when `symbol` is a chemical element.
    public var isElement: Bool
    /// Hydrogens the symbol implies but the site does not hold (`Wat` → 2).
    public var implicitHydrogens: Int

    /// The species of a site with this type symbol or label; nil when it names none.
    public init?(parsing text: String) {
        let s = Array(text.utf8)
        guard !s.isEmpty else { return nil }
        implicitHydrogens = 0
        if let special = Self.special(s) {
            guard !special.isEmpty else { return nil }
            symbol = special
            isElement = true
            if s.starts(with: Array("Wat".utf8)) || s.starts(with: Array("wat".utf8)) { implicitHydrogens = 2 }
            return
        }
        if s.starts(with: Array("O-H".utf8)) { implicitHydrogens = 1 }
        if s.count >= 1 {
            let two = Self.titleCased(Array(s.prefix(2)))
            if let element = Self.element(two) {
                symbol = element
                isElement = true
                return
            }
            let one = [Self.upper(s[0])]
            if let element = Self.element(one) {
                symbol = element
                isElement = true
                return
            }
        }
        // w?[A-Z][a-z]*
        var i = 0
        if s[0] == UInt8(ascii: "w") { i = 1 }
        guard i < s.count, s[i] &- 65 < 26 else { return nil }
        var j = i + 1
        while j < s.count && s[j] &- 97 < 26 { j += 1 }
        symbol = String(decoding: s[0..<j], as: UTF8.self)
        isElement = ChemicalElement(symbol: symbol) != nil
        implicitHydrogens = 0
    }

    /// The symbol.
    public var description: String { symbol }

    static func special(_ s: [UInt8]) -> String? {
        for (prefix, result) in [("Hw", "H"), ("Ow", "O"), ("Wat", "O"), ("wat", "O"), ("OH", ""), ("NO3", "N")]
        where s.starts(with: Array(prefix.utf8)) {
            return result
        }
        return nil
    }

    /// Python's `str.title()` on up to two characters: a letter after a letter is lowered,
    /// a letter after anything else is raised.
    static func titleCased(_ s: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var previousLetter = false
        for c in s {
            let isLetter = (c | 0x20) &- 97 < 26
            if isLetter { out.append(previousLetter ? (c | 0x20) : upper(c)) } else { out.append(c) }
            previousLetter = isLetter
        }
        return out
    }

    static func upper(_ c: UInt8) -> UInt8 { c &- 97 < 26 ? c - 32 : c }

    /// The element a symbol names (`D`, `T` → `H`), or nil.
    static func element(_ s: [UInt8]) -> String? {
        let text = String(decoding: s, as: UTF8.self)
        if text == "D" || text == "T" { return "H" }
        return ChemicalElement(symbol: text)?.symbol
    }
}
