import CorpusCore
import CorpusIO
#if canImport(Glibc)
import Glibc
#endif

/// Megatron-LM's indexed dataset (`PREFIX.bin` + `PREFIX.idx`, MMIDIDX version 1), as
/// `megatron/core/datasets/indexed_dataset.py` writes and reads it: `.bin` is the token ids,
/// little-endian, of the index's dtype; `.idx` is the magic `MMIDIDX\0\0`, version 1 (u64), the dtype
/// code (u8: 8 = uint16, 4 = int32), the sequence count S and document count D = documents + 1
/// (u64 each), the sequence lengths (int32 × S), the byte pointers (int64 × S) and the document
/// indices (int64 × D, one sequence per document).
public enum MegatronDType: UInt8, Sendable, Codable {
    case uint16 = 8
    case int32 = 4

    /// Megatron's `DType.optimal_dtype`: uint16 below 65,500 ids, else int32.
    public static func optimal(vocabularySize: Int) -> MegatronDType { vocabularySize < 65_500 ? .uint16 : .int32 }
    public var size: Int { self == .uint16 ? 2 : 4 }
    public var name: String { self == .uint16 ? "uint16" : "int32" }
}

/// Writes one Megatron dataset, streaming: tokens go to `.bin` as documents arrive, sequence
/// lengths to a side file; `finish` streams `.idx` from them (header, lengths, pointers, document
/// indices) through a fixed buffer, so memory does not grow with the file. Both files appear under
/// their final names only when complete (temporary names, then rename: `.idx` first, `.bin` last).
public final class MegatronWriter {
    public let prefix: String
    public let dtype: MegatronDType
    private let bin: FileWriter
    private let lengths: FileWriter
    private var buffer: [UInt8] = []
    public private(set) var documents = 0
    public private(set) var tokens = 0

    public init(prefix: String, dtype: MegatronDType) throws {
        self.prefix = prefix
        self.dtype = dtype
        bin = try FileWriter(path: PathParts.temporary(for: prefix + ".bin"))
        lengths = try FileWriter(path: PathParts.temporary(for: prefix + ".lengths"))
    }

    /// Appends one document (one sequence).
    public func add(_ ids: [Int]) throws {
        buffer.removeAll(keepingCapacity: true)
        TokenBytes.encode(ids, width: dtype.size, into: &buffer)
        try buffer.withUnsafeBytes { try append($0, count: ids.count) }
    }

    /// Appends one document given as token bytes `width` wide; copied as they are when `width` is
    /// this file's dtype size.
    public func addTokenBytes(_ bytes: UnsafeRawBufferPointer, width: Int) throws {
        if width == dtype.size { return try append(bytes, count: bytes.count / width) }
        var ids: [Int] = []
        TokenBytes.decode(bytes, width: width, into: &ids)
        try add(ids)
    }

    private func append(_ bytes: UnsafeRawBufferPointer, count: Int) throws {
        guard count <= Int(Int32.max) else {
            throw ShardError.invalidSetting(name: "token_shards", reason: "a document of \(count) tokens is longer than a Megatron sequence (int32) can be")
        }
        try bin.write(bytes)
        try withUnsafeBytes(of: Int32(count).littleEndian) { try lengths.write($0) }
        documents += 1
        tokens += count
    }

