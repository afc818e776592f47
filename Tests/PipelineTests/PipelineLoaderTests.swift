import Testing
@testable import Pipeline

@Suite struct PipelineLoaderTests {
    static let valid = """
    version = 1
    name = "t"
    workers = 2

    [[inputs]]
    path = "${DATA:-data}/corpus.tar.gz"
    include = ["**/*.xml"]
    reader = "xml"
    source = "paper"

    [[stages]]
    type = "length_filter"
    min_chars = 100

    [output]
    compression = "none"
    """

    func issues(_ text: String) -> [PipelineIssue] {
        do {
            _ = try PipelineLoader.parse(text, file: "p.toml", baseDirectory: "/base")
            return []
        } catch PipelineError.invalid(let issues) {
            return issues
        } catch {
            Issue.record("unexpected error \(error)")
            return []
        }
    }

    @Test func validPipelineResolvesDefaultsAndPaths() throws {
        let spec = try PipelineLoader.parse(Self.valid, file: "p.toml", baseDirectory: "/base", environment: [:])
        #expect(spec.name == "t" && spec.workers == 2)
        #expect(spec.inputs[0].path == "/base/data/corpus.tar.gz")
        #expect(spec.inputs[0].options.bool("references") == false)
        #expect(spec.inputs[0].options.string("markers") == "none")
        #expect(spec.stages[0].options.integer("min_chars") == 100)
        #expect(spec.stages[0].options.integer("max_chars") == 0)
        #expect(spec.output.compression == "none" && spec.output.directory == "out/t")
        let withEnv = try PipelineLoader.parse(Self.valid, file: "p.toml", baseDirectory: "/base", environment: ["DATA": "/data"])
        #expect(withEnv.inputs[0].path == "/data/corpus.tar.gz")
    }

    @Test func unicodeNormalizeDefaultsToChemistrySafeNFKC() throws {
        let text = Self.valid + "\n[[stages]]\ntype = \"unicode_normalize\"\n\n[[stages]]\ntype = \"unicode_normalize\"\nform = \"NFC\"\nchemistry = false\n"
        let spec = try PipelineLoader.parse(text, file: "p.toml", baseDirectory: "/base", environment: [:])
        #expect(spec.stages[1].options.string("form") == "NFKC" && spec.stages[1].options.bool("chemistry") == true)
        #expect(spec.stages[2].options.string("form") == "NFC" && spec.stages[2].options.bool("chemistry") == false)
        let stages = try spec.stages.dropFirst().map { try Registry.stage(named: $0.type)!.build($0.options) }
        #expect(stages.map(\.name) == ["unicode_normalize", "unicode_normalize"])
        #expect(issues(text.replacingOccurrences(of: "chemistry = false", with: "chemistry = \"no\"")).first?.message
            .contains("must be a boolean") == true)
    }

    @Test func unknownTopLevelOptionNamesItsLine() {
        let found = issues("no_such_option_zz = 1\n" + Self.valid)
        #expect(found.count == 1)
        #expect(found.first?.line == 1 && found.first?.column == 1)
        #expect(found.first?.message.contains("no_such_option_zz") == true)
        #expect(found.first?.description.hasPrefix("p.toml:1:1: unknown option") == true)
    }

    @Test func everyProblemIsReportedWithItsLine() {
        let text = Self.valid
            .replacingOccurrences(of: "min_chars = 100", with: "min_chars = \"100\"\nmin_chras = 3")
            .replacingOccurrences(of: "reader = \"xml\"", with: "reader = \"xml\"\nkeep_refs = true")
            + "\n[[stages]]\ntype = \"no_such_stage\"\n"
        let found = issues(text)
        let byLine = Dictionary(grouping: found, by: \.line)
        #expect(found.count == 4, "\(found)")
        #expect(byLine[9]?.first?.message.contains("unknown option \"keep_refs\"") == true)
        #expect(byLine[14]?.first?.message.contains("must be an integer, found string") == true)
        #expect(byLine[15]?.first?.message.contains("did you mean \"min_chars\"") == true)
        #expect(found.contains { $0.message.contains("unknown stage \"no_such_stage\"") && $0.line == 20 })
    }

    @Test func typeRangeAndChoiceErrors() {
        #expect(issues(Self.valid.replacingOccurrences(of: "workers = 2", with: "workers = -1")).first?.message.contains("at least 0") == true)
        #expect(issues(Self.valid.replacingOccurrences(of: "compression = \"none\"", with: "compression = \"lz4\"")).first?.message
            .contains("one of \"zstd\", \"none\"") == true)
        #expect(issues(Self.valid.replacingOccurrences(of: "reader = \"xml\"", with: "reader = \"pdf\"")).first?.message
            .contains("unknown reader \"pdf\"") == true)
        #expect(issues(Self.valid.replacingOccurrences(of: "include = [\"**/*.xml\"]", with: "include = [\"a\", 3]")).first?.line == 7)
        let noEnv = issues(Self.valid.replacingOccurrences(of: "${DATA:-data}", with: "${NOT_SET_ANYWHERE}"))
        #expect(noEnv.first?.message.contains("NOT_SET_ANYWHERE is not set") == true)
    }

    @Test func tomlSyntaxErrorsCarryPosition() {
        let found = issues("name = \"unterminated\n")
        #expect(found.count == 1 && found.first?.line == 1)
    }
}
