import Foundation
import Testing
import _CorpusTestSupport

/// Runs `scripts/cif/check_roundtrip.py` against live gemmi and pymatgen: `matcorpus cif inspect`
/// cells, space groups, formulas and site counts against both peers, and our canonical CIF read
/// back by pymatgen as the same structure (canonicalizing it again gives the same bytes).
///
/// To stay well under a minute on a 2-core machine with the debug binary, the test checks every
/// 3rd fixture file (plus the allowlisted ones) and skips `StructureMatcher` (the script's
/// site-by-site comparison still runs). `python3 scripts/cif/check_roundtrip.py` checks all files
/// with `StructureMatcher`.
///
/// Needs a Python that imports gemmi and pymatgen: `python3`, else the benchmark's cache venv
/// (`$MATCORPUS_BENCH_VENV`, default `~/.cache/matcorpus-bench/venv`, made by
/// `python3 bench/cif/peers.py --ensure`). Without one the test skips with a message.
@Suite struct PymatgenRoundTripTests {
    static let every = 3

    @Test func inspectAndCanonicalCIFAgreeWithLivePymatgenAndGemmi() throws {
        guard let shared = Fixtures.shared else {
            print(Fixtures.sharedMissing)
            return
        }
        guard let python = Self.pythonWithPeers() else {
            print("PymatgenRoundTripTests: skipped: neither python3 nor ~/.cache/matcorpus-bench/venv can import gemmi and pymatgen "
                  + "(`python3 bench/cif/peers.py --ensure` installs them)")
            return
        }
        let binary = CommandRunner.binary
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "no matcorpus binary at \(binary.path)")
        let dir = try Fixtures.temporaryDirectory("pymatgen-roundtrip")
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = dir.appendingPathComponent("report.json")
        let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/cif/check_roundtrip.py")
        let result = try CommandRunner.run(
            [script.path, "--matcorpus", binary.path, "--fixtures", shared.appendingPathComponent("fixtures/cif").path,
             "--every", "\(Self.every)", "--no-matcher", "--json", report.path],
            executable: URL(fileURLWithPath: python))
        print(result.stdout)
        #expect(result.status == 0, "check_roundtrip.py exited \(result.status):\n\(result.stdout)\n\(result.stderr)")

        // The script ran over a real share of the fixtures.
        let data = try Data(contentsOf: report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let counts = try #require(object["counts"] as? [String: Int])
        #expect((counts["round trips"] ?? 0) >= 100, "\(counts)")
        #expect((counts["idempotence:ok"] ?? 0) == (counts["idempotence:n"] ?? -1))
        #expect((counts["cell-gemmi:n"] ?? 0) >= 100 && (counts["formula:n"] ?? 0) >= 100, "\(counts)")
    }

    /// `python3` when it imports gemmi and pymatgen, else the cache venv's Python when it does.
    static func pythonWithPeers() -> String? {
        let env = ProcessInfo.processInfo.environment
        let venv = env["MATCORPUS_BENCH_VENV"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/matcorpus-bench/venv").path
        var candidates: [String] = []
        for dir in (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/python3"
            if FileManager.default.isExecutableFile(atPath: path) { candidates.append(path); break }
        }
        candidates.append(venv + "/bin/python")
        for python in candidates where FileManager.default.isExecutableFile(atPath: python) {
            let probe = try? CommandRunner.run(["-c", "import gemmi, pymatgen.io.cif"], executable: URL(fileURLWithPath: python))
            if probe?.status == 0 { return python }
        }
        return nil
    }
}
