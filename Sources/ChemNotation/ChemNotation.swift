// Module ChemNotation: chemical notation in running text.
import CIF
import Foundation

/// What one mention of chemical notation denotes.
public struct FormulaReading: Sendable, Equatable {
    /// pymatgen's `reduced_formula` (or `Ion.reduced_formula` with `[+n]`); nil when the
    /// string does not denote one definite composition.
    public var canonical: String?
    /// Element amounts as written (summed over the parts, not reduced).
    public var elements: [String: Double]
    /// What kind of notation it is (`formula`, `ion`, `adduct`, `oxide_sum`, `cement`, …, `not_a_formula`).
    public var kind: String
    /// The ionic charge, for ions.
    public var charge: Int?
    /// A stripped phase or polytype prefix (`α`, `2H`).
    public var phase: String?
    /// pymatgen's `chemical_system`: the element symbols in alphabetical order joined by `-`; also
    /// given for chemical systems, composites and variable compositions, where `canonical` is nil.
    public var chemsys: String?
    /// Dopants as written (`Eu`, `Tb3+`), for dopant notation; `canonical` is the host.
    public var dopants: [String]?
    /// The canonical formulas of a composite's parts (`Pt/C` → Pt, C).
    public var components: [String]?
    /// The host of a variable composition (`LixCoO2` → LiCoO2, `Fe1-xO` → FeO).
    public var hostCanonical: String?

    /// A reading; `chemsys` is derived from `elements` when there are any.
    public init(canonical: String?, elements: [String: Double] = [:], kind: String, charge: Int? = nil, phase: String? = nil) {
        self.canonical = canonical; self.elements = elements; self.kind = kind; self.charge = charge; self.phase = phase
        // The keys are distinct already: sorted and joined, as `system` gives them.
        if !elements.isEmpty { chemsys = Self.sortedSystem(elements.keys) }
    }

