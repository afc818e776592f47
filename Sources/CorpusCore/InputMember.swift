/// One readable unit of input: a plain file, a decompressed file, or a member of an archive.
public struct InputMember {
    /// The file as the pipeline found it (the archive itself for members).
    public var file: String
    /// Path inside the archive, when `file` is one.
    public var member: String?
    /// The path that include/exclude globs and document locators use: relative to the input's root
    /// for loose files, the member path for archive members.
    public var relativePath: String
    /// What readers put in document ids: stable across machines and runs. The executor sets it to
    /// the unit's path relative to its input root, with `!member` for archive members.
    public var locator: String
    /// Size in bytes before decompression, when known.
    public var size: Int64?
    /// The (already decompressed) bytes.
    public var source: any ByteSource

    public init(file: String, member: String? = nil, relativePath: String, size: Int64? = nil, source: any ByteSource) {
        self.file = file; self.member = member; self.relativePath = relativePath; self.size = size; self.source = source
        self.locator = relativePath
    }

    /// `file`, or `file!member`.
    public var displayName: String { member.map { "\(file)!\($0)" } ?? file }
}

/// A record of input that could not be used, kept in the run database.
public struct InputRejection: Sendable, Hashable, Codable, Error, CustomStringConvertible {
    public var file: String
    public var member: String?
    /// Byte offset in the (decompressed) member or file where the problem was found.
    public var offset: Int64?
    /// 1-based line, for line-oriented formats.
    public var line: Int?
    public var reason: String

    public init(file: String, member: String? = nil, offset: Int64? = nil, line: Int? = nil, reason: String) {
        self.file = file; self.member = member; self.offset = offset; self.line = line; self.reason = reason
    }

    public var description: String {
        var s = member.map { "\(file)!\($0)" } ?? file
        if let line { s += ":\(line)" }
        if let offset { s += " (byte \(offset))" }
        return s + ": " + reason
    }
}

/// Turns the bytes of an input member into documents.
public protocol DocumentReader {
    /// The registry name, such as `jsonl` or `xml`.
    var name: String { get }
    /// Reads one member. Problems with parts of it go to `context.reject`; a thrown error rejects
    /// whatever of the member was not yet emitted.
    mutating func read(_ member: InputMember, into context: inout ReaderContext) throws
}

/// Collects what a reader produced from one member.
public struct ReaderContext {
    public private(set) var rejections: [InputRejection] = []
    /// Documents a reader decided not to emit (for example an article with no text), by reason.
    public private(set) var dropped: [String: Int] = [:]
    /// Called for each document as soon as it is read, so memory stays bounded for large members.
    let sink: (Document) throws -> Void

    public init(sink: @escaping (Document) throws -> Void) { self.sink = sink }

    public mutating func emit(_ document: Document) throws { try sink(document) }
    public mutating func reject(_ rejection: InputRejection) { rejections.append(rejection) }
    /// Counts a document the reader found but does not emit (the input itself was fine).
    public mutating func drop(reason: DropReason) { dropped[reason.rawValue, default: 0] += 1 }
}
