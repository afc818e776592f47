import CorpusCore
import CorpusIO
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A writer of one token-shard file set: documents in, finished files out.
public protocol TokenShardWriter: AnyObject {
    var documents: Int { get }
    var tokens: Int { get }
    /// Appends one document.
    func add(_ ids: [Int]) throws
    /// Appends one document given as little-endian token bytes, `width` (2 or 4) bytes each; a
    /// writer of the same width copies them as they are.
    func addTokenBytes(_ bytes: UnsafeRawBufferPointer, width: Int) throws
    func finish() throws -> [WrittenFile]
    func abandon()
}

extension MegatronWriter: TokenShardWriter {}

/// The trainer formats a shard stage can write.
public enum ShardFormat: String, Sendable, Codable, CaseIterable {
    /// Megatron-LM indexed dataset: `PREFIX.bin` + `PREFIX.idx` (MMIDIDX v1).
    case megatron
    /// llm.c: `PREFIX.bin` = 256 × int32 header (magic, version, token count) + tokens; GPT-2 style
    /// (magic 20240520, version 1, uint16) below 65,536 ids, LLaMA-3 style (20240801, version 7,
    /// uint32) above. Documents are concatenated; EOS/BOS delimit them.
    case llmc
    /// datatrove: `PREFIX.ds` (uint16 tokens up to 65,536 ids, else uint32), `PREFIX.ds.index`
    /// (uint64 cumulative end offsets in tokens), `PREFIX.ds.metadata` (`tokenizer|token_size`,
    /// token count, human count).
    case datatrove
}

/// Streams tokens into a file under a temporary name; `commit` renames it and reports it.
final class TokenFile {
    let path: String
    let writer: FileWriter
    let wide: Bool
    private var buffer: [UInt8] = []

    init(path: String, wide: Bool) throws {
        self.path = path
        self.wide = wide
        writer = try FileWriter(path: PathParts.temporary(for: path))
    }

    func write(_ ids: [Int]) throws {
        buffer.removeAll(keepingCapacity: true)
        if wide { for id in ids { withUnsafeBytes(of: UInt32(truncatingIfNeeded: id).littleEndian) { buffer.append(contentsOf: $0) } } }
        else { for id in ids { withUnsafeBytes(of: UInt16(truncatingIfNeeded: id).littleEndian) { buffer.append(contentsOf: $0) } } }
        try buffer.withUnsafeBytes { try writer.write($0) }
    }

    func writeRaw(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try writer.write($0) } }

    func writeRaw(_ bytes: UnsafeRawBufferPointer) throws { try writer.write(bytes) }

    func commit(documents: Int) throws -> WrittenFile {
        try writer.finish(); try writer.sync(); try writer.close()
        guard rename(PathParts.temporary(for: path), path) == 0 else {
            throw ShardError.malformed(path: path, offset: 0, reason: "cannot rename the finished file into place (errno \(errno))")
        }
        let (bytes, checksum) = try FileChecksum.xxh64(path: path)
        return WrittenFile(path: path, bytes: bytes, checksum: checksum, documents: documents)
    }

    func abandon() { try? writer.close(); unlink(PathParts.temporary(for: path)) }
}

/// llm.c's token file. The header's token count is written at the end (the file is written with a
/// zero count first, then patched through a second handle before the rename).
public final class LLMCWriter: TokenShardWriter {
    public let path: String
    let wide: Bool
    private let file: TokenFile
    public private(set) var documents = 0
    public private(set) var tokens = 0

    public static func magic(wide: Bool) -> (magic: Int32, version: Int32) { wide ? (20_240_801, 7) : (20_240_520, 1) }

    public init(prefix: String, vocabularySize: Int) throws {
        path = prefix + ".bin"
        wide = vocabularySize > 65_536
        file = try TokenFile(path: path, wide: wide)
        try file.writeRaw([UInt8](repeating: 0, count: 1024))
    }

    public func add(_ ids: [Int]) throws {
        try checkRoom(ids.count)
        try file.write(ids)
        documents += 1
        tokens += ids.count
    }

