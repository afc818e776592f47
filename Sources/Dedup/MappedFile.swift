#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only into memory. The unsafe pointer stays inside this type: callers
/// read through bounds-checked accessors.
final class MappedFile: @unchecked Sendable {
    let path: String
    let count: Int
    private let base: UnsafeRawPointer?

    init(path: String) throws(DedupError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .system(call: "open", path: path, errno: errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .system(call: "fstat", path: path, errno: errno) }
        count = Int(st.st_size)
        if count == 0 { base = nil; return }
        let p = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let p, p != MAP_FAILED else { throw .system(call: "mmap", path: path, errno: errno) }
        base = UnsafeRawPointer(p)
    }

    deinit { if let base { munmap(UnsafeMutableRawPointer(mutating: base), count) } }

    /// The little-endian value of type `T` at `offset`; the caller has checked the range.
    @inline(__always) func load<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
        precondition(offset >= 0 && offset + MemoryLayout<T>.size <= count, "read past the end of \(path)")
        return T(littleEndian: base!.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// `length` values of type UInt64 starting at `offset`, as a buffer valid while the file lives.
    @inline(__always) func words(at offset: Int, count length: Int) -> UnsafeBufferPointer<UInt64> {
        precondition(offset >= 0 && offset + length * 8 <= count && offset % 8 == 0, "read past the end of \(path)")
        return UnsafeBufferPointer(start: (base! + offset).assumingMemoryBound(to: UInt64.self), count: length)
    }

    /// `length` UInt32 values starting at `offset`.
    @inline(__always) func halfWords(at offset: Int, count length: Int) -> UnsafeBufferPointer<UInt32> {
        precondition(offset >= 0 && offset + length * 4 <= count && offset % 4 == 0, "read past the end of \(path)")
        return UnsafeBufferPointer(start: (base! + offset).assumingMemoryBound(to: UInt32.self), count: length)
    }

    /// The bytes of a range as a String (UTF-8, repaired if invalid).
    func string(at offset: Int, length: Int) -> String {
        precondition(offset >= 0 && offset + length <= count)
        guard length > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: base! + offset, count: length), as: UTF8.self)
    }
}
