import CorpusCore

/// A document read from one JSON line, with where the line was.
public struct JSONLRecord: Sendable, Hashable {
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

/// A JSON line that could not be read as a document.
public struct JSONLLineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based line number.
    public var lineNumber: Int
    /// Offset of the line's first byte in the (decompressed) stream.
    public var lineOffset: Int64
    /// The parser's error; its offset is within the line.
    public var parseError: JSONParseError

    public init(lineNumber: Int, lineOffset: Int64, parseError: JSONParseError) {
        self.lineNumber = lineNumber; self.lineOffset = lineOffset; self.parseError = parseError
    }

    /// Offset of the problem in the stream.
    public var byteOffset: Int64 { lineOffset + Int64(parseError.offset) }

    /// What was wrong.
    public var reason: String { parseError.reason }

    /// The matching `InputError` for invalid UTF-8 (`.invalidUTF8` with the stream offset), else nil.
    public var inputError: InputError? { parseError.isInvalidUTF8 ? .invalidUTF8(offset: byteOffset) : nil }

    /// The record to keep in the run database for this line.
    public func rejection(file: String, member: String? = nil) -> InputRejection {
        InputRejection(file: file, member: member, offset: byteOffset, line: lineNumber, reason: reason)
    }

    public var description: String { "line \(lineNumber) (byte \(byteOffset)): \(reason)" }
}

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
