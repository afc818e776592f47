#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns an `InputSpec` into the files and archives to read, in a deterministic order.
public enum InputPlanner {
    /// The units of `spec`, sorted by `relativePath` (byte order of the UTF-8, as `LC_ALL=C sort`).
    ///
    /// - A file is one unit (its basename as `relativePath`), whatever the globs say.
    /// - A folder is walked recursively. Skipped: names starting with `.` (hidden files and folders),
    ///   names that are not valid UTF-8, broken symbolic links, and anything neither a regular file nor
    ///   a folder. Symbolic links are followed, but each physical folder is walked once (the first time
    ///   it is reached in sorted depth-first order), so link loops end and no file is listed twice
    ///   through two links to one folder. Loose files must pass the globs; archives are kept unless
    ///   excluded (the include list selects their members; see `InputSpec`).
    /// - A file is an archive (when `spec.followArchives`) by its magic bytes: zip (`PK\3\4`, or
    ///   `PK\5\6` for an empty zip), tar (`ustar` at byte 257), or gzip, zstd, xz or bzip2 magic on a file
    ///   named `.tar.gz`, `.tgz`, `.tar.zst`, `.tzst`, `.tar.xz`, `.txz`, `.tar.bz2`, `.tbz2` or `.tbz`.
    ///   A plain `.gz` or `.zst` is a file whose bytes are decompressed when read. Note that zip-based
    ///   documents (`.docx`, `.epub`, `.jar`) are zips by this rule.
    ///
    /// Throws `InputPlanError`: `.missing` naming the path when it does not exist, `.system` when a
    /// folder or file cannot be listed or read, `.invalidPattern` for a bad glob.
    public static func units(for spec: InputSpec) throws -> [InputUnit] {
        let filter: GlobFilter
        do { filter = try spec.compiledFilter() } catch let error as Glob.PatternError {
            throw InputPlanError.invalidPattern(error)
        }
        let root = spec.path
        let info: InputsPOSIX.FileInfo
        switch InputsPOSIX.fileInfo(root) {
        case .success(let i): info = i
        case .failure(let failure) where failure.errno == ENOENT || failure.errno == ENOTDIR:
            throw InputPlanError.missing(path: root)
        case .failure(let failure):
            throw InputPlanError.system(call: "stat", errno: failure.errno, path: root)
        }
        switch info.type {
        case .regular:
            let kind: InputUnit.Kind = try spec.followArchives && isArchive(path: root) ? .archive : .file
            return [InputUnit(path: root, relativePath: basename(root), size: info.size, kind: kind)]
        case .directory:
            var units = try walk(root: root, rootInfo: info, spec: spec, filter: filter)
            units.sort { $0.relativePath.utf8.lexicographicallyPrecedes($1.relativePath.utf8) }
            return units
        case .other:
            throw InputPlanError.unsupportedType(path: root)
        }
    }

    /// Whether the file at `path` is an archive by the rule in `units(for:)`.
    /// Throws `InputPlanError.system` when it cannot be opened or read.
    public static func isArchive(path: String) throws -> Bool {
        let header: [UInt8]
        switch InputsPOSIX.readPrefix(path, count: 512) {
        case .success(let bytes): header = bytes
        case .failure(let failure): throw InputPlanError.system(call: failure.call, errno: failure.errno, path: path)
        }
        return isArchive(name: basename(path), header: header)
    }