    public func addTokenBytes(_ bytes: UnsafeRawBufferPointer, width: Int) throws {
        guard width == (wide ? 4 : 2) else {
            var ids: [Int] = []
            TokenBytes.decode(bytes, width: width, into: &ids)
            return try add(ids)
        }
        try checkRoom(bytes.count / width)
        try file.writeRaw(bytes)
        documents += 1
        tokens += bytes.count / width
    }

    private func checkRoom(_ count: Int) throws {
        guard tokens + count < Int(Int32.max) else {
            throw ShardError.invalidSetting(name: "max_tokens_per_file", reason: "llm.c files hold fewer than 2^31 tokens")
        }
    }

    public func finish() throws -> [WrittenFile] {
        try file.writer.finish()
        // Patch the header in the temporary file before it is renamed.
        let temporary = PathParts.temporary(for: path)
        let fd = open(temporary, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ShardError.malformed(path: temporary, offset: 0, reason: "cannot reopen to write the header") }
        defer { close(fd) }
        let (magic, version) = Self.magic(wide: wide)
        var header = [Int32](repeating: 0, count: 256)
        header[0] = magic.littleEndian; header[1] = version.littleEndian; header[2] = Int32(tokens).littleEndian
        let written = header.withUnsafeBytes { pwrite(fd, $0.baseAddress, 1024, 0) }
        guard written == 1024 else { throw ShardError.malformed(path: temporary, offset: 0, reason: "cannot write the header") }
        return [try file.commit(documents: documents)]
    }

    public func abandon() { file.abandon() }
}

/// datatrove's `.ds` token file with its index and metadata.
public final class DatatroveWriter: TokenShardWriter {
    public let prefix: String
    let tokenizerName: String
    let wide: Bool
    private let data: TokenFile
    /// The cumulative end offsets, streamed to the index's temporary file.
    private let ends: FileWriter
    public private(set) var documents = 0
    public private(set) var tokens = 0

    public init(prefix: String, vocabularySize: Int, tokenizerName: String) throws {
        self.prefix = prefix
        self.tokenizerName = tokenizerName
        wide = vocabularySize > 65_536
        data = try TokenFile(path: prefix + ".ds", wide: wide)
        ends = try FileWriter(path: PathParts.temporary(for: prefix + ".ds.index"))
    }

    public func add(_ ids: [Int]) throws {
        try data.write(ids)
        try ended(ids.count)
    }

    public func addTokenBytes(_ bytes: UnsafeRawBufferPointer, width: Int) throws {
        guard width == (wide ? 4 : 2) else {
            var ids: [Int] = []
            TokenBytes.decode(bytes, width: width, into: &ids)
            return try add(ids)
        }
        try data.writeRaw(bytes)
        try ended(bytes.count / width)
    }

    private func ended(_ count: Int) throws {
        documents += 1
        tokens += count
        try withUnsafeBytes(of: UInt64(tokens).littleEndian) { try ends.write($0) }
    }

    public func finish() throws -> [WrittenFile] {
        var files = [try data.commit(documents: documents)]
        try ends.finish(); try ends.sync(); try ends.close()
        guard rename(PathParts.temporary(for: prefix + ".ds.index"), prefix + ".ds.index") == 0 else {
            throw ShardError.malformed(path: prefix + ".ds.index", offset: 0, reason: "cannot rename the finished file into place (errno \(errno))")
        }
        let human = tokens >= 1_000_000_000 ? String(format: "%.1fGT", Double(tokens) / 1e9)
            : tokens >= 1_000_000 ? String(format: "%.1fMT", Double(tokens) / 1e6) : String(format: "%.1fKT", Double(tokens) / 1e3)
        try AtomicFile.write("\(tokenizerName)|\(wide ? 4 : 2)\n\(tokens)\n\(human)\n", to: prefix + ".ds.metadata")
        for p in [prefix + ".ds.index", prefix + ".ds.metadata"] {
            let (bytes, checksum) = try FileChecksum.xxh64(path: p)
            files.append(WrittenFile(path: p, bytes: bytes, checksum: checksum, documents: 0))
        }
        return files
    }

    public func abandon() {
        data.abandon()
        try? ends.close()
        unlink(PathParts.temporary(for: prefix + ".ds.index"))
    }
}
