/// The character classes that the byte-level split patterns test, one bit each, looked up per
/// Unicode scalar (code point), never per `Character`.
///
/// * `letter`: general category L (Lu, Ll, Lt, Lm, Lo), regex `\p{L}`.
/// * `number`: general category N (Nd, Nl, No), regex `\p{N}`.
/// * `whitespace`: the Unicode `White_Space` property, regex `\s` in Rust `regex`/`fancy-regex`
///   (tiktoken) and Oniguruma (Hugging Face `tokenizers`). It includes U+000B, U+0085, U+00A0,
///   U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F and U+3000 (ICU's `\s` does not).
/// * `lineBreak`: `\r` or `\n` only.
/// * `pythonSpace`: Python's `str.isspace()` (White_Space plus U+001C–U+001F), which Meta's
///   LLaMA-3 wrapper uses to cut long runs.
struct ScalarClass: OptionSet, Sendable {
    let rawValue: UInt8
    static let letter = ScalarClass(rawValue: 1)
    static let number = ScalarClass(rawValue: 2)
    static let whitespace = ScalarClass(rawValue: 4)
    static let lineBreak = ScalarClass(rawValue: 8)
    static let pythonSpace = ScalarClass(rawValue: 16)

    /// The class bits of one scalar value, computed from the standard library's Unicode tables.
    static func compute(_ value: UInt32) -> UInt8 {
        guard let scalar = Unicode.Scalar(value) else { return 0 }  // surrogate code points
        var bits: UInt8 = 0
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            bits |= letter.rawValue
        case .decimalNumber, .letterNumber, .otherNumber:
            bits |= number.rawValue
        default: break
        }
        if scalar.properties.isWhitespace { bits |= whitespace.rawValue | pythonSpace.rawValue }
        if (0x1C...0x1F).contains(value) { bits |= pythonSpace.rawValue }
        if value == 0x0A || value == 0x0D { bits |= lineBreak.rawValue }
        return bits
    }
}

/// A lookup table of `ScalarClass` bits for the Basic Multilingual Plane, built once on first use;
/// scalars above U+FFFF are classified on the fly.
final class ScalarClassTable: @unchecked Sendable {  // immutable after init
    static let shared = ScalarClassTable()

    /// 65,536 entries, never freed (one table per process).
    let bmp: UnsafeMutablePointer<UInt8>

    private init() {
        bmp = .allocate(capacity: 0x10000)
        for v in 0..<UInt32(0x10000) { bmp[Int(v)] = ScalarClass.compute(v) }
    }

    @inline(__always)
    func bits(_ value: UInt32) -> UInt8 {
        value < 0x10000 ? bmp[Int(value)] : ScalarClass.compute(value)
    }
}

/// Decodes the scalar that starts at byte `i` of valid UTF-8 (Swift strings always are).
/// Returns the scalar value and the offset of the next scalar.
@inline(__always)
func decodeScalar(_ p: UnsafePointer<UInt8>, _ i: Int) -> (value: UInt32, next: Int) {
    let b0 = UInt32(p[i])
    if b0 < 0x80 { return (b0, i + 1) }
    if b0 < 0xE0 { return (((b0 & 0x1F) << 6) | (UInt32(p[i + 1]) & 0x3F), i + 2) }
    if b0 < 0xF0 {
        return (((b0 & 0x0F) << 12) | ((UInt32(p[i + 1]) & 0x3F) << 6) | (UInt32(p[i + 2]) & 0x3F), i + 3)
    }
    return (((b0 & 0x07) << 18) | ((UInt32(p[i + 1]) & 0x3F) << 12) | ((UInt32(p[i + 2]) & 0x3F) << 6)
            | (UInt32(p[i + 3]) & 0x3F), i + 4)
}
