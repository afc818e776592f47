/// Why a GGUF file cannot be read: the file, the byte offset, the reason.
public enum GGUFError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformed(path: String, offset: Int, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): cannot read: \(reason)"
        case .malformed(let path, let offset, let reason): return "\(path) at byte \(offset): \(reason)"
        }
    }
}
