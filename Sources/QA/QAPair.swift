/// A question about a passage and its answer, as a model or a template wrote them.
public struct QAPair: Sendable, Hashable, Codable {
    public var question: String
    public var answer: String

    public init(question: String, answer: String) {
        self.question = question
        self.answer = answer
    }
}
