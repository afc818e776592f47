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

/// Walks a benchmark mode's options: `--flag` and `--option VALUE`.
struct ArgumentCursor {
    private let arguments: [String]
    private let usage: String
    private var index = -1

    init(_ arguments: [String], usage: String) {
        self.arguments = arguments
        self.usage = usage
    }

    /// The next option name, or nil after the last.
    mutating func next() -> String? {
        index += 1
        return index < arguments.count ? arguments[index] : nil
    }

    /// The value that follows the current option.
    mutating func value() throws -> String {
        index += 1
        guard index < arguments.count else { throw Usage(description: "missing value for \(arguments[index - 1])\n" + usage) }
        return arguments[index]
    }

    /// The error for an option the mode does not know.
    func unknown(_ option: String) -> Usage { Usage(description: "unknown option \(option)\n" + usage) }
}

/// The options the file-reading modes share: `--repeat R`, `--mb N` and `--files DIR`.
struct FileBenchOptions {
    var repetitions = 5
    var megabytes: Int
    var directory: String?

    /// `minimumMegabytes`: 1 when a size must be given, 0 when 0 means "one copy of the set".
    init(arguments: [String], usage: String, megabytes: Int, minimumMegabytes: Int = 1) throws {
        self.megabytes = megabytes
        var cursor = ArgumentCursor(arguments, usage: usage)
        while let option = cursor.next() {
            switch option {
            case "--repeat": repetitions = Int(try cursor.value()) ?? -1
            case "--mb": self.megabytes = Int(try cursor.value()) ?? -1
            case "--files": directory = try cursor.value()
            default: throw cursor.unknown(option)
            }
        }
        guard repetitions > 0, self.megabytes >= minimumMegabytes else { throw Usage(description: usage) }
    }
}
