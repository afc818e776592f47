/// Hand-written UTF-8 ⇄ UTF-16 copies for ICU, which works on UTF-16. `Array(text.utf16)` and
/// `String(decoding:as: UTF16.self)` take the standard library's generic slow paths and cost more
/// than the normalization itself.
enum Transcoding {
    /// The scalar whose UTF-8 starts at `i` in valid UTF-8 (a `String`'s bytes), and its length in bytes.
    static func decodeUTF8(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (scalar: UInt32, length: Int) {
        let lead = bytes[i]
        if lead < 0x80 { return (UInt32(lead), 1) }
        let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        var scalar = UInt32(lead) & (0xFF >> (length + 1))
        for k in 1..<length { scalar = scalar << 6 | UInt32(bytes[i + k] & 0x3F) }
        return (scalar, length)
    }

    /// The UTF-16 code units of a string (never more units than it has UTF-8 bytes).
    static func utf16(_ text: String) -> [UInt16] {
        var copy = text
        return copy.withUTF8 { bytes in
            [UInt16](unsafeUninitializedCapacity: bytes.count) { out, count in
                var i = 0
                while i < bytes.count {
                    let (scalar, length) = decodeUTF8(bytes, at: i)
                    i += length
                    if scalar < 0x10000 {
                        out[count] = UInt16(scalar)
                        count += 1
                    } else {
                        out[count] = UInt16(0xD800 + ((scalar - 0x10000) >> 10))
                        out[count + 1] = UInt16(0xDC00 + (scalar & 0x3FF))
                        count += 2
                    }
                }
            }
        }
    }

    /// The string of UTF-16 code units as ICU returns them (at most 3 UTF-8 bytes per unit); a lone
    /// surrogate, which ICU never returns for valid input, becomes U+FFFD.
    static func string(_ units: [UInt16]) -> String {
        String(unsafeUninitializedCapacity: units.count * 3) { out in
            var count = 0
            var i = 0
            while i < units.count {
                var scalar = UInt32(units[i])
                i += 1
                if scalar & 0xFC00 == 0xD800, i < units.count, units[i] & 0xFC00 == 0xDC00 {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (UInt32(units[i]) - 0xDC00)
                    i += 1
                }
                for byte in Unicode.UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}")! {
                    out[count] = byte
                    count += 1
                }
            }
            return count
        }
    }
}
