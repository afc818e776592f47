#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every document of one split's intermediate Megatron files, as random-access token runs.
///
/// Only the byte bounds are kept: one `Int64` per document plus one per file (the end of its
/// `.bin`), read by streaming each `.idx`. Token bytes are read on demand with `pread` through a
/// bounded set of open files, so memory is 8 bytes per document whatever the token count.
final class ShuffleSources {
    /// The files' prefixes (`DIR/shards/SPLIT/task-000003-0000_text_document`), in order.
    let prefixes: [String]
    /// Bytes per token, shared by every file.
    let width: Int
    /// `firstDocument[f]` is the global number of file f's first document; the last entry is the total.
    private(set) var firstDocument: [Int] = [0]
    /// File f's document bounds sit at `bounds[firstDocument[f] + f ... firstDocument[f + 1] + f]`.
    private var bounds: [Int64] = []
    private(set) var tokens = 0
    private var handles: [ReadOnlyFile?]
    private var open: [Int] = []
    private var evict = 0
    private let maxOpen: Int

    /// Reads and checks every index (`MegatronIndexFile.forEachSequence`); each file must hold one
    /// sequence per document, and all must share one dtype. At most `maxOpen` `.bin` files are
    /// open at once (default: as many as the open-file limit allows, raised when it can be).
    init(prefixes: [String], maxOpen: Int? = nil) throws {
        self.prefixes = prefixes
        var width = 0
        var bounds: [Int64] = [], firstDocument = [0], tokens = 0
        // Headers first, so the bounds are allocated once (growing them would copy, and for a
        // moment hold, the whole array again). One index is open at a time.
        bounds.reserveCapacity(try prefixes.reduce(0) { $0 + (try MegatronIndexFile(prefix: $1).sequenceCount) + 1 })
        for prefix in prefixes {
            let index = try MegatronIndexFile(prefix: prefix)
            if width == 0 { width = index.dtype.size }
            guard index.dtype.size == width else {
                throw ShardError.malformed(path: prefix + ".idx", offset: 17, reason: "dtype \(index.dtype.name) differs from the split's other files")
            }
            guard index.documentCount == index.sequenceCount else {
                throw ShardError.malformed(path: prefix + ".idx", offset: 26,
                                           reason: "\(index.documentCount) documents of \(index.sequenceCount) sequences; the shuffle moves documents of one sequence each")
            }
            try index.forEachSequence { _, pointer in bounds.append(pointer) }
            bounds.append(index.binBytes)
            firstDocument.append(firstDocument.last! + index.sequenceCount)
            tokens += index.tokenCount
        }
        self.bounds = bounds
        self.firstDocument = firstDocument
        self.tokens = tokens
        self.width = max(width, 1)
        handles = Array(repeating: nil, count: prefixes.count)
        self.maxOpen = max(1, min(prefixes.count, maxOpen ?? Self.raiseOpenFileLimit(wanted: prefixes.count + 64) - 64))
    }

    /// Documents in all files.
    var count: Int { firstDocument.last! }

    /// The file holding global document `g`, and its bytes in that file's `.bin`.
    func locate(_ g: Int) -> (file: Int, offset: Int64, bytes: Int) {
        var lo = 0, hi = prefixes.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if firstDocument[mid] <= g { lo = mid } else { hi = mid - 1 }
        }
        let start = bounds[g + lo], end = bounds[g + lo + 1]
        return (lo, start, Int(end - start))
    }

    /// Tokens of global document `g`.
    func length(_ g: Int) -> Int { locate(g).bytes / width }

    /// Reads the token bytes of global document `g` into the front of `buffer` (grown when too
    /// small); returns their count.
    func read(_ g: Int, into buffer: inout [UInt8]) throws -> Int {
        let (file, offset, bytes) = locate(g)
        if buffer.count < bytes { buffer = [UInt8](repeating: 0, count: max(bytes, buffer.count * 2)) }
        let handle = try handle(file)
        try buffer.withUnsafeMutableBytes { try handle.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<bytes]), at: offset) }
        return bytes
    }

    private func handle(_ file: Int) throws -> ReadOnlyFile {
        if let h = handles[file] { return h }
        let h = try ReadOnlyFile(path: prefixes[file] + ".bin")
        if open.count < maxOpen {
            open.append(file)
        } else {
            handles[open[evict]] = nil
            open[evict] = file
            evict = (evict + 1) % maxOpen
        }
        handles[file] = h
        return h
    }

    /// Raises the soft limit on open files toward `wanted` (up to the hard limit); returns the soft
    /// limit now in force (at least 128 assumed when it cannot be read).
    static func raiseOpenFileLimit(wanted: Int) -> Int {
        #if os(Linux)
        var limit = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        guard getrlimit(resource, &limit) == 0 else { return 128 }
        if limit.rlim_cur < rlim_t(wanted), limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = min(rlim_t(wanted), limit.rlim_max)
            if setrlimit(resource, &raised) == 0 { limit = raised }
        }
        return Int(min(limit.rlim_cur, rlim_t(Int32.max)))
        #else
        return 128
        #endif
    }
}
