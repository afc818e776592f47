import Foundation

/// The sentence around a mention, as the readers see it.
///
/// Most mentions read the same in any sentence (`Fe2O3` is always Fe2O3); a few depend on their
/// neighbours (`In` before "foil", `C3S` in a cement paper, `x` with `x = 0.1` stated). The readers ask
/// this object for the sentence only when they need it, and it remembers whether they did, so an
/// annotator can reuse a reading that never looked at its sentence (`consulted == false`).
final class ReadingContext {
    /// The sentence and where the mention sits in it, built on first use.
    private var located: (sentence: String, mention: Range<String.Index>?)?
    private let locate: (() -> (String, Range<String.Index>?))?
    private var lowered: String?
    private var stated: [String: Double]?
    /// Whether the text is about cement chemistry (the cement notation applies).
    let cement: Bool
    /// Whether a reader looked at the sentence.
    private(set) var consulted = false
    /// Whether a reader asked for the variable values stated in the sentence.
    private(set) var consultedVariables = false
    /// Whether a reader asked for the words around the mention (`neighbours(of:)`).
    private(set) var consultedNeighbours = false

    /// `cement` defaults to the cement keywords found in `sentence`.
    init(_ sentence: String, mention: Range<String.Index>? = nil, cement: Bool? = nil) {
        located = (sentence, mention)
        locate = nil
        if let cement { self.cement = cement } else { self.cement = Cement.isCementContext(sentence.lowercased()) }
    }

    /// A context whose sentence is built only when a reader asks for it.
    init(cement: Bool, locate: @escaping () -> (String, Range<String.Index>?)) {
        self.cement = cement
        self.locate = locate
    }

    private var sentence: String { resolved().sentence }
    private var mention: Range<String.Index>? { resolved().mention }

    private func resolved() -> (sentence: String, mention: Range<String.Index>?) {
        if let located { return located }
        let (sentence, mention) = locate!()
        located = (sentence, mention)
        return (sentence, mention)
    }

    /// The sentence in lower case.
    var lower: String {
        consulted = true
        if let lowered { return lowered }
        let l = sentence.lowercased()
        lowered = l
        return l
    }

    /// The variable values stated in the sentence (`x = 0.1`).
    var variables: [String: Double] {
        consultedVariables = true
        if let stated { return stated }
        let hasEquals = sentence.utf8.withContiguousStorageIfAvailable { $0.contains(UInt8(ascii: "=")) } ?? sentence.utf8.contains(UInt8(ascii: "="))
        let v = hasEquals ? Structure.variables(sentence) : [:]
        stated = v
        return v
    }

    /// The variables as a short stable string (`x=0.1;y=0.2`), for cache keys.
    var variableSignature: String {
        variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
    }

    /// The word before `token` (lower case, without trailing punctuation) and at most 48 characters
    /// after it, as written: all that the readers of ambiguous names (`lead`, `perovskite`, `lime`) look at.
    func neighbours(of token: String) -> (previous: String, after: Substring)? {
        let wasConsulted = consulted
        defer { consulted = wasConsulted; consultedNeighbours = true }
        guard let (before, after) = around(token) else { return nil }
        // The last space-separated word before the token.
        let u = before.utf8
        var end = u.endIndex
        while end > u.startIndex, u[u.index(before: end)] == 0x20 { end = u.index(before: end) }
        var start = end
        while start > u.startIndex, u[u.index(before: start)] != 0x20 { start = u.index(before: start) }
        return (before[start..<end].lowercased(), ReaderMatch.prefix(after, characters: 48) ?? after.prefix(48))
    }

    /// The word right after `token` (letters only, lower case; "" when none), for readers that look no
    /// further (`caesium lead bromide`, `sodium silicate`).
    func nextWord(of token: String) -> String {
        let wasConsulted = consulted
        defer { consulted = wasConsulted; consultedNextWord = true }
        guard let (_, after) = around(token), after.first == " " else { return "" }
        if let word = Self.asciiNextWord(after) { return word }
        return String(after.dropFirst().prefix { $0.isLetter }).lowercased()
    }

