/// One hand-written phrasing of a CIF question: a question and an answer with `{placeholders}`
/// filled from `CIFQuestionValues`. `{Name}` (capitalized) gives the value of `{name}` with its
/// first letter capitalized.
struct CIFQuestionTemplate: Sendable, Hashable {
    var question: String
    var answer: String

    init(_ question: String, _ answer: String) {
        self.question = question
        self.answer = answer
    }

    /// The filled question and answer; nil when a placeholder has no value.
    func render(_ values: [String: String]) -> QAPair? {
        guard let q = Self.fill(question, values), let a = Self.fill(answer, values) else { return nil }
        return QAPair(question: q, answer: a)
    }

    /// `text` with each `{name}` replaced (values are not scanned again); nil when a name has no value.
    static func fill(_ text: String, _ values: [String: String]) -> String? {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { return nil }
            let name = String(rest[rest.index(after: open)..<close])
            guard let value = lookup(name, values) else { return nil }
            out += value
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    private static func lookup(_ name: String, _ values: [String: String]) -> String? {
        if let value = values[name] { return value }
        guard let first = name.first, first.isUppercase, let value = values[name.prefix(1).lowercased() + name.dropFirst()] else { return nil }
        return value.prefix(1).uppercased() + value.dropFirst()
    }

    /// The placeholder names the question and answer use.
    var placeholders: Set<String> {
        var names: Set<String> = []
        for text in [question, answer] {
            var rest = Substring(text)
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                names.insert(String(rest[rest.index(after: open)..<close]))
                rest = rest[rest.index(after: close)...]
            }
        }
        return names
    }
}
