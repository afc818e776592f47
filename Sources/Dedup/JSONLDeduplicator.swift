import CorpusCore
import CorpusIO
import Foundation

/// Exact and near-duplicate removal over JSON-lines files: the engine of `matcorpus dedup`.
///
/// Three passes, the same as the pipeline's: the documents are read in batches of
/// `batchDocuments` and each batch is signed as one task on a pool of threads (its sorted band
/// files written to the workspace); the resolver clusters them; a second read writes each document
/// to the kept or the removed file according to its decision. Memory is bounded by a batch per
/// thread plus a few bytes per document in the resolver. Lines that are not documents are skipped
/// in both reads and reported with file, line and reason.
public struct JSONLDeduplicator {
    public var parameters: MinHashParameters = .default
    public var workers: Int = 1
    /// Documents per signing task.
    public var batchDocuments = 4096
    /// Where signatures and decisions go; nil: a temporary directory beside the output, removed at the end.
    public var workspace: String? = nil
    /// Workspaces of earlier runs to deduplicate against (their documents win and are not written).
    public var index: [String] = []

    public init() {}

    /// A line that could not be read as a document.
    public struct Rejection: Sendable, Hashable, Codable {
        public var file: String
        public var line: Int
        public var reason: String
    }

    public struct Report: Sendable, Codable {
        public var inputs: [String]
        public var documents = 0
        public var kept = 0
        public var removedExact = 0
        public var removedNear = 0
        public var removedIndexed = 0
        public var rejected: [Rejection] = []
        public var resolve = ResolveSummary()
        public var secondsSigning = 0.0
        public var secondsResolving = 0.0
        public var secondsWriting = 0.0
    }

    /// Deduplicates `inputs` into `output` (and `removed`, when given). Outputs are written to
    /// temporary names and renamed when complete; a `.zst` name is zstd-compressed.
    public func run(inputs: [String], output: String, removed: String? = nil) throws -> Report {
        try parameters.validate()
        var report = Report(inputs: inputs)
        let ownWorkspace = workspace == nil
        let root = workspace ?? PathParts.join(PathParts.directory(of: output), "." + PathParts.name(of: output) + ".dedup-work")
        if ownWorkspace { try? FileManager.default.removeItem(atPath: root) }
        let space = DedupWorkspace(root: root)
        try space.prepare(parameters: parameters)
        defer { if ownWorkspace { try? FileManager.default.removeItem(atPath: root) } }

        // 1. Sign, in batches, on a pool of threads.
        var t0 = Date()
        let source = BatchSource(inputs: inputs, batchDocuments: batchDocuments)
        let failures = FailureBox()
        let parameters = self.parameters
        DispatchQueue.concurrentPerform(iterations: max(1, workers)) { _ in
            while true {
                let batch: Batch?
                do { batch = try source.next() } catch { failures.add(error); return }
                guard let batch else { return }
                do {
                    let writer = try space.signatureWriter(task: batch.name, parameters: parameters)
                    for (id, text) in batch.documents { try writer.add(id: id, text: text) }
                    try writer.finish()
                } catch { failures.add(error); return }
            }
        }
        if let error = failures.first { throw error }
        report.rejected = source.rejections
        report.secondsSigning = Date().timeIntervalSince(t0)

        // 2. Resolve.
        t0 = Date()
        report.resolve = try ClusterResolver.resolve(space, index: index.map(DedupWorkspace.init(root:)),
                                                     parameters: parameters, workers: workers)
        report.secondsResolving = Date().timeIntervalSince(t0)

        // 3. Write kept and removed documents, in input order.
        t0 = Date()
        let kept = try DocumentFile(path: output)
        let gone = try removed.map(DocumentFile.init(path:))
        let reread = BatchSource(inputs: inputs, batchDocuments: batchDocuments)
        while let batch = try reread.next(documents: true) {
            let decisions = try space.decisions(task: batch.name)
            guard decisions.count == batch.full.count else {
                throw DedupError.badFile(path: space.decisionsPath(task: batch.name), offset: 8,
                                         reason: "\(decisions.count) decisions for \(batch.full.count) documents: did an input change?")
            }
            for (ordinal, var document) in batch.full.enumerated() {
                let d = try decisions.decision(ordinal)
                document.metadata.extra["minhash_cluster_id"] = .string(d.clusterID)
                document.metadata.extra["minhash_cluster_size"] = .int(Int64(d.clusterSize))
                report.documents += 1
                switch d.verdict {
                case .keep:
                    report.kept += 1
                    try kept.write(document)
                    continue
                case .exactDuplicate: report.removedExact += 1
                case .nearDuplicate: report.removedNear += 1
                case .indexedDuplicate: report.removedIndexed += 1
                }
                document.metadata.extra["duplicate_of"] = .string(d.clusterID)
                document.metadata.extra["dedup_reason"] = .string(d.verdict.reason)
                try gone?.write(document)
            }
        }
        try kept.commit()
        try gone?.commit()
        report.secondsWriting = Date().timeIntervalSince(t0)
        return report
    }
}

