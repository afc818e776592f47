/// Why bytes could not be read. Carries the offset reached so the rejection can name it.
public enum InputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A compressed stream is corrupt (`codec`: gzip, zstd, ...).
    case corrupt(codec: String, offset: Int64, detail: String)
    /// The stream ended before the codec or format said it should.
    case truncated(codec: String, offset: Int64)
    /// The bytes are not valid UTF-8.
    case invalidUTF8(offset: Int64)
    /// An archive or member could not be read.
    case archive(offset: Int64?, detail: String)
    /// A system call failed.
    case system(call: String, errno: Int32, path: String)
    /// The input is larger than a reader accepts.
    case tooLarge(limit: Int)

    public var description: String {
        switch self {
        case .corrupt(let codec, let offset, let detail): return "corrupt \(codec) data at compressed byte \(offset): \(detail)"
        case .truncated(let codec, let offset): return "truncated \(codec) stream: ended at compressed byte \(offset)"
        case .invalidUTF8(let offset): return "invalid UTF-8 at byte \(offset)"
        case .archive(let offset, let detail): return offset.map { "archive error at byte \($0): \(detail)" } ?? "archive error: \(detail)"
        case .system(let call, let errno, let path): return "\(call)(\(path)) failed: errno \(errno)"
        case .tooLarge(let limit): return "input larger than \(limit) bytes"
        }
    }

    /// The offset the error names, if any.
    public var offset: Int64? {
        switch self {
        case .corrupt(_, let o, _), .truncated(_, let o), .invalidUTF8(let o): return o
        case .archive(let o, _): return o
        default: return nil
        }
    }
}
