import CorpusCore
import Foundation
import Testing
import _CorpusTestSupport
@testable import Pipeline

/// The quality-filter stages through the registry, with their defaults, on real documents: the XML
/// papers and CIF text renderings of `../shared/fixtures`, read by the `xml` and `cif` readers.
@Suite struct FilterStagesTests {
    static let filterTypes = ["language_filter", "gopher_quality", "gopher_repetition", "boilerplate_remove", "pii_redact"]

    /// The options with their declared defaults, as the pipeline loader fills them in.
    static func defaults(_ options: [OptionSpec], _ overrides: [String: OptionValue] = [:]) -> ResolvedOptions {
        var values: [String: OptionValue] = [:]
        for o in options { if let d = o.defaultValue { values[o.name] = d } }
        return ResolvedOptions(values.merging(overrides) { $1 })
    }

    static func stage(_ type: String, _ overrides: [String: OptionValue] = [:]) throws -> any Stage {
        let definition = try #require(Registry.stage(named: type), "\(type) is not registered")
        return try definition.build(defaults(definition.options, overrides))
    }

    static func run(_ stage: inout any Stage, _ document: Document) throws -> StageOutput {
        var output = StageOutput()
        try stage.process(document, into: &output)
        return output
    }

    /// Every document a reader gives for the files under `folder` with the given suffixes.
    static func read(_ reader: String, _ folder: URL, suffixes: [String], source: DocumentSource,
                     _ overrides: [String: OptionValue] = [:]) throws -> [Document] {
        let definition = try #require(Registry.reader(named: reader))
        var documents: [Document] = []
        let files = (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? [])
            .filter { f in suffixes.contains { f.hasSuffix($0) } }.sorted()
        for file in files {
            var r = try definition.build(defaults(definition.options, overrides), source)
            let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(file)))
            var context = ReaderContext(sink: { documents.append($0) })
            try? r.read(InputMember(file: file, relativePath: file, source: MemoryByteSource(bytes)), into: &context)
        }
        return documents
    }

    /// ROT13, which some redistributed publisher XML applies to its article text.
    static func rot13(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { s -> Unicode.Scalar in
            guard s.isASCII, let b = UInt8(exactly: s.value), (b | 0x20) >= UInt8(ascii: "a"), (b | 0x20) <= UInt8(ascii: "z") else { return s }
            let base: UInt8 = b < UInt8(ascii: "a") ? UInt8(ascii: "A") : UInt8(ascii: "a")
            return Unicode.Scalar(base + (b - base + 13) % 26)
        }))
    }

    @Test func everyFilterIsRegisteredAndBuildsWithItsDefaults() throws {
        for type in Self.filterTypes {
            let stage = try Self.stage(type)
            #expect(stage.name == type)
            for option in Registry.stage(named: type)!.options {
                #expect(option.defaultValue != nil, "\(type).\(option.name) has a default")
                #expect(!option.help.isEmpty)
            }
        }
    }

    @Test func badOptionValuesAreRejectedWhenBuilding() {
        #expect(throws: (any Error).self) { try Self.stage("language_filter", ["languages": .stringArray(["en", "klingon"])]) }
        #expect(throws: (any Error).self) { try Self.stage("boilerplate_remove", ["extra_patterns": .stringArray(["funding:"])]) }
    }

    @Test func optionsReachTheStage() throws {
        var strict = try Self.stage("gopher_quality", ["min_words": .integer(5000)])
        let short = Document(id: "d", text: "A short but proper English sentence with the usual words.", source: .paper, provenance: Provenance(file: "x"))
        #expect(try Self.run(&strict, short).dropped.first?.reason.rawValue == "gopher_too_few_words")
        var redact = try Self.stage("pii_redact", ["email_placeholder": .string("[at]")])
        let mail = Document(id: "d", text: "Write to a.b@c.org please.", source: .paper, provenance: Provenance(file: "x"))
        #expect(try Self.run(&redact, mail).emitted.first?.text == "Write to [at] please.")
    }

    /// With the defaults, no real paper is dropped by `gopher_quality`, `gopher_repetition` or
    /// `language_filter`; what is dropped is ROT13-scrambled text (some fixture articles are
    /// scrambled by their redistributor), which reads as English, French or German once unscrambled.
    @Test func realPapersPassAndOnlyScrambledTextIsDropped() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        let papers = try Self.read("xml", shared.appendingPathComponent("fixtures/xml"), suffixes: [".xml", ".nxml"], source: .paper)
        #expect(papers.count >= 100)
        var stages = try ["gopher_quality", "gopher_repetition", "language_filter"].map { try Self.stage($0) }
        var realDropped: [String] = []
        var scrambledDropped = 0
        for paper in papers {
            for i in stages.indices {
                let output = try Self.run(&stages[i], paper)
                guard let drop = output.dropped.first else { continue }
                // Scrambled: unscrambling makes it pass the language filter (English, French or German).
                var language = try Self.stage("language_filter", ["languages": .stringArray(["en", "fr", "de"])])
                var unscrambled = paper
                unscrambled.text = Self.rot13(paper.text)
                if try Self.run(&language, unscrambled).emitted.count == 1 {
                    scrambledDropped += 1
                } else {
                    realDropped.append("\(stages[i].name): \(drop.reason): \(paper.text.prefix(100))")
                }
            }
        }
        #expect(realDropped.isEmpty, "\(realDropped.count) real papers dropped:\n\(realDropped.joined(separator: "\n"))")
        #expect(scrambledDropped >= 20, "the language filter drops the scrambled fixture articles")
    }

    /// CIF text renderings of every fixture structure pass all three filters and are left unchanged
    /// by `boilerplate_remove` and `pii_redact`.
    @Test func cifRenderingsPassEveryFilter() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        let renderings = try Self.read("cif", shared.appendingPathComponent("fixtures/cif"), suffixes: [".cif"], source: .cif,
                                       ["render": .string("text")])
        #expect(renderings.count >= 300)
        var stages = try Self.filterTypes.map { try Self.stage($0) }
        var failures: [String] = []
        for doc in renderings {
            for i in stages.indices {
                let output = try Self.run(&stages[i], doc)
                if output.emitted.first?.text != doc.text {
                    failures.append("\(stages[i].name): \(output.dropped.first?.reason.rawValue ?? "changed"): \(doc.text.prefix(80))")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(10).joined(separator: "\n"))")
    }

    /// `boilerplate_remove` on the papers removes declarations and keeps every paper.
    @Test func boilerplateRemovalOnRealPapers() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        let papers = try Self.read("xml", shared.appendingPathComponent("fixtures/xml"), suffixes: [".xml", ".nxml"], source: .paper)
        var stage = try Self.stage("boilerplate_remove")
        var tallies: [String: Int] = [:]
        var keptAll = true
        for paper in papers {
            let output = try Self.run(&stage, paper)
            keptAll = keptAll && output.emitted.count == 1
            for (kind, n) in output.tallies["boilerplate"] ?? [:] { tallies[kind, default: 0] += n }
            if let text = output.emitted.first?.text {
                #expect(!text.contains("Declaration of Competing Interest"))
                #expect(!text.contains("The authors declare that they have no known competing financial interests"))
            }
        }
        #expect(keptAll)
        for kind in ["competing_interest", "funding", "author_contributions"] { #expect((tallies[kind] ?? 0) > 10, "\(kind): \(tallies)") }
    }
}
