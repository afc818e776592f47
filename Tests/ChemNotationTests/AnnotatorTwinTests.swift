@testable import ChemNotation
import Foundation
import Testing
import _CorpusTestSupport

/// The annotator's fast paths against the reference readers, on the materials fixture texts: every
/// mention the annotator emits reads the same through `ChemicalNotation` in its sentence;
/// `PlainFormula` agrees with the full reader wherever it answers; `ElementContextScan` agrees with
/// `Structure.elementContext`.
@Suite struct AnnotatorTwinTests {
    /// Every candidate of the scan, with the parts of composites (`Pt/C` → `Pt`, `C`).
    static func flatten(_ candidates: [MentionScanner.Candidate]) -> [MentionScanner.Candidate] {
        candidates.flatMap { [$0] + flatten($0.parts) }
    }

    /// Whether `s..<e` is exactly one element symbol (D and T excluded, as in the scanner).
    static func isLoneSymbol(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let a = bytes[s]
        guard a >= 65, a <= 90 else { return false }
        if e - s == 1 { return MentionScanner.isElement[Int(a - 65)][26] }
        guard e - s == 2, bytes[s + 1] >= 97, bytes[s + 1] <= 122 else { return false }
        return MentionScanner.isElement[Int(a - 65)][Int(bytes[s + 1] - 97)]
    }

    static func describe(_ r: FormulaReading?) -> String {
        guard let r else { return "nil" }
        let elements = r.elements.sorted { $0.key < $1.key }.map { "\($0.key)\($0.value)" }.joined(separator: " ")
        return "\(r.canonical ?? "nil") (\(r.kind)) {\(elements)}"
    }

    // MARK: - The annotator against the reference reader

    /// For every mention, `ChemicalNotation` in the mention's sentence (built as the annotator builds
    /// it) gives the same canonical and kind. Two references: the annotator's exact reading context
    /// (the mention located in its sentence, the document's cement decision), which must agree
    /// everywhere, and the public `canonicalize(text, context: sentence)`, whose differences are
    /// listed and must be explained by the two things it cannot know (the document's cement decision
    /// and which occurrence of the text in the sentence is meant).
    @Test func everyMentionReadsTheSameThroughTheReferenceReader() throws {
        guard let texts = ChemFixtures.materialTexts() else { return }
        let annotator = ChemAnnotator()
        var mentions = 0
        var strict: [String] = []
        var public_: [String] = []
        var explained = 0
        for (name, text) in texts {
            let found = annotator.mentions(in: text)
            mentions += found.count
            ChemFixtures.withBytes(text) { bytes in
                let keywords = MentionScanner().scan(bytes).cementKeywords
                let cementDocument = keywords >= annotator.cementKeywordThreshold
                var cursor = (scalar: 0, byte: 0)
                for m in found {
                    // Byte offsets of the mention, counted on from the previous one.
                    var s = cursor.byte, n = cursor.scalar
                    while n < m.start { s += 1; if bytes[s] & 0xC0 != 0x80 { n += 1 } }
                    var e = s
                    while n < m.end { e += 1; if e == bytes.count || bytes[e] & 0xC0 != 0x80 { n += 1 } }
                    cursor = (m.end, e)
                    let (sentence, range, _) = ChemFixtures.sentence(bytes, s, e)
                    let inSentence = Cement.isCementContext(sentence.lowercased())
                    let cement = cementDocument || (keywords > 0 && inSentence)
                    let exact = ChemicalNotation.read(m.text, ctx: ReadingContext(sentence, mention: range, cement: cement))
                    if exact.canonical != m.reading.canonical || exact.kind != m.reading.kind {
                        strict.append("\(name): \(m.summary), reference \(Self.describe(exact)) (cement \(cement)) in: \(sentence)")
                    }
                    let plain = ChemicalNotation.canonicalize(m.text, context: sentence)
                    if plain?.canonical != m.reading.canonical || plain?.kind != m.reading.kind {
                        // canonicalize locates the text at its first occurrence in the sentence (maybe
                        // inside another word) and takes cement notation from the sentence alone: the
                        // difference is explained when giving it the position, or the cement decision, or
                        // both, removes it.
                        func agrees(_ r: FormulaReading) -> Bool { r.canonical == m.reading.canonical && r.kind == m.reading.kind }
                        let why = agrees(ChemicalNotation.read(m.text, ctx: ReadingContext(sentence, mention: range)))
                            ? "position: the text occurs earlier in the sentence"
                            : agrees(ChemicalNotation.read(m.text, ctx: ReadingContext(sentence, cement: cement)))
                            ? "cement: document \(cement), sentence \(inSentence)"
                            : agrees(exact) ? "position and cement" : "unexplained"
                        if why != "unexplained" { explained += 1 }
                        public_.append("\(name): \(m.summary), canonicalize \(Self.describe(plain)) [\(why)] in: \(sentence)")
                    }
                }
            }
        }
        for line in strict { print("annotator ≠ reader: \(line)") }
        for line in public_ { print("annotator ≠ canonicalize: \(line)") }
        print("\(mentions) mentions in \(texts.count) texts: \(strict.count) differ from the reader in the annotator's context, "
              + "\(public_.count) from canonicalize(text, context: sentence) (\(explained) explained by document cement or position)")
        #expect(mentions > 1000)
        #expect(strict.isEmpty, "\(strict.count) mentions read differently; first: \(strict.first ?? "")")
        #expect(explained == public_.count, "unexplained differences from canonicalize: \(public_.filter { $0.contains("[unexplained]") }.prefix(5))")
    }

