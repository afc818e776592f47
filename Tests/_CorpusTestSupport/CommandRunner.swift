import Foundation

/// Runs the built `matcorpus` binary as a user would.
public enum CommandRunner {
    /// The `matcorpus` executable built next to the test bundle (or `MATCORPUS_BIN`).
    public static var binary: URL {
        if let env = ProcessInfo.processInfo.environment["MATCORPUS_BIN"] { return URL(fileURLWithPath: env) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("matcorpus")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return Fixtures.repositoryRoot.appendingPathComponent(".build/debug/matcorpus")
    }

    public struct Result {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `executable` with `arguments` and waits.
    @discardableResult
    public static func run(_ arguments: [String], executable: URL = binary, directory: URL? = nil) throws -> Result {
        let process = try start(arguments, executable: executable, directory: directory)
        let out = process.standardOutput as! Pipe, err = process.standardError as! Pipe
        // Read both pipes before waiting so a chatty child cannot block on a full pipe.
        var outData = Data(), errData = Data()
        let group = DispatchGroup()
        let q = DispatchQueue(label: "pipes", attributes: .concurrent)
        let box = DataBox()
        group.enter(); q.async { box.set(0, out.fileHandleForReading.readDataToEndOfFile()); group.leave() }
        group.enter(); q.async { box.set(1, err.fileHandleForReading.readDataToEndOfFile()); group.leave() }
        group.wait()
        process.waitUntilExit()
        outData = box.get(0); errData = box.get(1)
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Starts `executable` without waiting; output goes to pipes.
    public static func start(_ arguments: [String], executable: URL = binary, directory: URL? = nil) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        return process
    }
}

private final class DataBox: @unchecked Sendable {
    private var data: [Int: Data] = [:]
    private let lock = NSLock()
    func set(_ k: Int, _ d: Data) { lock.withLock { data[k] = d } }
    func get(_ k: Int) -> Data { lock.withLock { data[k] ?? Data() } }
}
