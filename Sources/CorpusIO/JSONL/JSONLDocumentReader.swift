import CorpusCore

/// Reads documents from a JSON-lines stream, one line at a time.
///
/// A line that is not a valid document yields a `JSONLLineError` and reading goes on with the
/// next line; only errors of the source itself (corrupt or truncated compression, I/O) are thrown.
public final class JSONLDocumentReader {
    private let lines: JSONLReader
    private var decoder = DocumentDecoder()

    /// Reads from `source` (already decompressed; see `Decompression.open`).
    public init(source: any ByteSource, chunkSize: Int = 1 << 20) {
        lines = JSONLReader(source: source, chunkSize: chunkSize)
    }

    /// The next line's document or error, or nil at the end of the stream.
    public func next() throws -> Result<JSONLRecord, JSONLLineError>? {
        guard let line = try lines.next() else { return nil }
        do {
            let document = try decoder.decode(line.bytes)
            return .success(JSONLRecord(document: document, lineNumber: line.lineNumber,
                                        byteOffset: line.byteOffset, byteCount: line.bytes.count))
        } catch {
            return .failure(JSONLLineError(lineNumber: line.lineNumber, lineOffset: line.byteOffset, parseError: error))
        }
    }

    /// Calls `body` for every line in order, with its document or its error. Errors thrown by
    /// `body` or by the source stop reading.
    public func forEach(_ body: (Result<JSONLRecord, JSONLLineError>) throws -> Void) throws {
        while let result = try next() { try body(result) }
    }

    /// Reads every line of `source`, passing documents to `document` and bad lines to `failure`.
    /// Returns the number of documents read.
    @discardableResult
    public static func read(_ source: any ByteSource,
                            document: (JSONLRecord) throws -> Void,
                            failure: (JSONLLineError) throws -> Void) throws -> Int {
        let reader = JSONLDocumentReader(source: source)
        var count = 0
        while let result = try reader.next() {
            switch result {
            case .success(let record): count += 1; try document(record)
            case .failure(let error): try failure(error)
            }
        }
        return count
    }
}
