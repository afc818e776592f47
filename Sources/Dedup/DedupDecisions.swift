/// What the resolver decided about one document.
public struct DedupDecision: Sendable, Hashable {
    public enum Verdict: UInt32, Sendable {
        /// The first document of its cluster (or alone): kept.
        case keep = 0
        /// Same normalized words as the cluster's first document.
        case exactDuplicate = 1
        /// Near duplicate (MinHash-LSH) of a document of its cluster.
        case nearDuplicate = 2
        /// A duplicate of a document of an earlier run's index.
        case indexedDuplicate = 3

        /// The label written as `dedup_reason`: keep, exact, near or index.
        public var reason: String {
            switch self {
            case .keep: return "keep"
            case .exactDuplicate: return "exact"
            case .nearDuplicate: return "near"
            case .indexedDuplicate: return "index"
            }
        }
    }
    public var verdict: Verdict
    /// The id of the cluster's kept document (for an indexed duplicate: the earlier run's document).
    public var clusterID: String
    /// Documents in the cluster, this one included (index documents too).
    public var clusterSize: Int
}

/// A task's decisions, in task order: `<workspace>/decisions/NAME.dec`.
///
/// Layout (little-endian): magic `MCMHDEC1`, document count (u64), then per document
/// (cluster size u32, verdict u32, id offset u32, id length u32), then the UTF-8 cluster ids.
public final class DedupDecisions: @unchecked Sendable {
    private let file: MappedFile
    public let count: Int
    private let blob: Int

    public init(path: String) throws(DedupError) {
        file = try MappedFile(path: path)
        guard file.count >= 16, file.load(UInt64.self, at: 0) == TaskSignatures.magic("MCMHDEC1") else {
            throw .badFile(path: path, offset: 0, reason: "not a MatCorpus decision file")
        }
        count = Int(file.load(UInt64.self, at: 8))
        blob = 16 + count * 16
        guard count >= 0, blob <= file.count else { throw .badFile(path: path, offset: 8, reason: "truncated: \(count) documents announced") }
    }

    public func decision(_ ordinal: Int) throws(DedupError) -> DedupDecision {
        guard ordinal >= 0, ordinal < count else {
            throw .badFile(path: file.path, offset: 8, reason: "no decision for document #\(ordinal); the file has \(count)")
        }
        let o = 16 + ordinal * 16
        let size = Int(file.load(UInt32.self, at: o))
        guard let verdict = DedupDecision.Verdict(rawValue: file.load(UInt32.self, at: o + 4)) else {
            throw .badFile(path: file.path, offset: o + 4, reason: "unknown verdict")
        }
        let start = Int(file.load(UInt32.self, at: o + 8)), length = Int(file.load(UInt32.self, at: o + 12))
        guard blob + start + length <= file.count else { throw .badFile(path: file.path, offset: o + 8, reason: "cluster id past the end") }
        return DedupDecision(verdict: verdict, clusterID: file.string(at: blob + start, length: length), clusterSize: size)
    }

    static func encode(_ decisions: [DedupDecision]) -> [UInt8] {
        var e = ByteEncoder()
        e.magic("MCMHDEC1")
        e.u64(UInt64(decisions.count))
        var strings: [UInt8] = []
        var offsets: [String: UInt32] = [:]
        for d in decisions {
            let offset: UInt32
            if let known = offsets[d.clusterID] { offset = known } else {
                offset = UInt32(strings.count); offsets[d.clusterID] = offset
                strings.append(contentsOf: d.clusterID.utf8)
            }
            e.u32(UInt32(min(d.clusterSize, Int(UInt32.max)))); e.u32(d.verdict.rawValue)
            e.u32(offset); e.u32(UInt32(d.clusterID.utf8.count))
        }
        e.bytes.append(contentsOf: strings)
        return e.bytes
    }
}
