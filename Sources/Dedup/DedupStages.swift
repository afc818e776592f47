import CorpusCore

/// Pipeline stage `minhash_dedup`: exact and near-duplicate removal across the whole run
/// (MinHash-LSH; see `MinHashParameters`). Kept documents get `minhash_cluster_id` (the id of the
/// cluster's kept document) and `minhash_cluster_size` in metadata; dropped ones are counted as
/// `exact_duplicate`, `near_duplicate` or `indexed_duplicate` and carry `duplicate_of`.
public struct MinHashDedupStage: CorpusWideStage {
    public let name = "minhash_dedup"
    public var parameters: MinHashParameters
    /// Workspaces of earlier runs whose documents count as already kept.
    public var index: [String]
    /// Sources that take part (empty: all); documents of other sources pass untouched.
    public var sources: Set<String>

    public init(parameters: MinHashParameters = .default, index: [String] = [], sources: Set<String> = []) {
        self.parameters = parameters
        self.index = index
        self.sources = sources
    }

    public func prepare(workspace: String) throws { try DedupWorkspace(root: workspace).prepare(parameters: parameters) }

    public func makeCollector(workspace: String, task: String) throws -> any DocumentCollector {
        SignatureCollector(writer: try DedupWorkspace(root: workspace).signatureWriter(task: task, parameters: parameters), keyField: nil,
                           sources: sources)
    }

    public func isResolved(workspace: String) -> Bool { Files.exists(DedupWorkspace(root: workspace).resolvedPath) }

    public func resolve(workspace: String, workers: Int) throws {
        _ = try ClusterResolver.resolve(DedupWorkspace(root: workspace), index: index.map(DedupWorkspace.init(root:)),
                                        parameters: parameters, workers: workers)
    }

    public func makeApplier(workspace: String, task: String) throws -> any Stage {
        DedupApplier(name: name, decisions: try DedupWorkspace(root: workspace).decisions(task: task), metadataPrefix: "minhash")
    }
}

/// Pipeline stage `exact_dedup`: removes documents whose normalized words (or, with `keyField`, whose
/// metadata value, such as the CIF stage's `duplicate_key`) equal an earlier-kept document's.
/// Documents without the field pass untouched. Kept duplicates' clusters are recorded as
/// `exact_cluster_id` and `exact_cluster_size`.
public struct ExactDedupStage: CorpusWideStage {
    public let name = "exact_dedup"
    /// nil: the text; otherwise a metadata field.
    public var keyField: String?
    public var index: [String]
    /// Sources that take part (empty: all); documents of other sources pass untouched.
    public var sources: Set<String>

    public init(keyField: String? = nil, index: [String] = [], sources: Set<String> = []) {
        self.keyField = keyField
        self.index = index
        self.sources = sources
    }

    public func prepare(workspace: String) throws { try DedupWorkspace(root: workspace).prepare(parameters: .exactOnly) }

    public func makeCollector(workspace: String, task: String) throws -> any DocumentCollector {
        SignatureCollector(writer: try DedupWorkspace(root: workspace).signatureWriter(task: task, parameters: .exactOnly), keyField: keyField ?? "",
                           sources: sources)
    }

    public func isResolved(workspace: String) -> Bool { Files.exists(DedupWorkspace(root: workspace).resolvedPath) }

    public func resolve(workspace: String, workers: Int) throws {
        _ = try ClusterResolver.resolve(DedupWorkspace(root: workspace), index: index.map(DedupWorkspace.init(root:)),
                                        parameters: .exactOnly, workers: workers)
    }

    public func makeApplier(workspace: String, task: String) throws -> any Stage {
        DedupApplier(name: name, decisions: try DedupWorkspace(root: workspace).decisions(task: task), metadataPrefix: "exact")
    }
}

/// Writes each document's keys for a dedup stage.
final class SignatureCollector: DocumentCollector {
    let writer: TaskSignatureWriter
    /// nil: MinHash over the text; "": exact key of the text; otherwise the metadata field's value.
    let keyField: String?
    let sources: Set<String>

    init(writer: TaskSignatureWriter, keyField: String?, sources: Set<String>) {
        self.writer = writer
        self.keyField = keyField
        self.sources = sources
    }

    func observe(_ document: Document) throws {
        if !sources.isEmpty, !sources.contains(document.source.rawValue) { return try writer.addUnkeyed(id: document.id) }
        switch keyField {
        case nil: try writer.add(id: document.id, text: document.text)
        case ""?: try writer.add(id: document.id, key: ExactKey(text: document.text))
        case let field?:
            let value: String?
            switch document.metadata.extra[field] {
            case .string(let s)?: value = s
            case .int(let i)?: value = String(i)
            case .double(let d)?: value = String(d)
            default: value = nil
            }
            try writer.add(id: document.id, key: value.map { ExactKey(bytesOf: field + "\u{0}" + $0) })
        }
    }

    func finish() throws { try writer.finish() }
    func abandon() { writer.abandon() }
}

/// Emits or drops each document by the resolver's decisions, in the order they were collected.
public struct DedupApplier: Stage {
    public let name: String
    let decisions: DedupDecisions
    let metadataPrefix: String
    private var ordinal = 0

    init(name: String, decisions: DedupDecisions, metadataPrefix: String) {
        self.name = name
        self.decisions = decisions
        self.metadataPrefix = metadataPrefix
    }

    public mutating func process(_ document: Document, into output: inout StageOutput) throws {
        let d = try decisions.decision(ordinal)
        ordinal += 1
        var document = document
        document.metadata.extra[metadataPrefix + "_cluster_id"] = .string(d.clusterID)
        document.metadata.extra[metadataPrefix + "_cluster_size"] = .int(Int64(d.clusterSize))
        output.tally("dedup", d.verdict.reason)
        switch d.verdict {
        case .keep:
            output.emit(document)
        case .exactDuplicate, .nearDuplicate, .indexedDuplicate:
            document.metadata.extra["duplicate_of"] = .string(d.clusterID)
            let reason: DropReason = d.verdict == .exactDuplicate ? "exact_duplicate" : d.verdict == .nearDuplicate ? "near_duplicate" : "indexed_duplicate"
            output.drop(document, reason: reason)
        }
    }

    public mutating func finish(into output: inout StageOutput) throws {
        guard ordinal == decisions.count else {
            throw DedupError.badFile(path: name, offset: 0,
                                     reason: "\(decisions.count) decisions but \(ordinal) documents came back: the intermediate files changed")
        }
    }
}
