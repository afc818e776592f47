import Foundation
import Testing
@testable import QA

@Suite struct PaperParagraphsTests {
    /// `n` sentences of plain prose about `topic` (about 90 characters each).
    static func prose(_ topic: String, _ n: Int) -> String {
        (1...n).map { "The \(topic) samples of series \($0) were examined under a steady load and showed a stable response." }
            .joined(separator: " ")
    }

    static let document = """
    # Corrosion of a weathering steel

    \(prose("opening", 4))

    ## Abstract

    \(prose("abstract", 4))

    ## 1. Introduction

    \(prose("introduction", 4))
    A second line of the same paragraph — with µ, ° and ± characters — ends here.

    ## 2. Results and discussion

    ### 2.1 Corrosion

    \(prose("corrosion", 5))

    - The first highlight is short.
    - The second highlight is short too.

    - A third highlight follows a blank line.

    | Sample | Rate |
    |---|---|
    | A | 0.12 |

    #### Deeper detail

    \(prose("detail", 4))

    ### 2.2 Mechanical properties ###

    \(prose("tensile", 4))

    Fig. 3. Tensile curves of the samples after exposure for several weeks in the chamber and then in air.

    ## Acknowledgements

    \(prose("funding", 4))

    ## References

    1. A. Author, Some journal 12 (2020) 1–10.
    """

