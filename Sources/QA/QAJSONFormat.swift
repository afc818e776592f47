/// Question-answer pairs written as JSON: arrays of objects, an object wrapping such an array
/// (`{"pairs": […]}`, `{"qa": […]}`, any key), single objects, JSON lines, JSON in code fences or
/// among prose, and JSON cut off by the token limit (the complete objects before the cut are kept).
///
/// An object is a pair when it has a question key (`question`, `q`, `instruction`, `query`; any
/// case) and an answer key (`answer`, `a`, `output`, `response`, `answers`). A string, number or
/// list of strings is a field's text.
enum QAJSONFormat {
    /// The candidates found: (question, answer) with the answer nil when the object had none.
    static func candidates(in text: String) -> [(question: String, answer: String?)] {
        var out: [(question: String, answer: String?)] = []
        for value in LooseJSON.values(in: text, accept: { !collect($0).isEmpty }) {
            out += collect(value)
        }
        return out
    }

    static let questionKeys = ["question", "q", "instruction", "query"]
    static let answerKeys = ["answer", "a", "output", "response", "answers"]

    /// The pair objects in a value, depth first, in order.
    private static func collect(_ value: LooseJSON) -> [(question: String, answer: String?)] {
        switch value {
        case .object(let members):
            if let q = value.member(questionKeys)?.text {
                return [(q, value.member(answerKeys)?.text)]
            }
            return members.flatMap { collect($0.value) }
        case .array(let items):
            return items.flatMap(collect)
        case .string, .literal:
            return []
        }
    }
}
