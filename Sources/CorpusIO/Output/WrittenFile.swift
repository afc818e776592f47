/// A finished output file: what the executor records and verifies on resume.
public struct WrittenFile: Sendable, Hashable, Codable {
    /// The final path.
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
