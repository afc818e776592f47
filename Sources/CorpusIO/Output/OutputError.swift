/// Why bytes could not be written. Every case names the file and the reason.
public enum OutputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A system call failed.
    case system(call: String, errno: Int32, path: String)
    /// The compressor rejected its settings or failed.
    case compression(path: String, reason: String)
    /// The writer was used the wrong way (written to after `finish`, a bad argument).
    case misuse(path: String, reason: String)

    /// The file concerned.
    public var path: String {
        switch self {
        case .system(_, _, let path), .compression(let path, _), .misuse(let path, _): return path
        }
    }

    /// What went wrong, without the path.
    public var reason: String {
        switch self {
        case .system(let call, let errno, _): return "\(call) failed: \(SystemCall.errorString(errno)) (errno \(errno))"
        case .compression(_, let reason), .misuse(_, let reason): return reason
        }
    }

    public var description: String { "\(path): \(reason)" }
}