    // MARK: - PlainFormula against the full reader

    /// `PlainFormula.read` answers only where the full reader ends in the plain-formula branch, so
    /// wherever it answers the full reader gives the same reading, in the candidate's own sentence,
    /// with and without cement notation.
    @Test func plainFormulaAgreesWithTheFullReaderOnEveryCandidate() throws {
        guard let texts = ChemFixtures.materialTexts() else { return }
        var tokens = 0, answered = 0
        var differ: [String] = []
        var seen: Set<String> = []
        for (name, text) in texts {
            ChemFixtures.withBytes(text) { bytes in
                for c in Self.flatten(MentionScanner().scan(bytes).candidates) where c.kind == .formula {
                    let token = ChemFixtures.string(bytes, c.start, c.end)
                    tokens += 1
                    guard let fast = PlainFormula.read(token) else { continue }
                    answered += 1
                    let (sentence, range, _) = ChemFixtures.sentence(bytes, c.start, c.end)
                    // The annotator's context (the mention located, cement either way) and the plain
                    // `ReadingContext(sentence)`.
                    for (label, ctx) in [("cement false", ReadingContext(sentence, mention: range, cement: false)),
                                         ("cement true", ReadingContext(sentence, mention: range, cement: true)),
                                         ("sentence only", ReadingContext(sentence))] {
                        let full = ChemicalNotation.read(token, ctx: ctx)
                        guard full != fast, seen.insert("\(token)|\(label)").inserted else { continue }
                        let fields = [full.canonical != fast.canonical ? "canonical" : nil, full.kind != fast.kind ? "kind" : nil,
                                      full.elements != fast.elements ? "elements" : nil].compactMap { $0 }
                        differ.append("\(name): \(token): PlainFormula \(Self.describe(fast)), full reader \(Self.describe(full)) "
                                      + "(\(label); differs in \(fields.isEmpty ? "other fields" : fields.joined(separator: ", "))) in: \(sentence)")
                    }
                }
            }
        }
        for d in differ { print("PlainFormula ≠ read: \(d)") }
        print("\(tokens) formula candidates, PlainFormula answered \(answered), \(differ.count) distinct disagreements")
        #expect(answered > 1000)
        #expect(differ.isEmpty, "first: \(differ.first ?? "")")
    }

    /// The annotator's quick verdicts before the reader (`isAcronym`, `isLabel`, `hasStrayCapital`)
    /// agree with it: on every formula candidate of the fixture texts where one of them says "no", the
    /// full reader gives no canonical formula (acronyms and labels: no reading at all).
    @Test func quickRejectionsAgreeWithTheFullReader() throws {
        guard let texts = ChemFixtures.materialTexts() else { return }
        var checked = 0
        var differ: [String] = []
        for (name, text) in texts {
            ChemFixtures.withBytes(text) { bytes in
                for c in Self.flatten(MentionScanner().scan(bytes).candidates) where c.kind == .formula {
                    let token = ChemFixtures.string(bytes, c.start, c.end)
                    for cement in [false, true] {
                        let acronymOrLabel = Rejection.isAcronym(token, cement: cement) || Rejection.isLabel(token)
                        let stray = Rejection.hasStrayCapital(token, cement: cement)
                        guard acronymOrLabel || stray else { continue }
                        checked += 1
                        let (sentence, range, _) = ChemFixtures.sentence(bytes, c.start, c.end)
                        let full = ChemicalNotation.read(token, ctx: ReadingContext(sentence, mention: range, cement: cement))
                        if full.canonical != nil || (acronymOrLabel && full.kind != "not_a_formula") {
                            differ.append("\(name): \(token) (cement \(cement)): reader says \(Self.describe(full))")
                        }
                    }
                }
            }
        }
        for d in differ.prefix(20) { print("quick rejection ≠ read: \(d)") }
        print("\(checked) quick rejections checked, \(differ.count) disagreements")
        #expect(checked > 1000)
        #expect(differ.isEmpty, "first: \(differ.first ?? "")")
    }

    /// The same on random formula-shaped tokens (element symbols, counts, decimals, brackets, and a
    /// few look-alike letters), read in a neutral and in a cement sentence.
    @Test func plainFormulaAgreesWithTheFullReaderOnRandomTokens() {
        var rng = SeededGenerator(seed: 0xC4E3_2026)
        let pieces = ["Li", "Fe", "O", "P", "C", "S", "H", "N", "K", "Ca", "Si", "Al", "Na", "Mg", "Ti", "Sr", "La", "Mn", "Co", "Ni", "Cu", "Zn",
                      "B", "F", "I", "V", "W", "Y", "U", "Ba", "Bi", "Cl", "Se", "Te", "As", "In", "Sn", "Pb", "Nb", "Zr",
                      "2", "3", "4", "0.5", "1", "12", "0.25", ".", "(", ")", "A", "M", "T", "D", "x", "s", "-", "·", "*", "•"]
        var answered = 0
        var differ: [String] = []
        for _ in 0..<30_000 {
            let n = Int.random(in: 1...7, using: &rng)
            let token = (0..<n).map { _ in pieces.randomElement(using: &rng)! }.joined()
            guard let fast = PlainFormula.read(token) else { continue }
            answered += 1
            for sentence in ["The \(token) powder was pressed.", "Portland cement clinker: \(token) hydrates."] {
                let full = ChemicalNotation.read(token, ctx: ReadingContext(sentence))
                if full != fast, differ.count < 50 {
                    differ.append("\(token): PlainFormula \(Self.describe(fast)), full reader \(Self.describe(full)) in: \(sentence)")
                }
            }
        }
        for d in differ { print("PlainFormula ≠ read (random): \(d)") }
        print("random tokens: PlainFormula answered \(answered), \(differ.count) disagreements")
        #expect(answered > 1000)
        #expect(differ.isEmpty, "first: \(differ.first ?? "")")
    }

