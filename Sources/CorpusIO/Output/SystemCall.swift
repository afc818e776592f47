#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the POSIX calls the writers make, throwing `OutputError`.
enum SystemCall {
    static func errorString(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Opens `path` for writing, creating or truncating it.
    static func createFile(_ path: String, mode: mode_t = 0o644) throws(OutputError) -> Int32 {
        while true {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno == EINTR { continue }
            throw OutputError.system(call: "open", errno: errno, path: path)
        }
    }

    /// Writes all of `bytes`, retrying short writes and interruptions.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(OutputError) {
        guard var p = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            #if canImport(Glibc)
            let n = Glibc.write(fd, p, left)
            #else
            let n = Darwin.write(fd, p, left)
            #endif
            if n < 0 {
                if errno == EINTR { continue }
                throw OutputError.system(call: "write", errno: errno, path: path)
            }
            p += n
            left -= n
        }
    }

    static func sync(_ fd: Int32, path: String) throws(OutputError) {
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            throw OutputError.system(call: "fsync", errno: errno, path: path)
        }
    }

    static func close(_ fd: Int32, path: String) throws(OutputError) {
        #if canImport(Glibc)
        let r = Glibc.close(fd)
        #else
        let r = Darwin.close(fd)
        #endif
        // After EINTR the descriptor is gone on Linux; do not retry.
        if r != 0 && errno != EINTR { throw OutputError.system(call: "close", errno: errno, path: path) }
    }

    static func rename(_ from: String, to: String) throws(OutputError) {
        #if canImport(Glibc)
        let r = Glibc.rename(from, to)
        #else
        let r = Darwin.rename(from, to)
        #endif
        if r != 0 { throw OutputError.system(call: "rename", errno: errno, path: to) }
    }

    /// Removes a file; a missing file is not an error.
    static func removeFile(_ path: String) throws(OutputError) {
        if unlink(path) != 0 && errno != ENOENT { throw OutputError.system(call: "unlink", errno: errno, path: path) }
    }

    /// Makes a rename inside `directory` durable. Filesystems that cannot sync a directory are tolerated.
    static func syncDirectory(_ directory: String) throws(OutputError) {
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw OutputError.system(call: "open", errno: errno, path: directory) }
        defer { _ = try? close(fd, path: directory) }
        if fsync(fd) != 0 && errno != EINVAL && errno != EROFS && errno != EBADF {
            throw OutputError.system(call: "fsync", errno: errno, path: directory)
        }
    }

    /// Names in `directory` (without `.` and `..`).
    static func listDirectory(_ directory: String) throws(OutputError) -> [String] {
        guard let dir = opendir(directory) else { throw OutputError.system(call: "opendir", errno: errno, path: directory) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Creates `path` and any missing parents (like `mkdir -p`).
    static func makeDirectories(_ path: String) throws(OutputError) {
        if path.isEmpty || isDirectory(path) { return }
        let parent = PathParts.directory(of: path)
        if !parent.isEmpty && parent != path { try makeDirectories(parent) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw OutputError.system(call: "mkdir", errno: errno, path: path)
        }
    }

    /// True when `path` names a directory.
    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }
}
