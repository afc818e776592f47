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

    /// A fresh temporary directory, removed by the caller.
    public static func temporaryDirectory(_ prefix: String = "matcorpus-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
