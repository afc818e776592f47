/// Decodes and indexes the generated space-group table (`SpaceGroupTable+Data.swift`).
enum SpaceGroupTable {
    struct Setting: Sendable {
        var number: Int
        var hm: String
        var ext: String
        var qualifier: String
        var hall: String
        var isReference: Bool
        /// Coset representatives: (rotation index, translation in 24ths).
        var ops: [(rotation: Int, t: SIMD3<Int>)]
        /// Centring vectors in 24ths (the first is 0,0,0).
        var centring: [SIMD3<Int>]
    }

    static let alphabet: [UInt8: Int] = {
        var map: [UInt8: Int] = [:]
        for (i, c) in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/".utf8.enumerated() { map[c] = i }
        return map
    }()

    static let rotations: [[Double]] = rotationsData.split(separator: " ").map { word in
        word.utf8.map { $0 == UInt8(ascii: "m") ? -1.0 : $0 == UInt8(ascii: "1") ? 1.0 : 0.0 }
    }

    static let settings: [Setting] = settingsData.split(separator: "\n").map { line in
        let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        func translation(_ chars: ArraySlice<UInt8>) -> SIMD3<Int> {
            let c = Array(chars)
            return SIMD3(alphabet[c[0]]!, alphabet[c[1]]!, alphabet[c[2]]!)
        }
        let ops = f[7].split(separator: " ").map { word -> (rotation: Int, t: SIMD3<Int>) in
            let c = Array(word.utf8)
            return (alphabet[c[0]]!, translation(c[1...3]))
        }
        let centring = f[8].split(separator: " ").map { translation(Array($0.utf8)[0...2]) }
        return Setting(number: Int(f[0])!, hm: f[2], ext: f[3], qualifier: f[4], hall: f[5], isReference: f[6] == "1",
                       ops: ops, centring: centring)
    }

    static let firstByNumber: [Int: Int] = {
        var map: [Int: Int] = [:]
        for (i, s) in settings.enumerated() where map[s.number] == nil { map[s.number] = i }
        return map
    }()

    /// Lower-case symbol without spaces → settings: full symbols and short symbols.
    static let byCompactName: [String: [Int]] = {
        var map: [String: [Int]] = [:]
        for (i, s) in settings.enumerated() {
            let full = compact(s.hm)
            map[full, default: []].append(i)
            let short = compact(shortSymbol(s.hm))
            if short != full { map[short, default: []].append(i) }
        }
        return map
    }()

    static let byHall: [String: Int] = {
        var map: [String: Int] = [:]
        for (i, s) in settings.enumerated() where map[normalizedHall(s.hall)] == nil { map[normalizedHall(s.hall)] = i }
        return map
    }()

    static let byOperations: [[[Int]]: Int] = {
        var map: [[[Int]]: Int] = [:]
        for i in settings.indices {
            let key = operations(of: i).map(\.seitzKey).sorted { $0.lexicographicallyPrecedes($1) }
            if map[key] == nil { map[key] = i }
        }
        return map
    }()

    static func operations(of index: Int) -> [SymmetryOperation] {
        let s = settings[index]
        var out: [SymmetryOperation] = []
        out.reserveCapacity(s.ops.count * s.centring.count)
        for c in s.centring {
            for op in s.ops {
                let r = rotations[op.rotation]
                let t = SIMD3<Double>(Double((op.t.x + c.x) % 24), Double((op.t.y + c.y) % 24), Double((op.t.z + c.z) % 24)) / 24
                out.append(SymmetryOperation(x: SIMD4(r[0], r[1], r[2], t.x), y: SIMD4(r[3], r[4], r[5], t.y),
                                             z: SIMD4(r[6], r[7], r[8], t.z)))
            }
        }
        return out
    }

