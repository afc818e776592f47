import CorpusCore
import CorpusIO
import Foundation
import Testing
import _CorpusTestSupport

/// Helpers shared by the end-to-end tests.
enum E2E {
    /// Writes a pipeline file and returns its path.
    static func pipeline(_ text: String, in dir: URL, name: String = "p.toml") throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Every line of every document file under `dir/documents`, decompressed, sorted.
    static func documentLines(_ outputDirectory: URL, folder: String = "documents") throws -> [String] {
        let dir = outputDirectory.appendingPathComponent(folder)
        var lines: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where !name.hasPrefix(".") {
            let source = try Decompression.open(FileByteSource(path: dir.appendingPathComponent(name).path))
            let bytes = try source.readAll()
            lines += String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        return lines.sorted()
    }

    /// `matcorpus stats DIR --json`, parsed.
    static func stats(_ dir: URL) throws -> [String: Any] {
        let result = try CommandRunner.run(["stats", dir.path, "--json"])
        guard result.status == 0 else { throw TestFailure("stats failed: \(result.stderr)") }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    }

    /// Starts `matcorpus ARGUMENTS`, waits until `ready()` holds (or two minutes), then SIGKILLs it.
    /// Returns whether it was still running when killed, and the process.
    static func runAndKill(_ arguments: [String], when ready: () -> Bool) throws -> (wasRunning: Bool, process: Process) {
        let process = try CommandRunner.start(arguments)
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, !ready(), Date() < deadline { usleep(500) }
        let wasRunning = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return (wasRunning, process)
    }

    /// Validates `out/shards/manifest.json` against schemas/manifest.schema.json with Python's jsonschema,
    /// when it is installed (else says so and skips).
    static func validateManifestSchema(_ out: URL) throws {
        let validate = try CommandRunner.run(["python3", "-c", """
            import json, sys
            try:
                import jsonschema
            except ImportError:
                sys.exit(3)
            jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))
            """, out.appendingPathComponent("shards/manifest.json").path, Fixtures.repositoryRoot.appendingPathComponent("schemas/manifest.schema.json").path],
            executable: URL(fileURLWithPath: "/usr/bin/env"))
        if validate.status == 3 { print("jsonschema not installed: skipping manifest validation") } else {
            #expect(validate.status == 0, "\(validate.stderr)")
        }
    }

    static func files(in dir: URL) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: dir.path))?.filter { !$0.hasPrefix(".") }.sorted() ?? []
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
