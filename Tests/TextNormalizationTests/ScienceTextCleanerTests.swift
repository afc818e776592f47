import Foundation
import Testing
import _CorpusTestSupport
@testable import TextNormalization

@Suite struct ScienceTextCleanerTests {
    let nfkc: ScienceTextCleaner
    let nfc: ScienceTextCleaner

    init() throws {
        nfkc = try ScienceTextCleaner()
        nfc = try ScienceTextCleaner(form: .nfc)
    }

    /// Checks one input under both forms (the protective mappings do not depend on the form).
    private func expectClean(_ input: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try nfkc.clean(input) == expected, "NFKC: \(input.debugDescription)", sourceLocation: sourceLocation)
        #expect(try nfc.clean(input) == expected, "NFC: \(input.debugDescription)", sourceLocation: sourceLocation)
    }

    @Test func defaultFormIsNFKC() {
        #expect(nfkc.form == .nfkc)
        #expect(nfc.form == .nfc)
    }

    @Test func asciiIsUntouched() throws {
        for s in ["", "plain ascii", "SO4^2- and 10-3 S cm-1", "x^2 -- y\t\n"] { try expectClean(s, s) }
    }

    @Test func oddSpacesBecomeASCIISpace() throws {
        let spaces: [UInt32] = [0x00A0] + Array(0x2000...0x200A) + [0x202F, 0x205F, 0x3000]
        for v in spaces { try expectClean("a\(Unicode.Scalar(v)!)b", "a b") }
        try expectClean("25\u{A0}°C", "25 °C")
        try expectClean("10\u{202F}nm", "10 nm")
    }

    @Test func zeroWidthCharactersAndSoftHyphenAreRemoved() throws {
        for v: UInt32 in [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD] { try expectClean("per\(Unicode.Scalar(v)!)ovskite", "perovskite") }
        try expectClean("\u{FEFF}Title", "Title")
        // A zero-width joiner inside an emoji sequence is part of the emoji and stays.
        try expectClean("scientist 👩\u{200D}🔬", "scientist 👩\u{200D}🔬")
        try expectClean("❤\u{FE0F}\u{200D}🔥", "❤\u{FE0F}\u{200D}🔥")
    }

    @Test func ligaturesBecomeLetters() throws {
        try expectClean("ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ", "ff fi fl ffi ffl st st")
        try expectClean("eﬀect of ﬁbre ﬂow in the oﬃce, baﬄe, ﬁrst", "effect of fibre flow in the office, baffle, first")
    }

    @Test func hyphenAndMinusVariantsBecomeHyphenMinus() throws {
        for v: UInt32 in [0x2010, 0x2011, 0x2012, 0x2212, 0xFE63, 0xFF0D] { try expectClean("a\(Unicode.Scalar(v)!)b", "a-b") }
        try expectClean("10−3 S cm−1", "10-3 S cm-1")
        try expectClean("Gd1−xPrxBa2Cu3O7−y", "Gd1-xPrxBa2Cu3O7-y")
        try expectClean("X‐ray", "X-ray")
    }

    @Test func enAndEmDashesAreKept() throws {
        try expectClean("pages 10–20 — see above", "pages 10–20 — see above")
    }

    @Test func microSignBecomesGreekMu() throws {
        try expectClean("5 µm", "5 μm")
        try expectClean("µm and μm", "μm and μm")
        #expect(try nfc.clean("\u{B5}").unicodeScalars.map(\.value) == [0x03BC])
    }

    @Test func ringAboveBecomesTheDegreeSign() throws {
        // Extracted papers use the spacing ring above for °; NFKC alone would give "600  ̊C".
        try expectClean("600 ˚C and 460˚C", "600 °C and 460°C")
        // The ordinal indicator º is a letter, left to the form: NFKC folds it to o.
        #expect(try nfkc.clean("1100ºC") == "1100oC")
        #expect(try nfc.clean("1100ºC") == "1100ºC")
        #expect(try nfkc.clean("800 °C and 5 ℃") == "800 °C and 5 °C")
        #expect(try nfc.clean("800 °C and 5 ℃") == "800 °C and 5 ℃")
    }

    @Test func fullWidthFormsBecomeASCII() throws {
        try expectClean("Ｆｅ２Ｏ３", "Fe2O3")
        for v in UInt32(0xFF01)...0xFF5E {
            try expectClean(String(Unicode.Scalar(v)!), String(Unicode.Scalar(UInt8(v - 0xFEE0))))
        }
        try expectClean("Ｈ₂Ｏ\u{3000}ｐＨ７", "H2O pH7")
    }

    @Test func subscriptsBecomePlainDigitsAndSigns() throws {
        try expectClean("H₂O", "H2O")
        try expectClean("Ca₃(PO₄)₂", "Ca3(PO4)2")
        try expectClean("LiFePO₄ and Li₄Ti₅O₁₂", "LiFePO4 and Li4Ti5O12")
        try expectClean("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎", "0123456789+-=()")
    }

    @Test func superscriptRunsBecomeCaretAndPlainCharacters() throws {
        try expectClean("SO₄²⁻", "SO4^2-")
        try expectClean("Fe³⁺", "Fe^3+")
        try expectClean("cm⁻¹", "cm^-1")
        try expectClean("m²", "m^2")
        try expectClean("10⁻³ S cm⁻¹", "10^-3 S cm^-1")
        try expectClean("cm²s⁻¹", "cm^2s^-1")
        try expectClean("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾", "^0123456789+-=()")
        try expectClean("xⁿ and xⁱ", "x^n and x^i")
        // Removed characters do not split a run.
        try expectClean("O²\u{200B}⁻", "O^2-")
        // NFKC alone would lose the charge: the cleaner must never give that.
        #expect(try nfkc.clean("SO₄²⁻") != "SO42−")
        #expect(try UnicodeNormalizer(form: .nfkc).normalize("SO₄²⁻") == "SO42−")
    }

    @Test func otherCharactersFollowTheForm() throws {
        try expectClean("e\u{301}cole Å", "\u{E9}cole \u{C5}")
        #expect(try nfkc.clean("½ ㎏ ① 𝑥") == "1⁄2 kg 1 x")
        #expect(try nfc.clean("½ ㎏ ① 𝑥") == "½ ㎏ ① 𝑥")
        // Greek letters, degree, middle dot and comparison signs survive both forms.
        try expectClean("δ = 0.1, 800 °C, CuSO₄·5H₂O, x ≤ 1, ∼ 5 Å", "δ = 0.1, 800 °C, CuSO4·5H2O, x ≤ 1, ∼ 5 Å")
    }

    @Test func everyScalarIsAFixedPointAfterOneClean() throws {
        // Cleaning a single scalar twice gives the same as once, for every scalar ICU and the pass may touch.
        for v in UInt32(0x80)...0x2FFFF {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let s = "a\(scalar)b"
            let once = try nfkc.clean(s)
            #expect(try nfkc.clean(once) == once, "U+\(String(v, radix: 16, uppercase: true))")
            let onceNFC = try nfc.clean(s)
            #expect(try nfc.clean(onceNFC) == onceNFC, "NFC U+\(String(v, radix: 16, uppercase: true))")
        }
    }

    @Test func realMaterialsTextsAreFixedPointsAndKeepEveryLetterAndDigit() throws {
        guard let shared = Fixtures.shared else {
            print(Fixtures.sharedMissing)
            return
        }
        let texts = try Self.materialsTexts(shared.appendingPathComponent("fixtures/text/materials"))
        #expect(texts.count > 100, "the materials fixtures hold hundreds of texts")
        var changed = 0
        for (label, text) in texts {
            for cleaner in [nfkc, nfc] {
                let once = try cleaner.clean(text)
                if once != text { changed += 1 }
                #expect(try cleaner.clean(once) == once, "not idempotent: \(label) (\(cleaner.form))")
                let before = Self.alphanumerics(text), after = Self.alphanumerics(once)
                #expect(after.total >= before.total, "letters or digits lost: \(label) (\(cleaner.form))")
                for (c, n) in before.ascii where after.ascii[c, default: 0] < n {
                    Issue.record("\(label) (\(cleaner.form)): \(n) × \(c) before, \(after.ascii[c, default: 0]) after")
                }
                #expect(!once.unicodeScalars.contains { ["\u{2212}", "\u{B5}", "\u{A0}", "\u{AD}", "²", "³", "₂", "˚"].contains($0) }, "\(label)")
            }
        }
        #expect(changed > 0, "the fixtures contain text the cleanup changes (minus signs, µ, ...)")
    }

    /// Counts under a simple model: a grapheme that is a letter or a number counts once (a ligature or
    /// `½` counts once but folds into more, a superscript digit counts as its digit), and ASCII
    /// letters and digits are also counted one by one (nothing folds an ASCII character away).
    private static func alphanumerics(_ text: String) -> (total: Int, ascii: [Character: Int]) {
        var total = 0
        var ascii: [Character: Int] = [:]
        for c in text where c.isLetter || c.isNumber {
            total += 1
            if c.isASCII { ascii[c, default: 0] += 1 }
        }
        return (total, ascii)
    }

    /// Every text of the materials fixtures: each `.txt` file whole, and each string field of each
    /// JSON line of the `.jsonl` files.
    private static func materialsTexts(_ root: URL) throws -> [(label: String, text: String)] {
        var texts: [(String, String)] = []
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        for url in files.sorted(by: { $0.path < $1.path }) {
            switch url.pathExtension {
            case "txt":
                texts.append((url.lastPathComponent, try String(contentsOf: url, encoding: .utf8)))
            case "jsonl":
                let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
                for (n, line) in lines.enumerated() {
                    let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                    for (key, value) in object.sorted(by: { $0.key < $1.key }) {
                        if let s = value as? String { texts.append(("\(url.lastPathComponent):\(n + 1) \(key)", s)) }
                    }
                }
            default:
                continue
            }
        }
        return texts
    }
}