    /// Distinct symbols sorted and joined by `-`. Symbols of one or two ASCII bytes (every element) sort as
    /// 16-bit codes, first byte high, which is the order `String` comparison gives them; other keys take
    /// the `String` sort.
    static func sortedSystem(_ keys: Dictionary<String, Double>.Keys) -> String {
        guard var codes = symbolCodes(keys) else { return system(keys) }
        codes.sort()
        var out: [UInt8] = []
        out.reserveCapacity(codes.count * 3)
        for (i, code) in codes.enumerated() {
            if i > 0 { out.append(UInt8(ascii: "-")) }
            out.append(UInt8(code >> 8))
            if code & 0xFF != 0 { out.append(UInt8(code & 0xFF)) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Each key as a 16-bit code (first byte high, second byte or 0 low); nil unless every key is one or two
    /// ASCII bytes other than NUL.
    private static func symbolCodes(_ keys: Dictionary<String, Double>.Keys) -> [UInt16]? {
        var codes: [UInt16] = []
        codes.reserveCapacity(keys.count)
        for k in keys {
            let u = k.utf8
            guard u.count <= 2, let a = u.first, a > 0, a < 0x80 else { return nil }
            var code = UInt16(a) << 8
            if u.count == 2 {
                let b = u[u.index(after: u.startIndex)]
                guard b > 0, b < 0x80 else { return nil }
                code |= UInt16(b)
            }
            codes.append(code)
        }
        return codes
    }

    /// The chemical system of a set of element symbols.
    static func system<S: Sequence>(_ symbols: S) -> String where S.Element == String {
        Set(symbols).sorted().joined(separator: "-")
    }

    static func none(_ kind: String) -> FormulaReading { FormulaReading(canonical: nil, kind: kind) }
}

/// Canonicalisation of chemical notation (see ../shared/chem/README.md for the conventions).
public enum ChemicalNotation {
    /// Reads `input` (a mention as it appears in text) in its `context` sentence.
    public static func canonicalize(_ input: String, context: String? = nil) -> FormulaReading? {
        read(input, ctx: ReadingContext(context ?? ""))
    }

    // MARK: - top level

    /// `A/B`, `A@B`: null, with the parts' canonicals; not a formula unless every part is one.
    static func composite(_ parts: [String], ctx: ReadingContext) -> FormulaReading {
        var components: [String] = []
        var symbols: [String] = []
        var ions = 0
        for p in parts {
            // A lone element symbol is a material here (`Pt/C`). A plain formula reads the same in any
            // sentence (`PlainFormula`), so it takes the fast path.
            let r = FormulaParser.isElement(p) ? Canon.make([p: 1], kind: "element_symbol") : PlainFormula.read(p) ?? read(p, ctx: ctx)
            guard let c = r.canonical else { return .none("not_a_formula") }
            if r.kind == "ion" { ions += 1 }
            components.append(ReaderMatch.withoutCharge(c))
            symbols += r.elements.keys
        }
        // `Fe2+/Fe3+`, `Li/Li+`: a redox couple, two mentions.
        if ions > 0 { return .none("not_a_formula") }
        var r = FormulaReading.none("composite")
        r.components = components
        r.chemsys = FormulaReading.system(symbols)
        return r
    }

    static func read(_ raw: String, ctx: ReadingContext) -> FormulaReading {
        if Rejection.isAcronym(raw, cement: ctx.cement) { return .none("not_a_formula") }
        var s = Cleanup.clean(raw)

        // Names.
        if let r = Names.read(s, ctx: ctx) { return r }
        // Curated abbreviations.
        if let r = Abbreviations.read(s, ctx: ctx) { return r }
        // Cement notation.
        if let r = Cement.read(s, ctx: ctx) { return r }

        // Basis markers.
        var basis = "mol"
        // Every marker ends with `)` or `%`.
        let lastByte = s.utf8.last
        if lastByte == UInt8(ascii: ")") || lastByte == UInt8(ascii: "%") { for (marker, b) in [("(wt%)", "wt"), ("(wt.%)", "wt"), ("(at.%)", "at"), ("(at%)", "at"), ("(mol%)", "mol"), ("wt%", "wt"), ("wt.%", "wt")] where s.hasSuffix(marker) {
            s = String(s.dropLast(marker.count)).trimmingCharacters(in: .whitespaces); basis = b; break
        } }

        // A surface or orientation written after the formula: `MgO(001)`, `Si(111)`.
        if s.endsWith(")"), let k = ReaderMatch.orientationStart(s), k != 0 {
            let head = String(s[..<s.utf8.index(s.startIndex, offsetBy: k)])
            if ReaderMatch.symbolShape(head) {
                // Judged with the orientation attached, so the word after it counts (`Si(111) substrates`).
                return Structure.elementContext(s, ctx: ctx) ? Canon.make([head: 1], kind: "element_symbol") : .none("not_a_formula")
            }
            s = head
        }
        // Look-alikes.
        if Rejection.rejects(s, ctx: ctx) { return .none("not_a_formula") }

        // Composites and dopant notation.
        if let r = Structure.dopant(s, ctx: ctx) { return r }
        if s.hasBytes("/"), ReaderMatch.hasSeparatingSlash(s) { return composite(s.split(separator: "/").map(String.init), ctx: ctx) }
        if s.hasBytes("@") {
            let parts = s.split(separator: "@").map(String.init)
            if parts.count == 2, Patterns.matches(parts[1], #"^C\d+$"#),
               let a = try? FormulaParser.parse(parts[0], vars: [:]), let b = try? FormulaParser.parse(parts[1], vars: [:]) {
                return Canon.make(Canon.sum([(1, a), (1, b)]), kind: "formula")
            }
            return composite(parts, ctx: ctx)
        }
        return Structure.read(s, basis: basis, ctx: ctx)
    }
}

// MARK: - Cleanup

enum Cleanup {
    static let subscripts: [Character: String] = ["₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7", "₈": "8", "₉": "9", "₊": "+", "₋": "-", "ₓ": "x"]
    static let superscripts: [Character: Character] = ["⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁺": "+", "⁻": "-"]

    static let greek: [(String, String)] = [("alpha", "α"), ("beta", "β"), ("gamma", "γ"), ("delta", "δ"), ("theta", "θ"), ("kappa", "κ"), ("eta", "η")]
        .flatMap { [("$\\\($0.0)$", $0.1), ("\\\($0.0)", $0.1), ("&\($0.0);", $0.1)] }

    /// Lossless cleanup to an ASCII-like form: subscripts → digits, superscripts → `^2-`,
    /// full-width → ASCII, dashes → `-`, adduct dots → `·`, LaTeX/HTML markup removed.
    static func clean(_ raw: String) -> String {
        // Plain ASCII without markup or separators to rewrite is already clean.
        if raw.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "$") && $0 != UInt8(ascii: "\\") && $0 != UInt8(ascii: "&")
                && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: "*") && $0 != UInt8(ascii: " ") }) {
            return raw
        }
        if let fast = ReaderCleanup.clean(raw) { return fast }
        return cleanCharacters(raw)
    }

