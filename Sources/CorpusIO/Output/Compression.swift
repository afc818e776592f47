/// How a writer compresses its files.
public enum Compression: Sendable, Hashable, Codable {
    /// Plain JSON lines (`.jsonl`).
    case none
    /// One zstd frame per file (`.jsonl.zst`) at `level`.
    case zstd(level: Int)

    /// zstd at its default level, 3.
    public static let zstd = Compression.zstd(level: 3)

    /// The file name suffix for JSON lines written this way.
    public var jsonlExtension: String {
        switch self {
        case .none: return ".jsonl"
        case .zstd: return ".jsonl.zst"
        }
    }
}
