import Inference
import Testing
@testable import QA

@Suite struct QAPromptTemplateTests {
    @Test func placeholdersAreFilledAndTheParagraphComesLast() {
        let t = QAPromptTemplate()
        let text = t.request(paragraph: "Rutile TiO2 has a band gap of 3.0 eV. {n} stays as written.", title: "Titania", section: "Results", pairs: 4)
        #expect(text.contains("Write 4 question-answer pairs"))
        #expect(text.contains("\"Titania\""))
        #expect(text.contains("section: Results"))
        #expect(text.contains("Q: <question>"))
        #expect(text.hasSuffix("Rutile TiO2 has a band gap of 3.0 eV. {n} stays as written."))
        #expect(!text.contains("{title}") && !text.contains("{format}") && !text.contains("{section}"))
    }

    @Test func examplesBecomeEarlierTurns() {
        let t = QAPromptTemplate(system: "You write exam questions.", examples: [
            .init(title: "Ex", section: "Intro", paragraph: "Quartz is SiO2.", output: "Q: What is quartz?\nA: SiO2."),
        ])
        let m = t.messages(paragraph: "Corundum is Al2O3.", title: "T", section: "S", pairs: 2)
        #expect(m.map(\.role) == ["system", "user", "assistant", "user"])
        #expect(m[1].content.hasSuffix("Quartz is SiO2."))
        #expect(m[2].content == "Q: What is quartz?\nA: SiO2.")
        #expect(m[3].content.hasSuffix("Corundum is Al2O3."))
    }

    @Test func identityChangesWithEveryPart() {
        let base = QAPromptTemplate()
        var other = base
        #expect(base.identity == other.identity)
        other.format = "Answer in JSON."
        #expect(base.identity != other.identity)
        other = base
        other.examples = [.init(paragraph: "p", output: "o")]
        #expect(base.identity != other.identity)
        other = base
        other.system = ""
        #expect(base.identity != other.identity)
    }
}
