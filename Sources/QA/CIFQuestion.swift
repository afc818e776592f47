/// One deterministic question about a crystal structure, with the template that wrote it.
public struct CIFQuestion: Sendable, Hashable {
    /// The question and its answer.
    public var pair: QAPair
    /// What is asked: one of `CIFQuestionWriter.tasks` (`formula`, `space_group`, `lattice_parameters`, …).
    public var task: String
    /// The phrasing's stable id, `task.N` (N from 1, in the order the task's templates are listed).
    public var template: String

    /// A question from its parts.
    public init(pair: QAPair, task: String, template: String) {
        self.pair = pair
        self.task = task
        self.template = template
    }
}
