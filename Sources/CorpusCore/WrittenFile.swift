/// A finished output file: what writers return, and what the executor verifies and records in
/// completion markers and the run database (there with `path` relative to the output directory).
public struct WrittenFile: Sendable, Hashable, Codable {
    /// The final path (relative to the output directory once recorded).
    public var path: String
    /// Size on disk.
    public var bytes: Int64
    /// XXH64 (seed 0) of the file's bytes, 16 lowercase hex digits.
    public var checksum: String
    /// JSON lines (documents) in the file.
    public var documents: Int

    public init(path: String, bytes: Int64, checksum: String, documents: Int) {
        self.path = path; self.bytes = bytes; self.checksum = checksum; self.documents = documents
    }
}
