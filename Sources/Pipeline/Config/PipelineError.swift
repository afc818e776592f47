/// A problem in a pipeline file, found before any work starts.
public struct PipelineIssue: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file; self.line = line; self.column = column; self.message = message
    }

    /// `file:line:column: message`, the form compilers use, so editors can jump to it.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Errors that stop a run before or while it starts.
public enum PipelineError: Error, Sendable, CustomStringConvertible {
    /// The pipeline file could not be read.
    case unreadable(path: String, reason: String)
    /// The pipeline file is not valid TOML, or does not describe a valid pipeline.
    case invalid([PipelineIssue])
    /// An input named by the pipeline does not exist or cannot be listed.
    case input(path: String, reason: String)
    /// The output directory holds a run of different inputs or a different pipeline.
    case planChanged(directory: String, detail: String)
    /// Another process is running in the same output directory.
    case locked(directory: String)
    /// The output directory cannot be prepared.
    case output(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): cannot read pipeline: \(reason)"
        case .invalid(let issues):
            return issues.map(\.description).joined(separator: "\n")
                + "\n\(issues.count) problem\(issues.count == 1 ? "" : "s") in the pipeline; nothing was run."
        case .input(let path, let reason): return "input \(path): \(reason)"
        case .planChanged(let directory, let detail):
            return "\(directory) holds an earlier run with different inputs or pipeline (\(detail)); use another --output directory or pass --restart to start over"
        case .locked(let directory): return "\(directory) is in use by another matcorpus run"
        case .output(let path, let reason): return "\(path): \(reason)"
        }
    }
}
