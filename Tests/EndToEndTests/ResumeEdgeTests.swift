import Foundation
import Testing
import _CorpusTestSupport

/// Resume decisions: damaged outputs are redone, changed pipelines are refused, busy directories locked.
@Suite struct ResumeEdgeTests {
    func setUp(_ dir: URL) throws -> String {
        let input = dir.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for i in 0..<12 {
            let text = (0..<2000).map { "Document \(i), sentence \($0): spinel ferrite CoFe2O4 nanoparticles." }.joined(separator: " ")
            try text.write(to: input.appendingPathComponent("f\(i).txt"), atomically: true, encoding: .utf8)
        }
        return try E2E.pipeline("""
            name = "edges"
            task_mb = 1
            [[inputs]]
            path = "input"
            reader = "text"
            """, in: dir)
    }

    @Test func aDamagedOutputIsRedoneAndAnEditedPipelineIsRefused() throws {
        let dir = try Fixtures.temporaryDirectory("edges")
        defer { try? FileManager.default.removeItem(at: dir) }
        let pipeline = try setUp(dir)
        let out = dir.appendingPathComponent("out")
        #expect(try CommandRunner.run(["run", pipeline, "-o", out.path, "-q"]).status == 0)
        let expected = try E2E.documentLines(out)
        #expect(expected.count == 12)

        // Truncate an output file behind its completion marker: its task must run again.
        let documents = out.appendingPathComponent("documents")
        let victim = documents.appendingPathComponent(E2E.files(in: documents)[0])
        let handle = try FileHandle(forWritingTo: victim)
        try handle.truncate(atOffset: 10)
        try handle.close()
        let rerun = try CommandRunner.run(["run", pipeline, "-o", out.path])
        #expect(rerun.status == 0)
        #expect(rerun.stderr.contains("1 task run, "), "\(rerun.stderr)")
        #expect(rerun.stderr.contains("already complete"), "only the damaged task is redone: \(rerun.stderr)")
        #expect(try E2E.documentLines(out) == expected)

        // An edited pipeline does not silently mix with the earlier run.
        try (try String(contentsOfFile: pipeline, encoding: .utf8) + "\n[[stages]]\ntype = \"length_filter\"\nmin_chars = 10\n")
            .write(toFile: pipeline, atomically: true, encoding: .utf8)
        let refused = try CommandRunner.run(["run", pipeline, "-o", out.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--restart"), "\(refused.stderr)")
        let restarted = try CommandRunner.run(["run", pipeline, "-o", out.path, "--restart", "-q"])
        #expect(restarted.status == 0)
        #expect(try E2E.documentLines(out) == expected)
        let runs = try E2E.stats(out)["runs"] as! [[String: Any]]
        #expect(runs.count == 1, "--restart starts a fresh run database")
    }

    @Test func aBusyOutputDirectoryIsRefused() throws {
        let dir = try Fixtures.temporaryDirectory("locked")
        defer { try? FileManager.default.removeItem(at: dir) }
        let pipeline = try setUp(dir)
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        // Hold the directory's lock from another process, as a concurrent run would.
        let holder = try CommandRunner.start(["-c", "exec 9>\(out.path)/.lock; flock -x 9; sleep 20"],
                                             executable: URL(fileURLWithPath: "/bin/bash"))
        defer { holder.terminate() }
        usleep(300_000)
        let result = try CommandRunner.run(["run", pipeline, "-o", out.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("in use by another matcorpus run"), "\(result.stderr)")
    }
}