    // MARK: - ElementContextScan against Structure.elementContext

    /// The byte-level judgement and the reference agree for one lone symbol at `s..<e`.
    static func compareElementContext(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> (fast: Bool, reference: Bool, sentence: String) {
        let (sentence, range, (a, z)) = ChemFixtures.sentence(bytes, s, e)
        let fast = ElementContextScan.isMaterial(bytes, sentence: a, s, e, sentenceEnd: z)
        let reference = Structure.elementContext(ChemFixtures.string(bytes, s, e), ctx: ReadingContext(sentence, mention: range))
        return (fast, reference, sentence)
    }

    @Test func elementContextScanAgreesOnEveryLoneSymbolOfTheFixtures() throws {
        guard let texts = ChemFixtures.materialTexts() else { return }
        var symbols = 0, materials = 0
        var differ: [String] = []
        for (name, text) in texts {
            ChemFixtures.withBytes(text) { bytes in
                for c in Self.flatten(MentionScanner().scan(bytes).candidates) where c.kind == .formula && Self.isLoneSymbol(bytes, c.start, c.end) {
                    symbols += 1
                    let (fast, reference, sentence) = Self.compareElementContext(bytes, c.start, c.end)
                    if fast { materials += 1 }
                    if fast != reference {
                        differ.append("\(name): '\(ChemFixtures.string(bytes, c.start, c.end))' at byte \(c.start): scan \(fast), reference \(reference) in: \(sentence)")
                    }
                }
            }
        }
        for d in differ { print("ElementContextScan ≠ elementContext: \(d)") }
        print("\(symbols) lone symbols, \(materials) read as materials, \(differ.count) disagreements")
        #expect(symbols > 500 && materials > 0)
        #expect(differ.isEmpty, "first: \(differ.first ?? "")")
    }

    /// Hand-written sentences: both judgements, and the expected one (README §5 rule 6: an element
    /// before a material noun, `-doped`, in a list of symbols or after `under` is a material; a
    /// sentence-initial function word or a unit after a number is not).
    @Test(arguments: [
        ("In this work we study oxides.", "In", false),
        ("In foil was used as the anode.", "In", true),
        ("Fe-doped TiO2 was made.", "Fe", true),
        ("Co, Ni and Fe were alloyed.", "Co", true),
        ("Co, Ni and Fe were alloyed.", "Ni", true),
        ("Co, Ni and Fe were alloyed.", "Fe", true),
        ("The film was annealed under Ar for 2 h.", "Ar", true),
        ("The sample was cooled to 300 K.", "K", false),
        ("As shown in the figure, the film is dense.", "As", false),
        ("Pt/C was the catalyst.", "Pt", true),
        ("Pt/C was the catalyst.", "C", true),
        ("I think No one knows.", "No", false),
        ("Cu nanoparticles and Ag wires were mixed.", "Cu", true),
        ("Cu nanoparticles and Ag wires were mixed.", "Ag", true),
        ("The 2In sample was split.", "In", false),
        ("It is a Ni-rich cathode.", "Ni", true),
        ("We used pure Cu and molten Li.", "Cu", true),
        ("We used pure Cu and molten Li.", "Li", true),
        ("Co–Fe alloys were studied.", "Co", false),
        ("U is the Hubbard parameter.", "U", false),
        ("Ni, Co, and Mn were dissolved.", "Mn", true),
        ("The αIn phase.", "In", false),
        ("In émigré work.", "In", false),
    ] as [(String, String, Bool)])
    func elementContextOnHandWrittenSentences(_ sentence: String, _ symbol: String, _ expected: Bool) throws {
        let range = try #require(sentence.range(of: symbol))
        let (fast, reference) = ChemFixtures.withBytes(sentence) { bytes -> (Bool, Bool) in
            let s = sentence.utf8.distance(from: sentence.startIndex, to: range.lowerBound)
            let e = s + symbol.utf8.count
            let r = Self.compareElementContext(bytes, s, e)
            return (r.fast, r.reference)
        }
        #expect(fast == reference, "ElementContextScan \(fast), Structure.elementContext \(reference)")
        #expect(fast == expected, "ElementContextScan")
        #expect(reference == expected, "Structure.elementContext")
    }

    /// Every lone symbol the scanner proposes in the hand-written sentences gets the same judgement
    /// from both, whatever it is.
    @Test func elementContextAgreesOnEveryCandidateOfHandWrittenSentences() {
        let sentences = [
            "In this work", "In foil", "Fe-doped", "Co, Ni and Fe", "under Ar", "300 K", "As shown", "Pt/C",
            "In this work, In foil and Fe-doped Co, Ni and Fe under Ar at 300 K. As shown, Pt/C works.",
            "B, C and N atoms", "Li/Li+ and Na/Na+", "At 5 V, Co and Ni.", "W, and Mo; S or Se", "(In, Ga)N", "Sn-free, Pb-based",
            "flowing N2 and Ar gas", "Au-coated Si", "Fig. 2: Cu", "Si (100)", "the K edge", "Ni, Co, and Mn foils",
        ]
        for sentence in sentences {
            ChemFixtures.withBytes(sentence) { bytes in
                for c in Self.flatten(MentionScanner().scan(bytes).candidates) where c.kind == .formula && Self.isLoneSymbol(bytes, c.start, c.end) {
                    let (fast, reference, _) = Self.compareElementContext(bytes, c.start, c.end)
                    #expect(fast == reference, "'\(ChemFixtures.string(bytes, c.start, c.end))' in “\(sentence)”: scan \(fast), reference \(reference)")
                }
            }
        }
    }
}

@Suite struct ScannerTableTests {
    /// The scanner's bit masks say the same as its byte table for every ASCII byte.
    @Test func runByteMasksMatchTheTable() {
        for b in UInt8(0)..<128 {
            #expect(MentionScanner.isRunByte(b) == MentionScanner.asciiRun[Int(b)], "byte \(b)")
        }
    }