    /// The magic-byte rule on a file name and its first bytes (at least 262 for tar).
    static func isArchive(name: String, header: [UInt8]) -> Bool {
        func starts(with magic: [UInt8], at offset: Int = 0) -> Bool {
            header.count >= offset + magic.count && header[offset..<(offset + magic.count)].elementsEqual(magic)
        }
        if starts(with: [0x50, 0x4B, 0x03, 0x04]) || starts(with: [0x50, 0x4B, 0x05, 0x06]) { return true }
        if starts(with: Array("ustar".utf8), at: 257) { return true }
        let compressed = starts(with: [0x1F, 0x8B])                             // gzip
            || starts(with: [0x28, 0xB5, 0x2F, 0xFD])                            // zstd
            || starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00])                // xz
            || starts(with: Array("BZh".utf8))                                   // bzip2
        guard compressed else { return false }
        let lower = name.lowercased()
        return compressedTarSuffixes.contains { lower.hasSuffix($0) }
    }

    static let compressedTarSuffixes = [".tar.gz", ".tgz", ".tar.zst", ".tzst", ".tar.xz", ".txz", ".tar.bz2", ".tbz2", ".tbz"]

    // MARK: - Folder walk

    private static func walk(root: String, rootInfo: InputsPOSIX.FileInfo, spec: InputSpec, filter: GlobFilter) throws -> [InputUnit] {
        var units: [InputUnit] = []
        var visited: Set<InputsPOSIX.FileID> = [rootInfo.id]
        // Depth-first over (folder on disk, its path relative to root); names sorted so link handling is deterministic.
        var pending: [(path: String, relative: String)] = [(root, "")]
        while let (folder, relativeFolder) = pending.popLast() {
            let names: [String]
            switch InputsPOSIX.listFolder(folder) {
            case .success(let n): names = n
            case .failure(let failure): throw InputPlanError.system(call: failure.call, errno: failure.errno, path: folder)
            }
            var subfolders: [(path: String, relative: String)] = []
            for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where !name.hasPrefix(".") {
                let path = join(folder, name)
                let relative = relativeFolder.isEmpty ? name : relativeFolder + "/" + name
                let info: InputsPOSIX.FileInfo
                switch InputsPOSIX.fileInfo(path) {
                case .success(let i): info = i
                case .failure(let failure) where failure.errno == ENOENT || failure.errno == ELOOP:
                    continue  // a broken or looping symbolic link, or a file removed while we walk
                case .failure(let failure):
                    throw InputPlanError.system(call: "stat", errno: failure.errno, path: path)
                }
                switch info.type {
                case .directory:
                    if visited.insert(info.id).inserted { subfolders.append((path, relative)) }
                case .regular:
                    if spec.followArchives, try isArchive(path: path) {
                        if !filter.isExcluded(relative) {
                            units.append(InputUnit(path: path, relativePath: relative, size: info.size, kind: .archive))
                        }
                    } else if filter.accepts(relative) {
                        units.append(InputUnit(path: path, relativePath: relative, size: info.size, kind: .file))
                    }
                case .other:
                    continue
                }
            }
            pending.append(contentsOf: subfolders.reversed())
        }
        return units
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// The last non-empty path component (`a/b.tar/` gives `b.tar`); the path itself when it has none.
    static func basename(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        return parts.last.map(String.init) ?? path
    }
}

/// The POSIX calls the planner needs, with errors as values.
enum InputsPOSIX {
    struct FileID: Hashable { var device: UInt64; var inode: UInt64 }
    enum FileType { case regular, directory, other }
    struct FileInfo { var type: FileType; var size: Int64; var id: FileID }
    struct Failure: Error { var call: String; var errno: Int32 }

    /// `stat(2)`, following symbolic links; the error is the errno.
    static func fileInfo(_ path: String) -> Result<FileInfo, Failure> {
        #if canImport(Glibc)
        var st = Glibc.stat()
        #else
        var st = Darwin.stat()
        #endif
        let rc = stat(path, &st)
        guard rc == 0 else { return .failure(Failure(call: "stat", errno: errno)) }
        let mode = st.st_mode & S_IFMT
        let type: FileType = mode == S_IFREG ? .regular : mode == S_IFDIR ? .directory : .other
        return .success(FileInfo(type: type, size: Int64(st.st_size),
                                 id: FileID(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))))
    }

    /// The names in a folder, without `.` and `..`, and without names that are not valid UTF-8.
    static func listFolder(_ path: String) -> Result<[String], Failure> {
        guard let dir = opendir(path) else { return .failure(Failure(call: "opendir", errno: errno)) }
        defer { closedir(dir) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { return .failure(Failure(call: "readdir", errno: errno)) }
                break
            }
            let name: String? = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) {
                    String(validatingCString: $0)
                }
            }
            guard let name, name != ".", name != ".." else { continue }
            names.append(name)
        }
        return .success(names)
    }

    /// Up to `count` bytes from the start of a file.
    static func readPrefix(_ path: String, count: Int) -> Result<[UInt8], Failure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(Failure(call: "open", errno: errno)) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + filled, count - filled, off_t(filled)) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(Failure(call: "read", errno: errno))
            }
            if n == 0 { break }
            filled += n
        }
        return .success(Array(buffer[0..<filled]))
    }

    static func errnoText(_ code: Int32) -> String {
        "\(String(cString: strerror(code))) (errno \(code))"
    }
}
