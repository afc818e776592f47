import CorpusCore
import Testing
import _CorpusTestSupport
@testable import QualityFilters

/// `gopher_repetition`: repeated lines, paragraphs and n-grams are caught; science text with
/// repeated numbers (CIF site rows, tables) and formulaic methods sections passes.
@Suite struct GopherRepetitionTests {
    static func verdict(_ text: String, _ t: GopherRepetitionThresholds = GopherRepetitionThresholds()) -> String? {
        var filter = GopherRepetitionFilter(thresholds: t)
        return filter.verdict(text)?.rawValue
    }

    @Test func scienceTextAndCIFRenderingsPass() {
        #expect(Self.verdict(FilterFixtures.methodsSection) == nil)
        #expect(Self.verdict(FilterFixtures.cifRendering) == nil)
        #expect(Self.verdict(FilterFixtures.cifRenderingSymmetric) == nil)
        #expect(Self.verdict(FilterFixtures.cifRenderingDisordered) == nil)
    }

    /// Gopher's settings (n-grams with numbers counted, duplicate n-gram fractions 0.15 … 0.10) drop
    /// a disordered structure's rendering, whose sites repeat `4 (0.0677, 0.1595, 0.9402) occ`; ours
    /// keep it.
    @Test func gophersSettingsDropADisorderedCIFRendering() {
        #expect(Self.verdict(FilterFixtures.cifRenderingDisordered) == nil)
        var gopher = GopherRepetitionThresholds()
        gopher.numericNGrams = true
        gopher.dupNGramFractions = [5: 0.15, 6: 0.14, 7: 0.13, 8: 0.12, 9: 0.11, 10: 0.10]
        #expect(Self.verdict(FilterFixtures.cifRenderingDisordered, gopher)?.hasPrefix("gopher_dup_") == true)
    }

    @Test func repeatedLinesAndParagraphsAreDropped() {
        let lines = (0..<10).map { "Line \($0) says something different about the weather today." }
        let spam = (lines + Array(repeating: "Click here to subscribe to our newsletter!", count: 6)).joined(separator: "\n")
        #expect(Self.verdict(spam) == "gopher_dup_lines")
        let paragraphs = (0..<6).map { "Paragraph \($0) is about one thing and then another thing entirely, with words." }
        let repeated = (paragraphs + Array(repeating: paragraphs[0], count: 4)).joined(separator: "\n\n")
        #expect(Self.verdict(repeated) == "gopher_dup_paragraphs")
        // Few repeats by count, many by characters.
        let long = String(repeating: "This long sentence is repeated in full as the one long line of the document. ", count: 8)
        let byChars = ([long] + (0..<5).map { "short line \($0)" } + [long]).joined(separator: "\n")
        #expect(Self.verdict(byChars) == "gopher_dup_line_chars")
    }

    @Test func repeatedNGramsAreDropped() {
        // One phrase dominates the text.
        let top = (0..<40).map { "buy cheap \($0 % 2 == 0 ? "now" : "today") click" }.joined(separator: " ") + " and that is all."
        #expect(Self.verdict(top)?.hasPrefix("gopher_top_") == true)
        // A paragraph-long run repeated inside one line (no duplicate line or paragraph).
        let block = "the quick brown fox jumps over a lazy dog while our cat sleeps on its warm mat near an open door, "
            + "dreaming of fish, birds and mice that run through tall grass beside quiet rivers under pale morning skies"
        let text = (0..<6).map { "Part \($0): " + block }.joined(separator: " ")
        #expect(Self.verdict(text)?.hasPrefix("gopher_dup_") == true)
    }

    /// A real methods section that states two procedures in the same words (fixture
    /// `annotated-materials-syntheses/101016jtetlet201004103.txt`) passes our dup_n_gram defaults and
    /// fails Gopher's.
    @Test func formulaicProceduresPassOursButNotGophersThresholds() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        let text = try String(contentsOf: shared.appendingPathComponent(
            "fixtures/text/materials/annotated-materials-syntheses/101016jtetlet201004103.txt"), encoding: .utf8)
        #expect(Self.verdict(text) == nil)
        var gopher = GopherRepetitionThresholds()
        gopher.dupNGramFractions = [5: 0.15, 6: 0.14, 7: 0.13, 8: 0.12, 9: 0.11, 10: 0.10]
        #expect(Self.verdict(text, gopher)?.hasPrefix("gopher_dup_") == true)
    }

    @Test func realScienceTextPasses() throws {
        guard let materials = try FilterFixtures.materials(), let general = try FilterFixtures.general() else {
            print(Fixtures.sharedMissing); return
        }
        var filter = GopherRepetitionFilter()
        var dropped: [String: Int] = [:], total: [String: Int] = [:]
        let medline = general.filter { $0.key.hasPrefix("medline") }
        for (group, texts) in materials.merging(medline, uniquingKeysWith: +) {
            for text in texts {
                total[group, default: 0] += 1
                if filter.verdict(text) != nil { dropped[group, default: 0] += 1 }
            }
        }
        // Whole paper texts: none dropped. Paragraph and abstract sets: under 2% (short fragments
        // where one formula is a fifth of the text).
        for (group, n) in total {
            let d = dropped[group] ?? 0
            if group.hasSuffix(".jsonl") {
                #expect(Double(d) / Double(n) < 0.02, "\(group): \(d) of \(n) dropped")
            } else {
                #expect(d == 0, "\(group): \(d) of \(n) dropped")
            }
        }
    }
}
