/// Compresses a byte stream into one zstd frame with `ZSTD_compressStream2`, writing the compressed
/// bytes to another sink (normally a `FileWriter`) in large pieces.
///
/// `workers` > 0 runs compression on that many libzstd worker threads, so the thread that calls
/// `write` (encoding JSON, say) and compression overlap; the output is still one standard frame.
public final class ZstdWriter: ByteSink {
    /// The compression level.
    public let level: Int
    /// Compression worker threads in use (0 when the library has no thread support).
    public let workers: Int
    private let destination: any ByteSink
    private let context: ZstdCompressionContext
    private let output: UnsafeMutableRawBufferPointer
    private var outputCount = 0
    private var finished = false
    /// Uncompressed bytes accepted so far.
    public private(set) var bytesIn: Int64 = 0
    /// Compressed bytes produced so far (handed to the destination or about to be).
    public private(set) var bytesOut: Int64 = 0

    public var path: String { destination.path }

    /// Compresses into `destination` at `level` (libzstd's range, negative levels included) with
    /// `workers` background threads (0: compress on the calling thread). With `checksum` (the
    /// default, as with the `zstd` tool) the frame carries a checksum of its content, which
    /// `ZstdReader` and `zstd -d` verify.
    public init(destination: any ByteSink, level: Int = 3, workers: Int = 0, checksum: Bool = true,
                outputBufferSize: Int = 1 << 20) throws {
        guard ZstdCompressionContext.levelRange.contains(level) else {
            throw OutputError.compression(path: destination.path, reason: "zstd level \(level) outside \(ZstdCompressionContext.levelRange)")
        }
        do { context = try ZstdCompressionContext(level: level, workers: workers, checksum: checksum) } catch {
            throw OutputError.compression(path: destination.path, reason: error.message)
        }
        self.destination = destination
        self.level = level
        self.workers = context.workers
        output = UnsafeMutableRawBufferPointer.allocate(
            byteCount: max(outputBufferSize, ZstdCompressionContext.recommendedOutputSize), alignment: 64)
    }

    /// Compresses into a new file at `path` (created or truncated).
    public convenience init(path: String, level: Int = 3, workers: Int = 0, checksum: Bool = true) throws {
        try self.init(destination: FileWriter(path: path), level: level, workers: workers, checksum: checksum)
    }

    deinit { output.deallocate() }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !finished else { throw OutputError.misuse(path: path, reason: "write after finish") }
        guard bytes.count > 0 else { return }
        bytesIn += Int64(bytes.count)
        var position = 0
        while position < bytes.count {
            _ = try step(bytes, &position, .continue)
        }
    }

    /// Ends the current block so everything written so far can be decoded from the destination.
    public func flush() throws {
        guard !finished else { return }
        try drain(.flush)
        try drainOutput()
        if let file = destination as? FileWriter { try file.flush() }
    }

    /// Ends the frame, writes out everything and finishes the destination.
    public func finish() throws {
        guard !finished else { return }
        try drain(.end)
        try drainOutput()
        finished = true
        try destination.finish()
    }

    private func drain(_ directive: ZstdCompressionContext.Directive) throws {
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        var position = 0
        while try step(empty, &position, directive) != 0 {}
    }

    /// One compression call; writes the output buffer out when it is full.
    private func step(_ input: UnsafeRawBufferPointer, _ position: inout Int, _ directive: ZstdCompressionContext.Directive) throws -> Int {
        let before = outputCount
        let remaining: Int
        do {
            remaining = try context.compress(input: input, inputPosition: &position, output: output,
                                             outputPosition: &outputCount, directive: directive)
        } catch {
            throw OutputError.compression(path: path, reason: error.message)
        }
        bytesOut += Int64(outputCount - before)
        if outputCount == output.count { try drainOutput() }
        return remaining
    }

    private func drainOutput() throws {
        guard outputCount > 0 else { return }
        try destination.write(UnsafeRawBufferPointer(rebasing: output[0..<outputCount]))
        outputCount = 0
    }
}
