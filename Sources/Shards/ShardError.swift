/// What can be wrong with shard files or settings: the file or setting, the offset, the reason.
public enum ShardError: Error, Sendable, Hashable, CustomStringConvertible {
    case malformed(path: String, offset: Int, reason: String)
    case invalidSetting(name: String, reason: String)

    public var description: String {
        switch self {
        case .malformed(let path, let offset, let reason): return "\(path) at byte \(offset): \(reason)"
        case .invalidSetting(let name, let reason): return "shard setting \(name): \(reason)"
        }
    }
}
