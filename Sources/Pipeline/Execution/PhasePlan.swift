import CorpusCore
import RunStore

/// One phase of a pipeline split at its corpus-wide stages (see `CorpusWideStage`).
///
/// With stages `a, dedup, b, c`, phase 0 runs `a` and collects for `dedup`; phase 1 applies
/// `dedup`'s decisions and runs `b, c`. A pipeline without corpus-wide stages has one phase.
struct PhasePlan {
    /// A corpus-wide stage with its position in the pipeline and its workspace directory.
    struct CorpusWide {
        var index: Int
        var stage: any CorpusWideStage
        var workspace: String
    }

    var index: Int
    /// Pipeline stage indices run as ordinary stages.
    var stageRange: Range<Int>
    /// The corpus-wide stage whose decisions this phase applies first (phases after the first).
    var appliedStage: CorpusWide?
    /// The corpus-wide stage this phase collects for (all phases but the last).
    var collectingStage: CorpusWide?
    /// The task's report from the previous phase: its counters, rejections, inputs and files.
    var carried: TaskReport?

    var isLast: Bool { collectingStage == nil }

    static func single(_ pipeline: PipelineSpec) -> PhasePlan {
        PhasePlan(index: 0, stageRange: 0..<pipeline.stages.count)
    }

    /// The phases of `pipeline`, given its corpus-wide stages in pipeline order.
    static func phases(_ pipeline: PipelineSpec, corpusWide: [CorpusWide]) -> [PhasePlan] {
        var phases: [PhasePlan] = []
        var start = 0
        var applied: CorpusWide? = nil
        for (k, wide) in corpusWide.enumerated() {
            phases.append(PhasePlan(index: k, stageRange: start..<wide.index, appliedStage: applied, collectingStage: wide))
            start = wide.index + 1
            applied = wide
        }
        phases.append(PhasePlan(index: corpusWide.count, stageRange: start..<pipeline.stages.count, appliedStage: applied))
        return phases
    }
}
