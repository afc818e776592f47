import CorpusCore
import Foundation

/// Renders a `RunSummary` for people (a table) or programs (JSON). Returns text; never prints.
public enum StatsReport {
    /// The summary as pretty, key-sorted JSON. A stage with tallies has
    /// `"tallies": {"canonical": [{"count": 1234, "key": "SiO2"}, ...]}`, most frequent first.
    public static func json(_ summary: RunSummary) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(summary), as: UTF8.self)
    }

    /// The summary as a readable table, then one line per tally of each stage with its most frequent
    /// keys: `top canonical (chem_annotate): SiO2 1234, Fe2O3 567`.
    public static func table(_ summary: RunSummary) -> String {
        var out = "Output directory: \(summary.directory)\n"
        if let run = summary.runs.last {
            let seconds = run.finished.map { String(format: "%.1f s", $0 - run.started) } ?? "unfinished"
            out += "Last run: #\(run.id) \(run.pipeline)  status \(run.status)  \(run.workers) workers  \(seconds)"
            if run.tasksSkipped > 0 { out += "  (\(run.tasksSkipped) completed tasks skipped)" }
            out += "\n"
        }
        out += "Inputs: \(summary.inputs.files) files, \(megabytes(summary.inputs.bytes))"
        out += "   Tasks: \(summary.tasks.done)/\(summary.tasks.total) done"
        if summary.tasks.failed > 0 { out += ", \(summary.tasks.failed) failed" }
        if summary.tasks.pending > 0 { out += ", \(summary.tasks.pending) pending" }
        out += "\n\n"

        let header = ["stage", "docs in", "docs out", "dropped", "MB in", "MB out", "seconds", "docs/s"]
        var rows: [[String]] = []
        for s in summary.stages {
            let rate = s.seconds > 0 ? String(format: "%.0f", Double(s.documentsIn) / s.seconds) : "-"
            rows.append([s.stage, "\(s.documentsIn)", "\(s.documentsOut)", "\(s.droppedTotal)",
                         String(format: "%.2f", Double(s.bytesIn) / 1e6), String(format: "%.2f", Double(s.bytesOut) / 1e6),
                         String(format: "%.2f", s.seconds), rate])
            for reason in s.dropped.keys.sorted() {
                rows.append(["  dropped: \(reason)", "", "", "\(s.dropped[reason]!)", "", "", "", ""])
            }
        }
        out += TextTable.render(header: header, rows: rows)
        let tallyLines = summary.stages.flatMap { s in
            s.tallies.keys.sorted().map { name in
                "top \(name) (\(s.stage)): " + s.sortedTally(name).map { "\($0.key) \($0.count)" }.joined(separator: ", ")
            }
        }
        if !tallyLines.isEmpty { out += "\n" + tallyLines.joined(separator: "\n") + "\n" }
        out += "\nOutputs: \(summary.outputs.files) files, \(megabytes(summary.outputs.bytes)), \(summary.outputs.documents) documents\n"
        if !summary.rejections.isEmpty {
            out += "\nRejected inputs (\(summary.rejections.count)):\n"
            for r in summary.rejections.prefix(50) { out += "  \(r)\n" }
            if summary.rejections.count > 50 { out += "  ... \(summary.rejections.count - 50) more (see --json)\n" }
        }
        if !summary.failures.isEmpty {
            out += "\nFailed tasks (\(summary.failures.count)):\n"
            for f in summary.failures { out += "  task \(f.task): \(f.error)\n" }
        }
        return out
    }

    static func megabytes(_ bytes: Int64) -> String { String(format: "%.1f MB", Double(bytes) / 1e6) }
}
