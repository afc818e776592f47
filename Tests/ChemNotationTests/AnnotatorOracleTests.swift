import ChemNotation
import Foundation
import Testing
import _CorpusTestSupport

/// The annotator on running text: each oracle case's input, found in its context sentence.
@Suite struct AnnotatorOracleTests {
    /// A positive case is found when a mention overlapping the input has the expected canonical; a
    /// negative (canonical null) is rejected when no overlapping mention has a canonical.
    @Test func runningTextRecallOnTheDevCases() throws {
        guard let cases = try ChemFixtures.devCases() else { return }
        let annotator = ChemAnnotator()
        var positives = 0, found = 0, negatives = 0, rejected = 0
        var missing: [String] = []
        for c in cases {
            let span = try #require(ChemFixtures.find(c.input, in: c.context), "\(c.id): input not in its context")
            let mentions = annotator.mentions(in: c.context).filter { $0.start < span.upperBound && span.lowerBound < $0.end }
            let seen = mentions.map(\.summary).joined(separator: ", ")
            if let expected = c.canonical {
                positives += 1
                if mentions.contains(where: { $0.reading.canonical == expected }) {
                    found += 1
                } else {
                    missing.append("miss \(c.id) [\(c.kind)] \(c.input) expected \(expected); overlapping: [\(seen)] in: \(c.context)")
                }
            } else {
                negatives += 1
                if mentions.allSatisfy({ $0.reading.canonical == nil }) {
                    rejected += 1
                } else {
                    missing.append("accepted \(c.id) [\(c.kind)] \(c.input): [\(seen)] in: \(c.context)")
                }
            }
        }
        for m in missing { print(m) }
        print("running text: found \(found)/\(positives) formulas, rejected \(rejected)/\(negatives) non-formulas")
        #expect(positives > 250 && negatives > 50)
        #expect(Double(found) >= 0.93 * Double(positives), "found \(found)/\(positives)")
        #expect(Double(rejected) >= 0.97 * Double(negatives), "rejected \(rejected)/\(negatives)")
    }
}
