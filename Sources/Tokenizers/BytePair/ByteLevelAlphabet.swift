/// GPT-2's reversible map between bytes and printable characters, which byte-level BPE
/// `tokenizer.json` files use to write byte strings as JSON text (`bytes_to_unicode` in GPT-2's
/// encoder, `bytes_char` in Hugging Face `tokenizers`).
///
/// Bytes `!`..`~` (0x21–0x7E), 0xA1–0xAC and 0xAE–0xFF stand for themselves (as code points); the
/// other 68 bytes (0x00–0x20, 0x7F–0xA0, 0xAD), in increasing order, become U+0100, U+0101, …
/// So a space is `Ġ` (U+0120) and a line feed `Ċ` (U+010A).
enum ByteLevelAlphabet {
    /// The character (as a scalar value) that stands for each byte.
    static let scalarOfByte: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 256)
        var next: UInt32 = 0x100
        for b in 0..<256 {
            if (0x21...0x7E).contains(b) || (0xA1...0xAC).contains(b) || (0xAE...0xFF).contains(b) {
                table[b] = UInt32(b)
            } else {
                table[b] = next
                next += 1
            }
        }
        return table
    }()

    /// The byte each alphabet character stands for, indexed by scalar value below 0x144
    /// (-1 where the character is not in the alphabet).
    static let byteOfScalar: [Int16] = {
        var table = [Int16](repeating: -1, count: 0x144)
        for (b, s) in scalarOfByte.enumerated() { table[Int(s)] = Int16(b) }
        return table
    }()

    /// The bytes that the byte-level string `text` stands for, or nil when a character of `text` is
    /// outside the alphabet (such a vocabulary entry, e.g. an added token, is literal text).
    static func bytes(of text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let v = Int(scalar.value)
            guard v < byteOfScalar.count, byteOfScalar[v] >= 0 else { return nil }
            out.append(UInt8(byteOfScalar[v]))
        }
        return out
    }

    /// The byte-level string of `bytes`.
    static func text(of bytes: some Sequence<UInt8>) -> String {
        var s = String.UnicodeScalarView()
        for b in bytes { s.append(Unicode.Scalar(scalarOfByte[Int(b)])!) }
        return String(s)
    }
}
