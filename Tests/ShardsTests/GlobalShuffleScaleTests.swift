import CorpusCore
import Foundation
import Testing
import _CorpusTestSupport
@testable import Shards

/// Opt-in measurement of the global shuffle's memory: `MATCORPUS_SHUFFLE_DOCS=4000000 swift test
/// --filter GlobalShuffleScaleTests` writes that many short documents in 8 intermediate files,
/// shuffles them, and checks that the peak resident memory grew by about 12 bytes per document.
@Suite struct GlobalShuffleScaleTests {
    /// The peak resident set (VmHWM) since the last `resetPeak`.
    static func peakRSS() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    /// Resets the peak to the current resident set (Linux: "5" to /proc/self/clear_refs).
    static func resetPeak() { try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8) }

    static func currentRSS() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    @Test func memoryIsTwelveBytesPerDocument() throws {
        guard let count = ProcessInfo.processInfo.environment["MATCORPUS_SHUFFLE_DOCS"].flatMap(Int.init), count > 0 else { return }
        let dir = try Fixtures.temporaryDirectory("global-shuffle-scale")
        defer { try? FileManager.default.removeItem(at: dir) }
        let split = dir.appendingPathComponent("shards/train")
        try FileManager.default.createDirectory(at: split, withIntermediateDirectories: true)
        var rng = SeededGenerator(seed: 1)
        var doc = [Int]()
        for f in 0..<8 {
            let w = try MegatronWriter(prefix: split.appendingPathComponent(String(format: "task-%06d-0000_text_document", f)).path, dtype: .uint16)
            for _ in 0..<(count / 8) {
                doc.removeAll(keepingCapacity: true)
                for _ in 0..<(4 + Int(rng.next() % 20)) { doc.append(Int(rng.next() % 32_000)) }
                try w.add(doc)
            }
            _ = try w.finish()
        }
        Self.resetPeak()
        let before = Self.currentRSS()
        let t0 = Date()
        let result = try GlobalShuffle(shardsDirectory: dir.appendingPathComponent("shards").path, format: .megatron, seed: 1,
                                       maxTokensPerFile: 0, vocabularySize: 32_000, tokenizerName: "t").run { _ in }
        let seconds = Date().timeIntervalSince(t0)
        let grown = Self.peakRSS() - before
        print("global shuffle: \(result[0].documents) documents, \(result[0].tokens) tokens in \(String(format: "%.1f", seconds)) s; "
              + "peak RSS \(before >> 20) MB before, +\(grown >> 20) MB (\(String(format: "%.1f", Double(grown) / Double(count))) bytes/document)")
        #expect(result[0].documents == count / 8 * 8)
        #expect(Double(grown) < 16 * Double(count) + 64e6, "about 12 bytes per document plus buffers")
    }
}
