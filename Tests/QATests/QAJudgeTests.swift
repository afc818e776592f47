import Testing
@testable import QA

@Suite struct QAJudgeTests {
    let paragraph = "Rutile TiO2 films were annealed at 450 °C for 2 h, and their band gap was 3.02 eV."

    @Test func keptQuestionsMakeLaterDuplicatesDropUntilTheDocumentIsForgotten() {
        var judge = QAJudge()
        let output = "Q: What was the band gap of the rutile TiO2 films?\nA: The band gap was 3.02 eV."
        guard case .judged(let format, let first) = judge.judge(output, paragraph: paragraph, document: "d1") else {
            Issue.record("the output parses"); return
        }
        #expect(format == "qa_blocks")
        #expect(first.map(\.reason) == [nil])
        // The same question again for the same document is a duplicate; for another document it is not.
        guard case .judged(_, let again) = judge.judge(output, paragraph: paragraph, document: "d1"),
              case .judged(_, let other) = judge.judge(output, paragraph: paragraph, document: "d2") else {
            Issue.record("the outputs parse"); return
        }
        #expect(again.map(\.reason) == [QADropReason.duplicateQuestion])
        #expect(other.map(\.reason) == [nil])
        judge.forget(document: "d1")
        guard case .judged(_, let afterForget) = judge.judge(output, paragraph: paragraph, document: "d1") else { return }
        #expect(afterForget.map(\.reason) == [nil])
    }

    @Test func outputsWithoutPairsGiveTheParsersReason() {
        var judge = QAJudge()
        #expect(judge.judge("", paragraph: paragraph, document: "d") == .unparseable(reason: QAOutputParser.Failure.emptyOutput))
        #expect(judge.judge("The paragraph is about titania.", paragraph: paragraph, document: "d") == .unparseable(reason: QAOutputParser.Failure.noPairsFound))
    }
}
