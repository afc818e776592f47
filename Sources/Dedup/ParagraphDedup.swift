import CorpusCore
import Foundation

/// Paragraph-level exact deduplication (stage `exact_dedup` with `level = "paragraph"`): a
/// paragraph whose normalized words already appeared earlier in the run (in input order: task,
/// document, paragraph) is removed from its document; a document left without text is dropped.
/// Paragraphs are separated by blank lines; those with fewer than `minimumCharacters` characters
/// (headings, short table rows, "Results") are never removed.
///
/// Files in the workspace: `tasks/NAME.pkeys` (magic `MCPARKY1`, documents, records; records are
/// (key high, key low, ordinal u32, paragraph u32), sorted by key then position), `decisions/NAME.prm`
/// (magic `MCPARRM1`, count, then (ordinal u32, paragraph u32) pairs, ascending) and `resolved.json`.
public struct ParagraphDedupStage: CorpusWideStage {
    public let name = "exact_dedup"
    public var minimumCharacters: Int
    public var index: [String]
    /// Sources that take part (empty: all).
    public var sources: Set<String>

    public init(minimumCharacters: Int = 100, index: [String] = [], sources: Set<String> = []) {
        self.minimumCharacters = minimumCharacters
        self.index = index
        self.sources = sources
    }

    public func prepare(workspace: String) throws {
        let space = DedupWorkspace(root: workspace)
        try Files.makeDirectory(space.tasksDirectory)
        try Files.makeDirectory(space.decisionsDirectory)
    }

    public func makeCollector(workspace: String, task: String) throws -> any DocumentCollector {
        ParagraphKeyCollector(path: DedupWorkspace(root: workspace).tasksDirectory + "/" + task + ".pkeys", minimumCharacters: minimumCharacters,
                              sources: sources)
    }

    public func isResolved(workspace: String) -> Bool { Files.exists(DedupWorkspace(root: workspace).resolvedPath) }

    public func resolve(workspace: String, workers: Int) throws {
        let space = DedupWorkspace(root: workspace)
        var files: [(name: String, file: MappedFile, count: Int, isIndex: Bool)] = []
        func open(_ directory: String, isIndex: Bool) throws {
            for name in Files.list(directory, suffix: ".pkeys") {
                let file = try MappedFile(path: directory + "/" + name)
                guard file.count >= 24, file.load(UInt64.self, at: 0) == TaskSignatures.magic("MCPARKY1") else {
                    throw DedupError.badFile(path: file.path, offset: 0, reason: "not a MatCorpus paragraph-key file")
                }
                let count = Int(file.load(UInt64.self, at: 16))
                guard file.count == 24 + count * 24 else { throw DedupError.badFile(path: file.path, offset: file.count, reason: "truncated") }
                files.append((String(name.dropLast(6)), file, count, isIndex))
            }
        }
        for earlier in index { try open(DedupWorkspace(root: earlier).tasksDirectory, isIndex: true) }
        try open(space.tasksDirectory, isIndex: false)

        var heap = MinHeap<MergeHeap<ExactKey>.Item>()
        var cursors = [Int](repeating: 0, count: files.count)
        func entry(_ f: Int, _ i: Int) -> (ExactKey, Int) {
            let o = 24 + i * 24
            let file = files[f].file
            return (ExactKey(high: file.load(UInt64.self, at: o), low: file.load(UInt64.self, at: o + 8)),
                    Int(file.load(UInt64.self, at: o + 16)))
        }
        func push(_ f: Int) {
            guard cursors[f] < files[f].count else { return }
            let (key, position) = entry(f, cursors[f])
            heap.push(.init(key: key, dense: position, file: f))
            cursors[f] += 1
        }
        for f in files.indices { push(f) }
        var removals = [[UInt64]](repeating: [], count: files.count)
        var groupKey: ExactKey? = nil
        var removed = 0, paragraphs = 0
        while let top = heap.pop() {
            push(top.file)
            if !files[top.file].isIndex { paragraphs += 1 }
            if top.key == groupKey {
                if !files[top.file].isIndex { removals[top.file].append(UInt64(top.dense)); removed += 1 }
            } else {
                groupKey = top.key
            }
        }
        for (f, file) in files.enumerated() where !file.isIndex {
            var e = ByteEncoder()
            e.magic("MCPARRM1")
            e.u64(UInt64(removals[f].count))
            for position in removals[f].sorted() { e.u64(position) }
            try Files.writeAtomically(e.bytes, to: space.decisionsDirectory + "/" + file.name + ".prm")
        }
        let summary: [String: Int] = ["paragraphs": paragraphs, "removed": removed]
        try Files.writeAtomically(Array(try JSONEncoder().encode(summary)), to: space.resolvedPath)
    }