    @Test func sectionsFollowTheHeadingLevels() {
        let paragraphs = PaperParagraphs.split(Self.document)
        #expect(paragraphs.map(\.section) == [
            "",
            "Abstract",
            "1. Introduction",
            "2. Results and discussion > 2.1 Corrosion",
            "2. Results and discussion > 2.1 Corrosion",
            "2. Results and discussion > 2.1 Corrosion",
            "2. Results and discussion > 2.1 Corrosion > Deeper detail",
            "2. Results and discussion > 2.2 Mechanical properties",
            "2. Results and discussion > 2.2 Mechanical properties",
            "Acknowledgements",
            "References",
        ])
        #expect(paragraphs.map(\.index) == Array(0..<11))
        #expect(!paragraphs.contains { $0.text.hasPrefix("#") }, "headings are not paragraphs")
    }

    @Test func offsetsAreExactUTF8Bytes() {
        let bytes = Array(Self.document.utf8)
        let paragraphs = PaperParagraphs.split(Self.document)
        for p in paragraphs {
            #expect(String(decoding: bytes[p.byteStart..<p.byteEnd], as: UTF8.self) == p.text)
            #expect(p.text == p.text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let intro = paragraphs[2]
        #expect(intro.text.hasSuffix("± characters — ends here."))
        #expect(intro.text.contains("\n"), "lines of one paragraph stay together")
    }

    @Test func bulletRunsAreOneParagraph() {
        let paragraphs = PaperParagraphs.split(Self.document)
        let bullets = paragraphs[4]
        #expect(bullets.text.hasPrefix("- The first highlight"))
        #expect(bullets.text.hasSuffix("- A third highlight follows a blank line."))
        #expect(paragraphs[5].text.hasPrefix("| Sample |"))
    }

    @Test func crlfAndTrailingSpacesStayOutsideTheParagraph() {
        let text = "# T\r\n\r\n## Methods \r\n\r\nFirst line.  \r\nSecond line.\r\n\r\n\r\nLast one.\r\n"
        let paragraphs = PaperParagraphs.split(text)
        #expect(paragraphs.map(\.text) == ["First line.  \r\nSecond line.", "Last one."])
        #expect(paragraphs.map(\.section) == ["Methods", "Methods"])
        let bytes = Array(text.utf8)
        for p in paragraphs { #expect(String(decoding: bytes[p.byteStart..<p.byteEnd], as: UTF8.self) == p.text) }
    }

    @Test func notHeadings() {
        let paragraphs = PaperParagraphs.split("#hashtag is text\n\n    # indented code is text\n\n####### seven is text")
        #expect(paragraphs.count == 3)
        #expect(paragraphs.allSatisfy { $0.section.isEmpty })
    }

    @Test func emptyDocument() {
        #expect(PaperParagraphs.split("").isEmpty)
        #expect(PaperParagraphs.split("# Only a title\n\n## And a heading\n").isEmpty)
    }

    // MARK: - Eligibility

    @Test func skipReasons() {
        let paragraphs = PaperParagraphs.split(Self.document)
        let all = ParagraphSelection(perDocument: 0)
        #expect(paragraphs.map { PaperParagraphs.skipReason($0, selection: all) } == [
            nil, nil, nil, nil,
            "too_short",       // the bullet run
            "not_prose",       // the table
            nil, nil,
            "caption",
            "skipped_section", // acknowledgements
            "skipped_section", // references
        ])
    }

    @Test func shortAndUnfinishedParagraphs() {
        let selection = ParagraphSelection(minimumCharacters: 20)
        func reason(_ text: String) -> String? {
            PaperParagraphs.skipReason(PaperParagraph(text: text, section: "Results", byteStart: 0, byteEnd: text.utf8.count, index: 0),
                                       selection: selection)
        }
        #expect(reason("Too short here.") == "too_short")
        #expect(reason("The samples were examined, as shown in") == "not_a_sentence")
        #expect(reason("where x is the molar fraction of the dopant.") == "not_a_sentence")
        #expect(reason("The samples were examined as reported earlier.[12]") == nil)
        #expect(reason("The samples were examined as reported (see Ref. 3).") == nil)
        #expect(reason("Table 2 lists the compositions of every alloy studied.") == nil, "prose that cites a table")
        #expect(reason("Table 2. Compositions of the alloys studied here.") == "caption")
        #expect(reason("12.5 13.1 14.2 15.0 16.3 17.7 18.1 19.9 20.4 21.6 22.8 23.0.") == "not_prose")
    }

    @Test func longParagraphsAreCutAtASentenceEnd() {
        let text = "## Results\n\n" + Self.prose("long", 30)
        let selection = ParagraphSelection(minimumCharacters: 300, maximumCharacters: 1000, perDocument: 0)
        let chosen = PaperParagraphs.select(from: text, documentID: "doc", selection: selection)
        #expect(chosen.count == 1)
        let p = chosen[0]
        #expect(p.text.count <= 1000 && p.text.count >= 900)
        #expect(p.text.hasSuffix("a stable response."))
        #expect(String(decoding: Array(text.utf8)[p.byteStart..<p.byteEnd], as: UTF8.self) == p.text)
        let noEnd = "## Results\n\nWord " + String(repeating: "word ", count: 300) + "end."
        #expect(PaperParagraphs.select(from: noEnd, documentID: "doc", selection: selection).isEmpty)
        #expect(PaperParagraphs.skipReason(PaperParagraphs.split(noEnd)[0], selection: selection) == "too_long")
    }

    // MARK: - Selection

    static let manyParagraphs = (0..<12).map { "## Part \($0)\n\n" + prose("part \($0)", 4) }.joined(separator: "\n\n")

    @Test func selectionKeepsEligibleParagraphsInOrder() {
        let all = PaperParagraphs.select(from: Self.document, documentID: "10.1000/x", selection: ParagraphSelection(perDocument: 0))
        #expect(all.map(\.index) == [0, 1, 2, 3, 6, 7])
        let two = PaperParagraphs.select(from: Self.document, documentID: "10.1000/x", selection: ParagraphSelection())
        #expect(two.count == 2)
        #expect(two[0].index < two[1].index)
        #expect(Set(two).isSubset(of: Set(all)))
    }

    @Test func customSkipSections() {
        let selection = ParagraphSelection(perDocument: 0, skipSections: ["ABSTRACT", "mechanical"])
        let chosen = PaperParagraphs.select(from: Self.document, documentID: "d", selection: selection)
        #expect(chosen.map(\.index) == [0, 2, 3, 6, 9], "acknowledgements are no longer skipped")
    }

    @Test func selectionIsDeterministic() {
        let selection = ParagraphSelection(perDocument: 3, seed: 7)
        let a = PaperParagraphs.select(from: Self.manyParagraphs, documentID: "doc-1", selection: selection)
        let b = PaperParagraphs.select(from: Self.manyParagraphs, documentID: "doc-1", selection: selection)
        #expect(a.count == 3)
        #expect(a == b)
        #expect(a.map(\.index) == a.map(\.index).sorted())
    }

    @Test func selectionDependsOnSeedAndDocument() {
        let bySeed = Set((0..<16).map { seed in
            PaperParagraphs.select(from: Self.manyParagraphs, documentID: "doc-1",
                                   selection: ParagraphSelection(perDocument: 2, seed: UInt64(seed))).map(\.index)
        })
        #expect(bySeed.count >= 8, "16 seeds choose many different pairs among 66")
        let byDocument = Set((0..<16).map { k in
            PaperParagraphs.select(from: Self.manyParagraphs, documentID: "doc-\(k)", selection: ParagraphSelection(perDocument: 2)).map(\.index)
        })
        #expect(byDocument.count >= 8)
        // Every paragraph gets chosen by some seed: the choice is not biased to one end.
        let union = Set((0..<64).flatMap { seed in
            PaperParagraphs.select(from: Self.manyParagraphs, documentID: "doc-1",
                                   selection: ParagraphSelection(perDocument: 2, seed: UInt64(seed))).map(\.index)
        })
        #expect(union == Set(0..<12))
    }

    @Test func selectionDecodesWithDefaults() throws {
        let s = try JSONDecoder().decode(ParagraphSelection.self, from: Data(#"{"per_document": 5, "seed": 3}"#.utf8))
        #expect(s.perDocument == 5 && s.seed == 3)
        #expect(s.minimumCharacters == 300 && s.maximumCharacters == 2000)
        #expect(s.skipSections == ParagraphSelection.defaultSkipSections)
        #expect(try JSONDecoder().decode(ParagraphSelection.self, from: JSONEncoder().encode(s)) == s)
    }
}