    /// Writes `.idx`, renames both files into place and returns them.
    public func finish() throws -> [WrittenFile] {
        try bin.finish(); try bin.sync(); try bin.close()
        try lengths.finish(); try lengths.close()
        let lengthsPath = PathParts.temporary(for: prefix + ".lengths")
        defer { unlink(lengthsPath) }
        let idxPath = prefix + ".idx"
        let idx = try FileWriter(path: PathParts.temporary(for: idxPath))
        do {
            var header = Array("MMIDIDX".utf8) + [0, 0]
            func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { header += $0 } }
            u64(1)
            header.append(dtype.rawValue)
            u64(UInt64(documents)); u64(UInt64(documents + 1))
            try header.withUnsafeBytes { try idx.write($0) }
            let side = try ReadOnlyFile(path: lengthsPath)
            guard side.size == 4 * Int64(documents) else {
                throw ShardError.malformed(path: lengthsPath, offset: Int(side.size), reason: "holds \(side.size / 4) lengths for \(documents) documents")
            }
            // Lengths as written (already little-endian), then the byte pointers they imply.
            try side.forEachChunk(of: Int32.self, count: documents, at: 0) { chunk in
                let le = chunk.map { $0.littleEndian }
                try le.withUnsafeBytes { try idx.write($0) }
            }
            var pointer: Int64 = 0
            var pointers: [Int64] = []
            try side.forEachChunk(of: Int32.self, count: documents, at: 0) { chunk in
                pointers.removeAll(keepingCapacity: true)
                for length in chunk {
                    pointers.append(pointer.littleEndian)
                    pointer += Int64(length) * Int64(dtype.size)
                }
                try pointers.withUnsafeBytes { try idx.write($0) }
            }
            // Document indices 0...documents: one sequence per document.
            var next: Int64 = 0
            while next <= Int64(documents) {
                let upper = min(Int64(documents), next + (1 << 15) - 1)
                let part = (next...upper).map { $0.littleEndian }
                try part.withUnsafeBytes { try idx.write($0) }
                next = upper + 1
            }
            try idx.finish(); try idx.sync(); try idx.close()
        } catch {
            try? idx.close()
            unlink(PathParts.temporary(for: idxPath))
            throw error
        }
        for path in [idxPath, prefix + ".bin"] {
            guard rename(PathParts.temporary(for: path), path) == 0 else {
                throw OutputError.misuse(path: path, reason: "cannot rename the finished file into place (errno \(errno))")
            }
        }
        return [WrittenFile(path: prefix + ".bin", bytes: bin.bytesWritten, checksum: bin.checksum.hex16, documents: documents),
                WrittenFile(path: idxPath, bytes: idx.bytesWritten, checksum: idx.checksum.hex16, documents: 0)]
    }

    /// Removes the temporary files of an abandoned writer.
    public func abandon() {
        try? bin.close(); try? lengths.close()
        unlink(PathParts.temporary(for: prefix + ".bin")); unlink(PathParts.temporary(for: prefix + ".lengths"))
    }
}

/// Reads a Megatron dataset whole (small files and tests; `MegatronIndexFile` streams), checking every
/// field against the file sizes.
public struct MegatronDataset: Sendable {
    public let prefix: String
    public let dtype: MegatronDType
    public let lengths: [Int]
    public let pointers: [Int]
    public let documentIndices: [Int]
    private let bin: [UInt8]

    /// Reads the whole dataset; the header and the tables are checked by `MegatronIndexFile`.
    public init(prefix: String) throws {
        self.prefix = prefix
        let file = try MegatronIndexFile(prefix: prefix)
        dtype = file.dtype
        var lengths: [Int] = [], pointers: [Int] = [], documentIndices: [Int] = []
        lengths.reserveCapacity(file.sequenceCount)
        pointers.reserveCapacity(file.sequenceCount)
        try file.forEachSequence { length, pointer in lengths.append(length); pointers.append(Int(pointer)) }
        try file.forEachDocumentIndex { documentIndices.append(Int($0)) }
        self.lengths = lengths
        self.pointers = pointers
        self.documentIndices = documentIndices
        bin = try FileByteSource(path: prefix + ".bin").readAll()
    }

    public var sequenceCount: Int { lengths.count }
    public var documentCount: Int { documentIndices.count - 1 }
    public var tokenCount: Int { lengths.reduce(0, +) }

    /// The ids of sequence `i`.
    public func sequence(_ i: Int) -> [Int] {
        bin.withUnsafeBytes { raw in
            (0..<lengths[i]).map { k in
                let at = pointers[i] + k * dtype.size
                return dtype == .uint16 ? Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt16.self)))
                    : Int(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int32.self)))
            }
        }
    }
}
