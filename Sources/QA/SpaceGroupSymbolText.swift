/// Hermann–Mauguin symbols as CIF writes them and in their compact printed form.
enum SpaceGroupSymbolText {
    /// The compact form: spaces removed (`P m -3 m` → `Pm-3m`), the unit axes of a full monoclinic
    /// symbol dropped (`P 1 21/c 1` → `P21/c`), an origin or axes code kept after a colon
    /// (`F d -3 m :2` → `Fd-3m:2`). Underscores count as spaces.
    static func compact(_ symbol: String) -> String {
        var body = symbol.unquoted
        var code = ""
        if let colon = body.firstIndex(of: ":") {
            code = String(body[body.index(after: colon)...]).filter { !$0.isWhitespace }
            body = String(body[..<colon])
        }
        var parts = body.split(whereSeparator: { $0 == " " || $0 == "_" || $0.isWhitespace }).map(String.init)
        if parts.count == 4, parts[1...].filter({ $0 == "1" }).count == 2 {
            parts = [parts[0]] + parts[1...].filter { $0 != "1" }
        }
        let compact = parts.joined()
        return code.isEmpty ? compact : compact + ":" + code
    }

    /// True for text that can be a Hermann–Mauguin symbol: a lattice letter first, then only the
    /// characters such symbols use, at most 40 of them.
    static func isPlausible(_ symbol: String) -> Bool {
        guard let first = symbol.first, "PABCFIRH".contains(first), symbol.count <= 40 else { return false }
        return symbol.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || " -/:_.".contains($0)) }
    }
}
