#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CorpusCore

/// A byte-level JSON parser (RFC 8259) over one buffer, shared by `JSONValue.parse` and
/// `DocumentJSON.decode`.
///
/// Strings are validated as UTF-8; escapes, including surrogate pairs, are decoded. Errors carry
/// the byte offset within the buffer.
struct JSONParser {
    /// Nesting deeper than this is rejected rather than risking the stack.
    static let maximumDepth = 512

    let base: UnsafePointer<UInt8>
    let count: Int
    var position = 0
    private var depth = 0
    /// Unescaped string bytes, reused between strings (and between parsers, see `DocumentDecoder`).
    var scratch: [UInt8]

    /// A string as found in the input: its raw bytes (between the quotes) and, when it had escapes,
    /// its decoded bytes in `scratch`.
    struct StringToken {
        /// Raw bytes, quotes excluded.
        var start: Int
        var end: Int
        /// True when the decoded bytes are in `scratch` (the raw bytes had escapes).
        var escaped: Bool
        /// True when the raw bytes hold non-ASCII bytes (whose UTF-8 must then be checked).
        var nonASCII: Bool
    }

    init(_ buffer: UnsafeRawBufferPointer, scratch: [UInt8] = []) {
        self.scratch = scratch
        if let b = buffer.baseAddress, buffer.count > 0 {
            base = b.assumingMemoryBound(to: UInt8.self)
            count = buffer.count
        } else {
            // A valid, never dereferenced pointer for the empty input.
            base = UnsafePointer(bitPattern: 1)!
            count = 0
        }
    }

    // MARK: Errors and small steps

