/// A Megatron dataset read through its index without loading it: the header is checked against
/// both file sizes when opened, and the sequence table streams through a fixed buffer (or is read
/// one entry at a time), so a file of any size costs a few hundred kilobytes.
///
/// `MegatronDataset` loads everything and suits small files and tests; this type is what the
/// manifest, the global shuffle and `shard inspect` use.
public final class MegatronIndexFile {
    public let prefix: String
    public let dtype: MegatronDType
    public let sequenceCount: Int
    /// Documents: the document-index entries less one.
    public let documentCount: Int
    /// The size of `.bin`.
    public let binBytes: Int64
    let index: ReadOnlyFile

    /// Opens `PREFIX.idx`, checks its magic, version, dtype and size, and that `PREFIX.bin` holds a
    /// whole number of tokens.
    public init(prefix: String) throws {
        self.prefix = prefix
        let index = try ReadOnlyFile(path: prefix + ".idx")
        self.index = index
        func bad(_ offset: Int, _ reason: String) -> ShardError { .malformed(path: prefix + ".idx", offset: offset, reason: reason) }
        guard index.size >= 34 else { throw bad(Int(index.size), "shorter than the 34-byte Megatron header") }
        var header = [UInt8](repeating: 0, count: 34)
        try header.withUnsafeMutableBytes { try index.read(into: $0, at: 0) }
        guard Array(header[0..<9]) == Array("MMIDIDX".utf8) + [0, 0] else { throw bad(0, "not a Megatron index (magic MMIDIDX)") }
        func u64(_ at: Int) -> UInt64 { header.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt64.self)) } }
        guard u64(9) == 1 else { throw bad(9, "version \(u64(9)); only 1 is defined") }
        guard let dtype = MegatronDType(rawValue: header[17]) else { throw bad(17, "dtype code \(header[17]) is not a token type (8 uint16, 4 int32)") }
        self.dtype = dtype
        let s = u64(18), d = u64(26)
        guard s < 1 << 40, d >= 1, d < 1 << 40, UInt64(index.size) == 34 + 12 * s + 8 * d else {
            throw bad(18, "\(s) sequences and \(d) document entries do not fit the \(index.size)-byte index")
        }
        sequenceCount = Int(s)
        documentCount = Int(d) - 1
        binBytes = try ReadOnlyFile(path: prefix + ".bin").size
        guard binBytes % Int64(dtype.size) == 0 else {
            throw ShardError.malformed(path: prefix + ".bin", offset: Int(binBytes), reason: "not a whole number of \(dtype.name) tokens")
        }
    }

    /// Tokens in `.bin` (every token belongs to a sequence once `validate` has passed).
    public var tokenCount: Int { Int(binBytes) / dtype.size }

    var lengthsOffset: Int64 { 34 }
    var pointersOffset: Int64 { 34 + 4 * Int64(sequenceCount) }
    var documentsOffset: Int64 { 34 + 12 * Int64(sequenceCount) }

    /// Streams the sequences as (length in tokens, byte pointer), checking that each starts where
    /// the previous one ends and that together they cover `.bin` exactly.
    public func forEachSequence(_ body: (_ length: Int, _ pointer: Int64) throws -> Void) throws {
        let chunk = 1 << 15
        let lengths = UnsafeMutableBufferPointer<Int32>.allocate(capacity: chunk)
        defer { lengths.deallocate() }
        var expected: Int64 = 0
        var done = 0
        try index.forEachChunk(of: Int64.self, count: sequenceCount, at: pointersOffset, chunk: chunk) { pointers in
            let part = UnsafeMutableBufferPointer(rebasing: lengths[0..<pointers.count])
            try index.read(into: UnsafeMutableRawBufferPointer(part), at: lengthsOffset + 4 * Int64(done))
            for (k, pointer) in pointers.enumerated() {
                let length = Int32(littleEndian: part[k])
                guard length >= 0, pointer == expected else {
                    throw ShardError.malformed(path: prefix + ".idx", offset: Int(pointersOffset) + 8 * (done + k),
                                               reason: "sequence \(done + k) does not start where the previous one ends")
                }
                try body(Int(length), pointer)
                expected += Int64(length) * Int64(dtype.size)
            }
            done += pointers.count
        }
        guard expected == binBytes else {
            throw ShardError.malformed(path: prefix + ".bin", offset: Int(binBytes), reason: "the index describes \(expected) bytes")
        }
    }

    /// Checks the whole index against `.bin`: the sequence table (see `forEachSequence`) and the
    /// document indices, which must rise from 0 to the sequence count. Streams; reads no tokens.
    public func validate() throws {
        try forEachSequence { _, _ in }
        try forEachDocumentIndex { _ in }
    }

    /// Streams the document-index entries, checking that they rise from 0 to the sequence count.
    public func forEachDocumentIndex(_ body: (Int64) throws -> Void) throws {
        var previous: Int64 = -1, first = true
        try index.forEachChunk(of: Int64.self, count: documentCount + 1, at: documentsOffset) { entries in
            for e in entries {
                guard first ? e == 0 : e >= previous else {
                    throw ShardError.malformed(path: prefix + ".idx", offset: Int(documentsOffset), reason: "document indices must rise from 0 to the sequence count")
                }
                first = false
                previous = e
                try body(e)
            }
        }
        guard previous == Int64(sequenceCount) else {
            throw ShardError.malformed(path: prefix + ".idx", offset: Int(documentsOffset), reason: "document indices must rise from 0 to the sequence count")
        }
    }

    /// The ids of sequence `i`, read from `.bin` (one index entry and one token run).
    public func sequence(_ i: Int) throws -> [Int] {
        precondition(i >= 0 && i < sequenceCount, "sequence \(i) of \(sequenceCount)")
        let length = Int(try index.integer(Int32.self, at: lengthsOffset + 4 * Int64(i)))
        let pointer = try index.integer(Int64.self, at: pointersOffset + 8 * Int64(i))
        guard length >= 0, pointer >= 0, pointer + Int64(length * dtype.size) <= binBytes else {
            throw ShardError.malformed(path: prefix + ".idx", offset: Int(pointersOffset) + 8 * i, reason: "sequence \(i) lies outside the .bin")
        }
        let bin = try ReadOnlyFile(path: prefix + ".bin")
        var bytes = [UInt8](repeating: 0, count: length * dtype.size)
        try bytes.withUnsafeMutableBytes { try bin.read(into: $0, at: pointer) }
        return TokenBytes.decode(bytes, width: dtype.size)
    }
}
