import Foundation
import Testing
import _CorpusTestSupport
@testable import CIF

/// Every fixture file, read as CIF 1.1 (as gemmi reads it), is accepted or rejected exactly as
/// gemmi 0.7.5 does; rejections name the same line and (with the exceptions below) column.
@Suite struct CIFEdgeSuiteTests {
    /// Where our first error deliberately points elsewhere than gemmi's. gemmi's PEG parser,
    /// on a value followed by a forbidden byte inside a loop, backtracks: it ends the loop there
    /// and reports either the loop's value count (at `loop_`) or the start of the value. We name
    /// the forbidden byte itself. Value: our (line, column, rule).
    static let positionDifferences: [String: (line: Int, column: Int, rule: String)] = [
        "cif/cod/codtools__9003354.cif": (65, 5, "invalid-character"),                      // gemmi: 49:1 loop count
        "cif/edge/codtools__9003354-unexpected-loop-end.cif": (12, 5, "invalid-character"), // gemmi: 2:1 loop count
        "cif/edge/codtools__other-codes.cif": (15, 58, "invalid-character"),                // gemmi: 2:1 loop count
        "cif/edge/codtools__ciftest5.cif": (109, 9, "invalid-character"),                   // gemmi: 109:8 value start
        "cif/edge/codtools__combining-characters.cif": (7, 2, "invalid-character"),         // gemmi: 7:1 value start
        "cif/edge/codtools__non-ascii.cif": (5, 5, "invalid-character"),                    // gemmi: 5:1 value start
    ]

    @Test func acceptRejectAndPositionsMatchGemmi() throws {
        guard let shared = Fixtures.shared else {
            print(Fixtures.sharedMissing)
            return
        }
        var byFile: [String: CIFOracleRecord] = [:]
        for r in try CIFOracle.load(shared) where byFile[r.file] == nil || r.gemmiError != nil { byFile[r.file] = r }
        #expect(byFile.count > 400)
        var compared = 0
        for (file, record) in byFile.sorted(by: { $0.key < $1.key }) {
            let doc = CIFDocument(parsing: try CIFOracle.bytes(shared, file), file: file, options: CIFParseOptions(grammar: .cif1_1))
            let gemmiError = record.gemmiError
            if gemmiError == "no data blocks" {
                #expect(doc.blocks.isEmpty && doc.warnings.contains { $0.kind == .noDataBlocks }, "\(file)")
                continue
            }
            #expect(doc.isValid == (gemmiError == nil), "\(file): ours \(doc.errors.first?.description ?? "OK"), gemmi \(gemmiError ?? "OK")")
            guard let ours = doc.errors.first, let theirs = record.gemmiLocation else { continue }
            compared += 1
            if let expected = Self.positionDifferences[file] {
                #expect(ours.location.line == expected.line && ours.location.column == expected.column && ours.rule.name == expected.rule,
                        "\(file): \(ours)")
                continue
            }
            #expect(ours.location.line == theirs.line, "\(file): ours \(ours), gemmi \(gemmiError!)")
            if let column = theirs.column { #expect(ours.location.column == column, "\(file): ours \(ours), gemmi \(gemmiError!)") }
        }
        #expect(compared >= 45)
    }

    /// The rule each rejected edge-case file breaks, as gemmi names it.
    @Test func rulesNamedLikeGemmi() throws {
        guard let shared = Fixtures.shared else {
            print(Fixtures.sharedMissing)
            return
        }
        let expected: [String: String] = [
            "cif/edge-synthetic/ciflsp__duplicate_tag.cif": "duplicate-tag",
            "cif/edge-synthetic/ciflsp__loop_arity_mismatch.cif": "loop-value-count",
            "cif/edge-synthetic/ciflsp__unclosed_loop.cif": "loop-without-tags",
            "cif/edge/codtools__missing-closing-double-quote.cif": "unterminated-quoted-string",
            "cif/edge/codtools__ciftest7.cif": "unterminated-quoted-string",
            "cif/edge/codtools__test.cif": "content-before-first-block",
            "cif/edge/codtools__entity-in-tag-name.cif": "invalid-character",
            "cif/edge/codtools__2009397-syntax-error.cif": "value-without-tag",
            "cif/amcsd/dans__Sapphire.cif": "duplicate-tag",
            "cif/other/diffpy__LiCl-bad.cif": "unterminated-quoted-string",
        ]
        for (file, rule) in expected {
            let doc = CIFDocument(parsing: try CIFOracle.bytes(shared, file), file: file)
            #expect(doc.errors.first?.rule.name == rule, "\(file): \(doc.errors.first?.description ?? "no error")")
            #expect(doc.errors.first?.description.hasPrefix(file + ":") == true)
        }
    }

    /// Files announcing `#\#CIF_2.0` are read with the CIF 2.0 grammar by default: all of the
    /// suite's CIF 2.0 files parse (gemmi, a CIF 1.1 reader, rejects most of them).
    @Test func cif2FilesParse() throws {
        guard let shared = Fixtures.shared else {
            print(Fixtures.sharedMissing)
            return
        }
        let folder = shared.appendingPathComponent("fixtures/cif/edge")
        var count = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".cif") {
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
            guard CIFParser.hasCIF2Magic(bytes, at: 0) else { continue }
            let doc = CIFDocument(parsing: bytes, file: name)
            #expect(doc.version == .cif2_0)
            #expect(doc.isValid, "\(name): \(doc.errors.first?.description ?? "")")
            #expect(!doc.blocks.isEmpty)
            count += 1
        }
        #expect(count == 16)
    }

    /// The recovering reader still gets the structure out of files with one syntax error.
    @Test func recoveryKeepsStructures() throws {
        guard let shared = Fixtures.shared else {
            print(Fixtures.sharedMissing)
            return
        }
        for file in ["cif/cod/codtools__9003354.cif", "cif/other/diffpy__LiCl-bad.cif", "cif/other/dans__NaCoO2_stripe_supercell.cif",
                     "cif/amcsd/dans__Sapphire.cif", "cif/edge/codtools__2009397-syntax-error.cif"] {
            let doc = CIFDocument(parsing: try CIFOracle.bytes(shared, file), file: file)
            #expect(!doc.isValid)
            let block = try #require(doc.blocks.first { CrystalStructure.isStructureBlock($0) }, "\(file)")
            let structure = CrystalStructure(block: block)
            #expect(structure.cell != nil && !structure.sites.isEmpty, "\(file)")
        }
    }
}
