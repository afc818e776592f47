import CorpusCore
import Testing
import _CorpusTestSupport
@testable import QualityFilters

/// The function-word detector and `language_filter`.
@Suite struct LanguageTests {
    static let samples: [(code: String, text: String)] = [
        ("en", "The samples were annealed at 900 °C for 2 h in air and then cooled to room temperature. The structure of the "
            + "films was examined by X-ray diffraction, and the results show that the perovskite phase is stable up to 1000 °C."),
        ("de", "Die Proben wurden bei 900 °C für zwei Stunden an Luft geglüht und anschließend auf Raumtemperatur abgekühlt. "
            + "Die Struktur der Schichten wurde mit Röntgenbeugung untersucht, und die Ergebnisse zeigen, dass die Phase stabil ist."),
        ("fr", "Les échantillons ont été recuits à 900 °C pendant deux heures dans l'air puis refroidis à température ambiante. "
            + "La structure des couches a été étudiée par diffraction des rayons X et les résultats montrent que la phase est stable."),
        ("es", "Las muestras fueron recocidas a 900 °C durante dos horas en aire y luego enfriadas a temperatura ambiente. "
            + "La estructura de las películas se examinó por difracción de rayos X y los resultados muestran que la fase es estable."),
        ("it", "I campioni sono stati ricotti a 900 °C per due ore in aria e poi raffreddati a temperatura ambiente. La struttura "
            + "dei film è stata esaminata con la diffrazione dei raggi X e i risultati mostrano che la fase è stabile fino a 1000 °C."),
        ("pt", "As amostras foram recozidas a 900 °C durante duas horas em ar e depois resfriadas até a temperatura ambiente. "
            + "A estrutura dos filmes foi examinada por difração de raios X e os resultados mostram que a fase é estável."),
        ("nl", "De monsters werden gedurende twee uur bij 900 °C in lucht gegloeid en daarna afgekoeld tot kamertemperatuur. "
            + "De structuur van de lagen werd met röntgendiffractie onderzocht en de resultaten tonen aan dat de fase stabiel is."),
        ("sv", "Proverna glödgades vid 900 °C i två timmar i luft och kyldes sedan till rumstemperatur. Strukturen hos "
            + "filmerna undersöktes med röntgendiffraktion och resultaten visar att fasen är stabil upp till 1000 °C."),
        ("pl", "Próbki wygrzewano w temperaturze 900 °C przez dwie godziny na powietrzu, a następnie schłodzono do temperatury "
            + "pokojowej. Strukturę warstw zbadano za pomocą dyfrakcji rentgenowskiej, a wyniki pokazują, że faza jest stabilna."),
        ("ru", "Образцы отжигали при 900 °C в течение двух часов на воздухе, а затем охлаждали до комнатной температуры. "
            + "Структура плёнок была исследована методом рентгеновской дифракции."),
        ("zh", "样品在空气中于900 °C退火两小时，然后冷却至室温。利用X射线衍射研究了薄膜的结构，结果表明该相在1000 °C以下是稳定的。"),
        ("ja", "試料は空気中で900 °Cで2時間アニールし、その後室温まで冷却した。薄膜の構造はX線回折で調べ、その相は安定であることがわかった。"),
        ("ko", "시료는 공기 중에서 900 °C로 두 시간 동안 어닐링한 후 실온으로 냉각하였다. 박막의 구조는 X선 회절로 조사하였다."),
    ]

    @Test func eachSampleLanguageIsRecognized() {
        let detector = LanguageIdentifier()
        for (code, text) in Self.samples {
            let guess = detector.identify(text)
            #expect(guess.language == code, "\(code): got \(guess)")
        }
    }

    /// Formulas, numbers, Greek letters, units and element symbols do not make science text less English.
    @Test func englishScienceTextScoresAsEnglish() {
        let guess = LanguageIdentifier().identify(FilterFixtures.methodsSection)
        #expect(guess.language == "en")
        #expect(guess.score >= 0.2, "\(guess)")
    }

    @Test func cifRenderingsAndTablesAreUndetermined() {
        let detector = LanguageIdentifier()
        #expect(detector.identify(FilterFixtures.cifRendering).language == nil)
        #expect(detector.identify(FilterFixtures.cifRenderingSymmetric).language == nil, "`occ` rows are not prose")
        #expect(detector.identify("| x | a (Å) |\n|---|---|\n| 0.2 | 5.4921 |").language == nil)
    }

    /// ROT13-scrambled English, as some redistributed publisher XML carries, has no function words.
    @Test func scrambledTextScoresNearZero() {
        let scrambled = String(String.UnicodeScalarView(Self.samples[0].text.unicodeScalars.map { s -> Unicode.Scalar in
            guard s.isASCII, let b = UInt8(exactly: s.value), TextScan.isASCIILetter(b) else { return s }
            let base: UInt8 = b < UInt8(ascii: "a") ? UInt8(ascii: "A") : UInt8(ascii: "a")
            return Unicode.Scalar(base + (b - base + 13) % 26)
        }))
        let guess = LanguageIdentifier().identify(scrambled)
        #expect(guess.score < 0.1, "\(guess)")
    }

    @Test func theFilterKeepsDropsAndTallies() throws {
        var stage = try LanguageFilter(languages: ["en"])
        let english = try FilterFixtures.run(&stage, Self.samples[0].text)
        #expect(english.emitted.first?.metadata.language == "en")
        #expect(english.tallies["language"] == ["en": 1])
        let german = try FilterFixtures.run(&stage, Self.samples[1].text)
        #expect(german.dropped.first?.reason.rawValue == "wrong_language")
        #expect(german.tallies["language"] == ["de": 1])
        let cif = try FilterFixtures.run(&stage, FilterFixtures.cifRendering)
        #expect(cif.emitted.count == 1, "undetermined documents are kept by default")
        #expect(cif.tallies["language"] == ["und": 1])

        var strict = try LanguageFilter(languages: ["en", "de"], keepUndetermined: false)
        #expect(try FilterFixtures.run(&strict, Self.samples[1].text).emitted.count == 1)
        #expect(try FilterFixtures.run(&strict, FilterFixtures.cifRendering).dropped.first?.reason.rawValue == "language_undetermined")

        var picky = try LanguageFilter(languages: ["en"], minScore: 0.9)
        #expect(try FilterFixtures.run(&picky, Self.samples[0].text).dropped.first?.reason.rawValue == "low_language_score")
    }

    @Test func unknownCodesAreRejected() {
        #expect(throws: FilterError.self) { try LanguageFilter(languages: ["xx"]) }
        #expect(throws: FilterError.self) { try LanguageFilter(minScore: 2) }
    }

    /// Every English materials and general fixture text that has enough prose is English with a
    /// score of at least 0.1 (the default `min_score`).
    @Test func realEnglishTextPasses() throws {
        guard let materials = try FilterFixtures.materials(), let general = try FilterFixtures.general() else {
            print(Fixtures.sharedMissing); return
        }
        var stage = try LanguageFilter()
        var dropped: [String] = []
        var total = 0
        for (group, texts) in materials.merging(general, uniquingKeysWith: +) {
            for text in texts {
                total += 1
                let output = try FilterFixtures.run(&stage, text)
                if let d = output.dropped.first { dropped.append("\(group): \(d.reason): \(text.prefix(100))") }
            }
        }
        // One MEDLINE record is a Spanish abstract; one supermat paragraph is a keyword list.
        #expect(dropped.count <= 3, "\(dropped.count) of \(total) dropped:\n\(dropped.joined(separator: "\n"))")
    }
}
