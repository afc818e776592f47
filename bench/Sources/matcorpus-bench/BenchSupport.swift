import Foundation

/// Small helpers the benchmark modes share.
enum BenchSupport {
    /// The 1-, 5- and 15-minute load averages, printed with every run because the machine is shared.
    static func loadAverage() -> String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "n/a").split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// The benchmark's input folder: `explicit` when given, else `$MATCORPUS_SHARED/fixtures/SUBFOLDER`,
    /// else `../shared/fixtures/SUBFOLDER` from the working directory.
    static func fixtures(_ subfolder: String, explicit: String?, kind: String) throws -> String {
        var candidates: [String] = []
        if let explicit { candidates.append(explicit) }
        if let env = ProcessInfo.processInfo.environment["MATCORPUS_SHARED"] { candidates.append(env + "/fixtures/" + subfolder) }
        candidates.append(FileManager.default.currentDirectoryPath + "/../shared/fixtures/" + subfolder)
        for c in candidates where FileManager.default.fileExists(atPath: c) { return c }
        throw Usage(description: "no \(kind) files found (tried \(candidates)); pass --files DIR")
    }
}
