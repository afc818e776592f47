import CorpusCore

/// Checksums of files on disk, streamed (used to verify outputs when a run resumes).
public enum FileChecksum {
    /// Size and XXH64 (seed 0, 16 lowercase hex digits) of the file at `path`.
    /// Throws `InputError.system` when it cannot be read.
    public static func xxh64(path: String) throws -> (bytes: Int64, checksum: String) {
        let source = try FileByteSource(path: path)
        var hasher = XXH64()
        var total: Int64 = 0
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { chunk.deallocate() }
        while true {
            let n = try source.read(into: chunk)
            if n == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
            total += Int64(n)
        }
        return (total, hasher.finalize().hex16)
    }
}
