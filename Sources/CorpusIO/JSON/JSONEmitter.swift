import CorpusCore

/// Appends JSON text to a byte buffer: escaped strings, numbers, literals.
enum JSONEmitter {
    private static let hexDigits: StaticString = "0123456789abcdef"

    /// Appends `string` as a JSON string, quotes included.
    @inline(__always)
    static func appendString(_ string: String, to out: inout [UInt8]) {
        var s = string
        s.withUTF8 { appendString(utf8: $0, to: &out) }
    }

    /// Appends UTF-8 bytes as a JSON string, quotes included: `"` and `\` are escaped, control
    /// characters become `\n`, `\t`, `\r`, `\b`, `\f` or `\u00XX`, everything else is copied as is.
    static func appendString(utf8 src: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(0x22)
        guard let base = src.baseAddress, src.count > 0 else { out.append(0x22); return }
        let n = src.count
        var runStart = 0
        while true {
            let i = JSONByteScan.firstSpecial(base, from: runStart, end: n)
            if i > runStart { out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart)) }
            if i == n { break }
            let c = base[i]
            out.append(0x5C)
            switch c {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x0A: out.append(0x6E)
            case 0x09: out.append(0x74)
            case 0x0D: out.append(0x72)
            case 0x08: out.append(0x62)
            case 0x0C: out.append(0x66)
            default:
                let h = hexDigits.utf8Start
                out.append(0x75); out.append(0x30); out.append(0x30)
                out.append(h[Int(c >> 4)]); out.append(h[Int(c & 0xF)])
            }
            runStart = i + 1
        }
        out.append(0x22)
    }

    /// Appends ASCII text verbatim (punctuation, keys known to need no escaping).
    @inline(__always)
    static func appendRaw(_ text: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends an integer in decimal.
    static func appendInt(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(0x2D) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0) // 24 bytes: room for 20 digits
        let written = withUnsafeMutableBytes(of: &digits) { buf -> Int in
            var i = buf.count
            repeat {
                i -= 1
                buf[i] = UInt8(truncatingIfNeeded: magnitude % 10) + 0x30
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[i...]))
            return buf.count - i
        }
        _ = written
    }

    /// Appends a floating-point number so that parsing it gives back the same `Double` (Swift's
    /// shortest round-trip form). NaN and infinities have no JSON form and become `null`.
    static func appendDouble(_ value: Double, to out: inout [UInt8]) {
        guard value.isFinite else { appendRaw("null", to: &out); return }
        var text = value.description
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    /// Appends any JSON value; object keys are written sorted so output is deterministic.
    static func appendValue(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: appendRaw("null", to: &out)
        case .bool(let b): b ? appendRaw("true", to: &out) : appendRaw("false", to: &out)
        case .int(let i): appendInt(i, to: &out)
        case .double(let d): appendDouble(d, to: &out)
        case .string(let s): appendString(s, to: &out)
        case .array(let a):
            out.append(0x5B)
            for (k, element) in a.enumerated() {
                if k > 0 { out.append(0x2C) }
                appendValue(element, to: &out)
            }
            out.append(0x5D)
        case .object(let o):
            out.append(0x7B)
            for (k, key) in o.keys.sorted().enumerated() {
                if k > 0 { out.append(0x2C) }
                appendString(key, to: &out)
                out.append(0x3A)
                appendValue(o[key]!, to: &out)
            }
            out.append(0x7D)
        }
    }
}
