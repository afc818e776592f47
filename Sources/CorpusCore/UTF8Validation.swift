/// UTF-8 validation that says where the input goes wrong.
public enum UTF8Validation {
    /// The offset of the first byte that is not part of a well-formed UTF-8 sequence, or nil when
    /// all of `bytes` is valid (overlong forms, surrogates and values above U+10FFFF are invalid).
    public static func firstInvalidOffset(_ bytes: UnsafeRawBufferPointer) -> Int? {
        let n = bytes.count
        var i = 0
        while i < n {
            // ASCII fast path, eight bytes at a time.
            while i + 8 <= n, bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            guard i < n else { break }
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            let length: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return i
            }
            if i + length > n { return i }
            let b1 = bytes[i + 1]
            if b1 < lower || b1 > upper { return i }
            for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    /// Decodes `bytes` as UTF-8, or throws `InputError.invalidUTF8` with the offset of the first bad
    /// byte (plus `base`, the offset of `bytes` in its stream).
    public static func decode(_ bytes: UnsafeRawBufferPointer, base: Int64 = 0) throws -> String {
        if let bad = firstInvalidOffset(bytes) { throw InputError.invalidUTF8(offset: base + Int64(bad)) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
