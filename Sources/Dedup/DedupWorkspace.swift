import Foundation

/// The directory where one dedup step keeps its files:
/// `parameters.json` (settings and permutation-table checksum), `tasks/` (per-task signature, id and
/// band files), `decisions/` (per-task decisions) and `resolved.json` (written last by the resolver:
/// its summary, and the marker that decisions are complete).
///
/// A later run names an earlier workspace as its index: the earlier documents take part in the
/// clustering, always win their clusters, and are never written again.
public struct DedupWorkspace: Sendable {
    public let root: String
    public init(root: String) { self.root = root }

    public var tasksDirectory: String { root + "/tasks" }
    public var decisionsDirectory: String { root + "/decisions" }
    public var parametersPath: String { root + "/parameters.json" }
    public var resolvedPath: String { root + "/resolved.json" }

    /// The stored settings of a workspace.
    public struct Settings: Codable, Sendable, Equatable {
        public var parameters: MinHashParameters
        public var tableChecksum: String
        public var format: Int
    }

    /// Creates the directories and records `parameters`, or checks them against what an earlier,
    /// interrupted run recorded.
    public func prepare(parameters: MinHashParameters) throws {
        try parameters.validate()
        try Files.makeDirectory(tasksDirectory)
        try Files.makeDirectory(decisionsDirectory)
        let settings = Settings(parameters: parameters, tableChecksum: Self.checksumString(parameters), format: 1)
        if let stored = try? loadSettings() {
            if stored != settings {
                throw DedupError.badFile(path: parametersPath, offset: 0,
                                         reason: "written with other settings (\(stored.parameters)); remove the directory or use the same settings")
            }
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try Files.writeAtomically(Array(try encoder.encode(settings)), to: parametersPath)
    }

    public func loadSettings() throws -> Settings {
        guard let data = FileManager.default.contents(atPath: parametersPath) else {
            throw DedupError.missing(path: parametersPath, reason: "no dedup settings here (not a dedup workspace or index)")
        }
        do { return try JSONDecoder().decode(Settings.self, from: data) } catch {
            throw DedupError.badFile(path: parametersPath, offset: 0, reason: "cannot read settings: \(error)")
        }
    }

    static func checksumString(_ p: MinHashParameters) -> String {
        String(MinHasher(permutations: p.permutations, seed: p.seed).tableChecksum, radix: 16)
    }

    /// The writer of task `name`'s signatures (a fresh one: an earlier partial attempt is overwritten).
    public func signatureWriter(task name: String, parameters: MinHashParameters) throws -> TaskSignatureWriter {
        try TaskSignatureWriter(directory: tasksDirectory, name: name, parameters: parameters)
    }

    /// Whether task `name`'s signature files are complete.
    public func hasSignatures(task name: String) -> Bool {
        [".sig", ".ids", ".bands"].allSatisfy { Files.exists(tasksDirectory + "/" + name + $0) }
    }

    /// The names of the tasks with complete signature files.
    public func signedTasks() -> [String] {
        Files.list(tasksDirectory, suffix: ".sig").map { String($0.dropLast(4)) }.filter(hasSignatures)
    }

    public func decisionsPath(task name: String) -> String { decisionsDirectory + "/" + name + ".dec" }

    /// Task `name`'s decisions; the resolver must have finished.
    public func decisions(task name: String) throws -> DedupDecisions {
        guard Files.exists(resolvedPath) else { throw DedupError.missing(path: resolvedPath, reason: "the clusters have not been resolved yet") }
        return try DedupDecisions(path: decisionsPath(task: name))
    }

    /// The resolver's summary, if it has finished.
    public func resolvedSummary() -> ResolveSummary? {
        guard let data = FileManager.default.contents(atPath: resolvedPath) else { return nil }
        return try? JSONDecoder().decode(ResolveSummary.self, from: data)
    }
}

/// What a resolution found.
public struct ResolveSummary: Codable, Sendable, Hashable {
    public var documents = 0
    public var indexDocuments = 0
    public var kept = 0
    public var exactDuplicates = 0
    public var nearDuplicates = 0
    public var indexedDuplicates = 0
    /// Clusters of two or more documents.
    public var clusters = 0
    public var largestCluster = 0
    /// Pairs compared because they shared a band key, and those that passed the threshold.
    public var candidatePairs = 0
    public var verifiedPairs = 0
    public var seconds = 0.0
    public var parameters: MinHashParameters = .default
    public var tableChecksum = ""
    public init() {}
}
