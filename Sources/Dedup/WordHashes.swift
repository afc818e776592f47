/// The words of a text as 64-bit hashes: the normalization every dedup key is built from.
///
/// A word is a maximal run of Unicode letters, marks and digits; everything else (spaces,
/// punctuation, symbols) separates words and is dropped. Letters are lowercased; digits are kept,
/// so `Fe2O3` and `Fe3O4` stay different words. ASCII is handled byte by byte; other scalars are
/// decoded and lowercased with the Unicode tables.
public enum WordHashes {
    /// Calls `body` with the hash of each word of `text`, in order.
    @inlinable
    public static func forEach(in text: String, _ body: (UInt64) -> Void) {
        var text = text
        text.withUTF8 { forEach(in: UnsafeRawBufferPointer($0), body) }
    }

    /// Calls `body` with the hash of each word of the UTF-8 `bytes`, in order.
    public static func forEach(in bytes: UnsafeRawBufferPointer, _ body: (UInt64) -> Void) {
        var h: UInt64 = fnvBasis
        var inWord = false
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                let kind = asciiKind(b)
                if kind != 0 {
                    h = (h ^ UInt64(kind == 2 ? b | 0x20 : b)) &* fnvPrime
                    inWord = true
                } else if inWord {
                    body(finish(h)); h = fnvBasis; inWord = false
                }
                i += 1
                continue
            }
            // A multi-byte scalar: decode, classify, lowercase.
            let (scalar, length) = decode(bytes, at: i)
            i += length
            if let scalar, isWordScalar(scalar) {
                for u in lowercased(scalar).utf8 { h = (h ^ UInt64(u)) &* fnvPrime }
                inWord = true
            } else if inWord {
                body(finish(h)); h = fnvBasis; inWord = false
            }
        }
        if inWord { body(finish(h)) }
    }

    /// The words of `text` as strings, normalized the same way (for tests and inspection).
    public static func words(in text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let b = UInt8(scalar.value)
                let kind = asciiKind(b)
                if kind != 0 { current.unicodeScalars.append(Unicode.Scalar(kind == 2 ? b | 0x20 : b)) }
                else if !current.isEmpty { words.append(current); current = "" }
            } else if isWordScalar(scalar) {
                current += lowercased(scalar)
            } else if !current.isEmpty {
                words.append(current); current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The hash `forEach` reports for a word already in normal form (lowercase letters and digits).
    public static func hash(normalizedWord word: String) -> UInt64 {
        var h = fnvBasis
        for u in word.utf8 { h = (h ^ UInt64(u)) &* fnvPrime }
        return finish(h)
    }

    @usableFromInline static let fnvBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    @usableFromInline static let fnvPrime: UInt64 = 0x0000_0100_0000_01b3

    /// 0: separator, 1: digit or lowercase letter, 2: uppercase letter.
    @inline(__always) static func asciiKind(_ b: UInt8) -> UInt8 {
        if b &- 0x61 < 26 || b &- 0x30 < 10 { return 1 }
        if b &- 0x41 < 26 { return 2 }
        return 0
    }

    /// FNV-1a leaves the low bits weak; a final avalanche (the murmur3 finalizer) spreads them.
    @inline(__always) static func finish(_ h: UInt64) -> UInt64 { Mix.fmix64(h) }

    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        let p = s.properties
        if p.isAlphabetic { return true }
        switch p.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    static func lowercased(_ s: Unicode.Scalar) -> String {
        s.properties.changesWhenLowercased ? s.properties.lowercaseMapping : String(s)
    }

    /// Decodes the scalar starting at `i`; invalid or truncated sequences read as nil with length 1.
    static func decode(_ bytes: UnsafeRawBufferPointer, at i: Int) -> (Unicode.Scalar?, Int) {
        let b0 = UInt32(bytes[i])
        let n = bytes.count
        func cont(_ k: Int) -> UInt32? {
            guard i + k < n else { return nil }
            let b = UInt32(bytes[i + k])
            return b & 0xC0 == 0x80 ? b & 0x3F : nil
        }
        if b0 & 0xE0 == 0xC0, let c1 = cont(1) { return (Unicode.Scalar((b0 & 0x1F) << 6 | c1), 2) }
        if b0 & 0xF0 == 0xE0, let c1 = cont(1), let c2 = cont(2) {
            return (Unicode.Scalar((b0 & 0x0F) << 12 | c1 << 6 | c2), 3)
        }
        if b0 & 0xF8 == 0xF0, let c1 = cont(1), let c2 = cont(2), let c3 = cont(3) {
            return (Unicode.Scalar((b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3), 4)
        }
        return (nil, 1)
    }
}

/// 64-bit mixing functions.
public enum Mix {
    /// The murmur3 64-bit finalizer: every input bit affects every output bit.
    @inline(__always) public static func fmix64(_ x: UInt64) -> UInt64 {
        var k = x
        k ^= k >> 33
        k &*= 0xff51_afd7_ed55_8ccd
        k ^= k >> 33
        k &*= 0xc4ce_b9fe_1a85_ec53
        k ^= k >> 33
        return k
    }
}
