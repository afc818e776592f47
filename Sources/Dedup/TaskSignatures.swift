import CorpusIO

/// The dedup keys of one task's documents, written as the task runs and read by the resolver.
///
/// Three files per task in `<workspace>/tasks/`, all little-endian:
/// * `NAME.sig`: a 64-byte header (magic `MCMHSIG1`, version, permutations, n-gram, bands, rows,
///   sketch size, seed, permutation-table checksum), then one fixed-size record per document in
///   task order: exact key (two u64), shingle count (u32) and sketch length (u32), signature
///   (permutations × u64), verification sketch (sketch size × u32, ascending, zero-padded).
/// * `NAME.ids`: magic `MCMHIDS1`, document count, count+1 u64 offsets, then the ids' UTF-8 bytes.
/// * `NAME.bands`: magic `MCMHBND1`, bands, rows, documents, documents in LSH (those with shingles),
///   documents with an exact key; then the exact section, (key high, key low, ordinal) sorted by key
///   then ordinal;
///   then per band, LSH documents × (band key, ordinal) sorted by key then ordinal.
/// `.sig` is streamed to a temporary name; `.ids` and `.bands` are written at `finish`; all three
/// appear under their final names only when complete.
public final class TaskSignatureWriter {
    public let name: String
    public let directory: String
    public let parameters: MinHashParameters
    private var signer: DocumentSigner?
    private let sigWriter: FileWriter
    private let sigTemporary: String
    private var signature: [UInt64]
    private var record: [UInt64]
    private var ids: [UInt8] = []
    private var idOffsets: [UInt64] = [0]
    private var exact: [(ExactKey, UInt32)] = []
    private var bandRecords: [[(UInt64, UInt32)]]
    public private(set) var documents = 0

    static let headerSize = 64

    public init(directory: String, name: String, parameters: MinHashParameters) throws {
        try parameters.validate()
        self.name = name
        self.directory = directory
        self.parameters = parameters
        signer = parameters.isExactOnly ? nil : DocumentSigner(parameters: parameters)
        try Files.makeDirectory(directory)
        sigTemporary = directory + "/." + name + ".sig.tmp"
        sigWriter = try FileWriter(path: sigTemporary)
        signature = [UInt64](repeating: .max, count: parameters.permutations)
        record = [UInt64](repeating: 0, count: 3 + parameters.permutations + parameters.sketch / 2)
        bandRecords = Array(repeating: [], count: parameters.bands)
        var header = ByteEncoder()
        header.magic("MCMHSIG1")
        header.u32(1); header.u32(UInt32(parameters.permutations))
        header.u32(UInt32(parameters.ngram)); header.u32(UInt32(parameters.bands))
        header.u32(UInt32(parameters.rows)); header.u32(UInt32(parameters.sketch))
        header.u64(parameters.seed); header.u64(parameters.tableChecksum)
        while header.bytes.count < Self.headerSize { header.bytes.append(0) }
        try sigWriter.write(header.bytes)
    }

    /// Adds the next document of the task: its exact key and, unless the settings are exact-only,
    /// its MinHash signature.
    public func add(id: String, text: String) throws {
        guard signer != nil else { return try add(id: id, key: ExactKey(text: text)) }
        let ordinal = UInt32(documents)
        let (key, shingles) = signature.withUnsafeMutableBufferPointer { signer!.sign(text, into: $0) }
        let sketch = signer!.sketch
        record[0] = key.high.littleEndian; record[1] = key.low.littleEndian
        record[2] = (UInt64(min(shingles, Int(UInt32.max))) | UInt64(sketch.count) << 32).littleEndian
        for i in 0..<signature.count { record[3 + i] = signature[i].littleEndian }
        record.withUnsafeMutableBytes { raw in
            let words = raw.baseAddress! + (3 + signature.count) * 8
            for k in 0..<parameters.sketch {
                words.storeBytes(of: (k < sketch.count ? sketch[k] : 0).littleEndian, toByteOffset: k * 4, as: UInt32.self)
            }
        }
        try record.withUnsafeBytes { try sigWriter.write($0) }
        ids.append(contentsOf: id.utf8)
        idOffsets.append(UInt64(ids.count))
        exact.append((key, ordinal))
        if shingles > 0 {
            signature.withUnsafeBufferPointer { s in
                for b in 0..<parameters.bands { bandRecords[b].append((parameters.bandKey(s, band: b), ordinal)) }
            }
        }
        documents += 1
    }

