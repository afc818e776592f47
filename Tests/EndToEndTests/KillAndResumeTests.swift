import Foundation
import Testing
import _CorpusTestSupport

/// A run killed with SIGKILL and then resumed must produce exactly the documents of an
/// uninterrupted run: nothing lost, nothing duplicated.
@Suite(.serialized) struct KillAndResumeTests {
    /// Builds an input folder: many text files with decomposed accents (so NFC has work to do) and one
    /// file of invalid UTF-8 (rejected in both runs alike).
    func makeInputs(_ dir: URL, files: Int, kilobytes: Int) throws {
        let input = dir.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for i in 0..<files {
            var text = ""
            var line = 0
            while text.utf8.count < kilobytes * 1024 {
                text += "File \(i) line \(line): the perovskite La0.7Sr0.3MnO3 was annealed at \(900 + line % 300) K; re\u{301}sume\u{301} of the Fe2O3 phase. "
                if line % 7 == 6 { text += "\n\n" }
                line += 1
            }
            try text.write(to: input.appendingPathComponent(String(format: "doc-%03d.txt", i)), atomically: true, encoding: .utf8)
        }
        try Data([0x61, 0x62, 0x63, 0xFF, 0x20, 0x64]).write(to: input.appendingPathComponent("zz-bad.txt"))
    }

    static let pipelineText = """
    version = 1
    name = "resume"
    workers = 2
    task_mb = 1

    [[inputs]]
    path = "input"
    include = ["*.txt"]
    reader = "text"
    source = "general"

    [[stages]]
    type = "unicode_normalize"

    [[stages]]
    type = "length_filter"
    min_chars = 10

    [output]
    max_file_mb = 1
    """

    @Test func killedRunResumesToExactlyTheUninterruptedOutput() throws {
        let dir = try Fixtures.temporaryDirectory("resume")
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = 60
        try makeInputs(dir, files: files, kilobytes: 300)
        let pipeline = try E2E.pipeline(Self.pipelineText, in: dir)

        // The reference: one uninterrupted run.
        let reference = dir.appendingPathComponent("reference")
        let ref = try CommandRunner.run(["run", pipeline, "--output", reference.path, "--quiet"])
        #expect(ref.status == 3, "one input is invalid UTF-8, so the run is a partial success: \(ref.stderr)")
        let expected = try E2E.documentLines(reference)
        #expect(expected.count == files)
        let totalTasks = E2E.files(in: reference.appendingPathComponent("completions")).count
        #expect(totalTasks > 10)

        // The interrupted run: SIGKILL once the first tasks have completed.
        let killed = dir.appendingPathComponent("killed")
        let completions = killed.appendingPathComponent("completions")
        let (wasRunning, process) = try E2E.runAndKill(["run", pipeline, "--output", killed.path, "--quiet"]) {
            E2E.files(in: completions).count >= 2
        }
        let doneBeforeKill = E2E.files(in: completions).count
        #expect(wasRunning && doneBeforeKill < totalTasks, "the run must be killed part-way (\(doneBeforeKill) of \(totalTasks) tasks done)")
        #expect(process.terminationReason == .uncaughtSignal)

        // Resume with the same command.
        let resumed = try CommandRunner.run(["run", pipeline, "--output", killed.path, "--quiet"])
        #expect(resumed.status == 3, "\(resumed.stderr)")
        let got = try E2E.documentLines(killed)
        #expect(got.count == expected.count)
        #expect(Set(got).count == got.count, "no document is duplicated")
        #expect(got == expected, "the resumed output equals the uninterrupted output, byte for byte per line")
        #expect(E2E.files(in: killed.appendingPathComponent("documents")).allSatisfy { !$0.hasSuffix(".tmp") })

        let stats = try E2E.stats(killed)
        let runs = stats["runs"] as! [[String: Any]]
        #expect(runs.count == 2)
        #expect(runs[0]["status"] as? String == "interrupted")
        #expect((runs[1]["tasks_skipped"] as? Int ?? 0) >= doneBeforeKill)
        let tasks = stats["tasks"] as! [String: Any]
        #expect(tasks["done"] as? Int == totalTasks)

        // A third run finds everything complete and does no work.
        let third = try CommandRunner.run(["run", pipeline, "--output", killed.path])
        #expect(third.stderr.contains("0 tasks run, \(totalTasks) already complete"), "\(third.stderr)")
        #expect(try E2E.documentLines(killed) == expected)
    }
}