    public func makeApplier(workspace: String, task: String) throws -> any Stage {
        let path = DedupWorkspace(root: workspace).decisionsDirectory + "/" + task + ".prm"
        let file = try MappedFile(path: path)
        guard file.count >= 16, file.load(UInt64.self, at: 0) == TaskSignatures.magic("MCPARRM1"),
              file.count == 16 + Int(file.load(UInt64.self, at: 8)) * 8 else {
            throw DedupError.badFile(path: path, offset: 0, reason: "not a complete paragraph-removal file")
        }
        let removals = (0..<Int(file.load(UInt64.self, at: 8))).map { file.load(UInt64.self, at: 16 + $0 * 8) }
        return ParagraphDedupApplier(removals: removals, minimumCharacters: minimumCharacters)
    }

    /// The paragraphs of a text as UTF-8 byte ranges: runs of lines separated by blank lines.
    static func paragraphs(_ text: String) -> [Range<String.Index>] {
        var result: [Range<String.Index>] = []
        var start: String.Index? = nil
        var lineStart = text.startIndex
        var lineBlank = true
        var lastNonBlankEnd = text.startIndex
        var i = text.startIndex
        while i <= text.endIndex {
            let atEnd = i == text.endIndex
            if atEnd || text[i] == "\n" {
                if lineBlank {
                    if let s = start { result.append(s..<lastNonBlankEnd); start = nil }
                } else {
                    if start == nil { start = lineStart }
                    lastNonBlankEnd = i
                }
                if atEnd { break }
                lineStart = text.index(after: i)
                lineBlank = true
            } else if !text[i].isWhitespace {
                lineBlank = false
            }
            i = text.index(after: i)
        }
        if let s = start { result.append(s..<lastNonBlankEnd) }
        return result
    }

    /// Whether a paragraph is long enough to take part.
    static func eligible(_ paragraph: Substring, minimumCharacters: Int) -> Bool {
        var n = 0
        for c in paragraph where !c.isWhitespace {
            n += 1
            if n >= minimumCharacters { return true }
        }
        return false
    }
}

/// Writes the keys of one task's eligible paragraphs, sorted.
final class ParagraphKeyCollector: DocumentCollector {
    let path: String
    let minimumCharacters: Int
    let sources: Set<String>
    private var records: [(ExactKey, UInt64)] = []
    private var documents = 0

    init(path: String, minimumCharacters: Int, sources: Set<String>) {
        self.path = path
        self.minimumCharacters = minimumCharacters
        self.sources = sources
    }

    func observe(_ document: Document) throws {
        defer { documents += 1 }
        if !sources.isEmpty, !sources.contains(document.source.rawValue) { return }
        for (p, range) in ParagraphDedupStage.paragraphs(document.text).enumerated() where p < 1 << 20 {
            let paragraph = document.text[range]
            guard ParagraphDedupStage.eligible(paragraph, minimumCharacters: minimumCharacters) else { continue }
            records.append((ExactKey(text: String(paragraph)), UInt64(documents) << 20 | UInt64(p)))
        }
    }

    func finish() throws {
        records.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        var e = ByteEncoder()
        e.magic("MCPARKY1")
        e.u64(UInt64(documents))
        e.u64(UInt64(records.count))
        for (key, position) in records { e.u64(key.high); e.u64(key.low); e.u64(position) }
        try Files.writeAtomically(e.bytes, to: path)
    }

    func abandon() {}
}

/// Removes the listed paragraphs from each document, in collection order.
public struct ParagraphDedupApplier: Stage {
    public let name = "exact_dedup"
    /// (ordinal << 20 | paragraph), ascending.
    let removals: [UInt64]
    let minimumCharacters: Int
    private var next = 0
    private var ordinal: UInt64 = 0

    init(removals: [UInt64], minimumCharacters: Int) {
        self.removals = removals
        self.minimumCharacters = minimumCharacters
    }

    public mutating func process(_ document: Document, into output: inout StageOutput) throws {
        defer { ordinal += 1 }
        guard next < removals.count, removals[next] >> 20 == ordinal else { return output.emit(document) }
        var drop: Set<Int> = []
        while next < removals.count, removals[next] >> 20 == ordinal {
            drop.insert(Int(removals[next] & 0xFFFFF))
            next += 1
        }
        let ranges = ParagraphDedupStage.paragraphs(document.text)
        let kept = ranges.enumerated().filter { !drop.contains($0.offset) }.map { document.text[$0.element] }
        output.tally("paragraphs", "removed", by: drop.count)
        if kept.isEmpty { return output.drop(document, reason: "duplicate_paragraphs") }
        var document = document
        document.text = kept.joined(separator: "\n\n")
        document.metadata.extra["duplicate_paragraphs_removed"] = .int(Int64(drop.count))
        output.emit(document)
    }
}
