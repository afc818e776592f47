/// The fast path for the commonest mentions: a plain formula such as `LiFePO4`, `La0.7Sr0.3MnO3` or
/// `Ca3(PO4)2`, the same with an oxygen deficit (`La0.6Sr0.4CoO3−δ`), and adducts joined by `·`
/// or `*` (`Ni(NO3)2·6H2O`): element symbols, counts and brackets, nothing else.
///
/// It answers only when every rule of `ChemicalNotation.read` would end in the plain formula or sum
/// branch, and otherwise returns nil so the caller takes the full reader. Tests check that the two
/// agree on every candidate in the fixture texts.
enum PlainFormula {
    /// The reading of `token` when it is such a formula, whose reading cannot depend on context.
    static func read(_ token: String) -> FormulaReading? {
        // Every part must start with a capital or `(` (`plain`), the first one without a count: a token that
        // starts otherwise (`perovskite`, `3D`, `·H2O`) is no plain formula.
        guard let first = token.utf8.first, (first >= 65 && first <= 90) || first == UInt8(ascii: "(") else { return nil }
        var u = Array(token.utf8)
        // An oxygen deficit or excess written last: `−δ`, `-δ`, `+δ`.
        var deficit = false
        for suffix in deficitSuffixes where u.count > suffix.count && u.suffix(suffix.count).elementsEqual(suffix) {
            u.removeLast(suffix.count)
            deficit = true
            break
        }
        // Parts joined by the middle dot U+00B7.
        var parts: [ArraySlice<UInt8>] = []
        var from = 0
        var k = 0
        while k < u.count {
            // `·` U+00B7, and `*`, `•`, `∙`, `⋅`, which the reader's cleanup turns into it.
            if u[k] == 0xC2, k + 1 < u.count, u[k + 1] == 0xB7 {
                parts.append(u[from..<k]); k += 2; from = k
                continue
            }
            if u[k] == UInt8(ascii: "*") {
                parts.append(u[from..<k]); k += 1; from = k
                continue
            }
            if u[k] == 0xE2, k + 2 < u.count, (u[k + 1] == 0x80 && u[k + 2] == 0xA2) || (u[k + 1] == 0x88 && u[k + 2] == 0x99) || (u[k + 1] == 0x8B && u[k + 2] == 0x85) {
                parts.append(u[from..<k]); k += 3; from = k
                continue
            }
            k += 1
        }
        parts.append(u[from..<u.count])
        if parts.count > 1 && deficit { return nil }
        var terms: [(Double, [String: Double])] = []
        for (index, part) in parts.enumerated() {
            var body = part
            var coefficient = 1.0
            if index > 0, let (value, rest) = leadingCount(part) { coefficient = value; body = rest }
            guard let amounts = plain(Array(body), whole: parts.count == 1 ? token : nil, deficit: deficit, adducted: index > 0) else { return nil }
            terms.append((coefficient, amounts))
        }
        if terms.count == 1 { return Canon.make(terms[0].1, kind: deficit ? "nonstoichiometric" : "formula") }
        return Canon.make(Canon.sum(terms), kind: "sum")
    }

    static let deficitSuffixes: [[UInt8]] = ["−δ", "-δ", "+δ"].map { Array($0.utf8) }

    /// `6H2O` → (6, `H2O`).
    static func leadingCount(_ part: ArraySlice<UInt8>) -> (Double, ArraySlice<UInt8>)? {
        var k = part.startIndex
        while k < part.endIndex, (part[k] >= 48 && part[k] <= 57) || part[k] == UInt8(ascii: ".") { k += 1 }
        guard k > part.startIndex, let value = Double(String(decoding: part[part.startIndex..<k], as: UTF8.self)) else { return nil }
        return (value, part[k...])
    }

