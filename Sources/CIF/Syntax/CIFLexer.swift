#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One token of a CIF file. Offsets are byte offsets into the file; `content` is the token
/// without delimiters (a tag with its `_`, a header's name, a value's text).
struct CIFToken {
    enum Kind: UInt8 {
        case end, dataHeader, globalKeyword, saveHeader, saveEnd, loopKeyword, stopKeyword, tag, value
        case listOpen, listClose, tableOpen, tableClose, tableKey
    }

    var kind: Kind
    var valueKind: CIFValue.Kind = .unquoted
    var start: Int
    var end: Int
    var contentStart: Int
    var contentEnd: Int
    var line: Int
    var column: Int
    /// The lexer already reported an error for this token (so the parser adds none).
    var hadError = false
    /// The tag or name has an upper-case ASCII letter (so its lookup key must be lowered).
    var hasUppercase = false

    var location: CIFLocation { CIFLocation(line: line, column: column, offset: start) }

    var isValueStart: Bool { kind == .value || kind == .listOpen || kind == .tableOpen }
}

/// Splits CIF bytes into tokens with index arithmetic over the raw buffer (no per-character
/// `String` work). Grammar, from CIF 1.1 (ITfC Vol. G, 2.2.7) and CIF 2.0:
///
/// * whitespace is space, tab, CR, LF; `#` starts a comment to the end of the line;
/// * `_name` is a tag; `data_name`, `save_name`, `save_`, and `loop_`, `global_`, `stop_` followed
///   by whitespace are keywords (case-insensitive);
/// * `'…'`/`"…"`: in CIF 1.1 a quote closes the string only when whitespace (or the end, or `#`,
///   as gemmi allows) follows it, so `'it's'` is `it's`; strings never span lines. In CIF 2.0 the
///   first matching quote closes, and `'''…'''`/`"""…"""` may span lines;
/// * `;` at the start of a line opens a text field that ends at the next line starting with `;`;
/// * CIF 2.0 only: `[`, `]`, `{`, `}` delimit lists and tables, and `'key':` is a table key;
/// * anything else up to whitespace is an unquoted value; unquoted `?` and `.` are null values.
///
/// Every token must be followed by whitespace (or the end). Problems are appended to `errors`
/// and the lexer recovers: an unclosed quote ends at the end of its line, an unterminated text
/// field at the end of the file, and stray bytes after a token are taken into it (names, values)
/// or skipped (after quoted strings and text fields).
struct CIFLexer {
    let base: UnsafePointer<UInt8>
    let count: Int
    let file: String
    let cif2: Bool
    var pos: Int
    var line = 1
    var lineStart = 0
    var errors: [CIFSyntaxError] = []

    init(base: UnsafePointer<UInt8>, count: Int, start: Int, file: String, cif2: Bool) {
        self.base = base
        self.count = count
        self.pos = start
        self.file = file
        self.cif2 = cif2
    }

    /// The location of `offset`, which must be on the current line.
    @inline(__always) func here(_ offset: Int) -> CIFLocation {
        CIFLocation(line: line, column: offset - lineStart + 1, offset: offset)
    }