    @inline(__always)
    func fail(_ reason: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? position, reason: reason)
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < count {
            let c = base[position]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { position &+= 1 } else { return }
        }
    }

    /// The byte at the current position, or nil at the end.
    @inline(__always)
    var current: UInt8? { position < count ? base[position] : nil }

    /// Consumes `byte` (after whitespace) or fails with `reason`.
    @inline(__always)
    mutating func expect(_ byte: UInt8, _ reason: String) throws(JSONParseError) {
        skipWhitespace()
        guard position < count, base[position] == byte else { throw fail(reason) }
        position &+= 1
    }

    /// Fails unless only whitespace is left.
    mutating func expectEnd() throws(JSONParseError) {
        skipWhitespace()
        if position < count { throw fail("unexpected data after JSON value") }
    }

    mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > JSONParser.maximumDepth { throw fail("nesting deeper than \(JSONParser.maximumDepth) levels") }
    }

    mutating func leaveContainer() { depth -= 1 }

    // MARK: Values

    /// Parses the value at the current position (after whitespace).
    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard position < count else { throw fail("unexpected end of input, expected a value") }
        switch base[position] {
        case 0x22: return .string(try parseString())
        case 0x7B: return try parseObject()
        case 0x5B: return try parseArray()
        case 0x74: try parseLiteral("true"); return .bool(true)
        case 0x66: try parseLiteral("false"); return .bool(false)
        case 0x6E: try parseLiteral("null"); return .null
        case 0x2D, 0x30...0x39: return try parseNumber()
        default: throw fail("expected a value")
        }
    }

    /// Skips the value at the current position, still checking it.
    mutating func skipValue() throws(JSONParseError) {
        skipWhitespace()
        guard position < count else { throw fail("unexpected end of input, expected a value") }
        if base[position] == 0x22 { _ = try parseStringToken(); return }
        _ = try parseValue()
    }

    private mutating func parseLiteral(_ word: StaticString) throws(JSONParseError) {
        let n = word.utf8CodeUnitCount
        let w = word.utf8Start
        guard position + n <= count else { throw fail("invalid literal") }
        for k in 0..<n where base[position + k] != w[k] { throw fail("invalid literal") }
        position += n
    }

    /// At a `{`: steps in and returns true when a member follows; an empty object is consumed
    /// whole (container left again) and gives false.
    @inline(__always)
    mutating func openObject() throws(JSONParseError) -> Bool {
        position += 1 // {
        try enterContainer()
        skipWhitespace()
        if current == 0x7D {
            position += 1
            leaveContainer()
            return false
        }
        return true
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1 // {
        var object: [String: JSONValue] = [:]
        skipWhitespace()
        if current == 0x7D { position += 1; leaveContainer(); return .object(object) }
        while true {
            skipWhitespace()
            guard current == 0x22 else { throw fail("expected string key in object") }
            let key = try parseString()
            try expect(0x3A, "expected ':' after object key")
            object[key] = try parseValue()
            if try !nextMember() { break }
        }
        leaveContainer()
        return .object(object)
    }

    /// At an object member: reads its key token and the `:` after it, leaving the position at the
    /// value (whitespace skipped).
    @inline(__always)
    mutating func memberKey() throws(JSONParseError) -> StringToken {
        skipWhitespace()
        guard current == 0x22 else { throw fail("expected string key in object") }
        let key = try parseStringToken()
        try expect(0x3A, "expected ':' after object key")
        skipWhitespace()
        return key
    }

    /// After an object member's value: consumes `,` (returns true: another member follows) or `}`
    /// (returns false: the object ends).
    @inline(__always)
    mutating func nextMember() throws(JSONParseError) -> Bool {
        skipWhitespace()
        guard let c = current else { throw fail("unexpected end of input in object") }
        position += 1
        if c == 0x2C { return true }
        if c == 0x7D { return false }
        throw fail("expected ',' or '}' in object", at: position - 1)
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1 // [
        var array: [JSONValue] = []
        skipWhitespace()
        if current == 0x5D { position += 1; leaveContainer(); return .array(array) }
        while true {
            array.append(try parseValue())
            skipWhitespace()
            guard let c = current else { throw fail("unexpected end of input in array") }
            position += 1
            if c == 0x2C { continue }
            if c == 0x5D { break }
            throw fail("expected ',' or ']' in array", at: position - 1)
        }
        leaveContainer()
        return .array(array)
    }

    // MARK: Numbers

    /// Parses a number: `.int` when it has no fraction or exponent and fits in Int64, else `.double`.
    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = position
        var negative = false
        if current == 0x2D { negative = true; position += 1 }
        guard let first = current, first >= 0x30 && first <= 0x39 else { throw fail("invalid number", at: start) }
        var magnitude: UInt64 = 0
        var overflow = false
        if first == 0x30 {
            position += 1
        } else {
            while let c = current, c >= 0x30 && c <= 0x39 {
                let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (m2, o2) = m1.addingReportingOverflow(UInt64(c - 0x30))
                magnitude = m2
                overflow = overflow || o1 || o2
                position += 1
            }
        }
        var integral = true
        if current == 0x2E {
            integral = false
            position += 1
            guard let c = current, c >= 0x30 && c <= 0x39 else { throw fail("invalid number: digit expected after '.'") }
            while let c = current, c >= 0x30 && c <= 0x39 { position += 1 }
        }
        if current == 0x65 || current == 0x45 {
            integral = false
            position += 1
            if current == 0x2B || current == 0x2D { position += 1 }
            guard let c = current, c >= 0x30 && c <= 0x39 else { throw fail("invalid number: digit expected in exponent") }
            while let c = current, c >= 0x30 && c <= 0x39 { position += 1 }
        }
        if integral && !overflow {
            if negative {
                if magnitude <= UInt64(Int64.max) + 1 { return .int(magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)) }
            } else if magnitude <= UInt64(Int64.max) {
                return .int(Int64(magnitude))
            }
        }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: position - start), as: UTF8.self)
        guard let value = Double(text) else { throw fail("invalid number", at: start) }
        return .double(value)
    }

    // MARK: Strings

    /// Parses a string at the current position (which must be `"`) into a `String`.
    mutating func parseString() throws(JSONParseError) -> String {
        let token = try parseStringToken()
        return try makeString(token)
    }

    /// The `String` for a token just parsed (before the next string overwrites `scratch`).
    func makeString(_ token: StringToken) throws(JSONParseError) -> String {
        let made: String?
        if token.escaped {
            made = scratch.withUnsafeBufferPointer { JSONParser.string($0.baseAddress, $0.count, checkUTF8: token.nonASCII) }
        } else {
            made = JSONParser.string(base + token.start, token.end - token.start, checkUTF8: token.nonASCII)
        }
        if let made { return made }
        // Find where: escapes decode to valid UTF-8, so the first bad byte is in the raw bytes.
        let raw = UnsafeBufferPointer(start: base + token.start, count: token.end - token.start)
        let bad = UTF8Validation.firstInvalidOffset(UnsafeRawBufferPointer(raw)) ?? 0
        throw fail(JSONParseError.invalidUTF8Reason, at: token.start + bad)
    }

    /// A `String` holding exactly the `count` bytes at `bytes`, or nil when they are not valid UTF-8.
    ///
    /// The standard library validates (and would repair) what it is given; when the input may hold
    /// non-ASCII bytes, comparing its result with the input tells whether a repair happened.
    @inline(__always)
    static func string(_ bytes: UnsafePointer<UInt8>?, _ count: Int, checkUTF8: Bool) -> String? {
        guard let bytes, count > 0 else { return "" }
        let s = String(unsafeUninitializedCapacity: count) { buffer in
            buffer.baseAddress!.initialize(from: bytes, count: count)
            return count
        }
        if !checkUTF8 { return s }
        var copy = s
        let same = copy.withUTF8 { utf8 in
            utf8.count == count && memcmp(utf8.baseAddress!, bytes, count) == 0
        }
        return same ? s : nil
    }

    /// The length of a token's decoded bytes.
    @inline(__always)
    func tokenLength(_ token: StringToken) -> Int {
        token.escaped ? scratch.count : token.end - token.start
    }

    /// True when a token's decoded bytes equal `literal` (ASCII).
    @inline(__always)
    func tokenEquals(_ token: StringToken, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        let l = literal.utf8Start
        if token.escaped {
            guard scratch.count == n else { return false }
            for k in 0..<n where scratch[k] != l[k] { return false }
            return true
        }
        guard token.end - token.start == n else { return false }
        return memcmp(base + token.start, l, n) == 0
    }

    /// Scans a string at the current position (which must be `"`), decoding escapes into `scratch`
    /// when there are any. Leaves the position after the closing quote.
    mutating func parseStringToken() throws(JSONParseError) -> StringToken {
        let open = position
        let start = position + 1
        var seen: UInt64 = 0
        var i = JSONByteScan.firstSpecial(base, from: start, end: count, seen: &seen)
        guard i < count else { throw fail("unterminated string", at: open) }
        if base[i] == 0x22 {
            position = i + 1
            return StringToken(start: start, end: i, escaped: false, nonASCII: JSONByteScan.sawNonASCII(seen))
        }
        scratch.removeAll(keepingCapacity: true)
        // The decoded string is never longer than what is left of the input: one allocation at most.
        if scratch.capacity < count - start { scratch.reserveCapacity(count - start) }
        var runStart = start
        while true {
            if i > runStart { scratch.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart)) }
            guard i < count else { throw fail("unterminated string", at: open) }
            let c = base[i]
            if c == 0x22 { break }
            if c != 0x5C { throw fail("unescaped control character in string", at: i) }
            i = try decodeEscape(at: i)
            runStart = i
            i = JSONByteScan.firstSpecial(base, from: i, end: count, seen: &seen)
        }
        position = i + 1
        return StringToken(start: start, end: i, escaped: true, nonASCII: JSONByteScan.sawNonASCII(seen))
    }

    /// Decodes the escape starting at `at` (a backslash) into `scratch`; returns the index after it.
    private mutating func decodeEscape(at: Int) throws(JSONParseError) -> Int {
        guard at + 1 < count else { throw fail("unterminated string", at: at) }
        let e = base[at + 1]
        let simple: UInt8
        switch e {
        case 0x22: simple = 0x22
        case 0x5C: simple = 0x5C
        case 0x2F: simple = 0x2F
        case 0x62: simple = 0x08
        case 0x66: simple = 0x0C
        case 0x6E: simple = 0x0A
        case 0x72: simple = 0x0D
        case 0x74: simple = 0x09
        case 0x75:
            guard let unit = hex4(at: at + 2) else { throw fail("invalid \\u escape", at: at) }
            var scalar = UInt32(unit)
            var next = at + 6
            if unit >= 0xD800 && unit <= 0xDBFF {
                // A high surrogate must be followed by an escaped low surrogate.
                guard next + 1 < count, base[next] == 0x5C, base[next + 1] == 0x75,
                      let low = hex4(at: next + 2), low >= 0xDC00 && low <= 0xDFFF
                else { throw fail("invalid \\u escape: unpaired surrogate", at: at) }
                scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                next += 6
            } else if unit >= 0xDC00 && unit <= 0xDFFF {
                throw fail("invalid \\u escape: unpaired surrogate", at: at)
            }
            appendUTF8(scalar)
            return next
        default:
            throw fail("invalid escape", at: at)
        }
        scratch.append(simple)
        return at + 2
    }

    private func hex4(at: Int) -> UInt16? {
        guard at + 4 <= count else { return nil }
        var v: UInt16 = 0
        for k in 0..<4 {
            let c = base[at + k]
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x41...0x46: d = c - 0x41 + 10
            case 0x61...0x66: d = c - 0x61 + 10
            default: return nil
            }
            v = v << 4 | UInt16(d)
        }
        return v
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | (scalar >> 12) & 0x3F))
            scratch.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
