extension String {
    /// Without surrounding whitespace and one pair of surrounding quotes (`' P m -3 m '` → `P m -3 m`).
    var unquoted: String {
        var s = Substring(self).drop(while: \.isWhitespace)
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        if s.count >= 2, let first = s.first, first == "'" || first == "\"", s.last == first {
            s = s.dropFirst().dropLast()
        }
        return String(s)
    }
}
