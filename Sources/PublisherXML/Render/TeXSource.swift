/// TeX formulas as publishers ship them, reduced to the formula itself.
///
/// PMC wraps each `tex-math` in a whole LaTeX document (`\documentclass…\begin{document}$…$\end{document}`);
/// Springer and IOP wrap formulas in `$…$` or `$$…$$`. The formula is kept as written, with its
/// whitespace collapsed; the builder adds the delimiters the output convention asks for.
enum TeXSource {
    static func clean(_ raw: [UInt8]) -> [UInt8] {
        var s = raw[...]
        if let begin = find(Array("\\begin{document}".utf8), in: s) {
            s = s[begin.upperBound...]
            if let end = find(Array("\\end{document}".utf8), in: s) { s = s[..<end.lowerBound] }
        }
        // Collapse whitespace first, so delimiters are at the ends.
        var t: [UInt8] = []
        t.reserveCapacity(s.count)
        var space = false
        for b in s {
            if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D {
                space = !t.isEmpty
            } else {
                if space { t.append(0x20); space = false }
                t.append(b)
            }
        }
        for (open, close) in [("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)"), ("$", "$")] {
            let o = Array(open.utf8), c = Array(close.utf8)
            if t.count >= o.count + c.count, t.starts(with: o), t.suffix(c.count).elementsEqual(c) {
                t = Array(t[o.count..<(t.count - c.count)])
                while t.first == 0x20 { t.removeFirst() }
                while t.last == 0x20 { t.removeLast() }
                break
            }
        }
        return t
    }

    private static func find(_ needle: [UInt8], in hay: ArraySlice<UInt8>) -> Range<Int>? {
        guard !needle.isEmpty, hay.count >= needle.count else { return nil }
        var i = hay.startIndex
        let last = hay.endIndex - needle.count
        while i <= last {
            if hay[i] == needle[0], hay[i..<(i + needle.count)].elementsEqual(needle) { return i..<(i + needle.count) }
            i += 1
        }
        return nil
    }
}
