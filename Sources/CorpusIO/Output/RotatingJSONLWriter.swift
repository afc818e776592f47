import CorpusCore

/// Writes documents as JSON lines into numbered files that appear only when complete.
///
/// Files are named `<prefix>-<part>.jsonl` or `<prefix>-<part>.jsonl.zst`, `part` counting from
/// 0000. Each is written as `.<name>.tmp` in the same directory, synced and renamed to its final
/// name when it is closed: on rotation and on `finish()`. A file is rotated once the (compressed)
/// bytes written to it reach `maxFileBytes`, checked after each document, so every file holds
/// whole lines. With zstd the count is what the compressor has emitted: a file can exceed the
/// limit by what the compressor still buffers (up to a block, or a job with worker threads) and
/// its frame end.
///
/// No file is created until the first document arrives. A writer dropped without `finish()`
/// removes its temporary file.
public final class RotatingJSONLWriter {
    /// Where the files go.
    public let directory: String
    /// The start of every file name.
    public let prefix: String
    /// Plain or zstd.
    public let compression: Compression
    /// Rotate once a file has this many bytes on disk (nil: one file).
    public let maxFileBytes: Int64?
    /// zstd worker threads per file (see `ZstdWriter`).
    public let compressionWorkers: Int

    /// The file being written.
    private struct Part {
        var file: FileWriter
        var zstd: ZstdWriter?
        var temporaryPath: String
        var finalPath: String
        var documents = 0
        var sink: any ByteSink { zstd ?? file }
        var bytesOut: Int64 { zstd?.bytesOut ?? file.bytesWritten }
    }

    private var current: Part?
    private var nextPart = 0
    private var written: [WrittenFile] = []
    private var line: [UInt8] = []
    private var finished = false

    /// Prepares to write into `directory` (created if missing).
    ///
    /// - Parameters:
    ///   - compressionWorkers: zstd worker threads; 1 (the default) compresses on a background
    ///     thread while the caller encodes, like the `zstd` command line's default.
    public init(directory: String, prefix: String, compression: Compression = .zstd(level: 3),
                maxFileBytes: Int64? = nil, compressionWorkers: Int = 1) throws {
        guard !prefix.isEmpty, !prefix.contains("/") else {
            throw OutputError.misuse(path: directory, reason: "invalid file prefix \"\(prefix)\"")
        }
        if let maxFileBytes, maxFileBytes <= 0 {
            throw OutputError.misuse(path: directory, reason: "maxFileBytes must be positive")
        }
        if case .zstd(let level) = compression, !ZstdCompressionContext.levelRange.contains(level) {
            throw OutputError.compression(path: directory, reason: "zstd level \(level) outside \(ZstdCompressionContext.levelRange)")
        }
        self.directory = directory
        self.prefix = prefix
        self.compression = compression
        self.maxFileBytes = maxFileBytes
        self.compressionWorkers = max(0, compressionWorkers)
        try SystemCall.makeDirectories(directory)
    }

    deinit {
        if let current {
            _ = try? current.file.close()
            _ = try? SystemCall.removeFile(current.temporaryPath)
        }
    }

    /// Documents written so far, over all files.
    public private(set) var documentsWritten = 0

    /// Files completed so far.
    public var completedFiles: [WrittenFile] { written }

    /// The final name of file number `part`.
    public static func fileName(prefix: String, part: Int, compression: Compression) -> String {
        let digits = String(part)
        let padded = digits.count < 4 ? String(repeating: "0", count: 4 - digits.count) + digits : digits
        return "\(prefix)-\(padded)\(compression.jsonlExtension)"
    }

    /// Appends `document` as one line.
    public func write(_ document: Document) throws {
        line.removeAll(keepingCapacity: true)
        DocumentJSON.encode(document, into: &line)
        line.append(0x0A)
        try line.withUnsafeBytes { try append(line: $0) }
    }

    /// Appends one already encoded JSON object; `json` must not contain a newline (one is added).
    public func write(jsonLine json: UnsafeRawBufferPointer) throws {
        if json.firstIndex(of: 0x0A) != nil {
            throw OutputError.misuse(path: directory, reason: "a JSON line must not contain a newline")
        }
        line.removeAll(keepingCapacity: true)
        line.append(contentsOf: json)
        line.append(0x0A)
        try line.withUnsafeBytes { try append(line: $0) }
    }

    private func append(line bytes: UnsafeRawBufferPointer) throws {
        guard !finished else { throw OutputError.misuse(path: directory, reason: "write after finish") }
        if current == nil { current = try openPart() }
        try current!.sink.write(bytes)
        current!.documents += 1
        documentsWritten += 1
        if let maxFileBytes, current!.bytesOut >= maxFileBytes {
            try closePart()
        }
    }

    /// Completes the current file and returns every file written, in order.
    public func finish() throws -> [WrittenFile] {
        if !finished {
            try closePart()
            finished = true
        }
        return written
    }

    private func openPart() throws -> Part {
        let name = RotatingJSONLWriter.fileName(prefix: prefix, part: nextPart, compression: compression)
        nextPart += 1
        let finalPath = PathParts.join(directory, name)
        let temporaryPath = PathParts.temporary(for: finalPath)
        let file = try FileWriter(path: temporaryPath)
        var zstd: ZstdWriter?
        if case .zstd(let level) = compression {
            zstd = try ZstdWriter(destination: file, level: level, workers: compressionWorkers)
        }
        return Part(file: file, zstd: zstd, temporaryPath: temporaryPath, finalPath: finalPath)
    }

    private func closePart() throws {
        guard let part = current else { return }
        current = nil
        do {
            try part.sink.finish()
            try part.file.sync()
            try part.file.close()
            try SystemCall.rename(part.temporaryPath, to: part.finalPath)
            try SystemCall.syncDirectory(directory)
        } catch {
            _ = try? part.file.close()
            _ = try? SystemCall.removeFile(part.temporaryPath)
            throw error
        }
        written.append(WrittenFile(path: part.finalPath, bytes: part.file.bytesWritten,
                                   checksum: part.file.checksum.hex16, documents: part.documents))
    }

    /// Removes temporary files (`.<prefix>-….tmp`) that a killed run left in `directory`.
    /// Returns the paths removed. A missing directory has nothing to remove.
    @discardableResult
    public static func discardTemporaryFiles(in directory: String, prefix: String) throws -> [String] {
        guard SystemCall.isDirectory(directory) else { return [] }
        var removed: [String] = []
        for name in try SystemCall.listDirectory(directory).sorted()
        where name.hasPrefix("." + prefix + "-") && name.hasSuffix(".tmp") {
            let path = PathParts.join(directory, name)
            try SystemCall.removeFile(path)
            removed.append(path)
        }
        return removed
    }
}
