import CorpusCore
import Foundation
import RunStore

/// The QA-synthesis summary `matcorpus stats` prints after its tables when a run has a `qa_synthesis`
/// stage: paragraphs, outputs, pairs parsed, kept and dropped (by reason), template pairs, speed.
enum QAStatsTable {
    /// The section for `summary` (read with every tally key), or nil when no stage tallied `qa`.
    static func render(_ summary: RunSummary) -> String? {
        guard let stage = summary.stages.first(where: { $0.tallies["qa"] != nil }) else { return nil }
        let qa = stage.tallies["qa"] ?? [:]
        func n(_ key: String) -> Int { qa[key] ?? 0 }
        func share(_ part: Int, _ whole: Int) -> String { whole > 0 ? String(format: " (%.0f%%)", 100 * Double(part) / Double(whole)) : "" }
        var lines = ["", "QA synthesis (\(stage.stage))"]
        func row(_ label: String, _ value: String) { lines.append("  " + label.padding(toLength: 34, withPad: " ", startingAt: 0) + value) }
        row("paragraphs sent to the model", "\(n("paragraphs")) from \(n("documents")) documents"
            + (n("paragraphs_from_checkpoint") > 0 ? ", \(n("paragraphs_from_checkpoint")) read from the checkpoint" : ""))
        if n("paragraphs_skipped") > 0 { row("paragraphs skipped (prompt too long)", "\(n("paragraphs_skipped"))") }
        row("model outputs", "\(n("outputs"))" + (n("outputs_truncated") > 0 ? ", \(n("outputs_truncated")) cut at max_tokens" : ""))
        row("outputs with parsed pairs", "\(n("paragraphs_with_pairs"))\(share(n("paragraphs_with_pairs"), n("outputs")))")
        row("outputs unparseable", "\(n("outputs_unparseable"))" + Self.reasons(stage.tallies["qa_unparseable"]))
        row("pairs generated (parsed)", "\(n("pairs_parsed"))")
        row("pairs kept", "\(n("pairs_kept"))\(share(n("pairs_kept"), n("pairs_parsed")))")
        row("pairs dropped", "\(n("pairs_dropped"))" + Self.reasons(stage.tallies["qa_dropped"]))
        row("CIF template pairs", "\(n("cif_pairs")) from \(n("cif_documents")) structures")
        if n("generation_ms") > 0 {
            let seconds = Double(n("generation_ms")) / 1000
            row("model time", String(format: "%.1f s: %.0f generated tokens/s, %.1f kept pairs/min", seconds,
                                     Double(n("generated_tokens")) / seconds, Double(n("pairs_kept")) / seconds * 60))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func reasons(_ tally: [String: Int]?) -> String {
        guard let tally, !tally.isEmpty else { return "" }
        return ": " + tally.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}
