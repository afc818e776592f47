#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CorpusIO

/// Little-endian encoding into a byte array.
struct ByteEncoder {
    var bytes: [UInt8] = []
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func magic(_ s: StaticString) {
        precondition(s.utf8CodeUnitCount == 8)
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: 8))
    }
}

/// Small file-system helpers for the workspace, throwing `DedupError`.
enum Files {
    static func makeDirectory(_ path: String) throws(DedupError) {
        var partial = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            partial += "/" + part
            if mkdir(partial, 0o755) != 0, errno != EEXIST { throw .system(call: "mkdir", path: partial, errno: errno) }
        }
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func rename(_ from: String, _ to: String) throws(DedupError) {
        if Glibc.rename(from, to) != 0 { throw .system(call: "rename", path: to, errno: errno) }
    }

    static func remove(_ path: String) { unlink(path) }

    /// File names in `directory` ending with `suffix`, sorted.
    static func list(_ directory: String, suffix: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name.hasSuffix(suffix), !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted()
    }

    /// Writes `bytes` atomically (temporary file, fsync, rename).
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(DedupError) {
        do { try AtomicFile.write(bytes, to: path) } catch {
            throw .missing(path: path, reason: "cannot write: \(error)")
        }
    }
}
