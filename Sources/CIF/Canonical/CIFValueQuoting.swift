/// Writes text as a CIF 1.1 value, choosing the lightest form that reads back as the same text:
/// bare, `'…'`, `"…"`, or a `;` text field.
enum CIFValueQuoting {
    static func quote(_ text: String) -> String {
        let b = Array(text.utf8)
        if b.isEmpty { return "''" }
        if !b.contains(0x0A) && !b.contains(0x0D) {
            if canBeBare(b) { return text }
            if canQuote(b, with: 0x27) { return "'" + text + "'" }
            if canQuote(b, with: 0x22) { return "\"" + text + "\"" }
        }
        // A text field ends at a line starting with ';'; such lines get a leading space.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasPrefix(";") ? " " + $0 : String($0) }
        return "\n;\n" + lines.joined(separator: "\n") + "\n;"
    }

    static func canBeBare(_ b: [UInt8]) -> Bool {
        guard let first = b.first else { return false }
        if [0x5F, 0x23, 0x24, 0x27, 0x22, 0x3B, 0x5B, 0x5D, 0x7B, 0x7D].contains(first) { return false }   // _ # $ ' " ; [ ] { }
        if b.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) { return false }
        if b == [0x3F] || b == [0x2E] { return false }   // ? and . would read as null
        let lower = String(decoding: b.map { $0 &- 65 < 26 ? $0 | 0x20 : $0 }, as: UTF8.self)
        for word in ["data_", "save_"] where lower.hasPrefix(word) { return false }
        for word in ["loop_", "global_", "stop_"] where lower == word { return false }
        return true
    }

    /// A quote character may appear inside only when no whitespace follows it.
    static func canQuote(_ b: [UInt8], with q: UInt8) -> Bool {
        for (i, c) in b.enumerated() where c == q {
            if i + 1 == b.count || b[i + 1] == 0x20 || b[i + 1] == 0x09 || b[i + 1] == 0x23 { return false }
        }
        return true
    }
}
