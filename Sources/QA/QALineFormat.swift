/// Question-answer pairs written as lines: labelled blocks and numbered lists.
///
/// Labelled blocks: a question line `Q:`, `Question:`, `Q1:`, `Question 2.`, `**Q:**`, `- Q:`,
/// `### Question 1` (the label word in any case, the single letters `Q`/`A` capital; `:`, `.`, `)`
/// or a dash after it) and an answer line `A:`, `Answer:`, `A1:`, `Ans:`, `**A:**`. Both may share a
/// line (`Q: … A: …`). A question runs on over the following lines until it ends with `?`; the line
/// after a question ending with `?` is its answer even without a label. An answer runs on over the
/// following lines until a blank line or the next question; after a blank line, only a labelled
/// answer line or a question continues. An answer label with a number (`A2:`) answers the question
/// with that number. Otherwise it answers the latest unanswered question, unless several questions
/// wait and at least as many answer lines follow before the next question (a group of questions,
/// then their answers): then the earliest.
///
/// Numbered lists: `1. What …?` (also `1)`, `(1)`, `**1.**`) with the answer on the same line (after
/// `? - `, `? – `, `?: `, an inline `Answer:`, or simply after the `?`), on an `Answer:` line, or on
/// the next line. Inside an answer a numbered line that is not question-like (no `?`, no
/// interrogative or imperative first word) continues the answer.
enum QALineFormat {
    /// One question found, with its answer if it had one.
    struct Candidate {
        var question: String
        var answer: String?
        /// Whether the question was a numbered list item.
        var numbered: Bool
    }

    /// The questions found, and the labelled answers that had no question to go to.
    static func parse(_ text: String) -> (candidates: [Candidate], strayAnswers: Int) {
        var blocks: [Block] = []
        var active: Int?
        var state = State.none
        var blank = false
        var stray = 0
        var lastAnswered = -1

        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { raw -> Line in
            let line = raw.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("```") { return Line(text: line, content: line, number: nil, kind: .blank) }
            let (content, number) = listMarker(line)
            if let (rest, n) = label(content, words: ["question"], letter: "Q") { return Line(text: line, content: rest, number: number, kind: .question(n)) }
            if let (rest, n) = label(content, words: ["answer", "ans"], letter: "A") { return Line(text: line, content: rest, number: number, kind: .answer(n)) }
            return Line(text: line, content: content, number: number, kind: .plain)
        }
        for (index, line) in lines.enumerated() {
            let content = line.content
            let number = line.number
            if case .blank = line.kind { blank = true; continue }
            defer { blank = false }

            if case .question(let labelNumber) = line.kind {
                let rest = content
                var block = Block(numbered: number != nil, labelled: true, number: labelNumber ?? number)
                if let (q, a) = splitInline(rest) {
                    block.question = [q]; block.answer = [a]; block.hasAnswer = true
                    state = .answer
                    lastAnswered = blocks.count
                } else {
                    if !rest.isEmpty { block.question = [String(rest)] }
                    state = .question
                }
                blocks.append(block)
                active = blocks.count - 1
            } else if case .answer(let labelNumber) = line.kind {
                let rest = content
                let target: Int?
                if let n = labelNumber, let k = blocks.lastIndex(where: { $0.number == n && !$0.hasAnswer && $0.expectsAnswer }) {
                    target = k
                } else {
                    // Unanswered questions since the last answer: answered in order when as many answer
                    // lines follow (a group of questions, then their answers); else the latest is answered.
                    let pending = blocks.indices.filter { $0 > lastAnswered && !blocks[$0].hasAnswer && blocks[$0].expectsAnswer }
                    if pending.count > 1, answerLines(lines, from: index) >= pending.count {
                        target = pending.first
                    } else {
                        target = pending.last
                    }
                }
                if let target {
                    blocks[target].answer = rest.isEmpty ? [] : [String(rest)]
                    blocks[target].hasAnswer = true
                    active = target
                    lastAnswered = max(lastAnswered, target)
                    state = .answer
                } else {
                    stray += 1
                    state = .none
                }
            } else if number != nil, state != .answer || blank || isQuestionLike(content) {
                var block = Block(numbered: true, labelled: false, number: number)
                if let (q, a) = splitInline(content) {
                    block.question = [q]; block.answer = [a]; block.hasAnswer = true
                    state = .answer
                    lastAnswered = blocks.count
                } else {
                    block.question = [String(content)]
                    state = .question
                }
                blocks.append(block)
                active = blocks.count - 1
            } else if !blank, state == .answer, let a = active {
                blocks[a].answer.append(String(line.text))
            } else if !blank, state == .question, let a = active {
                if endsWithQuestionMark(blocks[a].question.last ?? "") {
                    blocks[a].answer = [String(line.text)]
                    blocks[a].hasAnswer = true
                    lastAnswered = max(lastAnswered, a)
                    state = .answer
                } else {
                    blocks[a].question.append(String(content))
                }
            } else {
                state = .none
                active = nil
            }
        }
        let candidates = blocks.filter { $0.labelled || $0.hasAnswer || $0.expectsAnswer }.map {
            Candidate(question: $0.question.joined(separator: " "), answer: $0.hasAnswer ? joinAnswer($0.answer) : nil, numbered: $0.numbered)
        }
        return (candidates, stray)
    }

