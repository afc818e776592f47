#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CorpusCore

/// Reads a file with POSIX `read(2)`, front to back.
public final class FileByteSource: ByteSource {
    public let path: String
    private var fd: Int32
    /// Bytes read so far.
    public private(set) var offset: Int64 = 0

    public init(path: String) throws {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw InputError.system(call: "open", errno: errno, path: path) }
    }

    deinit { if fd >= 0 { close(fd) } }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            #if canImport(Glibc)
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            #else
            let n = Darwin.read(fd, buffer.baseAddress, buffer.count)
            #endif
            if n >= 0 { offset += Int64(n); return n }
            if errno == EINTR { continue }
            throw InputError.system(call: "read", errno: errno, path: path)
        }
    }
}
