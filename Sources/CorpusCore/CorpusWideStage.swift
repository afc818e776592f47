/// A stage that must see every document of a run before it can decide about any of them, such as
/// deduplication.
///
/// The executor splits a pipeline at each corpus-wide stage into phases. In the phase before the
/// stage, every task passes the documents that reach it to a `DocumentCollector` (which writes what
/// the stage needs, sorted, into the stage's workspace directory) and keeps them in intermediate
/// files. When every task has done so, `resolve` runs once over the workspace. In the next phase
/// each task reads its intermediate files back, in the same order, through the stage's applier,
/// an ordinary `Stage` that emits or drops each document by the decisions. Memory is bounded by
/// what the collector and the resolver keep per document, never by the text.
public protocol CorpusWideStage: Sendable {
    /// The registry name, such as `minhash_dedup`.
    var name: String { get }
    /// Creates the workspace or checks that an interrupted run's workspace has the same settings.
    func prepare(workspace: String) throws
    /// A fresh collector for task `task`; an earlier attempt's files for the task are replaced.
    func makeCollector(workspace: String, task: String) throws -> any DocumentCollector
    /// Whether `resolve` has completed for this workspace (a resumed run skips it).
    func isResolved(workspace: String) -> Bool
    /// Decides about every collected document, using up to `workers` threads.
    func resolve(workspace: String, workers: Int) throws
    /// The stage applying the decisions to task `task`'s documents, met in the order collected.
    func makeApplier(workspace: String, task: String) throws -> any Stage
}

/// Sees one task's documents in order on behalf of a `CorpusWideStage`.
public protocol DocumentCollector: AnyObject {
    func observe(_ document: Document) throws
    /// Writes out what was collected; the task is complete only after this returns.
    func finish() throws
    /// Removes partial files after a failure.
    func abandon()
}
