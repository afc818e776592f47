import CorpusCore

/// The plain writer: buffers bytes and hands them to `write(2)` in large pieces.
///
/// It also keeps the XXH64 of everything written, so a finished file's checksum is known without
/// reading it back. `finish()` writes out the buffer; `sync()` and `close()` are separate so a
/// caller can make the file durable before renaming it. A writer dropped without `finish()` or
/// `close()` closes its file but loses what was still buffered.
public final class FileWriter: ByteSink {
    public let path: String
    private var fd: Int32
    private let buffer: UnsafeMutableRawBufferPointer
    private var buffered = 0
    private var hasher = XXH64()
    private var finished = false
    /// Bytes accepted so far (written or still buffered): the file's size once finished.
    public private(set) var bytesWritten: Int64 = 0

    /// Creates (or truncates) `path`. Writes reach the system in pieces of `bufferSize` bytes or more.
    public init(path: String, bufferSize: Int = 1 << 20) throws {
        self.path = path
        fd = try SystemCall.createFile(path)
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bufferSize, 4096), alignment: 64)
    }

    deinit {
        if fd >= 0 { _ = try? SystemCall.close(fd, path: path) }
        buffer.deallocate()
    }

    /// XXH64 (seed 0) of every byte written so far.
    public var checksum: UInt64 { hasher.finalize() }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !finished, fd >= 0 else { throw OutputError.misuse(path: path, reason: "write after finish") }
        let count = bytes.count
        guard count > 0 else { return }
        hasher.update(bytes)
        bytesWritten += Int64(count)
        if buffered + count <= buffer.count {
            (buffer.baseAddress! + buffered).copyMemory(from: bytes.baseAddress!, byteCount: count)
            buffered += count
            if buffered == buffer.count { try flush() }
            return
        }
        try flush()
        if count >= buffer.count {
            try SystemCall.writeAll(fd, bytes, path: path)
        } else {
            buffer.baseAddress!.copyMemory(from: bytes.baseAddress!, byteCount: count)
            buffered = count
        }
    }

    /// Hands buffered bytes to the system.
    public func flush() throws {
        guard buffered > 0 else { return }
        try SystemCall.writeAll(fd, UnsafeRawBufferPointer(rebasing: buffer[0..<buffered]), path: path)
        buffered = 0
    }

    /// Writes out the buffer. The file stays open for `sync()` and `close()`.
    public func finish() throws {
        if finished { return }
        try flush()
        finished = true
    }

    /// Flushes and waits until the file's bytes are on stable storage (`fsync`).
    public func sync() throws {
        try flush()
        guard fd >= 0 else { throw OutputError.misuse(path: path, reason: "sync after close") }
        try SystemCall.sync(fd, path: path)
    }

    /// Flushes and closes the file. Further writes fail.
    public func close() throws {
        guard fd >= 0 else { return }
        defer { finished = true }
        try flush()
        let descriptor = fd
        fd = -1
        try SystemCall.close(descriptor, path: path)
    }
}
