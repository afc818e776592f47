import Foundation
import Testing
import _CorpusTestSupport

/// The `jsonl` reader end to end: ids kept, sources labelled by the input, bad lines rejected by line.
@Suite struct JSONLInputTests {
    @Test func badLinesAreRejectedByLineAndTheRestKept() throws {
        let dir = try Fixtures.temporaryDirectory("jsonl")
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        var bytes = Data()
        bytes += Data(#"{"id": "a1", "text": "Perovskite solar cells reached 25% efficiency.", "source": "web", "year": 2021}"#.utf8) + Data([0x0A])
        bytes += Data(#"{"id": "a2", "text": "unterminated"#.utf8) + Data([0x0A])
        bytes += Data(#"{"text": "no id here; one is derived from file and line"}"#.utf8) + Data([0x0A])
        bytes += Data(#"{"id": "a4", "text": "bad byte "#.utf8) + Data([0xFF]) + Data(#"" }"#.utf8) + Data([0x0A])
        bytes += Data(#"{"id": "a5", "nottext": 1}"#.utf8) + Data([0x0A])
        try bytes.write(to: input.appendingPathComponent("part.jsonl"))
        let gzip = try CommandRunner.run(["-c", "gzip part.jsonl"], executable: URL(fileURLWithPath: "/bin/bash"), directory: input)
        #expect(gzip.status == 0)
        let pipeline = try E2E.pipeline("""
            name = "jsonl"
            [[inputs]]
            path = "input"
            reader = "jsonl"
            source = "general"
            """, in: dir)
        let out = dir.appendingPathComponent("out")
        let result = try CommandRunner.run(["run", pipeline, "--output", out.path, "--quiet"])
        #expect(result.status == 3, "\(result.stderr)")
        let docs = try E2E.documentLines(out).map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(docs.count == 2)
        let kept = docs.first { $0["id"] as? String == "a1" }
        #expect(kept?["source"] as? String == "general")
        let metadata = kept?["metadata"] as? [String: Any]
        #expect(metadata?["origin_source"] as? String == "web")
        #expect(metadata?["year"] as? Int == 2021)
        let derived = docs.first { $0["id"] as? String != "a1" }
        #expect((derived?["id"] as? String)?.hasPrefix("general-") == true)
        #expect((derived?["provenance"] as? [String: Any])?["line"] as? Int == 3)

        let rejections = try E2E.stats(out)["rejections"] as! [[String: Any]]
        #expect(rejections.compactMap { $0["line"] as? Int }.sorted() == [2, 4, 5], "\(rejections)")
        let utf8 = rejections.first { $0["line"] as? Int == 4 }
        #expect((utf8?["reason"] as? String)?.contains("UTF-8") == true)
        // Line 4 starts after lines 1-3; the bad byte is 31 bytes into it: {"id": "a4", "text": "bad byte 
        let lineStarts = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).prefix(3).reduce(0) { $0 + $1.count + 1 }
        #expect(utf8?["offset"] as? Int == lineStarts + 31)
    }

    @Test func realGeneralTextKeepsItsIDs() throws {
        guard let shared = Fixtures.shared else {
            print(Fixtures.sharedMissing)
            return
        }
        let dir = try Fixtures.temporaryDirectory("jsonl-real")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sample = shared.appendingPathComponent("fixtures/text/general/medline_abstracts.sample.jsonl")
        let pipeline = try E2E.pipeline("""
            name = "general"
            [[inputs]]
            path = "\(sample.path)"
            reader = "jsonl"
            source = "general"
            """, in: dir)
        let out = dir.appendingPathComponent("out")
        let result = try CommandRunner.run(["run", pipeline, "--output", out.path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOf: sample, encoding: .utf8).split(separator: "\n")
        let expected = Set(lines.map { (try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["id"] as! String })
        let got = try E2E.documentLines(out).map { (try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["id"] as! String }
        #expect(got.count == lines.count)
        #expect(Set(got) == expected)
    }
}
