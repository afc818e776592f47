import Foundation
import Testing
import _CorpusTestSupport

/// Runs `scripts/chem/check_probe.py`: 313 authored cases of notation the development oracle does
/// not contain (other hydrates, glasses, cement phases, prefixes, ions, names, abbreviations and
/// look-alikes), whose expected canonicals live pymatgen computes, through `matcorpus chem canon` and
/// `matcorpus chem annotate`. Needs a Python that imports pymatgen (`.ci/run` installs it); skips
/// with a message otherwise.
@Suite struct PymatgenProbeTests {
    @Test func canonAndAnnotateAgreeWithLivePymatgenBeyondTheDevSet() throws {
        guard let python = Self.pythonWithPymatgen() else {
            print("PymatgenProbeTests: skipped: no python3 that imports pymatgen")
            return
        }
        let binary = CommandRunner.binary
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "no matcorpus binary at \(binary.path)")
        let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/chem/check_probe.py")
        let result = try CommandRunner.run([script.path, "--matcorpus", binary.path], executable: URL(fileURLWithPath: python))
        print(result.stdout)
        #expect(result.status == 0, "check_probe.py exited \(result.status):\n\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("canon: "), "no summary line:\n\(result.stdout)")
    }

    static func pythonWithPymatgen() -> String? {
        let env = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        for dir in (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/python3"
            if FileManager.default.isExecutableFile(atPath: path) { candidates.append(path); break }
        }
        candidates.append(FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/matcorpus-bench/venv/bin/python").path)
        for python in candidates where FileManager.default.isExecutableFile(atPath: python) {
            let probe = try? CommandRunner.run(["-c", "import pymatgen.core"], executable: URL(fileURLWithPath: python))
            if probe?.status == 0 { return python }
        }
        return nil
    }
}
