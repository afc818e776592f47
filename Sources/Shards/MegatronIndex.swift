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
/// lengths to a side file; `finish` writes `.idx` from them. Both appear under their final names
/// only when complete (temporary names, then rename).
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
        switch dtype {
        case .uint16:
            for id in ids { let v = UInt16(truncatingIfNeeded: id).littleEndian; buffer.append(UInt8(v & 0xFF)); buffer.append(UInt8(v >> 8)) }
        case .int32:
            for id in ids { withUnsafeBytes(of: Int32(truncatingIfNeeded: id).littleEndian) { buffer.append(contentsOf: $0) } }
        }
        try buffer.withUnsafeBytes { try bin.write($0) }
        try withUnsafeBytes(of: Int32(ids.count).littleEndian) { try lengths.write($0) }
        documents += 1
        tokens += ids.count
    }

    /// Writes `.idx`, renames both files into place and returns them.
    public func finish() throws -> [WrittenFile] {
        try bin.finish(); try bin.sync(); try bin.close()
        try lengths.finish(); try lengths.close()
        let lengthsPath = PathParts.temporary(for: prefix + ".lengths")
        let source = try FileByteSource(path: lengthsPath)
        let lengthBytes = try source.readAll()
        unlink(lengthsPath)
        var idx = [UInt8]()
        idx.reserveCapacity(34 + documents * 20 + 8)
        idx += Array("MMIDIDX".utf8) + [0, 0]
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { idx += $0 } }
        u64(1)
        idx.append(dtype.rawValue)
        u64(UInt64(documents)); u64(UInt64(documents + 1))
        idx += lengthBytes
        var pointer: Int64 = 0
        lengthBytes.withUnsafeBytes { raw in
            for i in 0..<documents {
                withUnsafeBytes(of: pointer.littleEndian) { idx += $0 }
                pointer += Int64(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: Int32.self))) * Int64(dtype.size)
            }
        }
        for i in 0...documents { u64(UInt64(i)) }
        try AtomicFile.write(idx, to: prefix + ".idx")
        let binPath = prefix + ".bin"
        guard rename(PathParts.temporary(for: binPath), binPath) == 0 else {
            throw OutputError.misuse(path: binPath, reason: "cannot rename the finished .bin into place (errno \(errno))")
        }
        let (binBytes, binSum) = try FileChecksum.xxh64(path: binPath)
        let (idxBytes, idxSum) = try FileChecksum.xxh64(path: prefix + ".idx")
        return [WrittenFile(path: binPath, bytes: binBytes, checksum: binSum, documents: documents),
                WrittenFile(path: prefix + ".idx", bytes: idxBytes, checksum: idxSum, documents: 0)]
    }

    /// Removes the temporary files of an abandoned writer.
    public func abandon() {
        try? bin.close(); try? lengths.close()
        unlink(PathParts.temporary(for: prefix + ".bin")); unlink(PathParts.temporary(for: prefix + ".lengths"))
    }
}

/// Reads a Megatron dataset, checking every field against the file sizes.
public struct MegatronDataset: Sendable {
    public let prefix: String
    public let dtype: MegatronDType
    public let lengths: [Int]
    public let pointers: [Int]
    public let documentIndices: [Int]
    private let bin: [UInt8]

    public init(prefix: String) throws {
        self.prefix = prefix
        let idx = try FileByteSource(path: prefix + ".idx").readAll()
        func bad(_ offset: Int, _ reason: String) -> ShardError { .malformed(path: prefix + ".idx", offset: offset, reason: reason) }
        guard idx.count >= 34, Array(idx[0..<9]) == Array("MMIDIDX".utf8) + [0, 0] else { throw bad(0, "not a Megatron index (magic MMIDIDX)") }
        func u64(_ at: Int) -> UInt64 { idx.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt64.self)) } }
        guard u64(9) == 1 else { throw bad(9, "version \(u64(9)); only 1 is defined") }
        guard let dtype = MegatronDType(rawValue: idx[17]) else { throw bad(17, "dtype code \(idx[17]) is not a token type (8 uint16, 4 int32)") }
        self.dtype = dtype
        let s = u64(18), d = u64(26)
        guard s < 1 << 40, d < 1 << 40, UInt64(idx.count) == 34 + 12 * s + 8 * d else {
            throw bad(18, "\(s) sequences and \(d) document entries do not fit the \(idx.count)-byte index")
        }
        let S = Int(s), D = Int(d)
        lengths = idx.withUnsafeBytes { raw in (0..<S).map { Int(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 34 + 4 * $0, as: Int32.self))) } }
        pointers = idx.withUnsafeBytes { raw in (0..<S).map { Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 34 + 4 * S + 8 * $0, as: Int64.self))) } }
        documentIndices = idx.withUnsafeBytes { raw in (0..<D).map { Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 34 + 12 * S + 8 * $0, as: Int64.self))) } }
        bin = try FileByteSource(path: prefix + ".bin").readAll()
        var expected = 0
        for i in 0..<S {
            guard lengths[i] >= 0, pointers[i] == expected else { throw bad(34 + 4 * S + 8 * i, "sequence \(i) does not start where the previous one ends") }
            expected += lengths[i] * dtype.size
        }
        guard expected == bin.count else {
            throw ShardError.malformed(path: prefix + ".bin", offset: bin.count, reason: "the index describes \(expected) bytes")
        }
        guard documentIndices.first == 0, documentIndices.last == S, zip(documentIndices, documentIndices.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw bad(34 + 12 * S, "document indices must rise from 0 to the sequence count")
        }
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
