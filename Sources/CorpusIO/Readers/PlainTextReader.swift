import CorpusCore

/// Reader `text`: one document per file, the whole file as UTF-8 text.
///
/// Invalid UTF-8 rejects the file with the offset of the first bad byte; files larger than
/// `maxBytes` are rejected rather than loaded.
public struct PlainTextReader: DocumentReader {
    public let name = "text"
    public var source: DocumentSource
    public var maxBytes: Int

    public init(source: DocumentSource, maxBytes: Int = 256 << 20) {
        self.source = source
        self.maxBytes = maxBytes
    }

    public mutating func read(_ member: InputMember, into context: inout ReaderContext) throws {
        let bytes = try member.source.readAll(limit: maxBytes)
        var text = try bytes.withUnsafeBytes { try UTF8Validation.decode($0) }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        guard text.contains(where: { !$0.isWhitespace }) else {
            context.reject(InputRejection(file: member.file, member: member.member, reason: "empty text"))
            return
        }
        try context.emit(Document(text: text, source: source, locator: member.locator,
                                  provenance: Provenance(file: member.file, member: member.member, byteStart: 0, byteEnd: Int64(bytes.count))))
    }
}
