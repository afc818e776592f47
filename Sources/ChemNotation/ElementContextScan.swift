/// The byte-level twin of `Structure.elementContext`: whether a lone element symbol at `s..<e` is
/// used as a material, judged from its sentence `a..<z` without building strings.
///
/// `In this work` is a preposition; `In foil`, `Fe-doped`, `Co, Ni and Fe`, `under Ar` are elements.
/// The annotator meets lone symbols (`In`, `As`, `No`, `I`) in almost every sentence, so this runs on
/// bytes; `Structure.elementContext` is the reference it is tested against.
enum ElementContextScan {
    static func isMaterial(_ bytes: UnsafeBufferPointer<UInt8>, sentence a: Int, _ s: Int, _ e: Int, sentenceEnd z: Int) -> Bool {
        // Rule 1: glued to a letter or digit before (`2In`).
        if s > a {
            let (v, _) = scalarBefore(bytes, s, floor: a)
            if isLetterOrNumber(v) { return false }
        }
        // Rule 2: after a number (`300 K`, `5 T`).
        var t = s
        while t > a, bytes[t - 1] == 0x20 || bytes[t - 1] == 0x09 { t -= 1 }
        var lead = a
        while lead < t, bytes[lead] == 0x20 || bytes[lead] == 0x09 { lead += 1 }
        if t > lead {
            let (v, _) = scalarBefore(bytes, t, floor: lead)
            // ASCII: only the digits have a numeric type.
            if v < 0x80 ? (v >= 48 && v <= 57) : Unicode.Scalar(v)?.properties.numericType != nil { return false }
        }
        // Rule 3: `under Ar`, `pure Cu`, `molten Li`. Each word ends in a letter, which the byte before the
        // spaces must be (folded to lower case by `| 0x20`, which makes no other byte a small letter).
        if t > lead, precedingLastLetters.contains(bytes[t - 1] | 0x20) {
            for w in precedingWords where t - lead >= w.count && endsWith(bytes, t, w) {
                let w0 = t - w.count
                if w0 == lead || bytes[w0 - 1] == 0x20 { return true }
            }
        }
        // Rule 4: `-doped`, `-based`, `-rich`, ...: every suffix starts with `-`.
        if e < z, bytes[e] == UInt8(ascii: "-") {
            for suffix in suffixes where z - e >= suffix.count && startsWith(bytes, e, suffix) { return true }
        }
        // Rule 5: the first of a list, `Co, Ni`, `Fe and Co`, `Pt/C`.
        if e < z, listSeparatorStarts.contains(bytes[e]), let k = listSeparatorEnd(bytes, e, z) {
            var j = k
            while j < z, isSpace(bytes[j]) { j += 1 }
            if j < z, let sym = symbol(bytes, j, z), sym.end == z || !isASCIIAlnum(bytes[sym.end]) { return true }
        }
        // Rule 6: a later member of a list, `Co, Ni and Fe`: the text before ends, spaces aside, in a
        // separator's last byte (`,`, `d`, `r`, `/`; folded by `| 0x20`, as in rule 3).
        var u = s
        while u > a, isSpace(bytes[u - 1]) { u -= 1 }
        if u > a, laterSeparatorLastBytes.contains(bytes[u - 1] | 0x20), laterListMember(bytes, a, s) { return true }
        // Rule 7: a material noun follows, `In foil`, `Cu nanoparticles`: the word's letters, folded to lower
        // case, hashed as they are read and looked up (the table keeps the nouns' bytes, so a hash collision
        // cannot make a noun).
        guard e < z, bytes[e] == 0x20 else { return false }
        var j = e + 1
        var h = MentionScanner.fnvOffset
        while j < z {
            let b = bytes[j]
            if (b >= 65 && b <= 90) || (b >= 97 && b <= 122) { h = MentionScanner.fnvStep(h, b | 0x20) } else if b >= 0x80 {
                // A non-ASCII letter continues the word: no material noun has one.
                if Unicode.Scalar(MentionScanner.decode(bytes, j).0)?.properties.isAlphabetic == true { return false }
                break
            } else { break }
            if j - e > 16 { return false }
            j += 1
        }
        let index = Int(nounTable.lookup(h))
        return index > 0 && foldedEqual(bytes, e + 1, j, nounBytes[index - 1])
    }

    /// Whether `start..<end`, ASCII folded to lower case, is `word`.
    static func foldedEqual(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ word: [UInt8]) -> Bool {
        end - start == word.count && startsWith(bytes, start, word)
    }

