import Foundation
import Testing
import _CorpusTestSupport

/// Malformed inputs are recorded with file, member, offset and reason; the run goes on.
@Suite struct BadInputTests {
    func shell(_ command: String, in dir: URL) throws {
        let r = try CommandRunner.run(["-c", command], executable: URL(fileURLWithPath: "/bin/bash"), directory: dir)
        if r.status != 0 { throw TestFailure("\(command): \(r.stderr)") }
    }

    @Test func badInputsAreRecordedAndTheRestIsWritten() throws {
        let dir = try Fixtures.temporaryDirectory("badinput")
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let good = String(repeating: "Lithium iron phosphate (LiFePO4) cathodes were cycled at 1C. ", count: 50)
        try good.write(to: input.appendingPathComponent("a-good.txt"), atomically: true, encoding: .utf8)
        // Invalid UTF-8 at byte 4.
        try Data([0x4F, 0x4B, 0x20, 0x3A, 0xC3, 0x28, 0x20, 0x78]).write(to: input.appendingPathComponent("b-invalid-utf8.txt"))
        // A gzip file damaged in its compressed data, and a zstd file cut short.
        try shell("""
            head -c 200000 /dev/urandom | base64 > big.txt
            gzip -c big.txt > c-corrupt.txt.gz && printf '\\xff\\xff\\xff\\xff' | dd of=c-corrupt.txt.gz bs=1 seek=5000 conv=notrunc status=none
            zstd -q -c big.txt > big.zst && head -c 20000 big.zst > d-truncated.txt.zst && rm big.txt big.zst
            mkdir m && cp a-good.txt m/one.txt && printf 'caf\\xe9' > m/two.txt && tar czf e-archive.tar.gz m && rm -r m
            """, in: input)
        let pipeline = try E2E.pipeline("""
            name = "bad"
            [[inputs]]
            path = "input"
            reader = "text"
            """, in: dir)
        let out = dir.appendingPathComponent("out")
        let result = try CommandRunner.run(["run", pipeline, "--output", out.path, "--quiet"])
        #expect(result.status == 3, "partial success: \(result.stderr)")

        let lines = try E2E.documentLines(out)
        #expect(lines.count == 2, "a-good.txt and the archive's good member are written")

        let stats = try E2E.stats(out)
        let rejections = stats["rejections"] as! [[String: Any]]
        func rejection(_ suffix: String) -> [String: Any]? {
            rejections.first { ($0["file"] as! String).hasSuffix(suffix) }
        }
        #expect(rejections.count == 4, "\(rejections)")
        let utf8 = rejection("b-invalid-utf8.txt")
        #expect(utf8?["offset"] as? Int == 4)
        #expect((utf8?["reason"] as? String)?.contains("invalid UTF-8") == true)
        let gz = rejection("c-corrupt.txt.gz")
        #expect((gz?["reason"] as? String)?.contains("gzip") == true)
        #expect(gz?["offset"] != nil)
        let zst = rejection("d-truncated.txt.zst")
        #expect((zst?["reason"] as? String)?.contains("truncated") == true)
        let member = rejection("e-archive.tar.gz")
        #expect(member?["member"] as? String == "m/two.txt")
        #expect(member?["offset"] as? Int == 3)

        let table = try CommandRunner.run(["stats", out.path])
        #expect(table.stdout.contains("Rejected inputs (4)"))
    }

    @Test func invalidPipelineStopsBeforeWorkWithExitStatus2() throws {
        let dir = try Fixtures.temporaryDirectory("badpipeline")
        defer { try? FileManager.default.removeItem(at: dir) }
        let pipeline = try E2E.pipeline("""
            name = "x"
            [[inputs]]
            path = "nowhere"
            reader = "text"
            [[stages]]
            type = "length_filter"
            min_chars = "ten"
            """, in: dir)
        let result = try CommandRunner.run(["run", pipeline, "--output", dir.appendingPathComponent("out").path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("p.toml:7:13: option \"min_chars\" in stage \"length_filter\" must be an integer, found string"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }
}