    /// Adds the next document without keys: it takes no part in the comparison and is always kept
    /// (a document of a source the stage leaves alone).
    public func addUnkeyed(id: String) throws {
        for i in record.indices { record[i] = 0 }
        try record.withUnsafeBytes { try sigWriter.write($0) }
        ids.append(contentsOf: id.utf8)
        idOffsets.append(UInt64(ids.count))
        documents += 1
    }

    /// Adds the next document with a key of the caller's (exact-only settings); a document without
    /// a key takes no part and is always kept.
    public func add(id: String, key: ExactKey?) throws {
        precondition(signer == nil, "add(id:key:) is for exact-only settings")
        let k = key ?? ExactKey(high: 0, low: 0)
        record[0] = k.high.littleEndian; record[1] = k.low.littleEndian; record[2] = (key == nil ? 0 : 1 as UInt64).littleEndian
        try record.withUnsafeBytes { try sigWriter.write($0) }
        ids.append(contentsOf: id.utf8)
        idOffsets.append(UInt64(ids.count))
        if let key { exact.append((key, UInt32(documents))) }
        documents += 1
    }

    /// Sorts and writes the band and id files, then renames all three into place.
    public func finish() throws {
        try sigWriter.finish()
        try sigWriter.sync()
        try sigWriter.close()

        var idFile = ByteEncoder()
        idFile.magic("MCMHIDS1")
        idFile.u64(UInt64(documents))
        for o in idOffsets { idFile.u64(o) }
        idFile.bytes.append(contentsOf: ids)
        try Files.writeAtomically(idFile.bytes, to: directory + "/" + name + ".ids")

        exact.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        var bands = ByteEncoder()
        bands.magic("MCMHBND1")
        bands.u32(UInt32(parameters.bands)); bands.u32(UInt32(parameters.rows))
        bands.u64(UInt64(documents)); bands.u64(UInt64(bandRecords.first?.count ?? 0)); bands.u64(UInt64(exact.count))
        for (key, ordinal) in exact { bands.u64(key.high); bands.u64(key.low); bands.u64(UInt64(ordinal)) }
        for b in 0..<parameters.bands {
            bandRecords[b].sort { ($0.0, $0.1) < ($1.0, $1.1) }
            for (key, ordinal) in bandRecords[b] { bands.u64(key); bands.u64(UInt64(ordinal)) }
            bandRecords[b] = []
        }
        try Files.writeAtomically(bands.bytes, to: directory + "/" + name + ".bands")
        try Files.rename(sigTemporary, directory + "/" + name + ".sig")
    }

    /// Removes a writer's temporary file (a task that failed).
    public func abandon() {
        try? sigWriter.close()
        Files.remove(sigTemporary)
    }
}

/// One task's signature, id and band files, mapped and checked.
final class TaskSignatures: @unchecked Sendable {
    let name: String
    let documents: Int
    let lshDocuments: Int
    let exactDocuments: Int
    let permutations: Int
    let bands: Int
    let sketchSize: Int
    private let sig: MappedFile
    private let ids: MappedFile
    private let bandFile: MappedFile
    private let recordWords: Int

    static let bandHeader = 40