    private enum State { case none, question, answer }

    /// One line of the output, classified.
    private struct Line {
        enum Kind { case blank, question(Int?), answer(Int?), plain }
        /// The line without surrounding whitespace.
        var text: Substring
        /// The text after the list marker and label.
        var content: Substring
        /// The list item's number.
        var number: Int?
        var kind: Kind
    }

    /// The answer lines from `start` up to the next question line or question-like list item.
    private static func answerLines(_ lines: [Line], from start: Int) -> Int {
        var count = 0
        for line in lines[start...] {
            switch line.kind {
            case .answer: count += 1
            case .question: return count
            case .plain where line.number != nil && isQuestionLike(line.content): return count
            default: continue
            }
        }
        return count
    }

    /// One question as its lines arrive.
    private struct Block {
        var question: [String] = []
        var answer: [String] = []
        var hasAnswer = false
        var numbered: Bool
        var labelled: Bool
        /// The label's number (`Q3:`) or the list item's.
        var number: Int?

        init(numbered: Bool, labelled: Bool, number: Int?) {
            self.numbered = numbered; self.labelled = labelled; self.number = number
        }

        /// A labelled question, or a list item that reads as a question.
        var expectsAnswer: Bool { labelled || QALineFormat.isQuestionLike(Substring(question.joined(separator: " "))) }
    }

    /// Answer lines joined: a line that starts a list item keeps its own line, others join with a space.
    private static func joinAnswer(_ lines: [String]) -> String {
        var out = ""
        for line in lines {
            if out.isEmpty { out = line; continue }
            let item = line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("• ") || listMarker(Substring(line)).number != nil
            out += (item ? "\n" : " ") + line
        }
        return out
    }

    /// A line without its list marker (`- `, `* `, `• `, `+ `, `1. `, `1) `, `(1) `, `**1.** `) or
    /// heading marks (`### `), and the item number if it had one.
    static func listMarker(_ line: Substring) -> (content: Substring, number: Int?) {
        var s = line
        if s.hasPrefix("#") {
            let t = s.drop { $0 == "#" }
            if t.first == " " { s = t.trimmingWhitespace() }
        }
        for bullet in ["- ", "* ", "• ", "+ ", "\u{2013} "] where s.hasPrefix(bullet) {
            return (s.dropFirst(bullet.count).trimmingWhitespace(), nil)
        }
        var t = s
        var bold = false
        if t.hasPrefix("**") { t = t.dropFirst(2); bold = true }
        let paren = t.first == "("
        if paren { t = t.dropFirst() }
        let digits = t.prefix { $0.isASCII && $0.isNumber }
        guard (1...3).contains(digits.count), let n = Int(digits) else { return (s, nil) }
        t = t.dropFirst(digits.count)
        guard let mark = t.first, paren ? mark == ")" : (mark == "." || mark == ")") else { return (s, nil) }
        t = t.dropFirst()
        if bold, t.hasPrefix("**") { t = t.dropFirst(2) }
        guard t.isEmpty || t.first!.isWhitespace else { return (s, nil) }
        return (t.trimmingWhitespace(), n)
    }