    /// Random text over the bytes the scanner tells apart: letters, digits, run punctuation, stops, commas,
    /// spaces, newlines and multi-byte scalars (run scalars such as `·`, `₂`, `α`, `–` and others such as `é`, `°`).
    static func randomText(_ count: Int, _ rng: inout SeededGenerator) -> String {
        let pieces = ["a", "e", "s", "t", "x", "n", "O", "C", "H", "F", "L", "i", "I", "n", "2", "3", "0", ".", ":", ";", ",", " ", " ", " ",
                      "(", ")", "[", "]", "-", "+", "/", "'", "$", "@", "*", "^", "%", "!", "\n", "·", "₂", "α", "–", "é", "°", "Å", "S̄",
                      "the ", "lime ", "gypsum", "cement", "Fe", "In ", "SrAl2O4:Eu2+,Dy3+", "iron", "slaked lime"]
        var s = ""
        while s.utf8.count < count { s += pieces[Int.random(in: 0..<pieces.count, using: &rng)] }
        return s
    }

    /// The vector byte classes equal the byte-by-byte ones, for every block of random texts (the last,
    /// partial block included) and every byte value.
    @Test func vectorByteClassesMatchTheScalarOnes() {
        var rng = SeededGenerator(seed: 0xB10C_2026)
        var texts: [String] = []
        for _ in 0..<300 { texts.append(Self.randomText(Int.random(in: 1...400, using: &rng), &rng)) }
        texts.append(String(decoding: (0..<128).map { UInt8($0) } + Array("€ü".utf8), as: UTF8.self))
        for text in texts {
            ChemFixtures.withBytes(text) { bytes in
                var base = 0
                while base < bytes.count {
                    let masks = ByteClassMasks(bytes, base: base)
                    let expected = ByteClassMasks(scalar: bytes, base: base)
                    #expect(masks == expected, "block at \(base) of \(text.debugDescription)")
                    base += 64
                }
            }
        }
        // Every byte value, in every lane.
        var all = [UInt8](repeating: 0, count: 64)
        for b in 0..<256 {
            for lane in stride(from: 0, to: 64, by: 7) {
                all = [UInt8](repeating: UInt8(ascii: "a"), count: 64)
                all[lane] = UInt8(b)
                all.withUnsafeBufferPointer { bytes in
                    #expect(ByteClassMasks(bytes, base: 0) == ByteClassMasks(scalar: bytes, base: 0), "byte \(b) at \(lane)")
                }
            }
        }
    }

    /// The block-wise scan finds exactly what the byte-by-byte reference finds: the fixture texts and random text.
    @Test func blockScanMatchesTheReferenceScan() {
        var texts = ChemFixtures.materialTexts()?.map(\.text) ?? []
        var rng = SeededGenerator(seed: 0x5CA9_2026)
        for _ in 0..<2000 { texts.append(Self.randomText(Int.random(in: 1...300, using: &rng), &rng)) }
        let scanner = MentionScanner()
        var candidates = 0
        for text in texts {
            ChemFixtures.withBytes(text) { bytes in
                let fast = scanner.scan(bytes), reference = scanner.scanReference(bytes)
                candidates += reference.candidates.count
                #expect(fast.candidates == reference.candidates, "\(text.prefix(200).debugDescription)")
                #expect(fast.cementKeywords == reference.cementKeywords, "\(text.prefix(200).debugDescription)")
            }
        }
        #expect(candidates > 10_000)
    }

