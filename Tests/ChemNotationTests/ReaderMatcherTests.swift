@testable import ChemNotation
import Foundation
import Testing
import _CorpusTestSupport

/// The reader's byte matchers (`ReaderMatch`, `ReaderCleanup`, `ReaderUnits`) against the regular
/// expressions and Character loops they replace, on hand-picked and random strings, ASCII and not.
@Suite struct ReaderMatcherTests {
    static let pieces: [String] = [
        "Fe", "O", "Ti", "Si", "C", "H", "S", "P", "A", "B", "I", "V", "N", "Mn", "Co", "SS", "IN", "Dy", "a", "t", "x", "y", "z", "n",
        "0", "1", "2", "3", "7", ".", "(", ")", "[", "]", "{", "}", "-", "+", "^", "/", "'", ",", ":", "@", " ", "*", "%",
        "δ", "·", "α", "Ω", "β", "–", "−", "—", "₂", "₃", "ₓ", "²", "³", "⁺", "⁻", "•", "⋅", "∙", "′", "\u{00A0}", "\u{2009}", "\u{202F}",
        "Ｆ", "ｅ", "２", "\u{304}", "\u{0387}", "\n", "\r", "\t", "\u{2028}", "\u{85}", "é", "Å",
    ]

    static let samples: [String] = [
        "Fe", "O", "Fe1", "Fe2", "C60", "S105", "Fe(III)", "V(V)", "Fe(IIII)", "Fe()", "MgO(001)", "Si(1-10)", "Si(111)", "(001)",
        "Si(11)", "Si(11111)", "Si(-1-1-1)", "Fe[+3]", "Fe2O3[-2]", "Fe[]", "[+3]", "Fe[+3]\n", "Pt/C", "1/3", "Li1/3Co", "a/1", "1/a", "/",
        "SS316", "IN718", "SS316L", "S316", "SS3", "P21", "C2", "S2", "S2'", "A1'", "P", "Pa", "Fe^3+", "Fe^+", "SO4^2-", "^2+",
        "Fe3+", "SO42-", "Fe+", "3+", "[Fe(CN)6]4-", "(NH4)+", "Fe(+", "La0.6Sr0.4CoO3-x", "LaO3+y", "O.5-x", "Fe2O3-x", "O-x",
        "Fe\n", "O2\n", "Fe(III)\n", "MgO(001)\r\n", "Fe3+\u{2028}", "Feδ", "Fe2O3−δ", "Ni(NO3)2·6H2O", "α-Fe2O3", "Fe₂O₃",
        "Ca²⁺", "CuSO4 · 5H2O", "Ti - 6Al", " Fe ", "\tFe\t", "Ｆｅ２Ｏ３", "Fe\u{304}", "A·\u{0387}B", "x\u{304}", "Fe₂\u{301}",
    ]

    static func random(_ rng: inout SeededGenerator, _ count: Int) -> [String] {
        (0..<count).map { _ in
            let n = Int.random(in: 1...8, using: &rng)
            return (0..<n).map { _ in pieces.randomElement(using: &rng)! }.joined()
        }
    }

    static func inputs() -> [String] {
        var rng = SeededGenerator(seed: 0x2EAD_2026)
        return samples + random(&rng, 30_000)
    }