    /// Whether a reader asked for the word after the mention (`nextWord(of:)`).
    private(set) var consultedNextWord = false

    /// `neighbours(of:)` as a short string, for cache keys.
    func neighbourSignature(of token: String) -> String {
        guard let (previous, after) = neighbours(of: token) else { return "\u{1}" }
        return previous + "\u{1}" + after
    }

    /// `sentence.range(of: token)` by bytes, where that is sure to be Foundation's answer: a token of
    /// printable ASCII found after ASCII text only and followed by an ASCII byte or the end (so no
    /// canonically equivalent spelling can come first and no combining mark joins its last letter).
    /// Nil when not found so or not sure.
    static func asciiRange(of token: String, in sentence: String) -> Range<String.Index>? {
        asciiRangeBytes(of: token, in: sentence)
    }

    /// Where `token` ends when the mention `m` starts with it, by bytes: `sentence[m].hasPrefix(token)`
    /// and `sentence.index(m.lowerBound, offsetBy: token.count)` for a token of printable ASCII with ASCII
    /// (or nothing) right before and after it, so that its Characters are its bytes. Nil when the
    /// bytes differ or that is not sure (the Character comparison decides then).
    static func asciiPrefixEnd(_ token: String, in sentence: String, at m: Range<String.Index>) -> String.Index? {
        let u = sentence.utf8
        var i = m.lowerBound
        guard !token.utf8.isEmpty, i >= u.startIndex, m.upperBound <= u.endIndex else { return nil }
        if i != u.startIndex, u[u.index(before: i)] >= 0x80 { return nil }
        for b in token.utf8 {
            guard b >= 0x20, b < 0x7F, i < m.upperBound, u[i] == b else { return nil }
            i = u.index(after: i)
        }
        if i != u.endIndex, u[i] >= 0x80 { return nil }
        return i
    }

    static func asciiRangeBytes(of token: String, in sentence: String) -> Range<String.Index>? {
        let t = Array(token.utf8)
        guard let first = t.first, t.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
        let u = sentence.utf8
        var i = u.startIndex
        var offset = 0
        let count = u.count
        while offset + t.count <= count {
            let b = u[i]
            if b >= 0x80 { return nil }
            if b == first {
                var j = u.index(after: i), k = 1
                while k < t.count, u[j] == t[k] { j = u.index(after: j); k += 1 }
                if k == t.count {
                    if j != u.endIndex, u[j] >= 0x80 { return nil }
                    return i..<j
                }
            }
            i = u.index(after: i); offset += 1
        }
        return nil
    }

    /// `String(after.dropFirst().prefix { $0.isLetter }).lowercased()` for ASCII text: nil when a
    /// non-ASCII byte comes before the word ends (the Character expression decides then).
    static func asciiNextWord(_ after: Substring) -> String? {
        var word: [UInt8] = []
        for b in after.utf8.dropFirst() {
            if b >= 0x80 { return nil }
            if b >= 65, b <= 90 { word.append(b + 32) } else if b >= 97, b <= 122 { word.append(b) } else { break }
        }
        return String(decoding: word, as: UTF8.self)
    }

    /// The text before and after `token` in the sentence: at the mention when it starts with
    /// `token`, otherwise at the first occurrence.
    func around(_ token: String) -> (before: Substring, after: Substring)? {
        consulted = true
        if let m = mention, let end = Self.asciiPrefixEnd(token, in: sentence, at: m) {
            return (sentence[..<m.lowerBound], sentence[end...])
        }
        if let m = mention, sentence[m].hasPrefix(token) {
            let end = sentence.index(m.lowerBound, offsetBy: token.count)
            return (sentence[..<m.lowerBound], sentence[end...])
        }
        if let r = Self.asciiRange(of: token, in: sentence) { return (sentence[..<r.lowerBound], sentence[r.upperBound...]) }
        guard let r = sentence.range(of: token) ?? sentence.range(of: token, options: .caseInsensitive) else { return nil }
        return (sentence[..<r.lowerBound], sentence[r.upperBound...])
    }
}