    /// The cleanup over Characters, for any text (`ReaderCleanup` is its byte twin for the common cases).
    static func cleanCharacters(_ raw: String) -> String {
        var s = raw
        // Markup.
        if s.contains(where: { $0 == "\\" || $0 == "&" || $0 == "$" }) {
            if s.hasPrefix("\\ce{") && s.hasSuffix("}") { s = String(s.dropFirst(4).dropLast()) }
            s = s.replacingOccurrences(of: "\\cdot", with: "·")
            for (from, to) in greek { s = s.replacingOccurrences(of: from, with: to) }
            for (from, to) in [("&middot;", "·"), ("&minus;", "-"), ("&ndash;", "-"), ("&#183;", "·")] { s = s.replacingOccurrences(of: from, with: to) }
        }
        if s.hasBytes("$_") || s.hasBytes("$^") || s.hasBytes("<sub>") || s.hasBytes("<sup>") {
            s = s.replacingOccurrences(of: "<sup>", with: "^").replacingOccurrences(of: "$^", with: "^")
            for t in ["<sub>", "</sub>", "</sup>", "$_", "$", "{", "}"] { s = s.replacingOccurrences(of: t, with: "") }
        }
        var out = ""
        var inSup = false
        for ch in s {
            if let d = subscripts[ch] { out += d; inSup = false; continue }
            if let d = superscripts[ch] {
                if !inSup { out.append("^"); inSup = true }
                out.append(d); continue
            }
            inSup = false
            if let v = ch.unicodeScalars.first?.value, ch.unicodeScalars.count == 1, v >= 0xFF01, v <= 0xFF5E {
                out.append(Character(UnicodeScalar(v - 0xFEE0)!)); continue
            }
            switch ch {
            case "\u{2212}", "\u{2013}", "\u{2014}", "\u{2010}", "\u{2011}": out.append("-")
            case "•", "∙", "⋅", "*": out.append("·")
            case "\u{00A0}", "\u{2009}", "\u{202F}": out.append(" ")
            case "′": out.append("'")
            default: out.append(ch)
            }
        }
        // Spaced separators.
        if out.hasBytes(" ") { out = out.replacingOccurrences(of: " · ", with: "·").replacingOccurrences(of: " - ", with: "-") }
        return out.trimmedWhitespace
    }
}

// MARK: - Formula grammar

struct VariableError: Error {}
struct ParseError: Error {}

enum FormulaParser {
    static func isElement(_ s: String) -> Bool { ChemicalElement(symbol: s) != nil && s != "D" && s != "T" }

