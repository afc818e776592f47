/// Where a document's bytes came from.
public struct Provenance: Sendable, Hashable, Codable {
    /// The input file as the pipeline named it (an archive, a compressed file or a plain file).
    public var file: String
    /// The member path inside an archive, when the file is one.
    public var member: String?
    /// First byte of the document in the (decompressed) member or file.
    public var byteStart: Int64?
    /// One past the last byte of the document.
    public var byteEnd: Int64?
    /// 1-based line, for line-oriented inputs such as JSONL.
    public var line: Int?

    public init(file: String, member: String? = nil, byteStart: Int64? = nil, byteEnd: Int64? = nil, line: Int? = nil) {
        self.file = file; self.member = member; self.byteStart = byteStart; self.byteEnd = byteEnd; self.line = line
    }

    enum CodingKeys: String, CodingKey {
        case file, member, line
        case byteStart = "byte_start"
        case byteEnd = "byte_end"
    }

    /// `file`, or `file!member` for archive members: the form used in messages.
    public var displayName: String { member.map { "\(file)!\($0)" } ?? file }
}
