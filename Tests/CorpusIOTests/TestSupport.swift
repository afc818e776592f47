import Foundation
import CorpusCore
@testable import CorpusIO

/// Command-line tools the tests compare against; tests that need one skip when it is absent.
enum IOTools {
    static func path(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static let hasGzip = path("gzip") != nil
    static let hasZstd = path("zstd") != nil
    static let hasPython = path("python3") != nil

    /// Runs `command` with `/bin/sh -c`; returns its exit status, stdout and stderr.
    @discardableResult
    static func shell(_ command: String) throws -> (status: Int32, out: [UInt8], err: String) {
        let errPath = FileManager.default.temporaryDirectory.appendingPathComponent("stderr-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errPath) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let outPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = FileHandle(forWritingAtPath: errPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let out = outPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return (process.terminationStatus, [UInt8](out), err)
    }

    /// Single-quotes `s` for the shell.
    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

/// A small deterministic random generator (SplitMix64), so failures reproduce.
typealias IOSeededGenerator = SplitMix64

/// Random strings and documents that stress JSON escaping.
struct IORandomText {
    /// The pieces strings are made of.
    var pieces: [String]

    /// Everything tricky.
    static let standard = IORandomText(pieces: allPieces)
    /// Without U+FEFF: Foundation's JSONSerialization on Linux drops a raw U+FEFF at the start of a
    /// string or right after an escape, so comparisons with it leave that one out.
    static let foundationSafe = IORandomText(pieces: allPieces.filter { $0 != "\u{FEFF}" })

    static let allPieces: [String] = [
        "a", "Z", " ", "LiFePO4", "\"", "\\", "/", "\n", "\r\n", "\t", "\u{0}", "\u{1}", "\u{8}", "\u{C}",
        "\u{1F}", "\u{7F}", "é", "Å", "中文", "\u{2028}", "\u{2029}", "\u{FFFD}", "😀", "𝔘", "\u{10FFFF}",
        "\u{FEFF}", "}", "{", "[", "]", ",", ":", "\\u0041", "text", "The band gap is 1.1 eV.",
    ]

    func string(_ g: inout IOSeededGenerator, maxPieces: Int = 12) -> String {
        let n = Int.random(in: 0...maxPieces, using: &g)
        var s = ""
        for _ in 0..<n { s += pieces.randomElement(using: &g)! }
        return s
    }

    func value(_ g: inout IOSeededGenerator, depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0..<(depth > 2 ? 5 : 7), using: &g) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &g))
        case 2: return .int(Int64.random(in: Int64.min...Int64.max, using: &g) >> UInt64.random(in: 0..<63, using: &g))
        case 3: return .double(Double.random(in: -1e6...1e6, using: &g))
        case 4: return .string(string(&g))
        case 5: return .array((0..<Int.random(in: 0...3, using: &g)).map { _ in value(&g, depth: depth + 1) })
        default:
            var o: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...3, using: &g) { o[string(&g, maxPieces: 3)] = value(&g, depth: depth + 1) }
            return .object(o)
        }
    }

    func document(_ g: inout IOSeededGenerator) -> Document {
        func maybe<T>(_ g: inout IOSeededGenerator, _ make: (inout IOSeededGenerator) -> T) -> T? {
            Bool.random(using: &g) ? make(&g) : nil
        }
        var m = Metadata()
        m.doi = maybe(&g) { string(&$0) }
        m.title = maybe(&g) { string(&$0) }
        m.journal = maybe(&g) { string(&$0) }
        m.year = maybe(&g) { Int.random(in: -3000...3000, using: &$0) }
        m.publisher = maybe(&g) { string(&$0) }
        m.license = maybe(&g) { string(&$0) }
        m.language = maybe(&g) { string(&$0, maxPieces: 2) }
        m.authors = maybe(&g) { g in (0..<Int.random(in: 0...3, using: &g)).map { _ in string(&g, maxPieces: 3) } }
        for _ in 0..<Int.random(in: 0...3, using: &g) {
            let key = "x_" + string(&g, maxPieces: 3)
            m.extra[key] = value(&g)
        }
        var p = Provenance(file: string(&g))
        p.member = maybe(&g) { string(&$0) }
        p.byteStart = maybe(&g) { Int64.random(in: 0...Int64.max, using: &$0) }
        p.byteEnd = maybe(&g) { Int64.random(in: 0...Int64.max, using: &$0) }
        p.line = maybe(&g) { Int.random(in: 1...1_000_000, using: &$0) }
        return Document(id: string(&g, maxPieces: 4), text: string(&g, maxPieces: 40),
                        source: DocumentSource(string(&g, maxPieces: 2)), metadata: m, provenance: p)
    }
}

/// A source that hands out at most `step` bytes per read, to exercise chunk boundaries.
final class IOTrickleSource: ByteSource {
    private let bytes: [UInt8]
    private var position = 0
    private let step: Int
    init(_ bytes: [UInt8], step: Int) { self.bytes = bytes; self.step = step }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(step, buffer.count, bytes.count - position)
        for k in 0..<n { buffer[k] = bytes[position + k] }
        position += n
        return n
    }
}

extension ByteSource {
    /// Everything left, read through a buffer of `chunk` bytes.
    func ioDrain(chunk: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try read(into: $0) }
            if n == 0 { return out }
            out.append(contentsOf: buffer[0..<n])
        }
    }
}

/// Reads a whole file.
func ioReadFile(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Writes a whole file.
func ioWriteFile(_ path: String, _ bytes: [UInt8]) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Some text bytes that compress, of about `count` bytes.
func ioSampleText(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
    var g = IOSeededGenerator(seed: seed)
    let words = ["perovskite", "anneal", "at", "500", "°C", "for", "2 h", "yielding", "La0.6Sr0.4CoO3", "films",
                 "with", "grain", "size", "of", "40 nm", ".", "\n", "XRD", "shows", "单相", "😀"]
    var out: [UInt8] = []
    out.reserveCapacity(count + 32)
    while out.count < count {
        out.append(contentsOf: Array(words.randomElement(using: &g)!.utf8))
        out.append(0x20)
    }
    return out
}
