import CorpusCore
import Foundation

/// The model outputs of finished paragraphs, kept so that a re-run does not generate them again.
///
/// One JSON line per paragraph, appended and synced after every batch. The key is a hash of
/// everything that determines the output (model file, prompt template, sampling settings, seed,
/// pairs asked for, token limit, the paragraph and its context), so an entry is reused only for
/// exactly the same request. Parsing and validation are re-done on reuse: they are cheap and
/// deterministic. A line torn by an interruption is cut off when the file is opened.
public final class QACheckpoint {
    /// One finished paragraph.
    public struct Entry: Sendable, Hashable, Codable {
        public var key: String
        /// The model's output text.
        public var output: String
        /// Tokens generated.
        public var tokens: Int
        /// Whether the output was cut at the token limit.
        public var truncated: Bool

        public init(key: String, output: String, tokens: Int, truncated: Bool) {
            self.key = key; self.output = output; self.tokens = tokens; self.truncated = truncated
        }
    }

    public let path: String
    private var entries: [String: Entry] = [:]
    /// Lines that could not be read (a torn last line), dropped when the file was opened.
    public private(set) var discardedLines = 0

    /// Opens (or creates) the checkpoint at `path`, reading what an earlier run finished.
    public init(path: String) throws {
        self.path = path
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        } catch {
            throw QAError.file(path: path, reason: "cannot create the checkpoint directory: \(error.localizedDescription)")
        }
        guard let data = fm.contents(atPath: path) else { return }
        let decoder = JSONDecoder()
        var kept = 0
        var start = data.startIndex
        while let newline = data[start...].firstIndex(of: UInt8(ascii: "\n")) {
            if let entry = try? decoder.decode(Entry.self, from: data[start..<newline]) {
                entries[entry.key] = entry
            } else {
                discardedLines += 1
            }
            start = newline + 1
            kept = start
        }
        if kept < data.count {
            // An interrupted append: drop the partial line so the next one starts clean.
            discardedLines += 1
            guard let handle = FileHandle(forWritingAtPath: path) else { throw QAError.file(path: path, reason: "cannot open the checkpoint to repair it") }
            defer { try? handle.close() }
            do { try handle.truncate(atOffset: UInt64(kept)) } catch {
                throw QAError.file(path: path, reason: "cannot cut off a torn line at byte \(kept): \(error.localizedDescription)")
            }
        }
    }

    /// Paragraphs finished so far.
    public var count: Int { entries.count }

    /// The finished output for `key`, if any.
    public func entry(_ key: String) -> Entry? { entries[key] }

    /// Appends `newEntries` and syncs the file.
    public func record(_ newEntries: [Entry]) throws {
        guard !newEntries.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes = Data()
        for e in newEntries {
            do { bytes.append(try encoder.encode(e)) } catch { throw QAError.file(path: path, reason: "cannot encode an entry: \(error)") }
            bytes.append(UInt8(ascii: "\n"))
            entries[e.key] = e
        }
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw QAError.file(path: path, reason: "cannot open the checkpoint for appending") }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: bytes)
            try handle.synchronize()
        } catch {
            throw QAError.file(path: path, reason: "cannot append to the checkpoint: \(error.localizedDescription)")
        }
    }
}