    /// `sentenceBounds`, which passes over eight bytes at a time, gives the reference's bounds for every span of
    /// random text full of stops, spaces, newlines, capitals and multi-byte scalars, at both radii the annotator uses.
    @Test func sentenceBoundsMatchTheReference() {
        var rng = SeededGenerator(seed: 0x5E47_2026)
        let pieces = [". ", ".", " ", "\n", "A", "b", "Fe", "the", "x", "é", "₂", "·", "..", ". A", "e.g. The", "1.5", "  "]
        let annotator = ChemAnnotator()
        var checked = 0
        for _ in 0..<400 {
            var text = ""
            let length = Int.random(in: 1...900, using: &rng)
            while text.utf8.count < length { text += pieces[Int.random(in: 0..<pieces.count, using: &rng)] }
            ChemFixtures.withBytes(text) { bytes in
                for _ in 0..<20 {
                    var s = Int.random(in: 0..<bytes.count, using: &rng)
                    while s > 0, bytes[s] & 0xC0 == 0x80 { s -= 1 }
                    var e = min(bytes.count, s + Int.random(in: 1...6, using: &rng))
                    while e < bytes.count, bytes[e] & 0xC0 == 0x80 { e += 1 }
                    for radius in [48, 400] {
                        let fast = annotator.sentenceBounds(bytes, s, e, radius: radius)
                        let reference = annotator.sentenceBoundsReference(bytes, s, e, radius: radius)
                        #expect(fast == reference, "\(s)..<\(e) radius \(radius) in \(text.debugDescription)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 16_000)
    }

    /// `spanHash`, which folds eight ASCII bytes at a time, is `hash` on any span: ASCII letters of both cases,
    /// digits, punctuation, and non-ASCII bytes (Latin-1 capitals that `hash` folds), at the text's end or not.
    @Test func spanHashIsTheWordHash() {
        var rng = SeededGenerator(seed: 0x5BA4_2026)
        let pieces = ["A", "Z", "a", "z", "@", "[", "`", "{", "0", "9", "-", "'", "Fe", "CaO", "Å", "é", "·", "Ü", "\u{7F}"]
        for _ in 0..<5000 {
            var text = ""
            let length = Int.random(in: 1...30, using: &rng)
            while text.utf8.count < length { text += pieces[Int.random(in: 0..<pieces.count, using: &rng)] }
            let word = Array(text.utf8)
            (word + Array(" Qz\u{FF}".utf8)).withUnsafeBufferPointer { bytes in
                #expect(MentionScanner.spanHash(bytes, 0, word.count) == MentionScanner.hash(word), "\(text.debugDescription)")
            }
            word.withUnsafeBufferPointer { bytes in
                #expect(MentionScanner.spanHash(bytes, 0, word.count) == MentionScanner.hash(word), "\(text.debugDescription) at the end")
            }
        }
    }

    /// `spanHash` is `hash` on the scan's plain words (a letter, then small letters, up to 40 bytes).
    @Test func spanHashIsTheWordHashOnPlainWords() {
        var rng = SeededGenerator(seed: 0xA5C1_2026)
        for _ in 0..<5000 {
            let length = Int.random(in: 1...40, using: &rng)
            var word = [UInt8.random(in: 65...90, using: &rng) | (Bool.random(using: &rng) ? 0x20 : 0)]
            while word.count < length { word.append(UInt8.random(in: 97...122, using: &rng)) }
            // Padding after the word, so the eight-byte reads see bytes that are not the word's.
            let buffer = word + [UInt8(ascii: " "), UInt8(ascii: "Q"), 0xFF, UInt8(ascii: "z")]
            buffer.withUnsafeBufferPointer { bytes in
                #expect(MentionScanner.spanHash(bytes, 0, word.count) == MentionScanner.hash(word), "\(word)")
            }
            word.withUnsafeBufferPointer { bytes in
                #expect(MentionScanner.spanHash(bytes, 0, word.count) == MentionScanner.hash(word), "\(word) at the end of the text")
            }
        }
    }
}

@Suite struct ShapeMatcherTests {
    static let alphabet: [String] = ["α", "β", "δ", "ω", "a", "t", "x", "2", "4", "H", "O", "T", "C", "Fe", "Ti", "Al", "'", "-", "+", "0", ".", "5", "δ", "y", "z", "(", ")", "Mn", "V"]

    /// Each hand-written matcher says what its regular expression says, on random strings.
    @Test func shapesMatchTheirRegularExpressions() {
        var rng = SeededGenerator(seed: 0x5A4E_2026)
        for _ in 0..<20_000 {
            let n = Int.random(in: 1...7, using: &rng)
            let s = (0..<n).map { _ in Self.alphabet.randomElement(using: &rng)! }.joined()
            let phase = Patterns.groups(s, #"^([α-ω]'?|[0-9][A-Z]'?|[a-z]'?)-(.+)$"#)
            let fast = Shapes.phasePrefix(s)
            #expect(fast?.prefix == phase?[1] && fast?.rest == phase?[2], "phase prefix of \(s)")
            let cement = Patterns.groups(s, #"^([α-ω]'?|[a-z]'?)-(.+)$"#)
            #expect(Shapes.phasePrefix(s, polytypes: false)?.rest == cement?[2], "cement prefix of \(s)")
            let deficit = Patterns.groups(s, #"^(.*O[0-9.]+)[-+][xyzδ]$"#)
            #expect(Shapes.oxygenDeficitHead(s) == deficit?[1], "oxygen deficit of \(s)")
            if Patterns.matches(s, #"^([A-Z][a-z]?)((?:-[0-9.]+[A-Z][a-z]?)+)$"#) {
                #expect(Shapes.mayBeAlloy(s), "alloy \(s)")
            }
        }
    }
}

/// `Structure.joinedSplitSubscripts` (bytes) against its regular expressions, on random PDF-split formulas.
@Suite struct SplitSubscriptTests {
    @Test func bytesMatchTheRegularExpressions() {
        var rng = SeededGenerator(seed: 0x5B5C_2026)
        let pieces = [" ", " ", "  ", "Fe", "O", "Ca", "P", "2", "3", "12", "(", ")", "·", "δ", "-", "x", ".", "Na", "Si", "4", "\n", "\r",
                      "\u{85}", "\u{2028}", "é", "a", "[", "+"]
        for trial in 0..<30_000 {
            let s = (0..<Int.random(in: 1...10, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            #expect(Structure.joinedSplitSubscripts(s) == Structure.joinedSplitSubscriptsReference(s), "trial \(trial): \(s.debugDescription)")
        }
        #expect(Structure.joinedSplitSubscripts("Ca 3 (PO 4 ) 2") == "Ca3(PO4)2")
        #expect(Structure.joinedSplitSubscripts("Na2O 3SiO2") == "Na2O·3SiO2")
    }
}

/// `String.endsWith` (last byte first) against `hasSuffix`, on random strings with combining marks, prepended
/// marks and other scalars next to the suffixes.
@Suite struct EndsWithTests {
    @Test func endsWithAgreesWithHasSuffix() {
        var rng = SeededGenerator(seed: 0xE5D5)
        let pieces = [")", "+", "-", "%", "wt", "wt%", "a", "O3", "\u{301}", "\u{600}", "é", "δ", " ", "\r", "\n", "）", "＋", "−", "(", "\u{200D}"]
        for trial in 0..<20_000 {
            let s = (0..<Int.random(in: 0...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            #expect(s.endsWith(")") == s.hasSuffix(")"), "trial \(trial): \(s.debugDescription)")
            #expect(s.endsWith("+") == s.hasSuffix("+"), "trial \(trial): \(s.debugDescription)")
            #expect(s.endsWith("-") == s.hasSuffix("-"), "trial \(trial): \(s.debugDescription)")
            #expect(s.endsWith("wt%") == s.hasSuffix("wt%"), "trial \(trial): \(s.debugDescription)")
        }
    }
}

@Suite struct ScalarCountTests {
    /// The word-at-a-time scalar count equals Swift's own count on every fixture text and on every
    /// sub-range of a mixed sample.
    @Test func scalarCountMatchesSwift() throws {
        let annotator = ChemAnnotator(sharedCache: false)
        let sample = "Fe₂O₃ — SO₄²⁻ “ok” 👩‍🔬 αβγ ASCII text of some length, and 中文 too."
        var text = sample
        text.withUTF8 { bytes in
            for s in 0..<bytes.count where bytes[s] & 0xC0 != 0x80 {
                for e in s...bytes.count where e == bytes.count || bytes[e] & 0xC0 != 0x80 {
                    let expected = String(decoding: UnsafeBufferPointer(rebasing: bytes[s..<e]), as: UTF8.self).unicodeScalars.count
                    #expect(annotator.scalars(bytes, s, e) == expected, "\(s)..<\(e)")
                }
            }
        }
        guard let texts = ChemFixtures.materialTexts() else { return }
        for (name, t) in texts {
            var copy = t
            copy.withUTF8 { bytes in #expect(annotator.scalars(bytes, 0, bytes.count) == t.unicodeScalars.count, "\(name)") }
        }
    }
}

/// `FormulaReading.sortedSystem` (16-bit codes) against `String` sorting, on random symbol sets that mix
/// element symbols, one-letter dummies, longer keys and non-ASCII ones.
@Suite struct ChemicalSystemTests {
    @Test func sortedSystemMatchesTheStringSort() {
        var rng = SeededGenerator(seed: 41)
        let pool = ["H", "He", "C", "Ca", "Cl", "Co", "Cr", "Cs", "Cu", "O", "Os", "N", "Na", "Nb", "S", "Si", "Sr", "B", "Ba", "Bi",
                    "Y", "Yb", "Zn", "Zr", "M", "X", "δ", "Xx1", "Fe3+", "a", "Ω"]
        for trial in 0..<3_000 {
            var amounts: [String: Double] = [:]
            for _ in 0..<(1 + Int(rng.next() % 7)) { amounts[pool[Int(rng.next() % UInt64(pool.count))]] = 1 }
            let expected = amounts.keys.sorted().joined(separator: "-")
            #expect(FormulaReading.sortedSystem(amounts.keys) == expected, "trial \(trial): \(amounts.keys.sorted())")
            #expect(FormulaReading(canonical: nil, elements: amounts, kind: "formula").chemsys == expected)
        }
    }
}

/// `Cement.isCementSentence` (bytes folded) against `isCementContext` of `String.lowercased()`, on random
/// sentences that mix cement keywords in any case with non-ASCII letters, dashes, and the characters whose
/// small forms the byte folding cannot give (`Ä`, `İ`, the Kelvin sign).
@Suite struct CementSentenceTests {
    @Test func foldedSentencesAgreeWithLowercasedOnes() {
        var rng = SeededGenerator(seed: 77)
        let pieces = ["cement", "CEMENT", "Clinker", "STRÄTLINGITE", "strätlingite", "Strätlingite", "C–S–H", "c-s-h", "AFm", "aft", "after",
                      "C3A", "c4af", "Portland", "the", " ", " ", "δ", "°C", "–", "Δ", "É", "İ", "\u{212A}", "Ä", "ä", "μm", "·", "x", "3",
                      "ye'elimite", "YE'ELIMITE", "hydration", "HYDRATİON", "slag", "SLAG", "\u{212A}atoite", "σ", "Σ"]
        for trial in 0..<20_000 {
            let text = (0..<(1 + Int(rng.next() % 8))).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
            var copy = text
            let folded = copy.withUTF8 { Cement.isCementSentence($0, 0, $0.count) }
            #expect(folded == Cement.isCementContext(text.lowercased()), "trial \(trial): \(text.debugDescription)")
        }
    }
}

/// `Names.isASCIIName` (bytes, capitals folded) against `Names.isName` (`lowercased()` and dictionaries).
@Suite struct NameSetTests {
    @Test func asciiNamesMatchIsName() {
        var rng = SeededGenerator(seed: 99)
        let keys = (Array(Names.elementNames.keys) + Array(Names.trivial.keys) + ["silicone"]).filter { $0.utf8.allSatisfy { $0 < 0x80 && $0 != 0x2D } }
        #expect(keys.count > 100)
        var phrases: [String] = []
        for key in keys {
            // The name, in random case, cut short, lengthened, and with a word after it.
            let cased = String(key.map { rng.next() % 2 == 0 ? Character($0.uppercased()) : $0 })
            phrases += [key, cased, String(cased.dropLast()), cased + "s", cased + " oxide", "x" + key]
        }
        for _ in 0..<5_000 {
            let a = keys[Int(rng.next() % UInt64(keys.count))], b = keys[Int(rng.next() % UInt64(keys.count))]
            phrases.append(rng.next() % 2 == 0 ? a + " " + b : String(a.prefix(Int(rng.next() % 12))) + String(b.suffix(Int(rng.next() % 12))))
        }
        var members = 0
        for phrase in phrases {
            let expected = Names.isName(phrase)
            if expected { members += 1 }
            let bytes = Array(phrase.utf8)
            let fast = bytes.withUnsafeBufferPointer { Names.isASCIIName($0, 0, $0.count) }
            #expect(fast == expected, "\(phrase)")
        }
        #expect(members > keys.count)
    }
}

/// `ReadingTable`: one table for readings by text and for dependent readings keyed with a signature.
@Suite struct ReadingTableTests {
    /// Looks `text` up under `signature` in `table`.
    func get(_ table: ReadingTable, _ text: String, signature: String = "", hash: UInt64? = nil) -> ReadingEntry? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { b in
            var key = ReadingKey(hash: hash ?? UInt64(bytes.count), cement: false)
            key.variables = signature
            return table.get(key, b[...])
        }
    }

    func put(_ table: inout ReadingTable, _ text: String, signature: String = "", kind: String, hash: UInt64? = nil) {
        var key = ReadingKey(hash: hash ?? UInt64(text.utf8.count), cement: false)
        key.variables = signature
        table.put(key, ReadingEntry(text: Array(text.utf8), signature: signature, reading: .none(kind)))
    }

    @Test func signaturesAndTextsAreKeptApart() {
        var table = ReadingTable(slots: 16, maximumEntries: 1_000)
        // Every text has the same byte hash here (its length), so only the stored text and signature tell them apart.
        put(&table, "lead", kind: "dependent")
        put(&table, "lead", signature: "\u{2}will\u{2}to", kind: "not_a_formula")
        put(&table, "lead", signature: "\u{2}+", kind: "element_name")
        put(&table, "iron", signature: "\u{2}+", kind: "iron")
        #expect(get(table, "lead")?.reading?.kind == "dependent")
        #expect(get(table, "lead", signature: "\u{2}will\u{2}to")?.reading?.kind == "not_a_formula")
        #expect(get(table, "lead", signature: "\u{2}+")?.reading?.kind == "element_name")
        #expect(get(table, "iron", signature: "\u{2}+")?.reading?.kind == "iron")
        #expect(get(table, "iron") == nil)
        #expect(get(table, "lead", signature: "\u{2}-") == nil)
        #expect(get(table, "zinc", signature: "\u{2}+") == nil)
        // A second put of the same text and signature replaces the first.
        put(&table, "lead", signature: "\u{2}+", kind: "replaced")
        #expect(get(table, "lead", signature: "\u{2}+")?.reading?.kind == "replaced")
        #expect(table.entryCount == 4)
    }

    /// Sentences where a name reads by its neighbours (`perovskite`, `lead`, `lime`, structure types) or by the
    /// next word (`copper oxide`), each a document: one annotator that has seen them all in another order (its
    /// cache keyed by signatures) finds what a new annotator finds in each alone.
    @Test func cachedNeighbourReadingsEqualFreshOnes() {
        let sentences = [
            "The mineral perovskite (CaTiO3) occurs in skarns.", "Double perovskite oxides were made.",
            "The perovskite solar cells were tested.", "Natural perovskite was found in the sample.",
            "Perovskite LaMnO3 was made.", "A perovskite was added to the powder.", "We used perovskite.",
            "These results lead to a new model.", "The lead was removed from the melt.", "Lead the way, they said.",
            "Slaked lime was added.", "The lime-green paint faded.", "Lime was added to the soil.",
            "The spinel LiMn2O4 cathode.", "Spinel was found in the rock.", "The rutile phase grew.", "Rutile was milled.",
            "Copper oxide films were grown.", "Copper foil was used.", "The copper was pure.",
            "Anatase was calcined at 500 C.", "Anatase-type TiO2 was calcined.",
        ]
        var rng = SeededGenerator(seed: 7)
        let cached = ChemAnnotator(sharedCache: false)
        for round in 0..<4 {
            var order = Array(sentences.indices)
            for k in order.indices.reversed() where k > 0 { order.swapAt(k, Int(rng.next() % UInt64(k + 1))) }
            for i in order {
                let fresh = ChemAnnotator(sharedCache: false).mentions(in: sentences[i])
                #expect(cached.mentions(in: sentences[i]) == fresh, "round \(round): \(sentences[i])")
            }
        }
        // The verdicts themselves (README §6: ambiguous names by context).
        let kinds = { (text: String) in ChemAnnotator(sharedCache: false).mentions(in: text).map(\.text) }
        #expect(kinds(sentences[0]).contains("perovskite"))
        #expect(!kinds(sentences[1]).contains("perovskite"))
        #expect(!kinds(sentences[2]).contains("perovskite"))
        #expect(!kinds(sentences[7]).contains("lead"))
        #expect(kinds(sentences[8]).contains("lead"))
        #expect(!kinds(sentences[11]).contains("lime"))
        #expect(kinds(sentences[12]).contains("Lime"))
    }

    /// `Names.rejectedByNeighbours` (bytes for ASCII text) says what its Character reference says, on random
    /// neighbours built from the words its rules look for, ASCII and other characters; and the byte path
    /// answers for every ASCII text without a carriage return.
    @Test func neighbourVerdictMatchesTheReference() {
        var rng = SeededGenerator(seed: 23)
        let names = ["lead", "lime", "perovskite", "spinel", "rutile", "anatase", "rock salt", "ferrite", "gypsum"]
        let previous = ["", "mineral", "natural", "will", "the", "double", "can"]
        let pieces = [" ", "  ", "\t", "-", " green", " Green", " (CaTiO3)", " CaTiO3", " (catio3", " solar", " cells", " type", " to", " the",
                      " To.", " (to)", ",", ".", " LiMn2O4", " GaN", " Oxide", " oxide", " LED", " Ab", " A1", " x", "\r\n", "\n", " é",
                      " Ä", " α", "\u{301}", " İ", " \u{212A}", " Tö", " ferrites", " -type", " Structure", "—", " 'the'", " {to}", "!"]
        for trial in 0..<20_000 {
            var after = ""
            for _ in 0..<(Int(rng.next() % 5)) { after += pieces[Int(rng.next() % UInt64(pieces.count))] }
            let name = names[Int(rng.next() % UInt64(names.count))], before = previous[Int(rng.next() % UInt64(previous.count))]
            let sub = Substring(after)
            let expected = Names.rejectedByNeighboursReference(name, previous: before, after: sub)
            #expect(Names.rejectedByNeighbours(name, previous: before, after: sub) == expected, "trial \(trial): \(name) \(before) \(after.debugDescription)")
            let ascii = after.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D }
            var copy = after
            let fast = copy.withUTF8 { Names.asciiRejectedByNeighbours(name, previous: before, after: $0) }
            #expect(ascii ? fast == expected : fast == nil, "trial \(trial): \(name) \(before) \(after.debugDescription)")
        }
        // The byte table of punctuation is Foundation's set on ASCII.
        for v in 0..<128 {
            #expect(Names.asciiPunctuation[v] == CharacterSet.punctuationCharacters.contains(Unicode.Scalar(UInt8(v))), "byte \(v)")
        }
    }

    /// The annotator's byte verdict for a name judged by its neighbours equals `Names.neighbourSignature` in the
    /// reading context, at every occurrence of such a name in the fixture texts and in hand-written sentences.
    @Test func byteNeighbourVerdictMatchesTheContext() throws {
        var texts = ["The mineral perovskite (CaTiO3) occurs.", "Double perovskite\r\noxides.", "Layered perovskite\u{301} films.",
                     "The lead wire was cut; it will lead to more.", "A ﬁne perovskite powder.", "Perovskite LaMnO3 was made.",
                     "The lime-green paint.", "Slaked lime was added.", "The spinel LiMn2O4.", "An anatase was found."]
        texts += ChemFixtures.materialTexts()?.map(\.1) ?? []
        let annotator = ChemAnnotator(sharedCache: false)
        var checked = 0, answered = 0
        for text in texts {
            ChemFixtures.withBytes(text) { bytes in
                for c in MentionScanner().scan(bytes).candidates {
                    guard case .name = c.kind else { continue }
                    let token = ChemFixtures.string(bytes, c.start, c.end)
                    guard let name = Names.normalizedName(Cleanup.clean(token)), Names.judgedByNeighbours(name) else { continue }
                    checked += 1
                    let (a, z) = annotator.sentenceBounds(bytes, c.start, c.end)
                    let sentence = ChemFixtures.string(bytes, a, z)
                    let lower = sentence.utf8.index(sentence.startIndex, offsetBy: c.start - a)
                    let upper = sentence.utf8.index(lower, offsetBy: c.end - c.start)
                    let expected = Names.neighbourSignature(of: token, ctx: ReadingContext(sentence, mention: lower..<upper, cement: false))
                    guard let fast = annotator.neighbourVerdict(bytes, c.start, c.end) else { continue }
                    answered += 1
                    #expect(fast == expected, "\(token) in: \(sentence)")
                }
            }
        }
        #expect(checked > 100 && answered * 4 > checked * 3, "\(answered) of \(checked)")
    }

    @Test func growsAndEmptiesAtItsLimit() {
        var table = ReadingTable(slots: 16, maximumEntries: 100)
        for n in 0..<100 { put(&table, "w\(n)", signature: n % 2 == 0 ? "" : "\u{2}s", kind: "k\(n)", hash: UInt64(n) &* 0x9E37_79B9) }
        #expect(table.entryCount == 100)
        for n in 0..<100 {
            #expect(get(table, "w\(n)", signature: n % 2 == 0 ? "" : "\u{2}s", hash: UInt64(n) &* 0x9E37_79B9)?.reading?.kind == "k\(n)")
        }
        // One more empties the table first.
        put(&table, "w100", kind: "k100", hash: 100)
        #expect(table.entryCount == 1)
        #expect(get(table, "w0", hash: 0) == nil)
        #expect(get(table, "w100", hash: 100)?.reading?.kind == "k100")
    }
}
