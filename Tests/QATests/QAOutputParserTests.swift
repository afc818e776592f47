import Testing
@testable import QA

@Suite struct QAOutputParserTests {
    private func questions(_ o: QAParseOutcome) -> [String] { o.pairs.map(\.question) }
    private func answers(_ o: QAParseOutcome) -> [String] { o.pairs.map(\.answer) }

    // MARK: - JSON

    @Test func jsonArray() {
        let o = QAOutputParser.parse("""
        [
          {"question": "What is the band gap of the annealed ZnO film?", "answer": "The band gap is 3.28 eV."},
          {"question": "Which technique was used to deposit the film?", "answer": "Radio-frequency sputtering."}
        ]
        """)
        #expect(o.format == "json")
        #expect(o.failure == nil)
        #expect(o.pairs == [
            QAPair(question: "What is the band gap of the annealed ZnO film?", answer: "The band gap is 3.28 eV."),
            QAPair(question: "Which technique was used to deposit the film?", answer: "Radio-frequency sputtering."),
        ])
    }

    @Test(arguments: [
        #"[{"q": "What was measured?", "a": "The hardness."}]"#,
        #"[{"Question": "What was measured?", "Answer": "The hardness."}]"#,
        #"[{"instruction": "What was measured?", "output": "The hardness."}]"#,
        #"[{"QUESTION": "What was measured?", "response": "The hardness."}]"#,
    ])
    func jsonKeyVariants(_ text: String) {
        let o = QAOutputParser.parse(text)
        #expect(o.format == "json")
        #expect(o.pairs == [QAPair(question: "What was measured?", answer: "The hardness.")])
    }

    @Test(arguments: ["pairs", "qa", "questions"])
    func jsonWrappedInAnObject(_ key: String) {
        let o = QAOutputParser.parse("""
        {"\(key)": [{"question": "Why was argon used?", "answer": "To prevent oxidation."},
                    {"question": "How long was the anneal?", "answer": "Two hours."}]}
        """)
        #expect(o.format == "json")
        #expect(questions(o) == ["Why was argon used?", "How long was the anneal?"])
    }

    @Test func jsonSingleObject() {
        let o = QAOutputParser.parse(#"{"question": "What limits the capacity?", "answer": "Lithium loss in the SEI."}"#)
        #expect(o.pairs == [QAPair(question: "What limits the capacity?", answer: "Lithium loss in the SEI.")])
        #expect(o.format == "json")
    }

    @Test func jsonInFencesWithProseAround() {
        let o = QAOutputParser.parse("""
        Here are 2 question-answer pairs based on the paragraph [1]:

        ```json
        [
          {"question": "What was the sintering temperature?", "answer": "1400 °C"},
          {"question": "What phase formed?", "answer": "A cubic spinel phase."}
        ]
        ```

        I hope these help! Let me know if you need more {questions}.
        """)
        #expect(o.format == "json")
        #expect(o.pairs.count == 2)
        #expect(answers(o) == ["1400 °C", "A cubic spinel phase."])
    }

    @Test func jsonLines() {
        let o = QAOutputParser.parse("""
        {"question": "What is the yield strength?", "answer": "About 850 MPa."}
        {"question": "Which heat treatment was applied?", "answer": "Solution treatment and ageing."}
        {"question": "What was the elongation?", "answer": "12%."}
        """)
        #expect(o.format == "json")
        #expect(answers(o) == ["About 850 MPa.", "Solution treatment and ageing.", "12%."])
    }

    @Test func truncatedJSONKeepsTheCompleteObjects() {
        let o = QAOutputParser.parse("""
        [{"question": "What dopant was used?", "answer": "Aluminium [2 at.%]."},
         {"question": "What was the sheet resistance?", "answer": "About 20 ohm per square."},
         {"question": "How did the transmittance change?", "answer": "It dropped sli
        """)
        #expect(o.format == "json")
        #expect(questions(o) == ["What dopant was used?", "What was the sheet resistance?"])
        #expect(answers(o) == ["Aluminium [2 at.%].", "About 20 ohm per square."])
    }

    @Test func truncatedWrapperObject() {
        let o = QAOutputParser.parse(#"{"pairs": [{"q": "What was etched?", "a": "The oxide layer."}, {"q": "With wh"#)
        #expect(o.pairs == [QAPair(question: "What was etched?", answer: "The oxide layer.")])
    }

    @Test func jsonEscapesAndLooseSyntax() {
        let o = QAOutputParser.parse("""
        [{'question': 'What was the "as-cast" state?', 'answer': 'Brittle at 20 \\u00b0C',},
         {question: "Which line?\\nThe second one?", "answer": ["Line A", "Line B"],},]
        """)
        #expect(o.format == "json")
        #expect(o.pairs == [
            QAPair(question: #"What was the "as-cast" state?"#, answer: "Brittle at 20 °C"),
            QAPair(question: "Which line?\nThe second one?", answer: "Line A\nLine B"),
        ])
    }

    @Test func jsonWithUnescapedQuotesInStrings() {
        let o = QAOutputParser.parse(#"[{"question": "What is the "as-cast" state?", "answer": "A "soft" state, with coarse grains."}]"#)
        #expect(o.format == "json")
        #expect(o.pairs == [QAPair(question: #"What is the "as-cast" state?"#, answer: #"A "soft" state, with coarse grains."#)])
    }

    @Test func jsonNumberAnswerIsText() {
        let o = QAOutputParser.parse(#"[{"question": "How many layers were stacked?", "answer": 12}]"#)
        #expect(answers(o) == ["12"])
    }

    // MARK: - Q/A blocks

    @Test func qaBlocks() {
        let o = QAOutputParser.parse("""
        Here are 3 question-answer pairs:

        Q: What is the grain size of the sintered pellets?
        A: About 2 µm.

        Q: Why was the sintering temperature limited?
        A: To avoid abnormal grain growth.

        Q: "Which additive was used?"
        A: **Magnesia.**
        """)
        #expect(o.format == "qa_blocks")
        #expect(o.pairs == [
            QAPair(question: "What is the grain size of the sintered pellets?", answer: "About 2 µm."),
            QAPair(question: "Why was the sintering temperature limited?", answer: "To avoid abnormal grain growth."),
            QAPair(question: "Which additive was used?", answer: "Magnesia."),
        ])
    }

    @Test func questionAnswerLabelsWithMultiLineAnswers() {
        let o = QAOutputParser.parse("""
        Question: How was the powder prepared?
        Answer: By ball milling for 10 h,
        followed by drying at 80 °C.
        - Sieving came last.

        These questions cover the main points of the text.

        Question: What was the milling medium?
        Answer: Ethanol.
        """)
        #expect(o.format == "qa_blocks")
        #expect(answers(o) == ["By ball milling for 10 h, followed by drying at 80 °C.\n- Sieving came last.", "Ethanol."])
    }

    @Test func numberedBoldAndBulletLabels() {
        let o = QAOutputParser.parse("""
        **Q1:** What does the XRD pattern show?
        **A1:** A single perovskite phase.

        - Q2: Which peak shifted?
        - A2: The (110) peak.

        __Question 3:__ How was the lattice parameter obtained?
        __Answer 3:__ By Rietveld refinement.
        """)
        #expect(o.format == "qa_blocks")
        #expect(o.pairs == [
            QAPair(question: "What does the XRD pattern show?", answer: "A single perovskite phase."),
            QAPair(question: "Which peak shifted?", answer: "The (110) peak."),
            QAPair(question: "How was the lattice parameter obtained?", answer: "By Rietveld refinement."),
        ])
    }

    @Test func groupedQuestionsThenAnswers() {
        let o = QAOutputParser.parse("""
        Q: What was the substrate?
        Q: What was the film thickness?
        A: Sapphire.
        A: 200 nm.
        """)
        #expect(o.pairs == [
            QAPair(question: "What was the substrate?", answer: "Sapphire."),
            QAPair(question: "What was the film thickness?", answer: "200 nm."),
        ])
        let numbered = QAOutputParser.parse("""
        Q1: What was the substrate?
        Q2: What was the film thickness?
        A2: 200 nm.
        A1: Sapphire.
        """)
        #expect(numbered.pairs == o.pairs)
    }

    @Test func missingAnswerInTheMiddleDoesNotShiftTheOthers() {
        let o = QAOutputParser.parse("""
        Q: What was the substrate?
        A: Sapphire.
        Q: What was the film thickness?
        Q: Which gas was used?
        A: Oxygen.
        """)
        #expect(o.pairs == [
            QAPair(question: "What was the substrate?", answer: "Sapphire."),
            QAPair(question: "Which gas was used?", answer: "Oxygen."),
        ])
    }

    @Test func questionAndAnswerOnOneLine() {
        let o = QAOutputParser.parse("Q: What was the coating? A: A nickel layer.\nQ: How thick was it? A: 5 µm.")
        #expect(o.format == "qa_blocks")
        #expect(answers(o) == ["A nickel layer.", "5 µm."])
    }

    @Test func unlabelledAnswerAfterAQuestionMark() {
        let o = QAOutputParser.parse("Question: What was the coating?\nA thin nickel layer.")
        #expect(o.pairs == [QAPair(question: "What was the coating?", answer: "A thin nickel layer.")])
    }

    // MARK: - Numbered lists

    @Test func numberedWithAnswerLines() {
        let o = QAOutputParser.parse("""
        Here are 3 question-answer pairs:
        1. What is the main phase after calcination?
           Answer: Hydroxyapatite.
        2. Describe the morphology of the particles.
           Answer: Rod-like crystals about 50 nm long.
        3. How was the phase purity confirmed?
           Answer: By X-ray diffraction.
        """)
        #expect(o.format == "numbered")
        #expect(o.pairs == [
            QAPair(question: "What is the main phase after calcination?", answer: "Hydroxyapatite."),
            QAPair(question: "Describe the morphology of the particles.", answer: "Rod-like crystals about 50 nm long."),
            QAPair(question: "How was the phase purity confirmed?", answer: "By X-ray diffraction."),
        ])
    }

    @Test func numberedQuestionDashAnswer() {
        let o = QAOutputParser.parse("""
        1. What was the electrolyte? - 1 M LiPF6 in EC/DMC.
        2) Which cathode was tested? – An NMC811 cathode.
        3. **What limited the rate capability?** Slow lithium diffusion.
        """)
        #expect(o.format == "numbered")
        #expect(o.pairs == [
            QAPair(question: "What was the electrolyte?", answer: "1 M LiPF6 in EC/DMC."),
            QAPair(question: "Which cathode was tested?", answer: "An NMC811 cathode."),
            QAPair(question: "What limited the rate capability?", answer: "Slow lithium diffusion."),
        ])
    }

    @Test func numberedQAOnOneLine() {
        let o = QAOutputParser.parse("1. Q: What was the binder? A: PVDF.\n2. Q: What was the solvent? A: NMP.")
        #expect(o.format == "numbered")
        #expect(o.pairs == [
            QAPair(question: "What was the binder?", answer: "PVDF."),
            QAPair(question: "What was the solvent?", answer: "NMP."),
        ])
    }

    @Test func numberedWithAnswerOnTheNextLine() {
        let o = QAOutputParser.parse("""
        1. Why did the hardness increase?
        Because fine precipitates formed.
        Their spacing was small.
        2. What was the ageing temperature?
        175 °C.
        """)
        #expect(o.format == "numbered")
        #expect(answers(o) == ["Because fine precipitates formed. Their spacing was small.", "175 °C."])
    }

    @Test func numberedListInsideAnAnswerStaysInTheAnswer() {
        let o = QAOutputParser.parse("""
        Q: What were the synthesis steps?
        A: The steps were:
        1. Mixing the precursors.
        2. Heating at 900 °C.
        Q: What was the product?
        A: A layered oxide.
        """)
        #expect(o.pairs.count == 2)
        #expect(o.pairs.first?.answer == "The steps were:\n1. Mixing the precursors.\n2. Heating at 900 °C.")
    }

    @Test func emptyPairsAmongGoodOnesAreDropped() {
        let o = QAOutputParser.parse(#"[{"question": "What was cast?", "answer": "  "}, {"question": "What was rolled?", "answer": "The slab."}]"#)
        #expect(o.pairs == [QAPair(question: "What was rolled?", answer: "The slab.")])
    }

    // MARK: - Failures

    @Test func emptyOutput() {
        let o = QAOutputParser.parse("  \n\t\n")
        #expect(o.pairs.isEmpty)
        #expect(o.format == nil)
        #expect(o.failure == "empty_output")
    }

    @Test func proseIsNoPairs() {
        let o = QAOutputParser.parse("""
        The paragraph describes the corrosion of steel in seawater.
        1. The first part covers the setup.
        2. The second part covers the results [3].
        """)
        #expect(o.pairs.isEmpty)
        #expect(o.failure == "no_pairs_found")
    }

    @Test func questionsWithoutAnswers() {
        let o = QAOutputParser.parse("""
        Here are some questions about the text:
        1. What is the role of chromium in the alloy?
        2. How does the passive film form?
        """)
        #expect(o.pairs.isEmpty)
        #expect(o.failure == "question_without_answer")
        let json = QAOutputParser.parse(#"[{"question": "What is the role of chromium?"}]"#)
        #expect(json.failure == "question_without_answer")
    }

    @Test func answersWithoutQuestions() {
        let o = QAOutputParser.parse("A: The passive film is chromium-rich.\nA: It forms within seconds.")
        #expect(o.pairs.isEmpty)
        #expect(o.failure == "answer_without_question")
    }

    @Test func emptyFields() {
        let o = QAOutputParser.parse(#"[{"question": "", "answer": ""}, {"question": "\"\"", "answer": "**"}]"#)
        #expect(o.pairs.isEmpty)
        #expect(o.failure == "empty_fields")
    }

    // MARK: - Cleaning

    @Test(arguments: [
        ("  \"What is the yield?\"  ", "What is the yield?"),
        ("**What is the yield?**", "What is the yield?"),
        ("\u{201C}What is the yield?\u{201D}", "What is the yield?"),
        ("\"What is the yield?", "What is the yield?"),
        ("What is the yield?**", "What is the yield?"),
        ("`TiO2`", "TiO2"),
        ("'TiO2' and 'ZnO'", "'TiO2' and 'ZnO'"),
        ("the films\u{2019}", "the films\u{2019}"),
    ])
    func cleaning(_ input: String, _ expected: String) {
        #expect(QAOutputParser.clean(input) == expected)
    }
}
