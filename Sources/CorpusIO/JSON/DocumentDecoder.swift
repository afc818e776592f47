import CorpusCore

/// Decodes JSON lines into documents like `DocumentJSON.decode`, keeping its working storage
/// between lines so that a hot loop does not allocate it per line.
public struct DocumentDecoder {
    private var scratch: [UInt8] = []

    public init() {}

    /// Parses one JSON line (without its newline) into a `Document`; see `DocumentJSON.decode(_:)`.
    public mutating func decode(_ line: UnsafeRawBufferPointer) throws(JSONParseError) -> Document {
        try DocumentJSON.decode(line, scratch: &scratch)
    }
}