    /// The text after a label (`Q:`, `Question 2:`, `**A:**`, `Answer -`) and the label's number;
    /// nil when the line does not start with one of `words` (any case) or the capital `letter`.
    /// A label alone on its line gives empty text.
    static func label(_ content: Substring, words: [String], letter: Character, colonOnly: Bool = false) -> (Substring, Int?)? {
        var t = stripEmphasis(content)
        let lower = t.lowercased()
        if let word = words.first(where: { lower.hasPrefix($0) }) {
            t = t.dropFirst(word.count)
        } else if t.first == letter {
            t = t.dropFirst()
        } else {
            return nil
        }
        if let next = t.first, next.isLetter { return nil }
        t = t.drop { $0 == " " }
        let digits = t.prefix { $0.isASCII && $0.isNumber }
        let number = Int(digits)
        t = t.dropFirst(digits.count).drop { $0 == " " }
        t = stripEmphasis(t, closing: true)
        if t.isEmpty { return colonOnly ? nil : ("", number) }
        let mark = t.first!
        let after = t.dropFirst()
        let spaced = after.isEmpty || after.first!.isWhitespace || after.hasPrefix("*")
        if mark == ":" || mark == "\u{FF1A}" {
            t = after
        } else if !colonOnly, (mark == "." || mark == ")" || mark == "-" || mark == "\u{2013}" || mark == "\u{2014}"), spaced {
            t = after
        } else {
            return nil
        }
        t = stripEmphasis(t.trimmingWhitespace(), closing: true).trimmingWhitespace()
        return (t, number)
    }

    /// `**`, `__`, `*` or `_` removed from the start (emphasis around a label).
    private static func stripEmphasis(_ s: Substring, closing: Bool = false) -> Substring {
        var t = s
        while t.hasPrefix("**") || t.hasPrefix("__") { t = t.dropFirst(2) }
        if !closing, t.hasPrefix("*") || t.hasPrefix("_") { t = t.dropFirst() }
        if closing, t.hasPrefix("*") { t = t.dropFirst() }
        return t
    }

    /// A question and its answer on one line: split at an inline answer label (`… A: …`,
    /// `… **Answer:** …`), at a separator after the first `?` (`? - `, `? – `, `? — `, `?: `, `? → `),
    /// or simply after the first `?` when text that does not end with `?` follows.
    static func splitInline(_ s: Substring) -> (String, String)? {
        // An inline answer label after a space.
        var i = s.startIndex
        while i < s.endIndex {
            if s[i].isWhitespace {
                let rest = s[s.index(after: i)...]
                if let (answer, _) = label(rest, words: ["answer", "ans"], letter: "A", colonOnly: true) {
                    let question = s[..<i].trimmingWhitespace()
                    if !question.isEmpty, !answer.isEmpty { return (String(question), String(answer)) }
                }
            }
            i = s.index(after: i)
        }
        guard let mark = s.firstIndex(where: { $0 == "?" || $0 == "\u{FF1F}" }) else { return nil }
        var end = s.index(after: mark)
        while end < s.endIndex, closers.contains(s[end]) { end = s.index(after: end) }
        let question = s[..<end]
        var rest = s[end...]
        guard let first = rest.first, first.isWhitespace || first == ":" else { return nil }
        rest = rest.trimmingWhitespace()
        for separator in ["->", "=>", "-", "\u{2013}", "\u{2014}", ":", "\u{2192}"] where rest.hasPrefix(separator) {
            rest = rest.dropFirst(separator.count).trimmingWhitespace()
            break
        }
        guard !rest.isEmpty, !endsWithQuestionMark(rest) else { return nil }
        return (String(question), String(rest))
    }

    private static let closers: Set<Character> = ["*", "_", "\"", "'", "\u{201D}", "\u{2019}", ")"]

    /// Whether a text ends with `?` (before closing emphasis, quotes or brackets).
    static func endsWithQuestionMark<S: StringProtocol>(_ s: S) -> Bool {
        var t = Substring(s)
        while let last = t.last, closers.contains(last) || last.isWhitespace { t.removeLast() }
        return t.last == "?" || t.last == "\u{FF1F}"
    }

    /// Holds a `?`, or opens with an interrogative or imperative word.
    static func isQuestionLike(_ s: Substring) -> Bool {
        if s.contains("?") || s.contains("\u{FF1F}") { return true }
        guard let first = GroundingTerms.words(String(s.prefix(40))).first else { return false }
        return GroundingTerms.interrogatives.contains(first) || GroundingTerms.imperatives.contains(first)
    }
}
