/// What can go wrong in deduplication; every case names the file or setting and the reason.
public enum DedupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A setting out of range.
    case invalidSetting(name: String, reason: String)
    /// A signature, band or decision file that is not what it should be (truncated, another format,
    /// made with other parameters).
    case badFile(path: String, offset: Int, reason: String)
    /// A system call failed.
    case system(call: String, path: String, errno: Int32)
    /// The workspace lacks something a step needs (e.g. decisions before resolution).
    case missing(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidSetting(let name, let reason): return "dedup setting \(name): \(reason)"
        case .badFile(let path, let offset, let reason): return "\(path) at byte \(offset): \(reason)"
        case .system(let call, let path, let errno): return "\(path): \(call) failed (errno \(errno))"
        case .missing(let path, let reason): return "\(path): \(reason)"
        }
    }
}
