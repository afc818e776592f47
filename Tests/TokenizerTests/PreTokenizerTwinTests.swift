import Foundation
import Testing
import _CorpusTestSupport
@testable import Tokenizers

/// The hand-written pre-tokenizer against a reference twin: the same patterns run by ICU
/// (`NSRegularExpression`) with `\s` and `\S` spelled out as the Unicode `White_Space` set, since
/// ICU's own `\s` leaves out U+000B and U+0085.
enum RegexTwin {
    static let whiteSpace = #"\t\n\x{0B}\f\r\x{20}\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}"#

    static func icuPattern(_ pattern: BytePairPattern) -> String {
        pattern.regex
            .replacingOccurrences(of: #"[^\s\p{L}\p{N}]"#, with: "[^\(whiteSpace)\\p{L}\\p{N}]")
            .replacingOccurrences(of: #"\S"#, with: "[^\(whiteSpace)]")
            .replacingOccurrences(of: #"\s"#, with: "[\(whiteSpace)]")
    }

    static let regexes: [BytePairPattern: NSRegularExpression] = {
        var out: [BytePairPattern: NSRegularExpression] = [:]
        for p in BytePairPattern.allCases { out[p] = try! NSRegularExpression(pattern: icuPattern(p)) }
        return out
    }()

    /// The pieces as UTF-8 byte arrays (String equality would merge canonically equivalent pieces).
    static func pieces(_ text: String, _ pattern: BytePairPattern) -> [[UInt8]] {
        let ns = text as NSString
        var out: [[UInt8]] = []
        var covered = 0
        for m in regexes[pattern]!.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            if m.range.location > covered {  // an unmatched gap (never expected)
                out.append(Array(ns.substring(with: NSRange(location: covered, length: m.range.location - covered)).utf8))
            }
            out.append(Array(ns.substring(with: m.range).utf8))
            covered = m.range.location + m.range.length
        }
        if covered < ns.length { out.append(Array(ns.substring(from: covered).utf8)) }
        return out
    }
}

@Suite struct PreTokenizerTwinTests {
    static func ours(_ text: String, _ pattern: BytePairPattern) -> [[UInt8]] {
        PreTokenizer(pattern: pattern).pieces(of: text).map { Array($0.utf8) }
    }

    static let edgeTexts: [String] = [
        "", " ", "  ", "a", " a", "  a", "a  ", "a\n\n  b", "\n", "\r\n", "\r\n\r\n x", " \n \n  x", "\t\tx", "x\t \t",
        "(Greek mu", "1234567890", "H₂O", "x²+y³", "Ⅳ ½ ²", "It's", "IT'S", "we'll", "WE'LL", "they're", "You'VE",
        "'sa", "x'ſ", "'ſx", "I'd", "'D", "’s", "don't", "a'b", " 'll", "''s", "e\u{301}x", "ﬁne", "ǅx", "\u{FEFF}BOM",
        "a\u{0B}b", "a\u{0B}\u{0B}b", "a \u{0B} b", "a\u{85}b", "a\u{85}\u{85}b", "x\u{A0}y", "x\u{A0}\u{A0}y", "x\u{3000}y",
        "x\u{2028}y", "x\u{2009}\u{2009}y", "a\u{1C}b", "a\u{1C}\u{1C} b", "a\u{200B}b", "a\u{AD}b", "\u{1F469}\u{200D}\u{1F52C} ok",
        "🇫🇷🇩🇪", "日本語のテキスト", "한국어 텍스트", "مرحبا بالعالم", "Привет, мир!", "สวัสดี", "नमस्ते", "שלום",
        "  ...  !!\n\n", "x = [1, 2, 3]\n\tif y:\n\t\treturn", "{\"a\": 1}", "$\\alpha_{2}$", "https://example.org/a?b=c",
        "<|begin_of_text|>", "<s>hi</s>", "▁x", String(repeating: "0", count: 257), String(repeating: " ", count: 100) + "x",
        String(repeating: ".", count: 30) + "\r\n", "a\r\r\nb", " \r", ".\r\n\r\n", " .\n", " 𝟙𝟚𝟛", "x𝐀y", "\u{10FFFF}x",
    ]

    @Test(arguments: BytePairPattern.allCases)
    func agreesWithTheRegexTwinOnEdgeCasesAndVectors(_ pattern: BytePairPattern) {
        var texts = Self.edgeTexts
        texts += Llama3Fixture.vectors.map(\.text)
        var disagreements = 0
        for text in texts {
            let ours = Self.ours(text, pattern), twin = RegexTwin.pieces(text, pattern)
            if ours != twin {
                disagreements += 1
                Issue.record("\(pattern) \(text.debugDescription.prefix(60)): ours \(ours.map { String(decoding: $0, as: UTF8.self) }.prefix(12)) twin \(twin.map { String(decoding: $0, as: UTF8.self) }.prefix(12))")
            }
            #expect(ours.joined().elementsEqual(text.utf8))
        }
        #expect(disagreements == 0)
    }

    @Test(arguments: BytePairPattern.allCases)
    func agreesWithTheRegexTwinOnFixtureText(_ pattern: BytePairPattern) {
        let texts = Llama3Fixture.fixtureTexts(limit: 2_000_000)
        guard !texts.isEmpty else { print("PreTokenizerTwinTests: \(Fixtures.sharedMissing)"); return }
        var pieces = 0
        for text in texts {
            let ours = Self.ours(text, pattern), twin = RegexTwin.pieces(text, pattern)
            pieces += ours.count
            if ours != twin {
                let i = zip(ours, twin).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset ?? min(ours.count, twin.count)
                Issue.record("\(pattern): first difference at piece \(i): ours \(ours.dropFirst(i).prefix(3).map { String(decoding: $0, as: UTF8.self) }) twin \(twin.dropFirst(i).prefix(3).map { String(decoding: $0, as: UTF8.self) })")
            }
        }
        print("PreTokenizerTwinTests: \(pattern): \(texts.count) fixture texts, \(pieces) pieces")
    }

    @Test func knownSplits() {
        func split(_ t: String, _ p: BytePairPattern = .llama3) -> [String] { PreTokenizer(pattern: p).pieces(of: t).map(String.init) }
        #expect(split("(Greek mu") == ["(Greek", " mu"])
        #expect(split("1234567890") == ["123", "456", "789", "0"])
        #expect(split("1234", .llama3SingleDigits) == ["1", "2", "3", "4"])
        #expect(split("  x") == [" ", " x"])
        #expect(split("a\n\n  b") == ["a", "\n\n", " ", " b"])
        #expect(split("H₂O") == ["H", "₂", "O"])
        #expect(split("IT'S it'll") == ["IT", "'S", " it", "'ll"])
        #expect(split("IT'S it'll", .gpt2) == ["IT", "'", "S", " it", "'ll"])
        #expect(split("  x 123 ...", .gpt2) == [" ", " x", " 123", " ..."])
        // As Oniguruma (tokenizers) and fancy-regex (tiktoken) split them: ſ folds to s, NEL is \s.
        #expect(split("'\u{17F}x") == ["'\u{17F}", "x"])
        #expect(split("x\u{85}\u{85}y") == ["x", "\u{85}", "\u{85}y"])
        #expect(split("a\u{1C}\u{1C} b") == ["a", "\u{1C}\u{1C}", " b"])
        #expect(split("'\u{212A}x") == ["'\u{212A}x"])
        #expect(BytePairPattern(regex: BytePairPattern.gpt2.regex) == .gpt2)
        #expect(BytePairPattern(regex: "\\s+") == nil)
    }
}