    static func compact(_ s: String) -> String {
        String(decoding: s.utf8.filter { $0 != 0x20 }.map { $0 &- 65 < 26 ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// `P 1 21/c 1` → `P21/c`; `F d -3 m` → `Fd-3m`.
    static func shortSymbol(_ hm: String) -> String {
        var parts = hm.split(separator: " ").map(String.init)
        if parts.count == 4 {
            let ones = parts[1...].filter { $0 == "1" }.count
            if ones == 2 { parts = [parts[0]] + parts[1...].filter { $0 != "1" } }
        }
        return parts.joined()
    }

    static func normalizedHall(_ s: String) -> String {
        let spaced = s.replacingBytes { $0 == UInt8(ascii: "_") ? 0x20 : $0 }
        return spaced.split(separator: " ").joined(separator: " ").asciiLowercased()
    }

    static func find(hall: String) -> Int? {
        byHall[normalizedHall(hall.trimmingQuotesAndSpaces())]
    }

    static func find(operations: [SymmetryOperation]) -> Int? {
        let key = Array(Set(operations.map(\.seitzKey))).sorted { $0.lexicographicallyPrecedes($1) }
        return byOperations[key]
    }

    /// See `SpaceGroup.init(hermannMauguin:rhombohedralCell:)`.
    static func find(hermannMauguin raw: String, rhombohedralCell: Bool) -> Int? {
        var text = Array(raw.trimmingQuotesAndSpaces().utf8)
        guard !text.isEmpty else { return nil }
        // Screw axes: 2_1, 2(1), 2~1~ → 21.
        var cleaned: [UInt8] = []
        var i = 0
        while i < text.count {
            let c = text[i]
            if c == UInt8(ascii: "_") || c == UInt8(ascii: "~") {
                i += 1
                continue
            }
            if c == UInt8(ascii: "("), i + 2 < text.count, text[i + 1] &- 48 < 10, text[i + 2] == UInt8(ascii: ")") {
                cleaned.append(text[i + 1])
                i += 3
                continue
            }
            cleaned.append(c)
            i += 1
        }
        text = cleaned
        // The extension: ":1", ":2", ":H", ":R" (also "(1)"), or a trailing word S/Z/H/R.
        var ext = ""
        if let colon = text.lastIndex(of: UInt8(ascii: ":")) {
            ext = String(decoding: text[(colon + 1)...], as: UTF8.self).trimmingQuotesAndSpaces().uppercased()
            text.removeSubrange(colon...)
        } else {
            let words = String(decoding: text, as: UTF8.self).split(separator: " ")
            if words.count >= 2, let last = words.last, ["S", "Z", "H", "R"].contains(last.uppercased()) {
                ext = last.uppercased()
                text = Array(words.dropLast().joined(separator: " ").utf8)
            }
        }
        switch ext {
        case "S": ext = "1"
        case "Z": ext = "2"
        default: break
        }
        var key = compact(String(decoding: text, as: UTF8.self))
        // R-3mH, R3R: the axes letter glued to the symbol.
        if ext.isEmpty, key.hasPrefix("r"), key.count > 2, let last = key.last, last == "h" || last == "r" {
            ext = last == "h" ? "H" : "R"
            key.removeLast()
        }
        let candidates = byCompactName[key] ?? byCompactName[oldCubic(key)] ?? byCompactName[eGlideAliases[key] ?? ""]
        guard let found = candidates, !found.isEmpty else { return nil }
        if !ext.isEmpty {
            if let match = found.first(where: { settings[$0].ext.uppercased() == ext }) { return match }
            // gemmi's qualifiers: unique axis and cell choice, e.g. `C2:b1`, `P21/c:c`.
            if let match = found.first(where: { settings[$0].qualifier.uppercased() == ext }) { return match }
        }
        if rhombohedralCell, let r = found.first(where: { settings[$0].ext == "R" }) { return r }
        return found[0]
    }

    /// `fm3m` → `fm-3m`, `pm3` → `pm-3`, `fd3` → `fd-3`, `ia3d` → `ia-3d`: old cubic symbols.
    static func oldCubic(_ key: String) -> String {
        let b = Array(key.utf8)
        guard b.count >= 3 else { return key }
        var out: [UInt8] = [b[0]]
        for i in 1..<b.count {
            if b[i] == UInt8(ascii: "3"), i >= 2, [UInt8(ascii: "m"), UInt8(ascii: "n"), UInt8(ascii: "d"), UInt8(ascii: "a")].contains(b[i - 1]) {
                out.append(UInt8(ascii: "-"))
            }
            out.append(b[i])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The five groups whose modern symbols use the `e` glide, to the table's older names.
    static let eGlideAliases = ["aem2": "abm2", "aea2": "aba2", "cmce": "cmca", "cmme": "cmma", "ccce": "ccca"]
}

extension String {
    /// Without surrounding whitespace and one pair of surrounding quotes.
    func trimmingQuotesAndSpaces() -> String {
        var b = Substring(self)
        while let f = b.first, f == " " || f == "\t" || f == "\n" || f == "\r" { b = b.dropFirst() }
        while let l = b.last, l == " " || l == "\t" || l == "\n" || l == "\r" { b = b.dropLast() }
        if b.count >= 2, let f = b.first, let l = b.last, f == l, f == "'" || f == "\"" {
            b = b.dropFirst().dropLast()
            while let f = b.first, f == " " { b = b.dropFirst() }
            while let l = b.last, l == " " { b = b.dropLast() }
        }
        return String(b)
    }

    func replacingBytes(_ transform: (UInt8) -> UInt8) -> String {
        String(decoding: utf8.map(transform), as: UTF8.self)
    }
}
