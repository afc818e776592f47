/// Whole-file writes that readers never see half done.
public enum AtomicFile {
    /// Writes `bytes` to `path` through a temporary file beside it (`.<name>.tmp`), synced to disk
    /// and then renamed over `path`. On failure the temporary file is removed and `path` is untouched.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let temporary = PathParts.temporary(for: path)
        do {
            let fd = try SystemCall.createFile(temporary)
            do {
                try bytes.withUnsafeBytes { try SystemCall.writeAll(fd, $0, path: temporary) }
                try SystemCall.sync(fd, path: temporary)
            } catch {
                _ = try? SystemCall.close(fd, path: temporary)
                throw error
            }
            try SystemCall.close(fd, path: temporary)
            try SystemCall.rename(temporary, to: path)
        } catch {
            _ = try? SystemCall.removeFile(temporary)
            throw error
        }
        try SystemCall.syncDirectory(PathParts.directory(of: path))
    }

    /// Writes the UTF-8 bytes of `string` atomically (see `write(_:to:)`).
    public static func write(_ string: String, to path: String) throws {
        try write(Array(string.utf8), to: path)
    }
}
