/// A small strict JSON (RFC 8259) reader for tokenizer files, keeping the byte offset of every
/// value so that errors can name the place. Object members stay in file order (duplicates kept;
/// the caller decides, usually "the later one wins", as serde does for maps).
struct JSONNode {
    enum Value {
        case null
        case bool(Bool)
        /// The number, and its exact value when it is an integer literal that fits.
        case number(Double, integer: Int64?)
        case string(String)
        case array([JSONNode])
        case object([(key: String, value: JSONNode)])
    }

    var value: Value
    /// Byte offset of the value's first character in the file.
    var offset: Int

    subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    var string: String? { if case .string(let s) = value { return s }; return nil }
    var integer: Int64? { if case .number(_, let i) = value { return i }; return nil }
    var bool: Bool? { if case .bool(let b) = value { return b }; return nil }
    var array: [JSONNode]? { if case .array(let a) = value { return a }; return nil }
    var members: [(key: String, value: JSONNode)]? { if case .object(let m) = value { return m }; return nil }
    var isNull: Bool { if case .null = value { return true }; return false }
}

struct JSONSyntaxError: Error {
    var offset: Int
    var reason: String
}

struct JSONReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var depth = 0
    private static let maxDepth = 512

    static func parse(_ data: [UInt8]) throws(JSONSyntaxError) -> JSONNode {
        try data.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> JSONNode in
            if let bad = firstInvalidUTF8(buffer) {
                throw JSONSyntaxError(offset: bad, reason: "invalid UTF-8")
            }
            var reader = JSONReader(bytes: buffer)
            reader.skipSpace()
            let node = try reader.value()
            reader.skipSpace()
            guard reader.i == buffer.count else { throw JSONSyntaxError(offset: reader.i, reason: "text after the JSON value") }
            return node
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private func fail(_ reason: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(offset: offset ?? i, reason: reason)
    }

    private mutating func value() throws(JSONSyntaxError) -> JSONNode {
        guard i < bytes.count else { throw fail("unexpected end of file") }
        let start = i
        switch bytes[i] {
        case UInt8(ascii: "{"):
            depth += 1
            guard depth <= Self.maxDepth else { throw fail("nested too deeply") }
            defer { depth -= 1 }
            i += 1
            var members: [(key: String, value: JSONNode)] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return JSONNode(value: .object(members), offset: start) }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
                let key = try string()
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                i += 1
                skipSpace()
                members.append((key, try value()))
                skipSpace()
                guard i < bytes.count else { throw fail("unexpected end of file in an object") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; break }
                throw fail("expected ',' or '}'")
            }
            return JSONNode(value: .object(members), offset: start)
        case UInt8(ascii: "["):
            depth += 1
            guard depth <= Self.maxDepth else { throw fail("nested too deeply") }
            defer { depth -= 1 }
            i += 1
            var elements: [JSONNode] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return JSONNode(value: .array(elements), offset: start) }
            while true {
                skipSpace()
                elements.append(try value())
                skipSpace()
                guard i < bytes.count else { throw fail("unexpected end of file in an array") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; break }
                throw fail("expected ',' or ']'")
            }
            return JSONNode(value: .array(elements), offset: start)
        case UInt8(ascii: "\""):
            return JSONNode(value: .string(try string()), offset: start)
        case UInt8(ascii: "t"):
            try literal("true"); return JSONNode(value: .bool(true), offset: start)
        case UInt8(ascii: "f"):
            try literal("false"); return JSONNode(value: .bool(false), offset: start)
        case UInt8(ascii: "n"):
            try literal("null"); return JSONNode(value: .null, offset: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try number()
        default:
            throw fail("unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw fail("unexpected end of file") }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { throw fail("unexpected character") }
        i += n
    }

    private mutating func number() throws(JSONSyntaxError) -> JSONNode {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        func digits(_ i: inout Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Int {
            let s = i
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            return i - s
        }
        let intStart = i
        let intDigits = digits(&i, bytes)
        guard intDigits > 0 else { throw fail("bad number", at: start) }
        guard !(bytes[intStart] == 0x30 && intDigits > 1) else { throw fail("leading zero in a number", at: start) }
        var isInteger = true
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1; isInteger = false
            guard digits(&i, bytes) > 0 else { throw fail("bad number", at: start) }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1; isInteger = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits(&i, bytes) > 0 else { throw fail("bad number", at: start) }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        let integer = isInteger ? Int64(text) : nil
        return JSONNode(value: .number(Double(text) ?? .nan, integer: integer), offset: start)
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail("unexpected end of file in an escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw fail("bad \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    /// A string at `i` (which holds the opening quote).
    private mutating func string() throws(JSONSyntaxError) -> String {
        let open = i
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\"), bytes[i] >= 0x20 { i += 1 }
        guard i < bytes.count else { throw fail("unterminated string", at: open) }
        if bytes[i] == UInt8(ascii: "\"") {
            let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)  // validated up front
            i += 1
            return s
        }
        var out = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<i]))
        while true {
            guard i < bytes.count else { throw fail("unterminated string", at: open) }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { i += 1; break }
            if c < 0x20 { throw fail("control character in a string") }
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            i += 1
            guard i < bytes.count else { throw fail("unterminated string", at: open) }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var v = try hex4()
                if (0xD800...0xDBFF).contains(v) {
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw fail("lone surrogate in a \\u escape")
                    }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw fail("lone surrogate in a \\u escape") }
                    v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(v) {
                    throw fail("lone surrogate in a \\u escape")
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(v)!)).utf8)
            default:
                throw fail("bad escape")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The offset of the first byte that does not start a valid UTF-8 sequence (overlong forms,
/// surrogates and values above U+10FFFF are invalid), or nil.
func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var i = 0
    let n = bytes.count
    while i < n {
        let b0 = bytes[i]
        if b0 < 0x80 { i += 1; continue }
        let length: Int, low: UInt8, high: UInt8  // allowed range of the second byte
        switch b0 {
        case 0xC2...0xDF: length = 2; low = 0x80; high = 0xBF
        case 0xE0: length = 3; low = 0xA0; high = 0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3; low = 0x80; high = 0xBF
        case 0xED: length = 3; low = 0x80; high = 0x9F
        case 0xF0: length = 4; low = 0x90; high = 0xBF
        case 0xF1...0xF3: length = 4; low = 0x80; high = 0xBF
        case 0xF4: length = 4; low = 0x80; high = 0x8F
        default: return i
        }
        guard i + length <= n, bytes[i + 1] >= low, bytes[i + 1] <= high else { return i }
        for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
        i += length
    }
    return nil
}
