import CorpusCore
import QualityFilters

extension Registry {
    /// The quality-filter stages (module QualityFilters).
    static let filterStages: [StageDefinition] = []
}