    mutating func fail(_ rule: CIFSyntaxError.Rule, at location: CIFLocation) {
        errors.append(CIFSyntaxError(file: file, location: location, rule: rule))
    }

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D
    }

    /// A byte of a tag or block name: printable ASCII (CIF 1.1), or anything but whitespace and
    /// control characters (CIF 2.0).
    @inline(__always) func isNameByte(_ b: UInt8) -> Bool {
        cif2 ? (b > 0x20 && b != 0x7F) : (b &- 0x21 < 0x5E)
    }

    /// A byte of an unquoted value; CIF 2.0 also stops at brackets.
    @inline(__always) func isUnquotedByte(_ b: UInt8) -> Bool {
        if !cif2 { return b &- 0x21 < 0x5E }
        return b > 0x20 && b != 0x7F && b != 0x5B && b != 0x5D && b != 0x7B && b != 0x7D
    }

    mutating func skipWhitespace() {
        while pos < count {
            let b = base[pos]
            if b == 0x20 || b == 0x09 || b == 0x0D {
                pos += 1
            } else if b == 0x0A {
                pos += 1
                line += 1
                lineStart = pos
            } else if b == 0x23 {
                if let p = memchr(base + pos, 0x0A, count - pos) {
                    pos = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
                } else {
                    pos = count
                }
            } else {
                return
            }
        }
    }

    /// The next token (`.end` at the end of the input).
    mutating func next() -> CIFToken {
        skipWhitespace()
        var tok = CIFToken(kind: .end, start: pos, end: pos, contentStart: pos, contentEnd: pos,
                           line: line, column: pos - lineStart + 1)
        guard pos < count else { return tok }
        let b = base[pos]
        switch b {
        case 0x5F: // _
            pos += 1
            scanName(&tok)
            tok.kind = .tag
            tok.contentStart = tok.start
            tok.contentEnd = pos
            tok.end = pos
            checkFollower(&tok, extend: true)
            return tok
        case 0x27, 0x22: // ' "
            quoted(b, &tok)
            return tok
        case 0x3B where pos == lineStart: // ;
            textField(&tok)
            return tok
        case 0x5B where cif2, 0x5D where cif2, 0x7B where cif2, 0x7D where cif2:
            pos += 1
            tok.kind = b == 0x5B ? .listOpen : b == 0x5D ? .listClose : b == 0x7B ? .tableOpen : .tableClose
            tok.end = pos
            if tok.kind == .listClose || tok.kind == .tableClose { checkFollower(&tok, extend: false) }
            return tok
        default:
            break
        }
        let lower = b | 0x20
        if lower == 0x64, matches("data_") { // d
            pos += 5
            tok.contentStart = pos
            scanName(&tok)
            tok.kind = .dataHeader
            tok.contentEnd = pos
            tok.end = pos
            checkFollower(&tok, extend: true)
            return tok
        }
        if lower == 0x73, matches("save_") { // s
            pos += 5
            tok.contentStart = pos
            scanName(&tok)
            tok.kind = pos == tok.contentStart ? .saveEnd : .saveHeader
            tok.contentEnd = pos
            tok.end = pos
            checkFollower(&tok, extend: true)
            return tok
        }
        if lower == 0x6C, matchesKeyword("loop_") { return keyword(.loopKeyword, length: 5, &tok) }
        if lower == 0x67, matchesKeyword("global_") { return keyword(.globalKeyword, length: 7, &tok) }
        if lower == 0x73, matchesKeyword("stop_") { return keyword(.stopKeyword, length: 5, &tok) }
        unquoted(&tok)
        return tok
    }

    /// The fast path for loop values: an unquoted CIF 1.1 value that starts with an ordinary
    /// character other than the first letter of a keyword, followed by whitespace, becomes a
    /// record directly. Anything else returns nil with the position unchanged, for `next()`.
    @inline(__always)
    mutating func nextPlainValue() -> CIFValueRecord? {
        skipWhitespace()
        guard !cif2, pos < count else { return nil }
        let b = base[pos]
        guard b &- 0x21 < 0x5E else { return nil }
        switch b {
        case 0x5F, 0x27, 0x22, 0x3B, 0x23, 0x24: return nil                       // _ ' " ; # $
        case 0x64, 0x44, 0x73, 0x53, 0x6C, 0x4C, 0x67, 0x47: return nil           // d s l g: data_ save_ loop_ global_ stop_
        default: break
        }
        let start = pos
        var p = pos &+ 1
        while p < count && base[p] &- 0x21 < 0x5E { p &+= 1 }
        if p < count && !Self.isSpace(base[p]) { return nil }
        pos = p
        var kind = CIFValue.Kind.unquoted
        if p &- start == 1 {
            if b == 0x3F { kind = .unknown } else if b == 0x2E { kind = .inapplicable }
        }
        return CIFValueRecord(start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: p),
                              line: Int32(truncatingIfNeeded: line), column: Int32(truncatingIfNeeded: start &- lineStart &+ 1), kind: kind)
    }

    private mutating func keyword(_ kind: CIFToken.Kind, length: Int, _ tok: inout CIFToken) -> CIFToken {
        pos += length
        tok.kind = kind
        tok.end = pos
        tok.contentEnd = pos
        return tok
    }

    /// `word` (lower-case ASCII) at `pos`, case-insensitive.
    @inline(__always) private func matches(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard pos + n <= count else { return false }
        let w = word.utf8Start
        for i in 0..<n {
            let c = base[pos + i]
            if (c &- 0x41 < 26 ? c | 0x20 : c) != w[i] { return false }
        }
        return true
    }

    /// `word` at `pos`, followed by whitespace or the end.
    @inline(__always) private func matchesKeyword(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        return matches(word) && (pos + n == count || Self.isSpace(base[pos + n]))
    }

    private mutating func scanName(_ tok: inout CIFToken) {
        var upper = false
        while pos < count {
            let c = base[pos]
            guard isNameByte(c) else { break }
            if c &- 0x41 < 26 { upper = true }
            pos += 1
        }
        tok.hasUppercase = upper
    }

    /// After a token: whitespace or the end must follow (CIF 2.0 also allows a closing bracket).
    /// Otherwise report and recover by taking the stray bytes into the token (`extend`) or
    /// skipping them.
    @inline(__always)
    private mutating func checkFollower(_ tok: inout CIFToken, extend: Bool) {
        guard pos < count else { return }
        let b = base[pos]
        if Self.isSpace(b) || b == 0x23 { return }   // whitespace, or '#' starting a comment
        badFollower(&tok, extend: extend)
    }

    private mutating func badFollower(_ tok: inout CIFToken, extend: Bool) {
        let b = base[pos]
        if cif2 && (b == 0x5D || b == 0x7D) { return }
        if !tok.hadError {
            let printable = cif2 ? (b >= 0x20 && b != 0x7F) : (b &- 0x21 < 0x5E)
            if printable {
                let text = String(decoding: UnsafeBufferPointer(start: base + tok.start, count: pos - tok.start), as: UTF8.self)
                fail(.missingWhitespace(after: text, found: b), at: here(pos))
            } else {
                fail(.invalidCharacter(b), at: here(pos))
            }
            tok.hadError = true
        }
        while pos < count && !Self.isSpace(base[pos]) {
            if base[pos] &- 0x41 < 26 { tok.hasUppercase = true }
            pos += 1
        }
        if extend {
            tok.end = pos
            tok.contentEnd = pos
        }
    }

    @inline(__always)
    private mutating func unquoted(_ tok: inout CIFToken) {
        let b = base[pos]
        tok.kind = .value
        if b == 0x24 { // $: save-frame pointer, reserved in CIF 1.1
            fail(.reservedCharacter("$"), at: tok.location)
            tok.hadError = true
        } else if !isUnquotedByte(b) {
            fail(.invalidCharacter(b), at: tok.location)
            tok.hadError = true
        }
        pos += 1
        if tok.hadError {
            while pos < count && !Self.isSpace(base[pos]) { pos += 1 }
        } else if cif2 {
            while pos < count && isUnquotedByte(base[pos]) { pos &+= 1 }
        } else {
            while pos < count && base[pos] &- 0x21 < 0x5E { pos &+= 1 }
        }
        tok.contentStart = tok.start
        tok.contentEnd = pos
        tok.end = pos
        if pos - tok.start == 1 {
            if b == 0x3F { tok.valueKind = .unknown } else if b == 0x2E { tok.valueKind = .inapplicable }
        }
        checkFollower(&tok, extend: true)
    }

    private mutating func quoted(_ q: UInt8, _ tok: inout CIFToken) {
        tok.kind = .value
        tok.valueKind = q == 0x27 ? .singleQuoted : .doubleQuoted
        if cif2 && pos + 2 < count && base[pos + 1] == q && base[pos + 2] == q {
            tripleQuoted(q, &tok)
            return
        }
        var p = pos + 1
        var close = -1
        while p < count {
            let c = base[p]
            if c == q {
                if cif2 || p + 1 == count || Self.isSpace(base[p + 1]) || base[p + 1] == 0x23 {
                    close = p
                    break
                }
            } else if c == 0x0A {
                break
            }
            p += 1
        }
        tok.contentStart = pos + 1
        if close >= 0 {
            tok.contentEnd = close
            pos = close + 1
            tok.end = pos
            if cif2 && pos < count && base[pos] == 0x3A { // ':' makes it a table key
                pos += 1
                tok.kind = .tableKey
                tok.end = pos
                return
            }
            checkFollower(&tok, extend: false)
        } else {
            fail(.unterminatedQuotedString(quote: Character(Unicode.Scalar(q)), opened: tok.location), at: here(p))
            tok.hadError = true
            var end = p
            if end > tok.contentStart && base[end - 1] == 0x0D { end -= 1 }
            tok.contentEnd = end
            pos = p
            tok.end = p
        }
    }

    private mutating func tripleQuoted(_ q: UInt8, _ tok: inout CIFToken) {
        tok.valueKind = q == 0x27 ? .tripleSingleQuoted : .tripleDoubleQuoted
        var p = pos + 3
        tok.contentStart = p
        while p + 2 < count {
            let c = base[p]
            if c == q && base[p + 1] == q && base[p + 2] == q {
                tok.contentEnd = p
                pos = p + 3
                tok.end = pos
                if pos < count && base[pos] == 0x3A {
                    pos += 1
                    tok.kind = .tableKey
                    tok.end = pos
                    return
                }
                checkFollower(&tok, extend: false)
                return
            }
            if c == 0x0A {
                line += 1
                lineStart = p + 1
            }
            p += 1
        }
        while p < count {
            if base[p] == 0x0A {
                line += 1
                lineStart = p + 1
            }
            p += 1
        }
        fail(.unterminatedTripleQuotedString(quote: Character(Unicode.Scalar(q)), opened: tok.location), at: here(count))
        tok.hadError = true
        tok.contentEnd = count
        pos = count
        tok.end = count
    }

    private mutating func textField(_ tok: inout CIFToken) {
        tok.kind = .value
        tok.valueKind = .textField
        tok.contentStart = pos + 1
        var p = pos + 1
        while p < count, let hit = memchr(base + p, 0x0A, count - p) {
            let lf = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            line += 1
            lineStart = lf + 1
            if lf + 1 < count && base[lf + 1] == 0x3B {
                var end = lf
                if end > tok.contentStart && base[end - 1] == 0x0D { end -= 1 }
                tok.contentEnd = end
                pos = lf + 2
                tok.end = pos
                checkFollower(&tok, extend: false)
                return
            }
            p = lf + 1
        }
        fail(.unterminatedTextField(opened: tok.location), at: here(count))
        tok.hadError = true
        tok.contentEnd = count
        pos = count
        tok.end = count
    }
}