    /// Parses a formula (no separators) into element amounts; variables are looked up in `vars`
    /// (δ is 0); throws `VariableError` for an unknown variable, `ParseError` otherwise.
    static func parse(_ text: String, vars: [String: Double]) throws -> [String: Double] {
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != ReaderUnits.delta }) { return try ASCIIFormulaParser.parse(Array(text.utf8), vars: vars) }
        return try parseCharacters(text, vars: vars)
    }

    /// The reference grammar over Characters (any text); `ASCIIFormulaParser` is its fast twin.
    static func parseCharacters(_ text: String, vars: [String: Double]) throws -> [String: Double] {
        let chars = Array(text)
        var i = 0
        let result = try group(chars, &i, vars: vars, closer: nil)
        guard i == chars.count, !result.isEmpty else { throw ParseError() }
        return result
    }

    static func group(_ c: [Character], _ i: inout Int, vars: [String: Double], closer: Character?) throws -> [String: Double] {
        var acc: [String: Double] = [:]
        while i < c.count {
            let ch = c[i]
            if let closer, ch == closer { return acc }
            var part: [String: Double]
            if ch == "(" || ch == "[" || ch == "{" {
                let close: Character = ch == "(" ? ")" : ch == "[" ? "]" : "}"
                i += 1
                part = try group(c, &i, vars: vars, closer: close)
                guard i < c.count, c[i] == close, !part.isEmpty else { throw ParseError() }
                i += 1
            } else if ch.isUppercase, ch.isASCII {
                var sym = String(ch)
                if i + 1 < c.count, c[i + 1].isLowercase, c[i + 1].isASCII, isElement(sym + String(c[i + 1])) {
                    sym += String(c[i + 1]); i += 2
                } else { i += 1 }
                guard isElement(sym) else { throw ParseError() }
                part = [sym: 1]
            } else { throw ParseError() }
            let n = try count(c, &i, vars: vars) ?? 1
            for (k, v) in part { acc[k, default: 0] += v * n }
        }
        if closer != nil { throw ParseError() }
        return acc
    }

    static let variables: Set<Character> = ["x", "y", "z", "δ", "n"]
    /// A `vars` key that makes unknown variables read as the host composition.
    static let hostMode = "*host"

    /// A count: `2`, `0.7`, `1/3`, `x`, `1+x`, `2-x`, `3-δ`.
    static func count(_ c: [Character], _ i: inout Int, vars: [String: Double]) throws -> Double? {
        var value: Double? = number(c, &i)
        if let v = value, i + 1 < c.count, c[i] == "/", c[i + 1].isNumber {
            i += 1
            if let d = number(c, &i), d != 0 { value = v / d } else { throw ParseError() }
        }
        while i < c.count {
            var sign = 1.0
            var j = i
            if c[j] == "+" || c[j] == "-" {
                guard value != nil else { break }
                sign = c[j] == "-" ? -1 : 1; j += 1
            } else if value != nil { break }
            guard j < c.count, variables.contains(c[j]) else { break }
            let name = String(c[j])
            let v: Double
            if name == "δ" { v = 0 } else if let known = vars[name] { v = known } else if vars[hostMode] != nil {
                // The host of a variable composition: a bare `x` counts 1 (`LixCoO2` → LiCoO2), one in an
                // expression 0 (`Fe1-xO` → FeO).
                v = value == nil ? 1 : 0
            } else { throw VariableError() }
            value = (value ?? 0) + sign * v
            i = j + 1
        }
        return value
    }

    static func number(_ c: [Character], _ i: inout Int) -> Double? {
        var j = i
        var text = ""
        while j < c.count, c[j].isASCII, c[j].isNumber { text.append(c[j]); j += 1 }
        if j + 1 < c.count, c[j] == ".", c[j + 1].isASCII, c[j + 1].isNumber {
            text.append("."); j += 1
            while j < c.count, c[j].isASCII, c[j].isNumber { text.append(c[j]); j += 1 }
        }
        guard !text.isEmpty, let v = Double(text) else { return nil }
        i = j
        return v
    }
}

// MARK: - Canonical form

enum Canon {
    static func sum(_ parts: [(Double, [String: Double])]) -> [String: Double] {
        // One part taken once: its amounts (which hold no −0, so adding them to 0 changes none).
        if parts.count == 1, parts[0].0 == 1, parts[0].1.values.allSatisfy({ $0 != 0 || $0.sign == .plus }) { return parts[0].1 }
        var acc: [String: Double] = [:]
        for (k, p) in parts { for (e, v) in p { acc[e, default: 0] += k * v } }
        return acc
    }

    static func rounded(_ amounts: [String: Double]) -> [String: Double] {
        // Most amounts are already what rounding gives (whole numbers, short decimals): then the dictionary
        // is returned as it is, without building two new ones.
        if amounts.values.allSatisfy({ v in roundedAmount(v) == v && abs(v) >= 1e-8 }) { return amounts }
        return amounts.mapValues(roundedAmount).filter { abs($0.value) >= 1e-8 }
    }

    /// An amount to the nearest whole number within 1e-8, else to eight decimals.
    @inline(__always)
    static func roundedAmount(_ v: Double) -> Double {
        let r = v.rounded()
        return abs(v - r) < 1e-8 ? r : (v * 1e8).rounded() / 1e8
    }

    static func make(_ amounts: [String: Double], kind: String, phase: String? = nil) -> FormulaReading {
        let a = rounded(amounts)
        guard !a.isEmpty else { return .none("not_a_formula") }
        return FormulaReading(canonical: Composition(a).reducedFormula, elements: a, kind: kind, phase: phase)
    }

    static func ion(_ amounts: [String: Double], charge: Int) -> FormulaReading {
        let a = rounded(amounts)
        var f: String
        if a.count == 1, let (e, n) = a.first, n == 1 { f = e } else { f = Composition(a).reducedFormula }
        if a == ["O": 1, "H": 1] { f = "OH" } else if let h = a["H"], h == a["O"] { f = f.replacingOccurrences(of: "HO", with: "OH") }
        if a == ["N": 1, "H": 4] { f = "NH4" }
        let c = charge > 0 ? "[+\(charge)]" : "[\(charge)]"
        return FormulaReading(canonical: f + c, elements: a, kind: "ion", charge: charge)
    }
}
