import Foundation
import Testing
import CorpusCore
@testable import CorpusIO
import _CorpusTestSupport

/// Helpers for the Inputs tests: command-line tools, temp trees, collecting members.
enum InputsTools {
    /// The full path of `name` on PATH, or nil.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func has(_ names: String...) -> Bool { names.allSatisfy { which($0) != nil } }

    struct CommandFailed: Error, CustomStringConvertible {
        var command: [String]; var status: Int32; var output: String
        var description: String { "\(command.joined(separator: " ")) exited \(status): \(output)" }
    }

    /// Runs a tool in `directory`; throws with its output when it fails.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String], in directory: URL) throws -> String {
        guard let executable = which(tool) else { throw CommandFailed(command: [tool], status: -1, output: "not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailed(command: [tool] + arguments, status: process.terminationStatus, output: output)
        }
        return output
    }

    /// Writes files (relative path → bytes) under `root`, creating folders.
    static func write(_ files: [String: [UInt8]], under root: URL) throws {
        for (relative, bytes) in files {
            let url = root.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
    }

    /// Deterministic bytes that do not compress (xorshift), so damage lands where the data is.
    static func noise(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed | 1
        var out = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            out[i] = UInt8(truncatingIfNeeded: state)
        }
        return out
    }

    static func text(_ s: String) -> [UInt8] { Array(s.utf8) }
}

/// What a walk delivered.
struct InputsWalkResult {
    struct Member: Equatable, CustomStringConvertible {
        var file: String
        var member: String?
        var relativePath: String
        var size: Int64?
        var bytes: [UInt8]
        var description: String { "\(member ?? file) [\(bytes.count) bytes]" }
    }
    var members: [Member] = []
    var rejections: [InputRejection] = []
    /// An error the walk threw, if any.
    var error: (any Error)?

    var relativePaths: [String] { members.map(\.relativePath) }
    func bytes(of relativePath: String) -> [UInt8]? { members.first { $0.relativePath == relativePath }?.bytes }
}

extension InputWalker {
    /// Walks `unit`, reading every member fully in `chunk`-byte reads; errors thrown by reads propagate
    /// from the body, as a document reader would let them.
    static func collect(_ unit: InputUnit, spec: InputSpec, chunk: Int = 4096) -> InputsWalkResult {
        var result = InputsWalkResult()
        do {
            try forEachMember(of: unit, spec: spec) { member in
                var bytes: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: chunk)
                while true {
                    let n = try buffer.withUnsafeMutableBytes { try member.source.read(into: $0) }
                    if n == 0 { break }
                    bytes += buffer[0..<n]
                }
                result.members.append(.init(file: member.file, member: member.member, relativePath: member.relativePath,
                                            size: member.size, bytes: bytes))
            } onReject: { result.rejections.append($0) }
        } catch {
            result.error = error
        }
        return result
    }

    /// Plans `spec` and collects every unit's members.
    static func collectAll(_ spec: InputSpec, chunk: Int = 4096) throws -> InputsWalkResult {
        var all = InputsWalkResult()
        for unit in try InputPlanner.units(for: spec) {
            let r = collect(unit, spec: spec, chunk: chunk)
            all.members += r.members
            all.rejections += r.rejections
            if let error = r.error { throw error }
        }
        return all
    }
}

/// A temporary folder removed at the end of a test.
final class InputsScratch {
    let url: URL
    init() throws { url = try Fixtures.temporaryDirectory("matcorpus-inputs") }
    deinit { try? FileManager.default.removeItem(at: url) }
    var path: String { url.path }
    func sub(_ relative: String) -> URL { url.appendingPathComponent(relative) }
}

extension InputsTools {
    /// Runs a tool with its standard output going to the file `output`.
    static func run(_ tool: String, _ arguments: [String], in directory: URL, to output: String) throws {
        guard let executable = which(tool) else { throw CommandFailed(command: [tool], status: -1, output: "not installed") }
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = handle
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailed(command: [tool] + arguments, status: process.terminationStatus, output: "")
        }
    }
}