    /// The amounts of a plain formula (no separators), or nil when the full reader must decide. `adducted`: a
    /// part after an adduct dot (`6H2O` in `Ni(NO3)2·6H2O`), which may be written in capitals alone.
    static func plain(_ u: [UInt8], whole: String?, deficit: Bool, adducted: Bool = false) -> [String: Double]? {
        guard u.count >= 2, u.count <= 64, let first = u.first, first >= 65 && first <= 90 || first == UInt8(ascii: "(") else { return nil }
        var lower = false, symbols = 0
        var capitals: [UInt8] = []
        var i = 0
        while i < u.count {
            let c = u[i]
            if c >= 65, c <= 90 {
                // A small letter after a one-letter symbol is caught below: no branch takes it.
                guard let n = MentionScanner.elementSymbolLength(u, at: i, end: u.count) else { return nil }
                if n == 2 { lower = true } else { capitals.append(c) }
                i += n
                symbols += 1
            } else if c >= 48, c <= 57 {
                i += 1
            } else if c == UInt8(ascii: "."), i > 0, u[i - 1] >= 48, u[i - 1] <= 57, i + 1 < u.count, u[i + 1] >= 48, u[i + 1] <= 57 {
                i += 1
            } else if c == UInt8(ascii: "(") || c == UInt8(ascii: ")") {
                i += 1
            } else {
                return nil
            }
        }
        let text = String(decoding: u, as: UTF8.self)
        // Shapes the full reader treats specially: lone symbols with counts (`O2`, labels such as `S1`,
        // space groups such as `P21`), all capitals (acronyms, abbreviations, grades such as `SS316`,
        // `NMC811`), cement letters (`C3S`), `MA`/`FA` perovskites, oxidation states (`Fe(III)`), plural
        // acronyms (`SDs`) and decimals that may hide an adduct dot.
        guard symbols >= 2, lower || adducted, !Rejection.isPluralAcronym(text) else { return nil }
        if capitals.count >= 2 && capitals.allSatisfy({ cementLetters.contains($0) }) { return nil }
        if u.count >= 2, u[0] == UInt8(ascii: "M") || u[0] == UInt8(ascii: "F"), u[1] == UInt8(ascii: "A") { return nil }
        if let whole, Abbreviations.table[whole] != nil || Rejection.units.contains(whole) || Rejection.labels.contains(whole) { return nil }
        if u.last == UInt8(ascii: ")"), let open = u.lastIndex(of: UInt8(ascii: "(")),
           u[(open + 1)..<(u.count - 1)].allSatisfy({ $0 == UInt8(ascii: "I") || $0 == UInt8(ascii: "V") }) { return nil }
        // An oxygen deficit is read as written only on a final oxygen with a count (`CoO3−δ`).
        if deficit, !(u.count >= 2 && u[u.count - 1] >= 48 && u[u.count - 1] <= 57 && u.dropLast(while: { ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: ".") }).last == UInt8(ascii: "O")) {
            return nil
        }
        // `Structure.splitAdductDots(text)` over the bytes (the text is ASCII letters, digits, dots and brackets).
        if u.contains(UInt8(ascii: ".")), ReaderUnits.splitAdductDots(u[...]).count > 1 { return nil }
        // `FormulaParser.parse(text, vars: [:])`: the bytes are ASCII letters, digits, dots and brackets.
        guard let amounts = try? ASCIIFormulaParser.parse(u, vars: [:]), amounts.count >= 2 else { return nil }
        return amounts
    }

    /// The capitals of the cement oxide letters (C, S, A, F, M, K, N, T, P, H); A and M are no
    /// one-letter elements, so only the others can occur here.
    static let cementLetters: Set<UInt8> = Set("CSAFMKNTPH".utf8)
}

extension Array where Element == UInt8 {
    /// The array without its trailing elements that satisfy `predicate`.
    func dropLast(while predicate: (UInt8) -> Bool) -> ArraySlice<UInt8> {
        var end = count
        while end > 0, predicate(self[end - 1]) { end -= 1 }
        return self[..<end]
    }
}
