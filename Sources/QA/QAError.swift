/// What can go wrong in QA synthesis, with the setting, file or line it concerns.
public enum QAError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stage option or command-line setting that cannot work.
    case invalidSetting(name: String, reason: String)
    /// An output or checkpoint file that cannot be written or read.
    case file(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidSetting(let name, let reason): return "qa_synthesis option \(name): \(reason)"
        case .file(let path, let reason): return "\(path): \(reason)"
        }
    }
}
