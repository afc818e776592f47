import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs shell commands for the peer measurements.
///
/// Timed commands go through `posix_spawn` and `waitpid`: Foundation's `Process.waitUntilExit`
/// notices the exit only at its polling interval (50 ms steps on Linux), which would add up to
/// 50 ms to every peer measurement.
enum Shell {
    /// Runs `command` with `/bin/sh -c`, waiting for it; stdout is captured. Not for timing.
    static func run(_ command: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Runs `command` with `/bin/sh -c` and fails unless it exits 0. Its output goes to ours.
    static func check(_ command: String) throws {
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("sh"), strdup("-c"), strdup(command), nil]
        defer { for p in argv { free(p) } }
        var pid = pid_t()
        let r = posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ)
        if r != 0 { throw Usage(description: "posix_spawn failed: \(r)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { throw Usage(description: "waitpid failed: \(errno)") }
        }
        // Exited normally with status 0: the low 7 bits (signal) and the exit code are all zero.
        if status != 0 { throw Usage(description: "`\(command)` failed (wait status \(status))") }
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
