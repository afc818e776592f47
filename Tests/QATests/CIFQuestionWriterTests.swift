import CIF
import CorpusCore
import Foundation
import Testing
import _CorpusTestSupport
@testable import QA

@Suite struct CIFQuestionWriterTests {
    // MARK: Structures, read by the real CIF reader

    static func cif(_ name: String, formulaSum: String?, cell: [String], symbol: String?, number: Int?, sites: [String]) -> String {
        var s = "data_\(name)\n"
        if let formulaSum { s += "_chemical_formula_sum '\(formulaSum)'\n" }
        for (tag, value) in zip(["length_a", "length_b", "length_c", "angle_alpha", "angle_beta", "angle_gamma"], cell) {
            s += "_cell_\(tag) \(value)\n"
        }
        if let symbol { s += "_symmetry_space_group_name_H-M '\(symbol)'\n" }
        if let number { s += "_symmetry_Int_Tables_number \(number)\n" }
        s += "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n"
        return s + sites.joined(separator: "\n") + "\n"
    }

    static let cubic = cif("BaTiO3", formulaSum: "Ba O3 Ti", cell: ["4.006", "4.006", "4.006", "90", "90", "90"],
                           symbol: "P m -3 m", number: 221,
                           sites: ["Ba1 Ba 0 0 0", "Ti1 Ti 0.5 0.5 0.5", "O1 O 0.5 0.5 0"])
    static let tetragonal = cif("BaTiO3_P4mm", formulaSum: "Ba Ti O3", cell: ["3.9945", "3.9945", "4.0335", "90", "90", "90"],
                                symbol: "P 4 m m", number: 99,
                                sites: ["Ba1 Ba 0 0 0", "Ti1 Ti 0.5 0.5 0.515", "O1 O 0.5 0.5 0.975", "O2 O 0.5 0 0.485"])
    static let monoclinic = cif("ZrO2", formulaSum: "O2 Zr", cell: ["5.1505", "5.2116", "5.3173", "90", "99.23", "90"],
                                symbol: "P 1 21/c 1", number: 14,
                                sites: ["Zr1 Zr 0.2754 0.0395 0.2083", "O1 O 0.0700 0.3317 0.3447", "O2 O 0.4496 0.7569 0.4792"])
    static let hexagonal = cif("ZnO", formulaSum: nil, cell: ["3.2498", "3.2498", "5.2066", "90", "90", "120"],
                               symbol: "P 63 m c", number: 186,
                               sites: ["Zn1 Zn 0.3333 0.6667 0", "O1 O 0.3333 0.6667 0.3819"])

    static func read(_ text: String, name: String = "test.cif", reader: CIFDocumentReader = CIFDocumentReader()) throws -> [Document] {
        var documents: [Document] = []
        var context = ReaderContext(sink: { documents.append($0) })
        var r = reader
        try r.read(InputMember(file: name, relativePath: name, source: MemoryByteSource(Array(text.utf8))), into: &context)
        return documents
    }

    static func document(_ text: String, reader: CIFDocumentReader = CIFDocumentReader()) throws -> Document {
        try #require(try read(text, reader: reader).first)
    }

    /// Every phrasing of every task that applies.
    static func all(_ document: Document, seed: UInt64 = 0) -> [CIFQuestion] {
        CIFQuestionWriter(seed: seed, phrasingsPerTask: 100).questions(for: document)
    }

    static func answers(_ questions: [CIFQuestion], _ task: String) -> [String] {
        questions.filter { $0.task == task }.map(\.pair.answer)
    }

    /// What no question or answer may contain.
    static func expectClean(_ questions: [CIFQuestion], sourceLocation: SourceLocation = #_sourceLocation) {
        for q in questions {
            // A question that shows CIF text may contain anything a CIF label can; its own words are checked by the template test.
            for text in q.task.hasSuffix("_from_cif") ? [q.pair.answer] : [q.pair.question, q.pair.answer] {
                #expect(!text.contains("{") && !text.contains("}"), "\(q.template): \(text)", sourceLocation: sourceLocation)
                let words = Set(text.split { !$0.isLetter }.map(String.init))
                for bad in ["nil", "null", "unknown", "Optional", "NaN", "nan", "inf", "infinity"] {
                    #expect(!words.contains(bad), "\(q.template): \(bad) in \(text)", sourceLocation: sourceLocation)
                }
            }
            #expect(!q.pair.answer.contains("?"), "\(q.template): \(q.pair.answer)", sourceLocation: sourceLocation)
            #expect(q.template.hasPrefix(q.task + "."), sourceLocation: sourceLocation)
        }
    }

