import CorpusCore
import CorpusIO
import Foundation

/// Where a run writes inside its output directory.
///
///     DIR/run.db                          the run database
///     DIR/documents/task-000003-0000.jsonl.zst   documents kept, per task, rotated by size
///     DIR/excluded/task-000003-0000.jsonl.zst    documents dropped, with stage and reason (optional)
///     DIR/completions/task-000003.json    completion marker: the task's verified report
///     DIR/dedup/1-minhash_dedup/          a corpus-wide stage's workspace (signatures, decisions;
///                                         the index a later run can name)
///     DIR/.work/phase-0/                  documents between phases, with per-phase markers in
///                                         completions/; removed when the run completes
///     DIR/shards/train/task-000003-0000_text_document.bin   token shards (token_shards stage)
///     DIR/qa/pairs/task-000003-0000.jsonl QA pairs, with qa/chat, qa/alpaca, qa/rejected (qa_synthesis)
///     DIR/cache/qa/task-000003.jsonl      model outputs per paragraph, reused by later runs (kept by --restart)
///     DIR/completions/.retired.json       task outputs that a finalize step replaced (the
///                                         intermediate shards of a global shuffle), with sizes
public struct OutputLayout: Sendable {
    public let root: String
    public var documents: String { root + "/documents" }
    public var excluded: String { root + "/excluded" }
    public var completions: String { root + "/completions" }
    public var work: String { root + "/.work" }
    /// Token shards written by shard stages, by split: `shards/train/task-000003-0000_text_document.bin`.
    public var shards: String { root + "/shards" }
    /// QA pairs and their exports written by `qa_synthesis`, by kind: `qa/pairs/task-000003-0000.jsonl`.
    public var qa: String { root + "/qa" }

    /// Directories where file-writing stages put per-task files (`shards/SPLIT`, `qa/KIND`).
    func stageFileDirectories() -> [String] {
        let fm = FileManager.default
        return [shards, qa].flatMap { parent in ((try? fm.contentsOfDirectory(atPath: parent)) ?? []).map { parent + "/" + $0 } }
    }

    /// The documents a phase hands to the next one.
    public func intermediate(phase: Int) -> String { work + "/phase-\(phase)" }
    /// A phase's completion markers.
    public func phaseCompletions(phase: Int) -> String { intermediate(phase: phase) + "/completions" }
    public func phaseMarker(task: Int, phase: Int) -> String { phaseCompletions(phase: phase) + "/" + prefix(task: task) + ".json" }
    /// The workspace of the corpus-wide stage at pipeline position `index`.
    public func workspace(stage index: Int, type: String) -> String { root + "/dedup/\(index + 1)-" + type }
    /// Exclusion-file prefix of a task in a phase (the first phase keeps the plain task prefix).
    public func exclusionPrefix(task: Int, phase: Int) -> String { phase == 0 ? prefix(task: task) : prefix(task: task) + "-p\(phase)" }

    public init(root: String) {
        var r = root
        while r.count > 1, r.hasSuffix("/") { r.removeLast() }
        self.root = r
    }

    /// File-name prefix of a task's outputs.
    public func prefix(task: Int) -> String { "task-" + String(format: "%06d", task) }

    public func marker(task: Int) -> String { completions + "/" + prefix(task: task) + ".json" }

    /// The list of retired outputs: relative path → size.
    public var retiredList: String { completions + "/.retired.json" }

    /// Task outputs that a finalize step replaced and deleted (relative path → size when retired).
    /// A task whose marker lists one of them is still complete while it is missing.
    public func retiredOutputs() -> [String: Int64] {
        guard let data = FileManager.default.contents(atPath: retiredList),
              let retired = try? JSONDecoder().decode([String: Int64].self, from: data) else { return [:] }
        return retired
    }

    /// Records `files` (absolute or relative paths, with their sizes) as retired, before the caller
    /// deletes them. Atomic; entries already recorded are kept.
    public func retire(_ files: [WrittenFile]) throws {
        var retired = retiredOutputs()
        let before = retired
        for file in files { retired[relative(file.path)] = file.bytes }
        guard retired != before else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try FileManager.default.createDirectory(atPath: completions, withIntermediateDirectories: true)
        try AtomicFile.write(Array(try encoder.encode(retired)), to: retiredList)
    }

    /// `path` relative to the output directory.
    public func relative(_ path: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }

    public func absolute(_ relative: String) -> String { relative.hasPrefix("/") ? relative : root + "/" + relative }

    /// Removes every file a task may have left behind (finished parts and temporary files), so a
    /// re-run of the task starts clean and nothing is duplicated.
    func removeOutputs(task: Int) {
        let fm = FileManager.default
        let prefix = prefix(task: task)
        for dir in [documents, excluded] + stageFileDirectories() {
            guard let names = try? fm.contentsOfDirectory(atPath: dir) else { continue }
            for name in names where name.hasPrefix(prefix + "-") || name.hasPrefix("." + prefix + "-") {
                try? fm.removeItem(atPath: dir + "/" + name)
            }
        }
        try? fm.removeItem(atPath: marker(task: task))
    }

    /// Removes what one phase of a task wrote (its intermediate or final documents, its exclusions,
    /// its marker), leaving earlier phases' files alone.
    func removeOutputs(task: Int, phase: Int, isLast: Bool) {
        let fm = FileManager.default
        let own = exclusionPrefix(task: task, phase: phase)
        func isOwn(_ name: String) -> Bool {
            let bare = name.hasPrefix(".") ? String(name.dropFirst()) : name
            guard bare.hasPrefix(own + "-") else { return false }
            // Phase 0's prefix is the plain task prefix: skip later phases' "-pN-" files.
            return phase != 0 || bare.dropFirst(own.count + 1).first?.isNumber == true
        }
        let documentDirectory = isLast ? documents : intermediate(phase: phase)
        for name in (try? fm.contentsOfDirectory(atPath: documentDirectory)) ?? []
        where name.hasPrefix(prefix(task: task) + "-") || name.hasPrefix("." + prefix(task: task) + "-") {
            try? fm.removeItem(atPath: documentDirectory + "/" + name)
        }
        for name in (try? fm.contentsOfDirectory(atPath: excluded)) ?? [] where isOwn(name) {
            try? fm.removeItem(atPath: excluded + "/" + name)
        }
        if isLast {
            for dir in stageFileDirectories() {
                for name in (try? fm.contentsOfDirectory(atPath: dir)) ?? []
                where name.hasPrefix(prefix(task: task) + "-") || name.hasPrefix("." + prefix(task: task) + "-") {
                    try? fm.removeItem(atPath: dir + "/" + name)
                }
            }
        }
        try? fm.removeItem(atPath: isLast ? marker(task: task) : phaseMarker(task: task, phase: phase))
    }
}
