import Foundation
import Testing
@testable import CorpusCore

/// `StageOutput.tally` and `StageStats.tallies`: counting, resetting, merging, the key limit and JSON.
@Suite struct StageTallyTests {
    static let doc = Document(id: "d1", text: "SiO2 and Fe2O3", source: "paper", provenance: Provenance(file: "f.xml"))

    @Test func tallyCountsByNameAndKeyAndResetEmptiesEverything() {
        var output = StageOutput()
        output.tally("canonical", "SiO2")
        output.tally("canonical", "SiO2")
        output.tally("canonical", "Fe2O3", by: 5)
        output.tally("kind", "formula", by: 3)
        output.emit(Self.doc)
        output.drop(Self.doc, reason: "too_short")
        #expect(output.tallies == ["canonical": ["SiO2": 2, "Fe2O3": 5], "kind": ["formula": 3]])

        output.reset()
        #expect(output.tallies.isEmpty && output.emitted.isEmpty && output.dropped.isEmpty)
        // Counting starts afresh after a reset.
        output.tally("canonical", "SiO2")
        #expect(output.tallies == ["canonical": ["SiO2": 1]])
    }

    @Test func mergeAddsTalliesWithTheOtherCounters() {
        var a = StageStats(stage: "chem")
        a.documentsIn = 2
        a.dropped = ["x": 1]
        a.tallies = ["canonical": ["SiO2": 3, "TiO2": 1]]
        var b = StageStats(stage: "chem")
        b.documentsIn = 3
        b.dropped = ["x": 2]
        b.tallies = ["canonical": ["SiO2": 4, "Fe2O3": 2], "kind": ["formula": 9]]
        a.merge(b)
        #expect(a.documentsIn == 5 && a.dropped == ["x": 3])
        #expect(a.tallies == ["canonical": ["SiO2": 7, "TiO2": 1, "Fe2O3": 2], "kind": ["formula": 9]])
        // Merging stats without tallies leaves them as they are.
        a.merge(StageStats(stage: "chem"))
        #expect(a.tallies["canonical"]?["SiO2"] == 7)
    }

    @Test func sortedTallyIsMostFrequentFirstThenKeyByteOrder() {
        var s = StageStats(stage: "chem")
        s.tallies = ["canonical": ["b": 2, "a": 2, "Z": 2, "c": 5, "é": 2, "d": 1]]
        // "Z" (0x5A) < "a" < "b" < "é" (0xC3 0xA9) in UTF-8 byte order.
        #expect(s.sortedTally("canonical").map(\.key) == ["c", "Z", "a", "b", "é", "d"])
        #expect(s.sortedTally("canonical", limit: 2) == [TallyCount(key: "c", count: 5), TallyCount(key: "Z", count: 2)])
        #expect(s.sortedTally("missing").isEmpty)
    }

    @Test func capKeepsTheLargestCounts() {
        var s = StageStats(stage: "chem")
        s.tallies = ["t": ["a": 5, "b": 1, "c": 3, "d": 1, "e": 3], "small": ["x": 1]]
        s.capTallies(to: 3)
        // Ties at the cut: "c" and "e" both have 3 and both fit; of the 1s neither does.
        #expect(s.tallies == ["t": ["a": 5, "c": 3, "e": 3], "small": ["x": 1]])
        s.capTallies(to: 2)
        #expect(s.tallies["t"] == ["a": 5, "c": 3], "equal counts: the smaller key stays")
    }

    @Test func addingCutsATallyOnlyAtTwiceTheLimit() {
        var s = StageStats(stage: "chem")
        s.addTallies(["t": ["big": 100]], limit: 4)
        for i in 0..<6 { s.addTallies(["t": ["k\(i)": 1]], limit: 4) }
        // 7 keys: under twice the limit, nothing cut yet.
        #expect(s.tallies["t"]?.count == 7)
        s.addTallies(["t": ["k6": 2]], limit: 4)
        // 8 keys reach twice the limit: cut to the 4 largest counts, ties by key.
        #expect(s.tallies["t"] == ["big": 100, "k6": 2, "k0": 1, "k1": 1])
        // A dropped key seen again starts from its new count.
        s.addTallies(["t": ["k5": 1, "big": 1]], limit: 4)
        #expect(s.tallies["t"] == ["big": 101, "k6": 2, "k0": 1, "k1": 1, "k5": 1])
    }

    @Test func tallyMemoryStaysBoundedAtTheDefaultLimit() {
        var s = StageStats(stage: "chem")
        for i in 0..<(5 * StageStats.tallyKeyLimit) { s.addTallies(["id": ["key\(i)": 1], "formula": ["SiO2": 1]]) }
        #expect(s.tallies["id"]!.count < 2 * StageStats.tallyKeyLimit)
        #expect(s.tallies["formula"] == ["SiO2": 5 * StageStats.tallyKeyLimit])
        s.capTallies()
        #expect(s.tallies["id"]!.count == StageStats.tallyKeyLimit)
    }

    @Test func jsonListsEachTallyMostFrequentFirstAndOmitsEmptyTallies() throws {
        var s = StageStats(stage: "chem")
        s.documentsIn = 4
        s.tallies = ["canonical": ["Fe2O3": 2, "SiO2": 7, "Al2O3": 2]]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(s), as: UTF8.self)
        #expect(json.contains(#""tallies":{"canonical":[{"count":7,"key":"SiO2"},{"count":2,"key":"Al2O3"},{"count":2,"key":"Fe2O3"}]}"#), "\(json)")
        #expect(try JSONDecoder().decode(StageStats.self, from: Data(json.utf8)) == s)

        let plain = String(decoding: try encoder.encode(StageStats(stage: "x")), as: UTF8.self)
        #expect(plain == #"{"bytes_in":0,"bytes_out":0,"documents_in":0,"documents_out":0,"dropped":{},"seconds":0,"stage":"x"}"#)
    }

    @Test func reportsWrittenBeforeTalliesStillDecode() throws {
        let old = #"{"bytes_in":10,"bytes_out":9,"documents_in":2,"documents_out":1,"dropped":{"too_short":1},"seconds":0.5,"stage":"length_filter"}"#
        let s = try JSONDecoder().decode(StageStats.self, from: Data(old.utf8))
        #expect(s.stage == "length_filter" && s.documentsOut == 1 && s.dropped == ["too_short": 1])
        #expect(s.tallies.isEmpty)
    }
}
