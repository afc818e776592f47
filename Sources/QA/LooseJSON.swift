/// A forgiving JSON reader for what small models write: complete values anywhere in prose.
///
/// Beyond JSON it accepts single-quoted strings, bare object keys, trailing commas, raw control
/// characters in strings and unknown escapes (kept as the escaped character). Where a value does not
/// read, it is read again with unescaped quotes inside strings allowed: a quote then ends a string
/// only when `,`, `:`, `}` or `]` follows it. A value cut off by
/// the end of the text does not read; the scanner then looks for the complete values inside it.
indirect enum LooseJSON: Sendable, Equatable {
    /// An object's members in the order written (duplicate keys kept).
    case object([Member])
    case array([LooseJSON])
    case string(String)
    /// A number, `true`, `false` or `null`, as written.
    case literal(String)

    /// One member of an object.
    struct Member: Sendable, Equatable {
        var key: String
        var value: LooseJSON
    }

    /// Every complete value that starts at a `{` or `[` of `text`, outermost first, in order: where a
    /// value reads, the scan continues after it; where none does (cut off, or not JSON), the scan
    /// continues at the next byte, so the complete objects inside a truncated array are found.
    /// `accept` decides whether a value is taken; a value not taken is stepped into as well.
    static func values(in text: String, accept: (LooseJSON) -> Bool) -> [LooseJSON] {
        let bytes = Array(text.utf8)
        var out: [LooseJSON] = []
        var position = 0
        while position < bytes.count {
            guard bytes[position] == UInt8(ascii: "{") || bytes[position] == UInt8(ascii: "[") else { position += 1; continue }
            var reader = Reader(bytes: bytes, position: position, lenient: false)
            var value = reader.value(depth: 0)
            if value == nil {
                // Again, with quotes inside strings that the model forgot to escape (`"What is "X"?"`).
                reader = Reader(bytes: bytes, position: position, lenient: true)
                value = reader.value(depth: 0)
            }
            if let value, accept(value) {
                out.append(value)
                position = reader.position
            } else {
                position += 1
            }
        }
        return out
    }

    /// The value of the first member whose key, lowercased, is one of `keys` (in `keys`' order of preference).
    func member(_ keys: [String]) -> LooseJSON? {
        guard case .object(let members) = self else { return nil }
        for key in keys {
            if let m = members.first(where: { $0.key.lowercased() == key }) { return m.value }
        }
        return nil
    }

    /// A value as text: strings as they are, numbers and booleans as written, arrays of them one per
    /// line; nil for `null`, objects, and arrays holding anything else.
    var text: String? {
        switch self {
        case .string(let s): return s
        case .literal(let l): return l == "null" ? nil : l
        case .array(let items):
            let parts = items.map(\.text)
            guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
            return parts.map { $0! }.joined(separator: "\n")
        case .object: return nil
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var position: Int
        /// A quote ends a string only when `,`, `:`, `}` or `]` (or the end) follows it, after spaces.
        let lenient: Bool

        static let maximumDepth = 32

        mutating func value(depth: Int) -> LooseJSON? {
            guard depth < Self.maximumDepth else { return nil }
            skipWhitespace()
            guard position < bytes.count else { return nil }
            switch bytes[position] {
            case UInt8(ascii: "{"): return object(depth: depth)
            case UInt8(ascii: "["): return array(depth: depth)
            case UInt8(ascii: "\""), UInt8(ascii: "'"): return string().map(LooseJSON.string)
            default: return literal().map(LooseJSON.literal)
            }
        }

        private mutating func object(depth: Int) -> LooseJSON? {
            position += 1
            var members: [Member] = []
            while true {
                skipWhitespace()
                guard position < bytes.count else { return nil }
                if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
                let key: String
                if bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") {
                    guard let k = string() else { return nil }
                    key = k
                } else {
                    guard let k = bareKey() else { return nil }
                    key = k
                }
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return nil }
                position += 1
                guard let v = value(depth: depth + 1) else { return nil }
                members.append(Member(key: key, value: v))
                skipWhitespace()
                guard position < bytes.count else { return nil }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
                return nil
            }
        }

        private mutating func array(depth: Int) -> LooseJSON? {
            position += 1
            var items: [LooseJSON] = []
            while true {
                skipWhitespace()
                guard position < bytes.count else { return nil }
                if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
                guard let v = value(depth: depth + 1) else { return nil }
                items.append(v)
                skipWhitespace()
                guard position < bytes.count else { return nil }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
                return nil
            }
        }

        /// A string in `"` or `'`; nil when the text ends inside it.
        private mutating func string() -> String? {
            let quote = bytes[position]
            position += 1
            var out: [UInt8] = []
            while position < bytes.count {
                let b = bytes[position]
                position += 1
                if b == quote {
                    if !lenient || closesString(at: position) { return String(decoding: out, as: UTF8.self) }
                    out.append(b)
                    continue
                }
                guard b == UInt8(ascii: "\\") else { out.append(b); continue }
                guard position < bytes.count else { return nil }
                let e = bytes[position]
                position += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    // A surrogate pair: a high surrogate followed by `\u` and a low one.
                    if (0xD800..<0xDC00).contains(scalar), position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                       bytes[position + 1] == UInt8(ascii: "u") {
                        position += 2
                        guard let low = hex4() else { return nil }
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            out.append(contentsOf: Array(String(Unicode.Scalar(0xFFFD)!).utf8))
                            scalar = low
                        }
                    }
                    out.append(contentsOf: Array(String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8))
                default: out.append(e)
                }
            }
            return nil
        }

        /// Whether the next byte that is not a space, from `k` on, may follow a string.
        private func closesString(at k: Int) -> Bool {
            var k = k
            while k < bytes.count, bytes[k] == 0x20 || bytes[k] == 0x09 || bytes[k] == 0x0A || bytes[k] == 0x0D { k += 1 }
            guard k < bytes.count else { return true }
            let b = bytes[k]
            return b == UInt8(ascii: ",") || b == UInt8(ascii: ":") || b == UInt8(ascii: "}") || b == UInt8(ascii: "]")
        }

        private mutating func hex4() -> UInt32? {
            guard position + 4 <= bytes.count else { return nil }
            var v: UInt32 = 0
            for b in bytes[position..<(position + 4)] {
                guard let d = Self.hexDigit(b) else { return nil }
                v = v << 4 | d
            }
            position += 4
            return v
        }

        private static func hexDigit(_ b: UInt8) -> UInt32? {
            switch b {
            case 48...57: return UInt32(b - 48)
            case 65...70: return UInt32(b - 55)
            case 97...102: return UInt32(b - 87)
            default: return nil
            }
        }

        /// An unquoted key: letters, digits, `_` and `-`.
        private mutating func bareKey() -> String? {
            let start = position
            while position < bytes.count, Self.isBareKeyByte(bytes[position]) { position += 1 }
            return position > start ? String(decoding: bytes[start..<position], as: UTF8.self) : nil
        }

        /// A number, `true`, `false` or `null`; nil when the text ends inside it (it may be cut off).
        private mutating func literal() -> String? {
            let start = position
            while position < bytes.count, Self.isBareKeyByte(bytes[position]) || bytes[position] == UInt8(ascii: ".")
                || bytes[position] == UInt8(ascii: "+") { position += 1 }
            guard position > start, position < bytes.count else { return nil }
            let s = String(decoding: bytes[start..<position], as: UTF8.self)
            if s == "true" || s == "false" || s == "null" || Double(s) != nil { return s }
            return nil
        }

        private static func isBareKeyByte(_ b: UInt8) -> Bool {
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
        }

        private mutating func skipWhitespace() {
            while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x0A || bytes[position] == 0x0D || bytes[position] == 0x09 {
                position += 1
            }
        }
    }
}
