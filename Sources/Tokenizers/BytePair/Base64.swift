/// Strict standard base64 (RFC 4648 §4, `+` `/`, `=` padding to a multiple of four), as tiktoken
/// ranks files write tokens.
enum Base64 {
    private static let values: [Int8] = {
        var t = [Int8](repeating: -1, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = Int8(i) }
        return t
    }()

    /// Decodes `text` into `out` (replacing its contents); false when `text` is not valid base64.
    static func decode(_ text: ArraySlice<UInt8>, into out: inout [UInt8]) -> Bool {
        out.removeAll(keepingCapacity: true)
        guard text.count % 4 == 0 else { return false }
        var i = text.startIndex
        while i < text.endIndex {
            let last = i + 4 == text.endIndex
            var quad: UInt32 = 0, padding = 0
            for k in 0..<4 {
                let c = text[i + k]
                if c == UInt8(ascii: "=") && last && k >= 2 {
                    padding += 1
                    quad <<= 6
                    continue
                }
                let v = values[Int(c)]
                guard v >= 0, padding == 0 else { return false }
                quad = quad << 6 | UInt32(v)
            }
            out.append(UInt8(truncatingIfNeeded: quad >> 16))
            if padding < 2 { out.append(UInt8(truncatingIfNeeded: quad >> 8)) }
            if padding < 1 { out.append(UInt8(truncatingIfNeeded: quad)) }
            i += 4
        }
        return true
    }

    /// Standard base64 with `=` padding.
    static func encode(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        var i = 0
        while i + 3 <= bytes.count {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [table[Int(v >> 18)], table[Int(v >> 12 & 63)], table[Int(v >> 6 & 63)], table[Int(v & 63)]]
            i += 3
        }
        if bytes.count - i == 1 {
            let v = UInt32(bytes[i]) << 16
            out += [table[Int(v >> 18)], table[Int(v >> 12 & 63)], UInt8(ascii: "="), UInt8(ascii: "=")]
        } else if bytes.count - i == 2 {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [table[Int(v >> 18)], table[Int(v >> 12 & 63)], table[Int(v >> 6 & 63)], UInt8(ascii: "=")]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
