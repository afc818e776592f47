import Foundation

/// Where a run writes inside its output directory.
///
///     DIR/run.db                          the run database
///     DIR/documents/task-000003-0000.jsonl.zst   documents kept, per task, rotated by size
///     DIR/excluded/task-000003-0000.jsonl.zst    documents dropped, with stage and reason (optional)
///     DIR/completions/task-000003.json    completion marker: the task's verified report
public struct OutputLayout: Sendable {
    public let root: String
    public var documents: String { root + "/documents" }
    public var excluded: String { root + "/excluded" }
    public var completions: String { root + "/completions" }

    public init(root: String) {
        var r = root
        while r.count > 1, r.hasSuffix("/") { r.removeLast() }
        self.root = r
    }

    /// File-name prefix of a task's outputs.
    public func prefix(task: Int) -> String { "task-" + String(format: "%06d", task) }

    public func marker(task: Int) -> String { completions + "/" + prefix(task: task) + ".json" }

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
        for dir in [documents, excluded] {
            guard let names = try? fm.contentsOfDirectory(atPath: dir) else { continue }
            for name in names where name.hasPrefix(prefix + "-") || name.hasPrefix("." + prefix + "-") {
                try? fm.removeItem(atPath: dir + "/" + name)
            }
        }
        try? fm.removeItem(atPath: marker(task: task))
    }
}
