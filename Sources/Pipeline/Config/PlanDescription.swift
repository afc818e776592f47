import RunStore

/// The text `matcorpus run --dry-run` prints: the resolved pipeline with every option's value
/// (defaults filled in) and the task plan.
public enum PlanDescription {
    public static func render(_ spec: PipelineSpec, plan: [TaskPlan], outputDirectory: String, workers: Int) -> String {
        var out = "pipeline \(spec.name) (\(spec.file), version \(spec.version))\n"
        out += "output: \(outputDirectory)  workers: \(workers)  compression: \(spec.output.compression)"
        if spec.output.compression == "zstd" { out += " level \(spec.output.compressionLevel)" }
        out += "  rotate at \(spec.output.maxFileBytes >> 20) MB  exclusions: \(spec.output.exclusions)\n\ninputs:\n"
        for (i, input) in spec.inputs.enumerated() {
            let units = plan.flatMap(\.inputs).filter { $0.input == i }
            let bytes = units.reduce(Int64(0)) { $0 + $1.size }
            out += "  [\(i)] \(input.path)\n      reader \(input.reader)  source \(input.source)"
            for key in input.options.values.keys.sorted() { out += "  \(key)=\(input.options.values[key]!)" }
            out += "\n"
            if !input.include.isEmpty { out += "      include \(input.include)\n" }
            if !input.exclude.isEmpty { out += "      exclude \(input.exclude)\n" }
            let archives = units.filter { $0.kind == "archive" }.count
            out += "      \(units.count) unit\(units.count == 1 ? "" : "s") (\(archives) archive\(archives == 1 ? "" : "s")), \(String(format: "%.1f", Double(bytes) / 1e6)) MB\n"
        }
        out += "\nstages:\n"
        out += "  0. read (\(Set(spec.inputs.map(\.reader)).sorted().joined(separator: ", ")))\n"
        for (i, stage) in spec.stages.enumerated() {
            out += "  \(i + 1). \(stage.type)"
            for key in stage.options.values.keys.sorted() { out += "  \(key)=\(stage.options.values[key]!)" }
            out += "\n"
        }
        out += "  \(spec.stages.count + 1). write jsonl\n"
        out += "\ntasks: \(plan.count) (\(String(format: "%.1f", Double(plan.reduce(0) { $0 + $1.bytes }) / 1e6)) MB)\n"
        return out
    }
}