    /// `_tag value` of a CIF text, trailing zeros dropped (`4.0060` → `4.006`).
    static func stated(_ tag: String, in text: String) throws -> String {
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(tag + " ") })
        var value = String(line.dropFirst(tag.count + 1))
        if value.contains(".") {
            while value.hasSuffix("0") { value.removeLast() }
            if value.hasSuffix(".") { value.removeLast() }
        }
        return value
    }

    // MARK: Answers

    @Test func cubicAnswersStateTheCIFValues() throws {
        let d = try Self.document(Self.cubic)
        let qs = Self.all(d)
        Self.expectClean(qs)
        #expect(Set(qs.map(\.task)) == Set(CIFQuestionWriter.tasks), "every task applies to a complete structure")

        let lattice = Self.answers(qs, "lattice_parameters")
        #expect(lattice.count >= 4)
        for answer in lattice {
            #expect(answer.contains("4.006 Å") && !answer.contains("4.0060"), "\(answer)")
            #expect(answer.contains("a = b = c = 4.006 Å") || answer.contains("a = 4.006 Å, b = 4.006 Å, c = 4.006 Å"), "\(answer)")
        }
        #expect(lattice.contains { $0.contains("α = β = γ = 90°") && $0.contains("as required for a cubic cell") })
        #expect(lattice.allSatisfy { !$0.contains("tetragonal") && !$0.contains("hexagonal") })

        // The volume as the canonical text states it, and as 4.006³.
        let volume = try Self.stated("_cell_volume", in: d.text)
        #expect(volume == "64.2884" && abs(pow(4.006, 3) - 64.2884) < 5e-5)
        for answer in Self.answers(qs, "cell_volume") { #expect(answer.contains("\(volume) Å³"), "\(answer)") }

        // The density as metadata states it.
        let density = try #require(d.metadata.extra["density"]?.doubleValue)
        let densityText = try #require(QANumberText.format(density))
        #expect(abs(density - 6.02) < 0.01, "BaTiO3 is about 6.02 g/cm³")
        for answer in Self.answers(qs, "density") { #expect(answer.contains("\(densityText) g/cm³"), "\(answer)") }

        for answer in Self.answers(qs, "space_group") {
            #expect(answer.contains("Pm-3m ('P m -3 m' in CIF notation)"), "\(answer)")
        }
        #expect(Self.answers(qs, "space_group").contains { $0.contains("221") })
        for answer in Self.answers(qs, "space_group_number") { #expect(answer.contains("221"), "\(answer)") }
        for answer in Self.answers(qs, "crystal_system") { #expect(answer.contains("cubic") && !answer.contains("tetragonal"), "\(answer)") }
        #expect(Self.answers(qs, "crystal_system").contains { $0.contains("195–230") })
        for answer in Self.answers(qs, "elements") { #expect(answer.contains("Ba, Ti and O"), "\(answer)") }
        #expect(Self.answers(qs, "elements").contains { $0.contains("3 elements") })
        for answer in Self.answers(qs, "site_count") { #expect(answer.contains("5 atomic sites"), "\(answer)") }
        for q in qs where q.task == "formula" {
            #expect(q.pair.question.contains("Ba O3 Ti") && q.pair.answer.contains("BaTiO3"), "\(q.pair)")
        }

        // Questions name the material and, where it is not the answer, the space group.
        for q in qs where ["lattice_parameters", "cell_volume", "density", "crystal_system"].contains(q.task) {
            #expect(q.pair.question.contains("BaTiO3 in space group Pm-3m"), "\(q.pair.question)")
        }
        for q in qs where q.task == "space_group" {
            #expect(q.pair.question.contains("BaTiO3 with a = b = c = 4.006 Å") && !q.pair.question.contains("Pm-3m"), "\(q.pair.question)")
        }
    }

    @Test func cifTextQuestionsShowTheStructureButNotTheAnswer() throws {
        let d = try Self.document(Self.cubic)
        let qs = Self.all(d)
        let formula = qs.filter { $0.task == "formula_from_cif" }
        #expect(formula.count >= 4)
        for q in formula {
            #expect(q.pair.question.contains("_cell_length_a 4.0060") && q.pair.question.contains("_atom_site_fract_x"))
            #expect(q.pair.question.contains("_symmetry_equiv_pos_as_xyz"))
            #expect(!q.pair.question.contains("BaTiO3") && !q.pair.question.contains("_chemical_formula"), "\(q.pair.question)")
            #expect(q.pair.answer.contains("BaTiO3") && q.pair.answer.contains("Ba1 Ti1 O3"), "\(q.pair.answer)")
            #expect(q.pair.question.count < CIFQuestionWriter().maxEmbeddedCIFLength + 200)
        }
        let group = qs.filter { $0.task == "space_group_from_cif" }
        #expect(group.count >= 4)
        for q in group {
            #expect(q.pair.question.contains("_symmetry_equiv_pos_as_xyz") && q.pair.question.contains("_cell_length_c 4.0060"))
            #expect(!q.pair.question.contains("P m -3 m") && !q.pair.question.contains("221") && !q.pair.question.contains("_symmetry_space_group_name"))
            #expect(q.pair.answer.contains("Pm-3m") && q.pair.answer.contains("221"), "\(q.pair.answer)")
        }

        // A limit the CIF does not fit in skips both tasks, and only them.
        var small = CIFQuestionWriter(phrasingsPerTask: 100)
        small.maxEmbeddedCIFLength = 100
        let tasks = Set(small.questions(for: d).map(\.task))
        #expect(!tasks.contains("formula_from_cif") && !tasks.contains("space_group_from_cif"))
        #expect(tasks.contains("lattice_parameters"))
    }

    @Test func derivedStatementsFollowTheCell() throws {
        let tetragonal = Self.all(try Self.document(Self.tetragonal))
        Self.expectClean(tetragonal)
        for answer in Self.answers(tetragonal, "lattice_parameters") {
            #expect(answer.contains("3.9945 Å") && answer.contains("c = 4.0335 Å") && !answer.contains("a = b = c"), "\(answer)")
        }
        #expect(Self.answers(tetragonal, "lattice_parameters").contains { $0.contains("a = b = 3.9945 Å, c = 4.0335 Å") && $0.contains("tetragonal cell") })
        #expect(Self.answers(tetragonal, "space_group").allSatisfy { $0.contains("P4mm ('P 4 m m' in CIF notation)") })
        #expect(Self.answers(tetragonal, "crystal_system").allSatisfy { $0.contains("tetragonal") })
        #expect(Self.answers(tetragonal, "formula").allSatisfy { $0.contains("BaTiO3") })

        let monoclinic = Self.all(try Self.document(Self.monoclinic))
        Self.expectClean(monoclinic)
        let lattice = Self.answers(monoclinic, "lattice_parameters")
        #expect(lattice.contains { $0.contains("a = 5.1505 Å, b = 5.2116 Å, c = 5.3173 Å") && $0.contains("α = γ = 90°, β = 99.23°") })
        #expect(lattice.contains { $0.contains("monoclinic cell") })
        #expect(lattice.allSatisfy { !$0.contains("a = b") })
        #expect(Self.answers(monoclinic, "space_group").allSatisfy { $0.contains("P21/c ('P 1 21/c 1' in CIF notation)") })
        #expect(Self.answers(monoclinic, "crystal_system").allSatisfy { $0.contains("monoclinic") })
        #expect(Self.answers(monoclinic, "site_count").allSatisfy { $0.contains("12 atomic sites") })
        #expect(Self.answers(monoclinic, "space_group_from_cif").allSatisfy { $0.contains("P21/c") && $0.contains("14") })

        let hexagonal = Self.all(try Self.document(Self.hexagonal))
        Self.expectClean(hexagonal)
        #expect(Self.answers(hexagonal, "lattice_parameters").contains {
            $0.contains("a = b = 3.2498 Å, c = 5.2066 Å") && $0.contains("α = β = 90°, γ = 120°") && $0.contains("hexagonal cell")
        })
        #expect(Self.answers(hexagonal, "crystal_system").allSatisfy { $0.contains("hexagonal") })
        #expect(Self.answers(hexagonal, "elements").allSatisfy { $0.contains("Zn and O") })
    }

    // MARK: Determinism and variety

    @Test func sameSeedSameQuestionsOtherSeedOtherPhrasings() throws {
        let documents = try [Self.cubic, Self.tetragonal, Self.monoclinic, Self.hexagonal].map { try Self.document($0) }
        let writer = CIFQuestionWriter(seed: 1)
        let first = documents.map(writer.questions(for:))
        #expect(first == documents.map(CIFQuestionWriter(seed: 1).questions(for:)))
        #expect(first.allSatisfy { Set($0.map(\.task)).count == $0.count }, "one phrasing per task by default")
        let other = documents.map(CIFQuestionWriter(seed: 2).questions(for:))
        #expect(first.map { $0.map(\.task) } == other.map { $0.map(\.task) }, "the seed picks phrasings, not tasks")
        #expect(first.flatMap { $0.map(\.template) } != other.flatMap { $0.map(\.template) })

        let three = CIFQuestionWriter(seed: 1, phrasingsPerTask: 3).questions(for: documents[0])
        for task in CIFQuestionWriter.tasks {
            let templates = three.filter { $0.task == task }.map(\.template)
            #expect(templates.count == 3 && Set(templates).count == 3, "\(task): \(templates)")
        }
        // The metadata survives a JSON round trip (integral doubles come back as integers).
        let decoded = try JSONDecoder().decode(Document.self, from: JSONEncoder().encode(documents[2]))
        #expect(writer.questions(for: decoded) == first[2])
    }

    @Test func phrasingsVaryAcrossDocuments() throws {
        let base = try Self.document(Self.cubic)
        let writer = CIFQuestionWriter(seed: 0)
        var used: [String: Set<String>] = [:]
        for i in 0..<40 {
            var d = base
            d.id = "cif-\(i)"
            for q in writer.questions(for: d) { used[q.task, default: []].insert(q.template) }
        }
        for task in CIFQuestionWriter.tasks {
            #expect((used[task]?.count ?? 0) >= 3, "\(task): \(used[task] ?? [])")
        }
    }

    // MARK: Missing and hostile fields

    @Test func absentFieldsSkipTheirTasks() throws {
        // The text rendering carries no CIF to fall back on.
        var d = try Self.document(Self.cubic, reader: CIFDocumentReader(rendering: .text))
        for key in ["density", "nsites", "formula_sum"] { d.metadata.extra[key] = nil }
        let tasks = Set(Self.all(d).map(\.task))
        #expect(!tasks.contains("density") && !tasks.contains("site_count") && !tasks.contains("formula"))
        #expect(!tasks.contains("formula_from_cif") && !tasks.contains("space_group_from_cif"))
        #expect(tasks.isSuperset(of: ["space_group", "crystal_system", "lattice_parameters", "cell_volume", "elements"]))

        d.metadata.extra["cell"] = nil
        d.metadata.extra["spacegroup_hm"] = nil
        let fewer = Self.all(d)
        Self.expectClean(fewer)
        let fewerTasks = Set(fewer.map(\.task))
        #expect(!fewerTasks.contains("lattice_parameters") && !fewerTasks.contains("cell_volume") && !fewerTasks.contains("space_group"))
        #expect(fewerTasks.contains("space_group_number") && fewerTasks.contains("crystal_system"))
        #expect(fewer.allSatisfy { !$0.pair.question.contains("Pm-3m") && !$0.pair.answer.contains("Pm-3m") })
        #expect(Self.answers(fewer, "crystal_system").allSatisfy { $0.contains("cubic") })

        // A CIF document whose metadata was lost: everything comes from its text.
        var bare = try Self.document(Self.cubic)
        let full = Self.all(bare)
        bare.metadata = Metadata()
        let fromText = Self.all(bare)
        #expect(fromText.filter { $0.task != "formula" } == full.filter { $0.task != "formula" })
        // The formula sum is then the canonical text's cell contents.
        #expect(fromText.filter { $0.task == "formula" }.allSatisfy { $0.pair.question.contains("Ba1 Ti1 O3") && $0.pair.answer.contains("BaTiO3") })
        #expect(fromText.contains { $0.task == "formula" })
    }

    @Test func hostileMetadataGivesNoNonsense() throws {
        let hostile: [String: JSONValue] = [
            "reduced_formula": .string("Xx<script>"), "spacegroup_number": .int(999), "spacegroup_hm": .string("unknown"),
            "crystal_system": .string("nil"), "elements": .array([.int(1), .null]), "nsites": .int(-5),
            "density": .string("heavy"), "formula_sum": .string("??"),
            "cell": .object(["a": .double(-1), "b": .double(.nan), "c": .string("x"), "alpha": .int(90), "beta": .int(90), "gamma": .int(90)]),
        ]
        let garbage = Document(id: "cif:x", text: "data_x\n_cell_length_a ?\nnot a cif {{ }}", source: .cif,
                               metadata: Metadata(extra: hostile), provenance: Provenance(file: "x.cif"))
        #expect(CIFQuestionWriter().questions(for: garbage).isEmpty)

        // With a usable formula only the valid fields are asked about; conflicting ones are dropped.
        var extra = hostile
        extra["reduced_formula"] = .string("NaCl")
        extra["density"] = .double(2.165)
        extra["spacegroup_number"] = .int(14)
        extra["spacegroup_hm"] = .string("F m -3 m")
        extra["crystal_system"] = .string("cubic")
        extra["elements"] = .array([.string("Na"), .string("K")])
        extra["cell"] = .object(["a": .double(5.64), "b": .double(5.64), "c": .double(5.64), "alpha": .double(90), "beta": .double(90),
                                 "gamma": .double(90), "volume": .double(1)])
        var d = garbage
        d.metadata = Metadata(extra: extra)
        let qs = Self.all(d)
        Self.expectClean(qs)
        let tasks = Set(qs.map(\.task))
        #expect(tasks == ["space_group_number", "crystal_system", "lattice_parameters", "cell_volume", "density"], "\(tasks)")
        #expect(qs.allSatisfy { !$0.pair.answer.contains("Fm-3m") && !$0.pair.answer.contains("cubic") })
        #expect(Self.answers(qs, "crystal_system").allSatisfy { $0.contains("monoclinic") })
        #expect(Self.answers(qs, "density").allSatisfy { $0.contains("2.165 g/cm³") })
        // The stated volume contradicts the cell: the cell's own (5.64³) is given instead.
        #expect(Self.answers(qs, "cell_volume").allSatisfy { $0.contains("179.4061 Å³") }, "\(Self.answers(qs, "cell_volume"))")
        #expect(Self.answers(qs, "lattice_parameters").allSatisfy { $0.contains("a = b = c = 5.64 Å") || $0.contains("a = 5.64 Å, b = 5.64 Å") },
                "\(Self.answers(qs, "lattice_parameters"))")

        // Not a structure.
        let paper = Document(id: "paper:1", text: "BaTiO3 is cubic above 120 °C.", source: .paper, provenance: Provenance(file: "p.xml"))
        #expect(CIFQuestionWriter().questions(for: paper).isEmpty)
        let empty = Document(id: "cif:e", text: "", source: .cif, provenance: Provenance(file: "e.cif"))
        #expect(CIFQuestionWriter().questions(for: empty).isEmpty)
    }

    // MARK: Templates

    @Test func everyTemplateRendersWithoutLeftoverPlaceholders() throws {
        let values = CIFQuestionWriter.values(for: try Self.document(Self.cubic), maxEmbeddedCIFLength: 6000)
        #expect(CIFQuestionWriter.tasks.count == Set(CIFQuestionWriter.tasks).count)
        for task in CIFQuestionWriter.tasks {
            let templates = CIFQuestionTemplates.templates(task)
            #expect(templates.count >= 4, "\(task)")
            #expect(Set(templates).count == templates.count, "\(task): repeated phrasing")
            for (i, template) in templates.enumerated() {
                #expect(template.placeholders.isSubset(of: Set(values.keys).union(values.keys.map { $0.prefix(1).uppercased() + $0.dropFirst() })),
                        "\(task).\(i + 1): \(template.placeholders.subtracting(values.keys))")
                let pair = try #require(template.render(values), "\(task).\(i + 1)")
                for text in [pair.question, pair.answer] {
                    #expect(!text.contains("{") && !text.contains("}"), "\(task).\(i + 1): \(text)")
                    for bad in ["nil", "unknown", "Optional", "  ", " ,", " ."] { #expect(!text.contains(bad), "\(task).\(i + 1): \(text)") }
                    if text.contains(EmbeddedCIF.blockLine) { continue }
                    #expect(text.first?.isUppercase == true, "\(task).\(i + 1): \(text)")
                    #expect(text.hasSuffix(".") || text.hasSuffix("?"), "\(task).\(i + 1): \(text)")
                }
            }
        }
        // A missing value leaves the template out instead of writing a hole.
        #expect(CIFQuestionTemplate("What is {x}?", "{y}.").render(["x": "a"]) == nil)
        #expect(CIFQuestionTemplate.fill("{Structure} is {v}.", ["structure": "the cell", "v": "{x}"]) == "The cell is {x}.")
    }

    @Test func numberAndSymbolText() {
        #expect(QANumberText.format(4.0060) == "4.006")
        #expect(QANumberText.format(90.0) == "90")
        #expect(QANumberText.format(64.28841) == "64.2884")
        #expect(QANumberText.format(-0.00001) == "0")
        #expect(QANumberText.format(.nan) == nil && QANumberText.format(.infinity) == nil)
        #expect(SpaceGroupSymbolText.compact("P m -3 m") == "Pm-3m")
        #expect(SpaceGroupSymbolText.compact("P 1 21/c 1") == "P21/c")
        #expect(SpaceGroupSymbolText.compact("F d -3 m :2") == "Fd-3m:2")
        #expect(SpaceGroupSymbolText.compact("P_63/m_m_c") == "P63/mmc")
        #expect(SpaceGroupSymbolText.compact("P -1") == "P-1")
        #expect(!SpaceGroupSymbolText.isPlausible("unknown") && !SpaceGroupSymbolText.isPlausible("?"))
        #expect(CIFStructureFacts.reducedFormula(ofFormulaSum: "C6 H12 O6") == "H2CO", "pymatgen orders by electronegativity")
        #expect(CIFStructureFacts.reducedFormula(ofFormulaSum: "Fe2+ O") == nil)
        #expect(CIFStructureFacts.symbols(inFormula: "Ca3Al2(SiO4)3") == ["Ca", "Al", "Si", "O"])
        #expect(CIFStructureFacts.symbols(inFormula: "Hello") == nil)
    }

    // MARK: Real files

    @Test func realFixturesGiveCleanQuestions() throws {
        guard let shared = Fixtures.shared else {
            print(Fixtures.sharedMissing)
            return
        }
        let root = shared.appendingPathComponent("fixtures/cif")
        let files = (FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".cif") }.sorted()
        #expect(files.count > 50)
        var structures = 0, withLattice = 0
        for file in files {
            let url = root.appendingPathComponent(file)
            guard let bytes = try? Data(contentsOf: url), bytes.count < 2_000_000 else { continue }
            var documents: [Document] = []
            var context = ReaderContext(sink: { documents.append($0) })
            var reader = CIFDocumentReader()
            try? reader.read(InputMember(file: file, relativePath: file, source: MemoryByteSource(Array(bytes))), into: &context)
            for d in documents {
                let qs = CIFQuestionWriter(phrasingsPerTask: 2).questions(for: d)
                Self.expectClean(qs)
                if !qs.isEmpty { structures += 1 }
                guard let a = d.metadata.extra["cell"]?.objectValue?["a"]?.doubleValue, let aText = QANumberText.format(a) else { continue }
                for answer in Self.answers(qs, "lattice_parameters") {
                    withLattice += 1
                    #expect(answer.contains("a = \(aText) Å") || answer.contains("a = b = \(aText) Å") || answer.contains("a = b = c = \(aText) Å")
                                || answer.contains("a = c = \(aText) Å"), "\(file): \(answer)")
                }
            }
        }
        #expect(structures > 50 && withLattice > 50, "\(structures) structures, \(withLattice) lattice answers")
    }
}
