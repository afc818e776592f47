import Foundation
import Pipeline

/// Draws a run's progress on standard error: a live line per stage on a terminal, plain periodic
/// log lines otherwise.
final class ProgressDisplay: @unchecked Sendable {
    private let board: ProgressBoard
    private let interactive = isatty(STDERR_FILENO) == 1
    private var thread: Thread?
    private let stopped = NSCondition()
    private var isStopped = false
    private var linesDrawn = 0

    init(board: ProgressBoard) { self.board = board }

    func start() {
        let t = Thread { [self] in
            let interval = interactive ? 0.5 : 10.0
            while true {
                stopped.lock()
                if !isStopped { _ = stopped.wait(until: Date().addingTimeInterval(interval)) }
                let done = isStopped
                stopped.unlock()
                draw(final: done)
                if done { break }
            }
        }
        thread = t
        t.start()
    }

    func stop() {
        stopped.lock()
        isStopped = true
        stopped.signal()
        stopped.unlock()
        while thread?.isFinished == false { usleep(1000) }
    }

    private func draw(final: Bool) {
        let s = board.snapshot()
        guard !s.stages.isEmpty else { return }
        let mbps = s.elapsed > 0 ? Double(s.bytesDone) / 1e6 / s.elapsed : 0
        var eta = "-"
        if s.bytesDone > 0, s.bytesTotal > s.bytesDone {
            let remaining = Double(s.bytesTotal - s.bytesDone) / (Double(s.bytesDone) / s.elapsed)
            eta = String(format: "%d:%02d", Int(remaining) / 60, Int(remaining) % 60)
        } else if s.bytesTotal <= s.bytesDone {
            eta = "0:00"
        }
        let header = String(format: "tasks %d/%d (%d skipped%@)  %.1f/%.1f MB  %.1f MB/s  ETA %@  %.0fs",
                            s.tasksDone + s.tasksSkipped, s.tasksTotal, s.tasksSkipped,
                            s.tasksFailed > 0 ? ", \(s.tasksFailed) failed" : "",
                            Double(s.bytesDone) / 1e6, Double(s.bytesTotal) / 1e6, mbps, eta, s.elapsed)
        var lines = [header]
        let width = s.stats.map(\.stage.count).max() ?? 0
        for st in s.stats {
            let rate = s.elapsed > 0 ? Double(st.bytesIn + (st.stage.hasPrefix("read") ? st.bytesOut : 0)) / 1e6 / s.elapsed : 0
            let name = st.stage + String(repeating: " ", count: width - st.stage.count)
            var line = "  " + name + String(format: " %10d in %10d out", st.documentsIn, st.documentsOut)
            if st.droppedTotal > 0 { line += "  \(st.droppedTotal) dropped" }
            line += String(format: "  %.1f MB/s", rate)
            lines.append(line)
        }
        if interactive {
            var out = linesDrawn > 0 ? "\u{1B}[\(linesDrawn)F" : ""
            for l in lines { out += "\u{1B}[2K" + l + "\n" }
            linesDrawn = lines.count
            FileHandle.standardError.write(Data(out.utf8))
        } else if !final || linesDrawn == 0 {
            let stamp = ISO8601DateFormatter().string(from: Date())
            FileHandle.standardError.write(Data(("[\(stamp)] " + lines.joined(separator: " |") + "\n").utf8))
            linesDrawn = 1
        }
    }
}
