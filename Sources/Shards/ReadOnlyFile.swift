#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened for reading at any offset (`pread`), for token runs and index entries read out
/// of order. Nothing is mapped or cached: the caller's buffer is the only memory used.
final class ReadOnlyFile {
    let path: String
    private var fd: Int32
    /// The size when opened.
    let size: Int64

    init(path: String) throws {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ShardError.malformed(path: path, offset: 0, reason: "cannot open for reading (errno \(errno))") }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let code = errno
            close(fd)
            throw ShardError.malformed(path: path, offset: 0, reason: "cannot stat (errno \(code))")
        }
        size = Int64(st.st_size)
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Fills `buffer` with the bytes at `offset`; fewer bytes than asked (the end of the file) is an error.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n > 0 { done += n; continue }
            if n < 0, errno == EINTR { continue }
            throw ShardError.malformed(path: path, offset: Int(offset) + done,
                                       reason: n == 0 ? "the file ends \(buffer.count - done) bytes early" : "read failed (errno \(errno))")
        }
    }

    /// The little-endian integers of type `T` at `offset`, `count` of them, handed to `body` in
    /// chunks of at most `chunk` values (so any index streams through a fixed buffer).
    func forEachChunk<T: FixedWidthInteger>(of type: T.Type, count: Int, at offset: Int64, chunk: Int = 1 << 16,
                                            _ body: (UnsafeBufferPointer<T>) throws -> Void) throws {
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(1, min(chunk, count)))
        defer { buffer.deallocate() }
        var done = 0
        while done < count {
            let n = min(buffer.count, count - done)
            let part = UnsafeMutableBufferPointer(rebasing: buffer[0..<n])
            try read(into: UnsafeMutableRawBufferPointer(part), at: offset + Int64(done * MemoryLayout<T>.size))
            for i in 0..<n { part[i] = T(littleEndian: part[i]) }
            try body(UnsafeBufferPointer(part))
            done += n
        }
    }

    /// One little-endian integer at `offset`.
    func integer<T: FixedWidthInteger>(_ type: T.Type, at offset: Int64) throws -> T {
        var value = T.zero
        try withUnsafeMutableBytes(of: &value) { try read(into: $0, at: offset) }
        return T(littleEndian: value)
    }
}
