import CIF
import Foundation

/// The structural reading of a cleaned mention: prefixes, ions, sums, alloys, variables.
enum Structure {
    /// Variable values stated in the context (`x = 0.1`).
    static func variables(_ context: String) -> [String: Double] {
        // `x = 0.1`, not `x = 0.1–0.3` (a range) nor `x = 0, 0.1` (a list); `\s` covers the odd spaces.
        ReaderMatch.statedVariables(context) ?? variablesByRegex(context)
    }

    /// `variables` by the regular expression (`ReaderMatch.statedVariables` is its byte twin).
    static func variablesByRegex(_ context: String) -> [String: Double] {
        var out: [String: Double] = [:]
        let re = Patterns.regex(#"(?<![A-Za-z])([xyz])\s*=\s*([0-9]*\.?[0-9]+)(?!\s*[-–−,]\s*[0-9])"#)
        for m in re.matches(in: context, range: NSRange(context.startIndex..., in: context)) {
            guard let n = Range(m.range(at: 1), in: context), let v = Range(m.range(at: 2), in: context), let value = Double(context[v]) else { continue }
            let name = String(context[n])
            if out[name] == nil { out[name] = value }
        }
        return out
    }

    static let romans = ["I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8]
    static let materialNouns: Set<String> = [
        "nanoparticles", "nanoparticle", "particles", "foil", "foils", "wire", "wires", "gas", "window", "windows", "film", "films",
        "wafer", "wafers", "substrate", "substrates", "powder", "powders", "electrode", "electrodes", "nanowires", "nanowire",
        "layer", "layers", "metal", "sheet", "sheets", "plate", "plates", "target", "crucible", "mesh", "single", "nanocrystals",
        "clusters", "atoms", "catalyst", "catalysts", "thin", "coating", "anode", "anodes", "cathode", "ingot", "ingots", "shot",
        "sputtering", "foam", "foams", "nanotubes", "nanoclusters", "sponge", "block", "rod", "rods", "tip", "tips", "nanostructures", "islands", "adatoms", "vapor", "vapour", "plasma", "ion", "ions", "nanorods", "nanosheets", "dots", "contacts", "contact", "particle", "grains", "precipitates", "matrix",
    ]
    /// Elements written with a count that are familiar molecules.
    static let molecularElements: Set<String> = ["H2", "D2", "N2", "O2", "O3", "F2", "Cl2", "Br2", "I2", "I3", "S2", "S8", "P4", "P2",
                                                 "Se8", "C60", "C70", "C76", "C84", "B12", "As4"]
    static let elementSuffixes = ["-doped", "-coated", "-based", "-rich", "-containing", "-modified", "-decorated", "-free", "-deficient", "-substituted"]

    static func dopant(_ s: String, ctx: ReadingContext) -> FormulaReading? {
        if s.hasBytes("doped"), let m = Patterns.groups(s, #"^[A-Z][a-z]?(?:[,/][A-Z][a-z]?)*[- ]?(?:co-)?doped\s+(.+)$"#) {
            let host = ChemicalNotation.read(m[1], ctx: ctx)
            guard host.canonical != nil else { return nil }
            var r = FormulaReading(canonical: host.canonical, elements: host.elements, kind: "dopant_notation")
            r.dopants = s.prefix { $0 != "-" && $0 != " " }.split(whereSeparator: { $0 == "," || $0 == "/" }).map(String.init)
            return r
        }
        if let colon = ReaderMatch.firstIndex(ofASCII: UInt8(ascii: ":"), in: s) ?? s.firstIndex(of: ":"), colon != s.startIndex {
            let host = String(s[..<colon]), dop = String(s[s.index(after: colon)...])
            if dop == "H" { return .none("variable_composition") }
            guard let first = dop.first, first.isUppercase || first.isNumber else { return nil }
            let h = read(host, basis: "mol", ctx: ctx)
            guard h.canonical != nil else { return .none("not_a_formula") }
            var r = FormulaReading(canonical: h.canonical, elements: h.elements, kind: "dopant_notation")
            r.dopants = dop.split(separator: ",").map { $0.trimmedWhitespace }.filter { !$0.isEmpty }
            return r
        }
        return nil
    }

    static func read(_ input: String, basis: String, ctx: ReadingContext, hostMode: Bool = false) -> FormulaReading {
        var s = input
        var phase: String?
        // Phase and polytype prefixes.
        if s.hasBytes("-"), let m = Shapes.phasePrefix(s), m.rest.first?.isUppercase == true {
            phase = m.prefix; s = m.rest
        }
        // Variables (`x`, `y`, `z` not part of a symbol such as Dy) are looked up in the sentence.
        let usesVariables: Bool
        if let units = ReaderUnits.encode(s) {
            usesVariables = ReaderUnits.usesVariables(units)
        } else {
            let chars0 = Array(s)
            usesVariables = chars0.indices.contains { k in "xyz".contains(chars0[k]) && (k == 0 || !chars0[k - 1].isUppercase) }
        }
        let vars = hostMode ? [FormulaParser.hostMode: 1] : usesVariables ? ctx.variables : [:]
        // The text the ion, mole-percent, list, weight and alloy rules below are asked about, when none of
        // them changes it: then reading it again in host mode passes them all the same way (see `sums`).
        let checked = s

        // Ions: superscript charge, trailing sign, oxidation state.
        if s.hasBytes("^"), let m = ReaderMatch.superscriptIon(s), let a = try? FormulaParser.parse(m.body, vars: [:]) {
            let n = Int(m.digits) ?? 1
            return Canon.ion(a, charge: m.sign == "-" ? -n : n)
        }
        if s.endsWith(")"), let m = ReaderMatch.oxidationState(s), FormulaParser.isElement(m.symbol) {
            return Canon.ion([m.symbol: 1], charge: romans[m.roman]!)
        }
        if s.endsWith("+") || s.endsWith("-"), let m = ReaderMatch.trailingChargeIon(s) {
            var body = m.body, digits = m.digits
            var charge = 1
            let single = ReaderMatch.symbolShape(body)
            let complex = body.hasPrefix("[") && body.hasSuffix("]")
            if complex { body = String(body.dropFirst().dropLast()) }
            if (single || complex) && digits.count <= 1 { charge = Int(digits) ?? 1; digits = "" } else if digits.count >= 2 {
                charge = Int(String(digits.last!))!; digits.removeLast()
            }
            body += digits
            if let a = try? FormulaParser.parse(body, vars: [:]) { return Canon.ion(a, charge: m.sign == "-" ? -charge : charge) }
            return .none("not_a_formula")
        }

        // Nonstoichiometry: x written directly on a final oxygen → nominal formula.
        // Reported as `nonstoichiometric` (the nominal formula is the canonical).
        let nonstoichiometric = s.hasBytes("δ")
        if let head = Shapes.oxygenDeficitHead(s), !head.hasBytes("x") { s = head }

        // Mole percent of a binary: `8 mol% A-B`.
        if s.hasBytes("mol"), let m = Patterns.groups(s, #"^([0-9.]+)\s*mol\s*%\s*(\S+)-(\S+)$"#), let p = Double(m[1]),
           let a = try? FormulaParser.parse(m[2], vars: [:]), let b = try? FormulaParser.parse(m[3], vars: [:]) {
            return Canon.make(Canon.sum([(p / 100, a), (1 - p / 100, b)]), kind: "oxide_sum")
        }
        // Weight-percent list: `SiO2 80.6, B2O3 13.0, ... wt%`.
        // Mole-percent list: `Na2O 20, CaO 10, SiO2 70 mol%`.
        if s.hasBytes(","), basis == "mol" {
            var body = s
            for suffix in ["mol%", "mol.%", "mol %"] where body.hasSuffix(suffix) { body = String(body.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces) }
            var terms: [(Double, [String: Double])] = []
            for item in body.split(separator: ",") {
                guard let m = Patterns.groups(item.trimmingCharacters(in: .whitespaces), #"^(\S+)\s+([0-9.]+)$"#), let w = Double(m[2]),
                      let a = try? FormulaParser.parse(m[1], vars: [:]) else { terms = []; break }
                terms.append((w, a))
            }
            if terms.count >= 2 { return Canon.make(Canon.sum(terms), kind: "oxide_sum") }
        }
        if basis == "wt" || s.endsWith("wt%") {
            var body = s
            if body.hasSuffix("wt%") { body = String(body.dropLast(3)).trimmingCharacters(in: .whitespaces) }
            var parts: [(Double, String)] = []
            if body.hasBytes(",") {
                for item in body.split(separator: ",") {
                    guard let m = Patterns.groups(item.trimmingCharacters(in: .whitespaces), #"^(\S+)\s+([0-9.]+)$"#), let w = Double(m[2]) else { return .none("not_a_formula") }
                    parts.append((w, m[1]))
                }
            } else {
                for item in body.split(separator: "-") {
                    guard let m = Patterns.groups(String(item), #"^([0-9.]+)([A-Z].*)$"#), let w = Double(m[1]) else { return .none("not_a_formula") }
                    parts.append((w, m[2]))
                }
            }
            return weightPercent(parts, kind: "oxide_sum_wt")
        }

        // PDF-split subscripts: `Fe 2 O 3`, `Ca 3 (PO 4 ) 2`.
        if s.hasBytes(" ") {
            s = joinedSplitSubscripts(s)
            if s.hasBytes(" ") { return .none("not_a_formula") }
        }

        // Alloy designations: `Ti-6Al-4V` (wt% unless at.%), balance in the base metal.
        if Shapes.mayBeAlloy(s), let m = Patterns.groups(s, #"^([A-Z][a-z]?)((?:-[0-9.]+[A-Z][a-z]?)+)$"#), FormulaParser.isElement(m[1]) {
            var items: [(Double, String)] = []
            for p in m[2].split(separator: "-") {
                guard let mm = Patterns.groups(String(p), #"^([0-9.]+)([A-Z][a-z]?)$"#), let w = Double(mm[1]), FormulaParser.isElement(mm[2]) else { return .none("not_a_formula") }
                items.append((w, mm[2]))
            }
            let rest = 100 - items.reduce(0) { $0 + $1.0 }
            guard rest > 0 else { return .none("not_a_formula") }
            items.insert((rest, m[1]), at: 0)
            if basis == "at" {
                return Canon.make(Dictionary(items.map { ($0.1, $0.0) }, uniquingKeysWith: +), kind: "alloy")
            }
            return weightPercent(items, kind: "alloy")
        }

        // Whether the rules above saw this very text: then none of them returned for it, and none depends on
        // the variables, so a variable composition's host may skip them (see `sums`).
        return sums(s, input: input, phase: phase, basis: basis, vars: vars, nonstoichiometric: nonstoichiometric, ctx: ctx,
                    checkedUnchanged: !hostMode && s == checked)
    }

    /// `Fe 2 O 3` → `Fe2O3`, `Ca 3 (PO 4 ) 2` → `Ca3(PO4)2`, `Na2O 3SiO2` → `Na2O·3SiO2`: the spaces of
    /// PDF-split subscripts removed and a lost adduct dot put back (`joinedSplitSubscriptsReference`, by bytes).
    /// Text with a line terminator (where `$` may match before it) takes the reference.
    static func joinedSplitSubscripts(_ s: String) -> String {
        var u = Array(s.utf8)
        for k in u.indices {
            if u[k] >= 0x0A && u[k] <= 0x0D { return joinedSplitSubscriptsReference(s) }
            if (u[k] == 0xC2 && k + 1 < u.count && u[k + 1] == 0x85)
                || (u[k] == 0xE2 && k + 2 < u.count && u[k + 1] == 0x80 && (u[k + 2] == 0xA8 || u[k + 2] == 0xA9)) {
                return joinedSplitSubscriptsReference(s)
            }
        }
        @inline(__always) func digit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        @inline(__always) func capitalOrOpen(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || b == UInt8(ascii: "(") }
        /// One left-to-right pass: at each space, `step` gives the bytes that replace the match and where the
        /// scan goes on, or nil when no match starts there.
        func pass(_ step: (Int) -> ([UInt8], Int)?) {
            var out: [UInt8] = []
            out.reserveCapacity(u.count + 2)
            var i = 0
            while i < u.count {
                if let (replacement, next) = step(i) { out += replacement; i = next } else { out.append(u[i]); i += 1 }
            }
            u = out
        }
        // ` ([0-9]+)(?= |\)|$)` → `$1`: a space before a count that ends at a space, `)` or the end.
        pass { i in
            guard u[i] == 0x20, i + 1 < u.count, digit(u[i + 1]) else { return nil }
            var j = i + 1
            while j < u.count, digit(u[j]) { j += 1 }
            guard j == u.count || u[j] == 0x20 || u[j] == UInt8(ascii: ")") else { return nil }
            return (Array(u[(i + 1)..<j]), j)
        }
        // ` \)` → `)`, `\( ` → `(`.
        pass { i in u[i] == 0x20 && i + 1 < u.count && u[i + 1] == UInt8(ascii: ")") ? ([UInt8(ascii: ")")], i + 2) : nil }
        pass { i in u[i] == UInt8(ascii: "(") && i + 1 < u.count && u[i + 1] == 0x20 ? ([UInt8(ascii: "(")], i + 2) : nil }
        // ` (?=[A-Z(])` → ``.
        pass { i in u[i] == 0x20 && i + 1 < u.count && capitalOrOpen(u[i + 1]) ? ([], i + 1) : nil }
        // A lost separator before a coefficient, `Na2O 3SiO2`: ` (?=[0-9]+[A-Z(])` → `·`.
        pass { i in
            guard u[i] == 0x20 else { return nil }
            var j = i + 1
            while j < u.count, digit(u[j]) { j += 1 }
            return j > i + 1 && j < u.count && capitalOrOpen(u[j]) ? ([0xC2, 0xB7], i + 1) : nil
        }
        return String(decoding: u, as: UTF8.self)
    }

    /// `joinedSplitSubscripts` by regular expressions: the reference for any text.
    static func joinedSplitSubscriptsReference(_ s: String) -> String {
        var t = s
        t = Patterns.replace(t, #" ([0-9]+)(?= |\)|$)"#, with: "$1")
        t = Patterns.replace(t, #" \)"#, with: ")")
        t = Patterns.replace(t, #"\( "#, with: "(")
        t = Patterns.replace(t, #" (?=[A-Z(])"#, with: "")
        t = Patterns.replace(t, #" (?=[0-9]+[A-Z(])"#, with: "·")
        return t
    }

    /// The last steps of `read`: the sum's parts, their terms, and the reading they make. When
    /// `checkedUnchanged` and no phase prefix is left on `s`, a variable composition's host is read from here
    /// directly: `read` in host mode would pass every earlier rule unchanged and arrive here with the same text.
    private static func sums(_ s: String, input: String, phase: String?, basis: String, vars: [String: Double], nonstoichiometric: Bool,
                             ctx: ReadingContext, checkedUnchanged: Bool) -> FormulaReading {
        // Sums: split on adduct dots and on dashes/pluses between compounds.
        var parts: [String] = []
        var dashSplit = false
        var terms: [(Double, [String: Double])] = []
        var anyCoefficient = false
        // A variable in a term: the host composition, read again with every variable as its host value.
        func variableReading(_ partCount: Int) -> FormulaReading {
            var r = FormulaReading.none(partCount > 1 ? "hydrate_variable" : "variable_composition")
            let hostContext = ReadingContext("", cement: false)
            let phaseLeft = s.hasBytes("-") && Shapes.phasePrefix(s).map { $0.rest.first?.isUppercase == true } == true
            let host = checkedUnchanged && !phaseLeft
                ? sums(s, input: s, phase: nil, basis: basis, vars: [FormulaParser.hostMode: 1], nonstoichiometric: s.hasBytes("δ"), ctx: hostContext,
                       checkedUnchanged: false)
                : Structure.read(s, basis: basis, ctx: hostContext, hostMode: true)
            r.hostCanonical = host.canonical
            if !host.elements.isEmpty { r.chemsys = host.chemsys }
            return r
        }
        if let units = ReaderUnits.encode(s) {
            // The same steps over units (one byte per Character; see `ReaderUnits`).
            var unitParts: [ArraySlice<UInt8>] = []
            for part in ReaderUnits.splitSum(units, dashSplit: &dashSplit) { unitParts += ReaderUnits.splitAdductDots(part) }
            parts = unitParts.map(ReaderUnits.decode)
            if parts.contains(where: { $0.isEmpty }) { return .none("not_a_formula") }
            for p in unitParts {
                do {
                    let (coefficient, a) = try ReaderUnits.term(p, vars: vars)
                    if let coefficient { terms.append((coefficient, a)); anyCoefficient = true } else { terms.append((1, a)) }
                } catch is VariableError {
                    return variableReading(parts.count)
                } catch is NotAFormula {
                    return .none("not_a_formula")
                } catch {
                    return .none("not_a_formula")
                }
            }
        } else {
            (parts, dashSplit) = splitSumCharacters(s)

            // Adduct `.`: `CuSO4.5H2O`, `Na2O.Al2O3`, but not a decimal point.
            if parts.count >= 1 {
                var expanded: [String] = []
                for p in parts { expanded += splitAdductDots(p) }
                parts = expanded
            }
            if parts.contains(where: { $0.isEmpty }) { return .none("not_a_formula") }

            for p in parts {
                let pc = Array(p)
                var i = 0
                var coef: Double = 1
                do {
                    if p.hasPrefix("(1-"), let close = p.firstIndex(of: ")") {
                        let inner = String(p[p.index(after: p.startIndex)..<close])
                        var j = 0
                        let ic = Array(inner)
                        guard let v = try FormulaParser.count(ic, &j, vars: vars), j == ic.count else { return .none("not_a_formula") }
                        coef = v; i = inner.count + 2; anyCoefficient = true
                    } else if let v = try FormulaParser.count(pc, &i, vars: vars) {
                        coef = v; anyCoefficient = true
                    }
                    let body = String(pc[i...])
                    let a = try FormulaParser.parse(body, vars: vars)
                    terms.append((coef, a))
                } catch is VariableError {
                    return variableReading(parts.count)
                } catch {
                    return .none("not_a_formula")
                }
            }
        }
        // `Mg-Mg`, `Si-Mg-Si`: bonds and pairs, not a system.
        if terms.count > 1 && dashSplit && !anyCoefficient && terms.count(where: { $0.1.count == 1 }) == terms.count
            && Set(parts).count < parts.count { return .none("not_a_formula") }
        if terms.count > 1 && dashSplit && !anyCoefficient {
            var r = FormulaReading.none("chemical_system")
            r.chemsys = FormulaReading.system(terms.flatMap { $0.1.keys })
            return r
        }
        if terms.count == 1 && anyCoefficient { return .none("not_a_formula") }
        let total = Canon.sum(terms)
        if terms.count == 1 && total.count == 1 {
            // A lone element: only in an element context.
            let written = parts[0]
            if ReaderMatch.symbolShape(written), phase == nil,
               !elementContext(input, ctx: ctx) { return .none("not_a_formula") }
            if ReaderMatch.symbolWithOne(written) { return .none("not_a_formula") }
            // One element with a count is a molecule only when it is a familiar one (`O2`, `S8`, `C60`);
            // `C11`, `C44` (elastic constants) and `S105` (labels) are not.
            if ReaderMatch.symbolWithCount(written), !molecularElements.contains(written) { return .none("not_a_formula") }
        }
        if terms.count == 1, total.count == 1, ReaderMatch.symbolShape(parts[0]) {
            return Canon.make(total, kind: "element_symbol", phase: phase)
        }
        let nominal = nonstoichiometric || s != input && ReaderMatch.oxygenVariableDeficit(input)
        return Canon.make(total, kind: nominal ? "nonstoichiometric" : terms.count > 1 ? "sum" : "formula", phase: phase)
    }

    /// The parts of a sum at top-level `·`, and at `-`, `+`, `–` before a capital, a digit or `(` (or a
    /// variable before a capital after `(1-x)`), over Characters; `dashSplit` tells whether a dash split it.
    /// `ReaderUnits.splitSum` is its byte twin for ASCII, `δ` and `·`.
    static func splitSumCharacters(_ s: String) -> (parts: [String], dashSplit: Bool) {
        let oneMinusX = s.hasPrefix("(1-x)") || s.hasPrefix("(1-y)")
        var parts: [String] = []
        var dashSplit = false
        var current = ""
        let chars = Array(s)
        var depth = 0
        for (k, ch) in chars.enumerated() {
            if ch == "(" || ch == "[" { depth += 1 } else if ch == ")" || ch == "]" { depth -= 1 }
            if ch == "·" && depth == 0 { parts.append(current); current = ""; continue }
            if (ch == "-" || ch == "+" || ch == "–") && depth == 0 && k > 0 && k + 1 < chars.count {
                let next = chars[k + 1]
                if next.isUppercase || next.isNumber || next == "(" || (oneMinusX && FormulaParser.variables.contains(next) && k + 2 < chars.count && chars[k + 2].isUppercase) {
                    parts.append(current); current = ""; dashSplit = true; continue
                }
            }
            current.append(ch)
        }
        parts.append(current)
        return (parts, dashSplit)
    }

    /// Splits at `.` in adduct position when every resulting part is a compound with integer amounts.
    static func splitAdductDots(_ p: String) -> [String] {
        guard p.hasBytes(".") else { return [p] }
        let chars = Array(p)
        var pieces: [String] = []
        var cur = ""
        for (k, ch) in chars.enumerated() {
            if ch == ".", k > 0, k + 1 < chars.count {
                let prev = chars[k - 1]
                if prev.isLetter || prev == ")" { pieces.append(cur); cur = ""; continue }
                if prev.isNumber, chars[k + 1].isNumber {
                    var j = k + 1
                    while j < chars.count, chars[j].isNumber { j += 1 }
                    if j < chars.count, chars[j].isUppercase || chars[j] == "(" { pieces.append(cur); cur = ""; continue }
                }
            }
            cur.append(ch)
        }
        pieces.append(cur)
        guard pieces.count > 1 else { return [p] }
        for piece in pieces {
            let pc = Array(piece)
            var i = 0
            _ = FormulaParser.number(pc, &i)
            guard let a = try? FormulaParser.parse(String(pc[i...]), vars: [:]), a.count >= 2,
                  a.values.allSatisfy({ $0 == $0.rounded() && $0 > 0 }) else { return [p] }
        }
        return pieces
    }

    static func weightPercent(_ items: [(Double, String)], kind: String) -> FormulaReading {
        var comps: [(Double, [String: Double])] = []
        var totalMoles = 0.0
        for (w, f) in items {
            guard let a = try? FormulaParser.parse(f, vars: [:]) else { return .none("not_a_formula") }
            let mass = Composition(a).mass
            guard mass > 0 else { return .none("not_a_formula") }
            comps.append((w / mass, a)); totalMoles += w / mass
        }
        return Canon.make(Canon.sum(comps.map { ($0.0 / totalMoles, $0.1) }), kind: kind)
    }

    /// Whether a lone element symbol in `context` is used as a material.
    static func elementContext(_ token: String, ctx: ReadingContext) -> Bool {
        guard let (before, after) = ctx.around(token) else { return false }
        if before.last.map({ $0.isLetter || $0.isNumber }) == true { return false }
        let trimmedBefore = before.trimmedWhitespace
        if trimmedBefore.last?.isNumber == true { return false }
        let lowerBefore = " " + trimmedBefore.lowercased()
        for w in [" under", " flowing", " pure", " metallic", " elemental", " molten", " liquid"] where lowerBefore.hasSuffix(w) { return true }
        let lowerAfter = after.lowercased()
        for suffix in elementSuffixes where lowerAfter.hasPrefix(suffix) { return true }
        // A member of a list of element symbols: `Co, Ni and Fe`.
        // (Each pattern is tried only when the text holds what it must: `after` one of the separators first,
        // the last twelve Characters before a capital and a separator's last Character.)
        if after.hasPrefix(",") || after.hasPrefix(" and") || after.hasPrefix(" or") || after.hasPrefix("/"),
           let m = Patterns.groups(String(after), #"^(?:,| and| or|/)\s*([A-Z][a-z]?)(?![A-Za-z0-9])"#), FormulaParser.isElement(m[1]) { return true }
        let last12 = before.suffix(12)
        if last12.utf8.contains(where: { $0 >= 65 && $0 <= 90 }), last12.contains(where: { $0 == "," || $0 == "d" || $0 == "r" || $0 == "/" }),
           let m = Patterns.groups(String(last12), #"(?<![A-Za-z0-9])([A-Z][a-z]?)(?:,| and| or|/|, and)\s*$"#), FormulaParser.isElement(m[1]) { return true }
        guard after.first == " " else { return false }
        let word = after.dropFirst().prefix { $0.isLetter }.lowercased()
        return materialNouns.contains(word)
    }
}
