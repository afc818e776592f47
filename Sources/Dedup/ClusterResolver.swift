import CorpusCore
import Foundation

/// The corpus-wide step: merges every task's sorted band files band by band, verifies candidate
/// pairs by their signatures, joins duplicates with union-find, and writes each task's decisions.
///
/// Memory: one union-find array (4 bytes per document) and the verified edges; the band files are
/// memory-mapped and read in one forward pass per band (a k-way merge over the tasks), so nothing
/// grows with the text. Bands are spread over `workers` threads.
public enum ClusterResolver {
    /// At most this many earlier members of a same-key group are compared with each new member.
    static let representativesPerGroup = 8

    public static func resolve(_ workspace: DedupWorkspace, index: [DedupWorkspace] = [],
                               parameters: MinHashParameters, workers: Int) throws -> ResolveSummary {
        let started = Date()
        try parameters.validate()
        let checksum = parameters.tableChecksum
        // Index tasks first, so their documents sort (and win) before this run's.
        var files: [TaskSignatures] = []
        var isIndex: [Bool] = []
        for earlier in index {
            let settings = try earlier.loadSettings()
            guard settings.parameters.ngram == parameters.ngram, settings.parameters.bands == parameters.bands,
                  settings.parameters.rows == parameters.rows, settings.parameters.seed == parameters.seed else {
                throw DedupError.badFile(path: earlier.parametersPath, offset: 0,
                                         reason: "the index was made with \(settings.parameters); this run uses \(parameters)")
            }
            for name in earlier.signedTasks() {
                files.append(try TaskSignatures(directory: earlier.tasksDirectory, name: name, parameters: parameters, tableChecksum: checksum))
                isIndex.append(true)
            }
        }
        let current = workspace.signedTasks()
        for name in current {
            files.append(try TaskSignatures(directory: workspace.tasksDirectory, name: name, parameters: parameters, tableChecksum: checksum))
            isIndex.append(false)
        }
        var offsets: [Int] = [0]
        for f in files { offsets.append(offsets.last! + f.documents) }
        let total = offsets.last!

        var summary = ResolveSummary()
        summary.parameters = parameters
        summary.tableChecksum = String(checksum, radix: 16)
        summary.documents = zip(files, isIndex).filter { !$0.1 }.reduce(0) { $0 + $1.0.documents }
        summary.indexDocuments = total - summary.documents

        // Exact duplicates: equal keys across all tasks.
        var edges = try exactEdges(files, offsets)
        // Near duplicates: one band per job.
        let bandFiles = files, bandOffsets = offsets
        let bandResults = try runBands(parameters.bands, workers: workers) { band in
            try bandEdges(band, bandFiles, bandOffsets, threshold: parameters.threshold, sketch: parameters.sketch)
        }
        for r in bandResults {
            edges += r.edges
            summary.candidatePairs += r.candidates
            summary.verifiedPairs += r.edges.count
        }

        // Locates a dense index's task file and ordinal.
        func locate(_ dense: Int) -> (Int, Int) {
            var lo = 0, hi = files.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if offsets[mid] <= dense { lo = mid } else { hi = mid - 1 }
            }
            return (lo, dense - offsets[lo])
        }
        // The keep rule: an index document first, then the smallest id (byte order), then input order.
        func better(_ x: Int, _ y: Int) -> Bool {
            let (fx, ox) = locate(x), (fy, oy) = locate(y)
            if isIndex[fx] != isIndex[fy] { return isIndex[fx] }
            let ix = files[fx].id(ox), iy = files[fy].id(oy)
            if ix != iy { return Array(ix.utf8).lexicographicallyPrecedes(Array(iy.utf8)) }
            return x < y
        }
        var sets = UnionFind(count: total)
        for (a, b) in edges { sets.union(Int(a), Int(b), better: better) }
        var sizes = [UInt32](repeating: 0, count: total)
        for i in 0..<total { sizes[sets.find(i)] += 1 }
        for i in 0..<total where sizes[i] > 1 {
            summary.clusters += 1
            summary.largestCluster = max(summary.largestCluster, Int(sizes[i]))
        }

