import CorpusCore
import Dedup

extension Registry {
    /// The deduplication stages (module Dedup).
    static let dedupStages: [StageDefinition] = []
}
