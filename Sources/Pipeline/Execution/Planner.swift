import CorpusIO
import RunStore

/// Splits a pipeline's inputs into tasks.
///
/// Each archive is one task (it is read front to back as one stream). Loose files are grouped, in
/// path order, into tasks of about `taskBytes`. The plan depends only on the inputs and the pipeline,
/// never on the worker count, so a resumed run sees the same tasks.
public enum Planner {
    public static func plan(_ pipeline: PipelineSpec) throws -> [TaskPlan] {
        var tasks: [TaskPlan] = []
        var pending: [InputRecord] = []
        var pendingBytes: Int64 = 0
        func flush() {
            guard !pending.isEmpty else { return }
            tasks.append(TaskPlan(task: tasks.count, inputs: pending))
            pending = []
            pendingBytes = 0
        }
        for (index, input) in pipeline.inputs.enumerated() {
            let units: [InputUnit]
            do {
                units = try InputPlanner.units(for: input.inputSpec)
            } catch {
                throw PipelineError.input(path: input.path, reason: "\(error)")
            }
            if units.isEmpty { throw PipelineError.input(path: input.path, reason: "matched no files (check include/exclude)") }
            for unit in units {
                let record = InputRecord(path: unit.path, relativePath: unit.relativePath, input: index, size: unit.size, kind: unit.kind.rawValue)
                if unit.kind == .archive {
                    flush()
                    tasks.append(TaskPlan(task: tasks.count, inputs: [record]))
                } else {
                    if pendingBytes > 0, pendingBytes + unit.size > pipeline.taskBytes { flush() }
                    pending.append(record)
                    pendingBytes += unit.size
                }
            }
            flush()
        }
        return tasks
    }

    /// Why two plans differ, or nil when they are the same (input hashes are not compared).
    static func difference(_ old: [TaskPlan], _ new: [TaskPlan]) -> String? {
        if old.count != new.count { return "\(old.count) tasks before, \(new.count) now" }
        for (a, b) in zip(old, new) {
            if a.inputs.count != b.inputs.count { return "task \(a.task) had \(a.inputs.count) inputs, now \(b.inputs.count)" }
            for (x, y) in zip(a.inputs, b.inputs) where x.path != y.path || x.size != y.size || x.kind != y.kind || x.input != y.input {
                return "\(y.path): was \(x.path) of \(x.size) bytes"
            }
        }
        return nil
    }
}

extension InputConfig {
    /// The CorpusIO view of this input.
    public var inputSpec: InputSpec {
        InputSpec(path: path, include: include, exclude: exclude, followArchives: followArchives)
    }
}