        for (f, file) in files.enumerated() where !isIndex[f] {
            var decisions: [DedupDecision] = []
            decisions.reserveCapacity(file.documents)
            for ordinal in 0..<file.documents {
                let dense = offsets[f] + ordinal
                let root = sets.find(dense), keeper = sets.best(dense)
                let (rf, ro) = locate(keeper)
                let verdict: DedupDecision.Verdict
                if keeper == dense { verdict = .keep; summary.kept += 1 }
                else if isIndex[rf] { verdict = .indexedDuplicate; summary.indexedDuplicates += 1 }
                else if files[rf].exactKey(ro) == file.exactKey(ordinal) { verdict = .exactDuplicate; summary.exactDuplicates += 1 }
                else { verdict = .nearDuplicate; summary.nearDuplicates += 1 }
                decisions.append(DedupDecision(verdict: verdict, clusterID: files[rf].id(ro), clusterSize: Int(sizes[root])))
            }
            try Files.writeAtomically(DedupDecisions.encode(decisions), to: workspace.decisionsPath(task: file.name))
        }
        summary.seconds = Date().timeIntervalSince(started)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try Files.writeAtomically(Array(try encoder.encode(summary)), to: workspace.resolvedPath)
        return summary
    }

    /// Pairs of documents with equal exact keys: each joined to the first of its key.
    static func exactEdges(_ files: [TaskSignatures], _ offsets: [Int]) throws -> [(UInt32, UInt32)] {
        var heap = MinHeap<MergeHeap<ExactKey>.Item>()
        var cursors = [Int](repeating: 0, count: files.count)
        func push(_ f: Int) throws {
            guard cursors[f] < files[f].exactDocuments else { return }
            let (key, ordinal) = files[f].exactEntry(cursors[f])
            guard ordinal < files[f].documents else { throw outOfRange(files[f], ordinal) }
            heap.push(.init(key: key, dense: offsets[f] + ordinal, file: f))
            cursors[f] += 1
        }
        for f in files.indices { try push(f) }
        var edges: [(UInt32, UInt32)] = []
        var groupKey: ExactKey? = nil
        var first = 0
        while let top = heap.pop() {
            try push(top.file)
            if top.key == groupKey { edges.append((UInt32(first), UInt32(top.dense))) } else { groupKey = top.key; first = top.dense }
        }
        return edges
    }

    /// Candidate pairs of one band, verified against the threshold.
    static func bandEdges(_ band: Int, _ files: [TaskSignatures], _ offsets: [Int], threshold: Double, sketch: Int) throws -> (edges: [(UInt32, UInt32)], candidates: Int) {
        func similarity(_ x: MergeHeap<UInt64>.Item, _ y: MergeHeap<UInt64>.Item) -> Double {
            if sketch > 0 { return BottomSketch.jaccard(files[x.file].sketch(x.ordinal), files[y.file].sketch(y.ordinal), size: sketch) }
            return MinHasher.estimatedJaccard(files[x.file].signature(x.ordinal), files[y.file].signature(y.ordinal))
        }
        var heap = MinHeap<MergeHeap<UInt64>.Item>()
        var cursors = [Int](repeating: 0, count: files.count)
        func push(_ f: Int) throws {
            guard cursors[f] < files[f].lshDocuments else { return }
            let (key, ordinal) = files[f].bandEntry(band, cursors[f])
            guard ordinal < files[f].documents else { throw outOfRange(files[f], ordinal) }
            heap.push(.init(key: key, dense: offsets[f] + ordinal, file: f, ordinal: ordinal))
            cursors[f] += 1
        }
        for f in files.indices { try push(f) }
        var edges: [(UInt32, UInt32)] = []
        var candidates = 0
        var groupKey: UInt64? = nil
        var group: [MergeHeap<UInt64>.Item] = []
        while let top = heap.pop() {
            try push(top.file)
            if top.key != groupKey { groupKey = top.key; group.removeAll(keepingCapacity: true); group.append(top); continue }
            for rep in group {
                candidates += 1
                if similarity(top, rep) >= threshold {
                    edges.append((UInt32(rep.dense), UInt32(top.dense)))
                    break
                }
            }
            if group.count < representativesPerGroup { group.append(top) }
        }
        return (edges, candidates)
    }

    static func outOfRange(_ file: TaskSignatures, _ ordinal: Int) -> DedupError {
        .badFile(path: file.name + ".bands", offset: 0, reason: "ordinal \(ordinal) beyond the task's \(file.documents) documents")
    }

    /// Runs `body` for each band on up to `workers` threads; results in band order.
    static func runBands<T>(_ bands: Int, workers: Int, _ body: @escaping @Sendable (Int) throws -> T) throws -> [T] {
        let results = BandResults<T>(count: bands)
        DispatchQueue.concurrentPerform(iterations: max(1, min(workers, bands))) { _ in
            while let band = results.nextBand() {
                do { results.store(band, .success(try body(band))) } catch { results.store(band, .failure(error)) }
            }
        }
        return try results.collect()
    }
}

/// Hands out band numbers and collects results across threads.
private final class BandResults<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var slots: [Result<T, any Error>?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func nextBand() -> Int? {
        lock.withLock {
            guard next < slots.count else { return nil }
            defer { next += 1 }
            return next
        }
    }
    func store(_ band: Int, _ result: Result<T, any Error>) { lock.withLock { slots[band] = result } }
    func collect() throws -> [T] { try slots.map { try $0!.get() } }
}

/// Merge cursors ordered by key, then task file, then position: input order among equal keys.
enum MergeHeap<Key: Comparable> {
    struct Item: Comparable {
        var key: Key
        var dense: Int
        var file: Int
        var ordinal: Int = 0

        static func < (a: Item, b: Item) -> Bool {
            a.key < b.key || (a.key == b.key && (a.file < b.file || (a.file == b.file && a.dense < b.dense)))
        }
        static func == (a: Item, b: Item) -> Bool { a.key == b.key && a.file == b.file && a.dense == b.dense }
    }
}
