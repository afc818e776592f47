/// The fast path for the commonest mention, a plain formula such as `LiFePO4`, `La0.7Sr0.3MnO3` or
/// `Ca3(PO4)2`: element symbols, counts and brackets, nothing else.
///
/// It answers only when every rule of `ChemicalNotation.read` would end in the plain formula branch,
/// and otherwise returns nil so the caller takes the full reader. Tests check that the two agree on
/// every candidate in the fixture texts.
enum PlainFormula {
    /// The reading of `token` when it is a plain formula whose reading cannot depend on context.
    static func read(_ token: String) -> FormulaReading? {
        let u = Array(token.utf8)
        guard u.count >= 2, u.count <= 64, let first = u.first, first >= 65, first <= 90 else { return nil }
        var lower = false, digit = false, symbols = 0
        var capitals: [UInt8] = []
        var i = 0
        while i < u.count {
            let c = u[i]
            if c >= 65, c <= 90 {
                let a = Int(c - 65)
                if i + 1 < u.count, u[i + 1] >= 97, u[i + 1] <= 122 {
                    guard MentionScanner.isElement[a][Int(u[i + 1] - 97)] else { return nil }
                    lower = true
                    i += 2
                } else {
                    guard MentionScanner.isElement[a][26] else { return nil }
                    capitals.append(c)
                    i += 1
                }
                symbols += 1
            } else if c >= 48, c <= 57 {
                digit = true; i += 1
            } else if c == UInt8(ascii: "."), i > 0, u[i - 1] >= 48, u[i - 1] <= 57, i + 1 < u.count, u[i + 1] >= 48, u[i + 1] <= 57 {
                i += 1
            } else if c == UInt8(ascii: "(") || c == UInt8(ascii: ")") {
                i += 1
            } else {
                return nil
            }
        }
        // Shapes the full reader treats specially: lone symbols with counts (`O2`, labels such as `S1`,
        // space groups such as `P21`), all capitals (acronyms, abbreviations, grades such as `SS316`,
        // `NMC811`), cement letters (`C3S`), `MA`/`FA` perovskites and decimals that may hide an adduct dot.
        guard symbols >= 2, lower, digit || symbols >= 2 else { return nil }
        if capitals.allSatisfy({ cementLetters.contains($0) }) && capitals.count >= 2 { return nil }
        if u.starts(with: Array("MA".utf8)) || u.starts(with: Array("FA".utf8)) { return nil }
        if Abbreviations.table[token] != nil || Rejection.units.contains(token) || Rejection.labels.contains(token) { return nil }
        // Plural acronyms (`SDs`, `CNTs`).
        if u.last == UInt8(ascii: "s"), u.dropLast().allSatisfy({ $0 >= 65 && $0 <= 90 }) { return nil }
        // Oxidation states: `Fe(III)`, `Ag(I)`.
        if u.last == UInt8(ascii: ")"), let open = u.lastIndex(of: UInt8(ascii: "(")),
           u[(open + 1)..<(u.count - 1)].allSatisfy({ $0 == UInt8(ascii: "I") || $0 == UInt8(ascii: "V") }) { return nil }
        // A `.` after a digit and before digits and a capital can be an adduct dot (`CuSO4.5H2O`).
        if u.contains(UInt8(ascii: ".")), Structure.splitAdductDots(token).count > 1 { return nil }
        guard let amounts = try? FormulaParser.parse(token, vars: [:]), amounts.count >= 2 else { return nil }
        return Canon.make(amounts, kind: "formula")
    }

    /// The capitals of the cement oxide letters (C, S, A, F, M, K, N, T, P, H); A and M are no
    /// one-letter elements, so only the others can occur here.
    static let cementLetters: Set<UInt8> = Set("CSAFMKNTPH".utf8)
}