    /// The last letters of `precedingWords`, the first bytes of `listSeparators` and the last bytes of
    /// `laterSeparators`: a byte outside them rules the rule out before any word is compared.
    static let precedingLastLetters = ByteSet(precedingWords.map { $0.last! })
    static let listSeparatorStarts = ByteSet(listSeparators.map { $0.first! })
    static let laterSeparatorLastBytes = ByteSet(laterSeparators.map { $0.last! })

    static let precedingWords: [[UInt8]] = ["under", "flowing", "pure", "metallic", "elemental", "molten", "liquid"].map { Array($0.utf8) }
    static let suffixes: [[UInt8]] = Structure.elementSuffixes.map { Array($0.utf8) }
    /// The material nouns' bytes, and a table from their hash to their index + 1.
    static let nounBytes: [[UInt8]] = Structure.materialNouns.sorted().map { Array($0.utf8) }
    static let nounTable: WordTable = {
        var table = WordTable(capacity: 512)
        for (i, noun) in nounBytes.enumerated() {
            table.insert(noun.reduce(MentionScanner.fnvOffset) { MentionScanner.fnvStep($0, $1) }, UInt16(i + 1))
        }
        return table
    }()

    /// The end of `,`, ` and`, ` or` or `/` right at `e` (ASCII folded to lower case).
    static func listSeparatorEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ e: Int, _ z: Int) -> Int? {
        for sep in listSeparators where z - e >= sep.count && startsWith(bytes, e, sep) { return e + sep.count }
        return nil
    }

    static let listSeparators: [[UInt8]] = [",", " and", " or", "/"].map { Array($0.utf8) }
    static let laterSeparators: [[UInt8]] = [", and", ",", " and", " or", "/"].map { Array($0.utf8) }

    /// `X, `, `X and `, `X or `, `X/`, `X, and ` ending the text before `s` (within 12 characters),
    /// with `X` an element symbol not glued to a letter or digit.
    static func laterListMember(_ bytes: UnsafeBufferPointer<UInt8>, _ a: Int, _ s: Int) -> Bool {
        // The window: the last 12 scalars before s.
        var w = s
        var count = 0
        while w > a, count < 12 {
            w -= 1
            while w > a, bytes[w] & 0xC0 == 0x80 { w -= 1 }
            count += 1
        }
        var t = s
        while t > w, isSpace(bytes[t - 1]) { t -= 1 }
        for sb in laterSeparators {
            guard t - w >= sb.count, endsWith(bytes, t, sb) else { continue }
            let end = t - sb.count
            // [A-Z][a-z]? ending at `end`.
            for len in [2, 1] where end - len >= w {
                let st = end - len
                guard let sym = symbol(bytes, st, end), sym.end == end else { continue }
                if st == w || !isASCIIAlnum(bytes[st - 1]) { return true }
            }
        }
        return false
    }

    /// An element symbol (`[A-Z][a-z]?`, greedy) starting at `i`.
    static func symbol(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ z: Int) -> (end: Int, Void)? {
        MentionScanner.elementSymbolLength(bytes, at: i, end: z).map { (i + $0, ()) }
    }

    static func scalarBefore(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, floor: Int) -> (UInt32, Int) {
        var k = i - 1
        while k > floor, bytes[k] & 0xC0 == 0x80 { k -= 1 }
        if bytes[k] < 0x80 { return (UInt32(bytes[k]), k) }
        return (MentionScanner.decode(bytes, k).0, k)
    }

    static func isLetterOrNumber(_ v: UInt32) -> Bool {
        if v < 0x80 { return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122) }
        guard let u = Unicode.Scalar(v) else { return false }
        return u.properties.isAlphabetic || u.properties.numericType != nil
    }

    static func isASCIIAlnum(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C }

    /// Whether the bytes ending at `end`, ASCII folded to lower case, are `word`.
    static func endsWith(_ bytes: UnsafeBufferPointer<UInt8>, _ end: Int, _ word: [UInt8]) -> Bool {
        startsWith(bytes, end - word.count, word)
    }

    /// Whether the bytes from `start`, ASCII folded to lower case, are `word`.
    static func startsWith(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ word: [UInt8]) -> Bool {
        var k = start
        for c in word {
            var b = bytes[k]
            if b >= 65, b <= 90 { b |= 0x20 }
            if b != c { return false }
            k += 1
        }
        return true
    }
}