    @Test func matchersAgreeWithTheirRegularExpressions() {
        for s in Self.inputs() {
            #expect(ReaderMatch.symbolShape(s) == Patterns.matches(s, #"^[A-Z][a-z]?$"#), "symbol \(s.debugDescription)")
            #expect(ReaderMatch.symbolWithOne(s) == Patterns.matches(s, #"^[A-Z][a-z]?1$"#), "symbol 1 \(s.debugDescription)")
            #expect(ReaderMatch.symbolWithCount(s) == Patterns.matches(s, #"^[A-Z][a-z]?[0-9]+$"#), "symbol count \(s.debugDescription)")
            let ox = Patterns.groups(s, #"^([A-Z][a-z]?)\((I|II|III|IV|V|VI|VII|VIII)\)$"#)
            let fastOx = ReaderMatch.oxidationState(s)
            #expect(fastOx?.symbol == ox?[1] && fastOx?.roman == ox?[2], "oxidation state \(s.debugDescription)")
            let orientation = Patterns.range(s, #"\((?:-?[0-9]){3,4}\)$"#).map { s.utf8.distance(from: s.startIndex, to: $0.lowerBound) }
            #expect(ReaderMatch.orientationStart(s) == orientation, "orientation \(s.debugDescription)")
            #expect(ReaderMatch.withoutOrientation(s) == Patterns.replace(s, #"\((?:-?[0-9]){3,4}\)$"#, with: ""), "orientation strip \(s.debugDescription)")
            #expect(ReaderMatch.withoutCharge(s) == s.replacingOccurrences(of: #"\[[-+0-9]+\]$"#, with: "", options: .regularExpression),
                    "charge strip \(s.debugDescription)")
            #expect(ReaderMatch.hasSeparatingSlash(s) == Patterns.matches(s, #"/(?![0-9])|(?<![0-9])/"#), "slash \(s.debugDescription)")
            #expect(ReaderMatch.gradeLabel(s) == Patterns.matches(s, #"^[A-Z]{2,}[0-9]{2,}[A-Z]?$"#), "grade \(s.debugDescription)")
            #expect(ReaderMatch.spaceGroupLike(s) == Patterns.matches(s, #"^[PABCFIR][0-9]+$"#), "space group \(s.debugDescription)")
            #expect(ReaderMatch.symbolOrLabel(s) == Patterns.matches(s, #"^(?:[A-Z][a-z]?|[PABCFIRS][0-9]+'?)$"#), "symbol or label \(s.debugDescription)")
            #expect(ReaderMatch.capitalNumber(s) == Patterns.matches(s, #"^[A-Z][0-9]+'?$"#), "capital number \(s.debugDescription)")
            let sup = Patterns.groups(s, #"^([A-Za-z0-9()\[\]]+)\^([0-9]*)([+-])$"#)
            let fastSup = ReaderMatch.superscriptIon(s)
            #expect(fastSup.map { [$0.body, $0.digits, $0.sign] } == sup.map { Array($0.dropFirst()) }, "superscript ion \(s.debugDescription)")
            let ion = Patterns.groups(s, #"^([A-Za-z()\[\]0-9]*[A-Za-z)\]])([0-9]*)([+-])$"#)
            let fastIon = ReaderMatch.trailingChargeIon(s)
            #expect(fastIon.map { [$0.body, $0.digits, $0.sign] } == ion.map { Array($0.dropFirst()) }, "trailing charge \(s.debugDescription)")
            #expect(ReaderMatch.oxygenVariableDeficit(s) == Patterns.matches(s, #"O[0-9.]+[-+][xyz]$"#), "oxygen deficit \(s.debugDescription)")
        }
    }

    /// The byte cleanup gives what the Character loop gives wherever it answers, and answers for the
    /// common non-ASCII mentions.
    @Test func byteCleanupAgreesWithTheCharacterLoop() {
        for s in Self.inputs() {
            if let fast = ReaderCleanup.clean(s) {
                #expect(fast == Cleanup.cleanCharacters(s), "cleanup of \(s.debugDescription)")
                #expect(fast.utf8.elementsEqual(Cleanup.cleanCharacters(s).utf8), "cleanup bytes of \(s.debugDescription)")
            }
        }
        for s in ["Fe₂O₃", "Ca²⁺", "La0.6Sr0.4CoO3−δ", "CuSO4 · 5H2O", "Ti – 6Al", "Ｆｅ２Ｏ３", "α-Al2O3", "Ni(NO3)2*6H2O"] {
            #expect(ReaderCleanup.clean(s) != nil, "byte cleanup answers for \(s)")
        }
    }

    /// The unit loops of `Structure.read` against the Character loops they replace.
    @Test func unitLoopsAgreeWithCharacterLoops() {
        for s in Self.inputs() {
            guard let units = ReaderUnits.encode(s) else {
                #expect(s.unicodeScalars.contains { !($0.value >= 0x20 && $0.value < 0x80) && $0 != "δ" && $0 != "·" }, "units of \(s.debugDescription)")
                continue
            }
            #expect(ReaderUnits.decode(units[...]) == s, "round trip of \(s.debugDescription)")
            #expect(units.count == s.count, "one unit per Character in \(s.debugDescription)")
            let chars = Array(s)
            let uses = chars.indices.contains { k in "xyz".contains(chars[k]) && (k == 0 || !chars[k - 1].isUppercase) }
            #expect(ReaderUnits.usesVariables(units) == uses, "variables in \(s.debugDescription)")

            // The split of a sum.
            let (parts, dashSplit) = Structure.splitSumCharacters(s)
            var unitDashSplit = false
            let unitParts = ReaderUnits.splitSum(units, dashSplit: &unitDashSplit)
            #expect(unitParts.map(ReaderUnits.decode) == parts && unitDashSplit == dashSplit, "sum split of \(s.debugDescription)")

            // Adduct dots and terms.
            for (p, up) in zip(parts, unitParts) {
                let pieces = Structure.splitAdductDots(p)
                let unitPieces = ReaderUnits.splitAdductDots(up)
                #expect(unitPieces.map(ReaderUnits.decode) == pieces, "adduct dots of \(p.debugDescription)")
                for (piece, unitPiece) in zip(pieces, unitPieces) {
                    for vars in [[:], ["x": 0.1], [FormulaParser.hostMode: 1]] as [[String: Double]] {
                        #expect(Self.term(piece, vars: vars) == Self.outcome { try ReaderUnits.term(unitPiece, vars: vars) },
                                "term \(piece.debugDescription) with \(vars)")
                    }
                }
            }
            // The byte formula parser (δ included) and the Character grammar.
            for vars in [[:], ["x": 0.1, "y": 0.2], [FormulaParser.hostMode: 1]] as [[String: Double]] {
                let reference = Self.outcome { (nil, try FormulaParser.parseCharacters(s, vars: vars)) }
                #expect(Self.outcome { (nil, try ASCIIFormulaParser.parse(units, vars: vars)) } == reference, "parse \(s.debugDescription) with \(vars)")
                #expect(Self.outcome { (nil, try FormulaParser.parse(s, vars: vars)) } == reference, "FormulaParser.parse \(s.debugDescription)")
            }
        }
    }

    /// A term as `Structure.read` reads it over Characters.
    static func term(_ p: String, vars: [String: Double]) -> String {
        outcome {
            let pc = Array(p)
            var i = 0
            var coefficient: Double?
            if p.hasPrefix("(1-"), let close = p.firstIndex(of: ")") {
                let inner = String(p[p.index(after: p.startIndex)..<close])
                var j = 0
                let ic = Array(inner)
                guard let v = try FormulaParser.count(ic, &j, vars: vars), j == ic.count else { throw NotAFormula() }
                coefficient = v; i = inner.count + 2
            } else if let v = try FormulaParser.count(pc, &i, vars: vars) {
                coefficient = v
            }
            return (coefficient, try FormulaParser.parse(String(pc[i...]), vars: vars))
        }
    }

    /// What a reading step gives, as a comparable string: the error's kind or the coefficient and amounts.
    static func outcome(_ body: () throws -> (Double?, [String: Double])) -> String {
        do {
            let (c, a) = try body()
            return "\(c.map { "\($0)" } ?? "-") " + a.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        } catch is VariableError {
            return "variable"
        } catch is NotAFormula {
            return "not a formula"
        } catch {
            return "parse error"
        }
    }
}

@Suite struct ReaderContextMatcherTests {
    static let pieces: [String] = [
        "x", "y", "z", "ax", " x", "=", " = ", " ", "  ", "0", "1", "5", ".", "0.1", "0.15", ".5", ",", ", ", "-", "–", "−", "—",
        " and ", "\u{00A0}", "\u{2009}", "\u{B}", "\u{C}", "\n", "\t", "δ", "(", ")", "Fe", "O3", "µ", "x=", "x = 0.", "é",
    ]

    /// `ReaderMatch.statedVariables` says what the regex says wherever it answers.
    @Test func statedVariablesAgreeWithTheRegex() {
        var rng = SeededGenerator(seed: 0x7A12_2026)
        let samples = ["x = 0.1", "x = 0.15, 0.2", "x = 0.1–0.3", "x = 0.1 - 0.3", "x=0.2,y=0.3", "max = 5", "x = .5", "x = 5.", "x = 0.1, y = 0.2",
                       "for x = 0.1 and y = 0.05", "x =\u{00A0}0.1", "x = 0.1\u{00A0}–\u{00A0}0.2", "z = 1 −2", "x = 12,3", "x = 0.1 ,", "x = 1.2.3"]
        var answered = 0
        for s in samples + (0..<30_000).map({ _ in (0..<Int.random(in: 1...10, using: &rng)).map { _ in Self.pieces.randomElement(using: &rng)! }.joined() }) {
            guard let fast = ReaderMatch.statedVariables(s) else { continue }
            answered += 1
            #expect(fast == Structure.variablesByRegex(s), "variables of \(s.debugDescription)")
        }
        #expect(answered > 10_000)
        #expect(ReaderMatch.statedVariables("x = 0.15, 0.2") == ["x": 0.1])
    }

    /// The byte search and the next word say what Foundation and the Character expression say.
    @Test func asciiSearchAgreesWithFoundation() {
        var rng = SeededGenerator(seed: 0x7A13_2026)
        let tokens = ["Fe", "x", "lead", "O2", "Fe2O3", "e", "K", " ", "x ="]
        for s in (0..<20_000).map({ _ in (0..<Int.random(in: 1...10, using: &rng)).map { _ in Self.pieces.randomElement(using: &rng)! }.joined() })
            + ["Fe2O3 lead x", "\u{212A}K", "Fe\u{301}Fe", "a lead to", "Fe"] {
            for t in tokens {
                if let r = ReadingContext.asciiRange(of: t, in: s) {
                    #expect(r == s.range(of: t), "\(t) in \(s.debugDescription)")
                }
            }
            let after = Substring(s)
            if let w = ReadingContext.asciiNextWord(after) {
                #expect(w == String(after.dropFirst().prefix { $0.isLetter }).lowercased(), "next word in \(s.debugDescription)")
            }
        }
    }
}

@Suite struct ReaderNumberTests {
    /// The byte parser's numbers are the doubles Swift parses from the same digits.
    @Test func numbersParseAsSwiftDoes() {
        var rng = SeededGenerator(seed: 0x7A14_2026)
        let digits = Array("0123456789".utf8)
        for _ in 0..<50_000 {
            let whole = (0..<Int.random(in: 1...18, using: &rng)).map { _ in digits.randomElement(using: &rng)! }
            let fraction = Bool.random(using: &rng) ? (0..<Int.random(in: 1...18, using: &rng)).map { _ in digits.randomElement(using: &rng)! } : []
            let text = whole + (fraction.isEmpty ? [] : [UInt8(ascii: ".")] + fraction)
            var i = 0
            let v = ASCIIFormulaParser.number(text + [UInt8(ascii: "O")], &i)
            #expect(v?.bitPattern == Double(String(decoding: text, as: UTF8.self))?.bitPattern && i == text.count, "number \(String(decoding: text, as: UTF8.self))")
        }
    }

    /// `trimmedWhitespace` trims what Foundation's `trimmingCharacters(in: .whitespaces)` trims, on random
    /// strings of spaces (ASCII and Unicode), tabs, marks that join a space, letters and newlines.
    @Test func trimmedWhitespaceAgreesWithFoundation() {
        var rng = SeededGenerator(seed: 0x7A15_2026)
        let pieces = [" ", "\t", "a", "Fe", "\u{00A0}", "\u{301}", "\n", "é", "-", "\u{2009}", "O2", "\u{200B}", "\u{3000}", "\u{1680}",
                      "\u{2028}", "\u{85}", "\u{FEFF}", "δ"]
        for _ in 0..<20_000 {
            let s = (0..<Int.random(in: 0...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            #expect(s.trimmedWhitespace == s.trimmingCharacters(in: .whitespaces), "trim \(s.debugDescription)")
            let sub = Substring(s).dropFirst(s.isEmpty ? 0 : 1)
            #expect(sub.trimmedWhitespace == sub.trimmingCharacters(in: .whitespaces), "trim \(sub.debugDescription)")
        }
    }

    /// `isWhitespaceScalar` is Foundation's `CharacterSet.whitespaces` on every Unicode scalar.
    @Test func whitespaceScalarsAreFoundations() {
        for v in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(v) else { continue }
            #expect(isWhitespaceScalar(v) == CharacterSet.whitespaces.contains(scalar), "U+\(String(v, radix: 16))")
        }
    }
}

@Suite struct ReaderIndexTests {
    static let pieces = ["Fe", "O", ":", "x", " ", "é", "\u{301}", "\u{600}", "\r", "\n", "a", "Co", "δ", "-", "\u{212A}", "K"]

    /// The byte searches say what the Character searches say wherever they answer.
    @Test func byteSearchesAgreeWithCharacterSearches() {
        var rng = SeededGenerator(seed: 0x7A16_2026)
        for _ in 0..<20_000 {
            let s = (0..<Int.random(in: 0...8, using: &rng)).map { _ in Self.pieces.randomElement(using: &rng)! }.joined()
            if let fast = ReaderMatch.firstIndex(ofASCII: UInt8(ascii: ":"), in: s) {
                #expect(fast == s.firstIndex(of: ":"), "colon in \(s.debugDescription)")
            }
            for needle in ["Fe", ":", "x", "é", "Co:", ""] {
                let h = Array(s.utf8), n = Array(needle.utf8)
                let found = n.isEmpty || (h.count >= n.count && (0...(h.count - n.count)).contains { h[$0..<($0 + n.count)].elementsEqual(n) })
                #expect(s.hasBytes(needle) == found, "\(needle) in \(s.debugDescription)")
                #expect(s[...].hasBytes(needle) == s.hasBytes(needle))
            }
            // A mention somewhere in the sentence: where the reader's token ends.
            let u = Array(s.utf8)
            guard !u.isEmpty else { continue }
            let a = Int.random(in: 0..<u.count, using: &rng), b = Int.random(in: a...u.count, using: &rng)
            guard let lower = String.Index(s.utf8.index(s.startIndex, offsetBy: a), within: s.unicodeScalars),
                  let upper = String.Index(s.utf8.index(s.startIndex, offsetBy: b), within: s.unicodeScalars) else { continue }
            let m = lower..<upper
            for token in ["Fe", "O", "Co", "K", "x", String(s[m])] {
                guard let end = ReadingContext.asciiPrefixEnd(token, in: s, at: m) else { continue }
                #expect(s[m].hasPrefix(token), "\(token) starts \(s[m].debugDescription)")
                #expect(end == s.index(m.lowerBound, offsetBy: token.count), "end of \(token) in \(s.debugDescription)")
            }
        }
    }
}

@Suite struct ReaderPrefixTests {
    /// `ReaderMatch.hasPrefix` says what `hasPrefix` says; units and labels are short, as `rejects` assumes.
    @Test func bytePrefixesAgreeWithCharacters() {
        var rng = SeededGenerator(seed: 0x7A17_2026)
        let pieces = ["M", "A", "F", "N", "C", "\u{301}", "Å", "MA", "NMC", "NCM", "FA", "1", "\u{600}", "é"]
        for _ in 0..<20_000 {
            let s = (0..<Int.random(in: 0...5, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            #expect(ReaderMatch.hasPrefix(s, "MA") == s.hasPrefix("MA"), "MA \(s.debugDescription)")
            #expect(ReaderMatch.hasPrefix(s, "FA") == s.hasPrefix("FA"), "FA \(s.debugDescription)")
            #expect(ReaderMatch.hasPrefix(s, "NMC") == s.hasPrefix("NMC"), "NMC \(s.debugDescription)")
            #expect(ReaderMatch.hasPrefix(s, "NCM") == s.hasPrefix("NCM"), "NCM \(s.debugDescription)")
        }
        #expect(Rejection.units.union(Rejection.labels).allSatisfy { $0.utf8.count <= 5 && $0.utf8.allSatisfy { $0 < 0x80 && $0 != UInt8(ascii: "K") } })
    }
}

@Suite struct ReaderRejectionTests {
    /// The verdicts as they were written before their byte shortcuts.
    static func strayCapital(_ s: String, cement: Bool) -> Bool {
        let u = Array(s.utf8.prefix { $0 != UInt8(ascii: ":") })
        if let first = u.first, first >= 65, first <= 90, u.dropFirst().allSatisfy({ ($0 >= 97 && $0 <= 122) || $0 == 0x20 || $0 == 0x27 || $0 == 0x2D }) {
            return false
        }
        if Abbreviations.table[s] != nil || s == "KNN" || s.hasPrefix("MA") || s.hasPrefix("FA") || s.hasPrefix("NMC") || s.hasPrefix("NCM") { return false }
        var i = 0
        while i < u.count {
            let c = u[i]
            if c >= 65, c <= 90 {
                if let n = MentionScanner.elementSymbolLength(u, at: i, end: u.count) { i += n; continue }
                switch c {
                case UInt8(ascii: "D"), UInt8(ascii: "T"): break
                case UInt8(ascii: "A"), UInt8(ascii: "M"): if !cement { return true }
                default: return true
                }
            }
            i += 1
        }
        return false
    }

    static func acronym(_ s: String, cement: Bool) -> Bool {
        if Rejection.isPluralAcronym(s) { return true }
        let u = s.utf8
        guard u.count >= 2, u.allSatisfy({ $0 >= 65 && $0 <= 90 }) else { return false }
        if Abbreviations.table[s] != nil || s == "KNN" || Rejection.allCapsCompounds.contains(s) || s == "CH" { return false }
        if cement, Cement.variablePhases.contains(s) || Cement.shortPhases.contains(s) { return false }
        return true
    }

    static func label(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count >= 2, u[0] >= 65, u[0] <= 90 else { return false }
        var i = 1
        if u[i] >= 97, u[i] <= 122 { i += 1 }
        let digits = i
        while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
        guard i > digits else { return false }
        if i < u.count, u[i] == UInt8(ascii: "'") { i += 1 }
        return i == u.count && !Structure.molecularElements.contains(s)
    }

    @Test func shortcutsGiveTheSameVerdicts() {
        var rng = SeededGenerator(seed: 0x7A18_2026)
        let pieces = ["Fe", "O", "C", "H", "S", "A", "M", "J", "X", "D", "T", "MA", "FA", "NMC", "NCM", "KNN", "LFP", "CH", "CSH", "s", "e", "a",
                      "1", "2", "3", "'", ":", " ", "-", "δ", "é", "\u{301}", "Pb", "I3", "uartz"]
        let samples = ["XRD", "CNTs", "Quartz", "Lime", "JSM-6340F", "SrY2O4:RE3+", "MAPbI3", "NMC811", "A1", "S30", "C11", "O2", "C60", "S2'", "LuAG"]
        for s in samples + (0..<30_000).map({ _ in (0..<Int.random(in: 1...5, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined() }) {
            for cement in [false, true] {
                #expect(Rejection.hasStrayCapital(s, cement: cement) == Self.strayCapital(s, cement: cement), "stray capital \(s.debugDescription)")
                #expect(Rejection.isAcronym(s, cement: cement) == Self.acronym(s, cement: cement), "acronym \(s.debugDescription)")
            }
            #expect(Rejection.isLabel(s) == Self.label(s), "label \(s.debugDescription)")
        }
    }
}

@Suite struct ReaderPrefixCharactersTests {
    @Test func bytePrefixesOfCharactersAgree() {
        var rng = SeededGenerator(seed: 0x7A19_2026)
        let pieces = ["a", "Fe", " ", "\r", "\n", "\r\n", "é", "\u{301}", "δ", "-", "1"]
        for _ in 0..<20_000 {
            let s = (0..<Int.random(in: 0...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let sub = s.dropFirst(Int.random(in: 0...2, using: &rng))
            for n in [0, 1, 3, 5, 8] {
                if let p = ReaderMatch.prefix(sub, characters: n) { #expect(p == sub.prefix(n) && p.endIndex == sub.prefix(n).endIndex, "prefix \(n) of \(sub.debugDescription)") }
            }
        }
    }
}