/// One signing task's documents.
struct Batch {
    var name: String
    var documents: [(String, String)] = []
    var full: [Document] = []
}

/// Reads the inputs in order and cuts them into batches; thread-safe.
final class BatchSource: @unchecked Sendable {
    private let inputs: [String]
    private let batchDocuments: Int
    private let lock = NSLock()
    private var fileIndex = 0
    private var reader: JSONLDocumentReader?
    private var batchInFile = 0
    private(set) var rejections: [JSONLDeduplicator.Rejection] = []

    init(inputs: [String], batchDocuments: Int) {
        self.inputs = inputs
        self.batchDocuments = max(1, batchDocuments)
    }

    func next(documents keepDocuments: Bool = false) throws -> Batch? {
        try lock.withLock {
            while fileIndex < inputs.count {
                let path = inputs[fileIndex]
                if reader == nil {
                    reader = JSONLDocumentReader(source: try Decompression.open(try FileByteSource(path: path)))
                    batchInFile = 0
                }
                var batch = Batch(name: String(format: "input-%05d-%07d", fileIndex, batchInFile))
                var count = 0
                while count < batchDocuments, let result = try reader!.next() {
                    switch result {
                    case .success(let record):
                        var document = record.document
                        if document.id.isEmpty { document.id = PathParts.name(of: path) + ":" + String(record.lineNumber) }
                        if keepDocuments { batch.full.append(document) } else { batch.documents.append((document.id, document.text)) }
                        count += 1
                    case .failure(let error):
                        if !keepDocuments {
                            rejections.append(.init(file: path, line: error.lineNumber, reason: error.parseError.description))
                        }
                    }
                }
                if count == 0 { reader = nil; fileIndex += 1; continue }
                batchInFile += 1
                return batch
            }
            return nil
        }
    }
}

/// A JSONL output file written under a temporary name and renamed by `commit`.
final class DocumentFile {
    let path: String
    private let temporary: String
    private let sink: any ByteSink
    private var line: [UInt8] = []

    init(path: String) throws {
        self.path = path
        temporary = PathParts.temporary(for: path)
        sink = path.hasSuffix(".zst") ? try ZstdWriter(path: temporary) : try FileWriter(path: temporary)
    }

    func write(_ document: Document) throws {
        line.removeAll(keepingCapacity: true)
        DocumentJSON.encode(document, into: &line)
        line.append(0x0A)
        try line.withUnsafeBytes { try sink.write($0) }
    }

    func commit() throws {
        try sink.finish()
        try Files.rename(temporary, path)
    }
}

/// The first error any thread met.
final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var first: (any Error)?
    func add(_ error: any Error) { lock.withLock { if first == nil { first = error } } }
}
