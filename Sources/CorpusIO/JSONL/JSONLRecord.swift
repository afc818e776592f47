import CorpusCore

/// A document read from one JSON line, with where the line was.
public struct JSONLRecord: Sendable, Hashable {
    /// The decoded document, as the line gave it (`id` and `source` may be empty).
    public var document: Document
    /// 1-based line number.
    public var lineNumber: Int
    /// Offset of the line's first byte in the (decompressed) stream.
    public var byteOffset: Int64
    /// Length of the line in bytes, line ending excluded.
    public var byteCount: Int

    public init(document: Document, lineNumber: Int, byteOffset: Int64, byteCount: Int) {
        self.document = document; self.lineNumber = lineNumber; self.byteOffset = byteOffset; self.byteCount = byteCount
    }
}