    init(directory: String, name: String, parameters: MinHashParameters, tableChecksum: UInt64) throws(DedupError) {
        self.name = name
        let base = directory + "/" + name
        sig = try MappedFile(path: base + ".sig")
        ids = try MappedFile(path: base + ".ids")
        bandFile = try MappedFile(path: base + ".bands")
        permutations = parameters.permutations
        bands = parameters.bands
        sketchSize = parameters.sketch
        recordWords = 3 + permutations + parameters.sketch / 2
        func bad(_ file: MappedFile, _ offset: Int, _ reason: String) -> DedupError { .badFile(path: file.path, offset: offset, reason: reason) }
        // .sig header
        guard sig.count >= TaskSignatureWriter.headerSize, sig.load(UInt64.self, at: 0) == Self.magic("MCMHSIG1") else {
            throw bad(sig, 0, "not a MatCorpus signature file")
        }
        let fields = (perms: Int(sig.load(UInt32.self, at: 12)), ngram: Int(sig.load(UInt32.self, at: 16)),
                      bands: Int(sig.load(UInt32.self, at: 20)), rows: Int(sig.load(UInt32.self, at: 24)),
                      sketch: Int(sig.load(UInt32.self, at: 28)),
                      seed: sig.load(UInt64.self, at: 32), checksum: sig.load(UInt64.self, at: 40))
        guard fields.perms == parameters.permutations, fields.ngram == parameters.ngram, fields.bands == parameters.bands,
              fields.rows == parameters.rows, fields.seed == parameters.seed, fields.sketch == parameters.sketch else {
            throw bad(sig, 12, "made with n-gram \(fields.ngram), \(fields.bands) × \(fields.rows), sketch \(fields.sketch), seed \(fields.seed); "
                      + "this run uses n-gram \(parameters.ngram), \(parameters.bands) × \(parameters.rows), sketch \(parameters.sketch), seed \(parameters.seed)")
        }
        guard fields.checksum == tableChecksum else {
            throw bad(sig, 40, "permutation-table checksum \(String(fields.checksum, radix: 16)) differs from this build's \(String(tableChecksum, radix: 16))")
        }
        let body = sig.count - TaskSignatureWriter.headerSize
        guard body % (recordWords * 8) == 0 else { throw bad(sig, sig.count, "truncated: the records do not fill whole documents") }
        documents = body / (recordWords * 8)
        // .ids
        guard ids.count >= 16, ids.load(UInt64.self, at: 0) == Self.magic("MCMHIDS1"), Int(ids.load(UInt64.self, at: 8)) == documents,
              ids.count >= 16 + (documents + 1) * 8 else {
            throw bad(ids, 0, "not the id file of \(documents) documents")
        }
        let blob = 16 + (documents + 1) * 8
        guard Int(ids.load(UInt64.self, at: blob - 8)) == ids.count - blob else { throw bad(ids, blob - 8, "truncated id file") }
        // .bands
        guard bandFile.count >= Self.bandHeader, bandFile.load(UInt64.self, at: 0) == Self.magic("MCMHBND1"),
              Int(bandFile.load(UInt32.self, at: 8)) == bands, Int(bandFile.load(UInt64.self, at: 16)) == documents else {
            throw bad(bandFile, 0, "not the band file of \(documents) documents in \(bands) bands")
        }
        lshDocuments = Int(bandFile.load(UInt64.self, at: 24))
        exactDocuments = Int(bandFile.load(UInt64.self, at: 32))
        guard lshDocuments <= documents, exactDocuments <= documents,
              bandFile.count == Self.bandHeader + exactDocuments * 24 + bands * lshDocuments * 16 else {
            throw bad(bandFile, bandFile.count, "size does not match \(documents) documents and \(lshDocuments) in LSH")
        }
    }

    static func magic(_ s: StaticString) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(s.utf8Start[i]) << (8 * UInt64(i)) }
        return v
    }

    func signature(_ ordinal: Int) -> UnsafeBufferPointer<UInt64> {
        sig.words(at: TaskSignatureWriter.headerSize + (ordinal * recordWords + 3) * 8, count: permutations)
    }

    /// The verification sketch of a document (ascending; empty without `sketch` settings).
    func sketch(_ ordinal: Int) -> UnsafeBufferPointer<UInt32> {
        let o = TaskSignatureWriter.headerSize + ordinal * recordWords * 8
        let length = min(Int(sig.load(UInt64.self, at: o + 16) >> 32), sketchSize)
        return sig.halfWords(at: o + (3 + permutations) * 8, count: length)
    }

    func exactKey(_ ordinal: Int) -> ExactKey {
        let o = TaskSignatureWriter.headerSize + ordinal * recordWords * 8
        return ExactKey(high: sig.load(UInt64.self, at: o), low: sig.load(UInt64.self, at: o + 8))
    }

    func id(_ ordinal: Int) -> String {
        let start = Int(ids.load(UInt64.self, at: 16 + ordinal * 8)), end = Int(ids.load(UInt64.self, at: 24 + ordinal * 8))
        let blob = 16 + (documents + 1) * 8
        guard start <= end, blob + end <= ids.count else { return "" }
        return ids.string(at: blob + start, length: end - start)
    }

    /// Entry `i` of the exact section: key and ordinal.
    func exactEntry(_ i: Int) -> (ExactKey, Int) {
        let o = Self.bandHeader + i * 24
        return (ExactKey(high: bandFile.load(UInt64.self, at: o), low: bandFile.load(UInt64.self, at: o + 8)),
                Int(bandFile.load(UInt64.self, at: o + 16)))
    }

    /// Entry `i` of band `band`: band key and ordinal.
    func bandEntry(_ band: Int, _ i: Int) -> (UInt64, Int) {
        let o = Self.bandHeader + exactDocuments * 24 + (band * lshDocuments + i) * 16
        return (bandFile.load(UInt64.self, at: o), Int(bandFile.load(UInt64.self, at: o + 8)))
    }
}
