/// A stream of bytes read front to back: a file, a decompressor, an archive member.
///
/// Readers pull from a source in chunks, so no input has to fit in memory.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer` and returns how many; 0 means the end.
    /// Throws `InputError` for corrupt or unreadable data, with the offset reached.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension ByteSource {
    /// Reads everything that is left. Use only for inputs known to be small (one article, one CIF).
    public func readAll(limit: Int = .max) throws -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
            if out.count > limit { throw InputError.tooLarge(limit: limit) }
        }
        return out
    }
}

/// A byte source over bytes already in memory.
public final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var position = 0
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - position)
        if n > 0 {
            bytes.withUnsafeBytes { src in
                buffer.baseAddress!.copyMemory(from: src.baseAddress!.advanced(by: position), byteCount: n)
            }
            position += n
        }
        return n
    }
}
