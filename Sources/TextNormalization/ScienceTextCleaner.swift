/// Unicode cleanup for science text that keeps chemistry intact.
///
/// A protective pass maps the characters that matter in formulas and units to plain text, then ICU
/// normalizes the result (NFKC by default, so the remaining compatibility characters fold). NFKC alone
/// would turn `SO₄²⁻` into `SO42−`; this cleaner gives `SO4^2-`.
///
/// | input | output |
/// |---|---|
/// | no-break and other odd spaces (U+00A0, U+2000–U+200A, U+202F, U+205F, U+3000) | ASCII space |
/// | U+200B, U+200C, U+2060, U+FEFF, soft hyphen U+00AD; U+200D except between emoji | removed |
/// | ligatures `ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ` | their letters |
/// | U+2010, U+2011, U+2012, minus U+2212, U+FE63, U+FF0D | `-` |
/// | en dash U+2013, em dash U+2014 | kept (prose punctuation) |
/// | micro sign `µ` U+00B5 | Greek `μ` U+03BC |
/// | spacing ring above `˚` U+02DA, a stand-in for the degree sign (`600 ˚C`) | degree sign `°` U+00B0 |
/// | full-width `！`…`～` (U+FF01–U+FF5E) | ASCII |
/// | subscript `₀`…`₉ ₊ ₋ ₌ ₍ ₎` | `0`…`9 + - = ( )` |
/// | a run of superscripts `⁰`…`⁹ ⁺ ⁻ ⁼ ⁽ ⁾ ⁱ ⁿ` | `^` and the plain characters: `Fe³⁺` → `Fe^3+`, `cm⁻¹` → `cm^-1` |
///
/// The `^` keeps charges and exponents apart from the digits beside them (`SO4^2-`, not `SO42-`).
/// Removed characters do not end a superscript run. The output is a fixed point: cleaning it again
/// changes nothing.
public struct ScienceTextCleaner: Sendable {
    /// The normalization form applied after the protective pass.
    public let form: NormalizationForm
    private let icu: ICU

    /// A cleaner that normalizes to `form` after the protective pass: NFKC (the default) also folds
    /// the other compatibility characters (`½`, `㎏`, `①`, math letters); NFC keeps them.
    /// Fails when ICU cannot be loaded.
    public init(form: NormalizationForm = .nfkc) throws {
        self.form = form
        icu = try ICU.shared.get()
    }

    /// The cleaned text. ASCII text is returned untouched; only text that is still non-ASCII after
    /// the protective pass goes through ICU.
    public func clean(_ text: String) throws -> String {
        if isASCII(text) { return text }
        var copy = text
        let pass = copy.withUTF8(Self.protect)
        if !pass.nonASCII { return pass.text }
        guard let normal = try icu.normalized(Transcoding.utf16(pass.text), form: form) else { return pass.changed ? pass.text : text }
        return Transcoding.string(normal)
    }

    /// The protective pass: one loop over the UTF-8 bytes. No mapping writes more bytes than it
    /// reads (`ﬃ` → `ffi`: 3 bytes each; `²` → `^2`: 2 bytes each), so the output fits in the input's size.
    private static func protect(_ bytes: UnsafeBufferPointer<UInt8>) -> (text: String, changed: Bool, nonASCII: Bool) {
        var changed = false, nonASCII = false
        let text = String(unsafeUninitializedCapacity: bytes.count) { out in
            var count = 0
            func put(_ byte: UInt8) { out[count] = byte; count += 1 }
            var inSuperscript = false
            var previous: UInt32 = 0
            var i = 0
            while i < bytes.count {
                if bytes[i] < 0x80 {
                    put(bytes[i])
                    previous = UInt32(bytes[i])
                    inSuperscript = false
                    i += 1
                    continue
                }
                let (scalar, length) = Transcoding.decodeUTF8(bytes, at: i)
                let start = i
                i += length
                defer { previous = scalar }
                switch protection(scalar) {
                case .keep:
                    // A zero-width joiner is removed, except inside an emoji sequence.
                    if scalar == 0x200D, !joinsEmoji(previous, i < bytes.count ? Transcoding.decodeUTF8(bytes, at: i).scalar : 0) {
                        changed = true
                        continue
                    }
                    for k in start..<i { put(bytes[k]) }
                    nonASCII = true
                    inSuperscript = false
                case .remove:
                    changed = true
                case .ascii(let plain):
                    put(plain)
                    changed = true
                    inSuperscript = false
                case .letters(let letters):
                    letters.withUTF8Buffer { for b in $0 { put(b) } }
                    changed = true
                    inSuperscript = false
                case .twoBytes(let first, let second):
                    put(first)
                    put(second)
                    changed = true
                    nonASCII = true
                    inSuperscript = false
                case .superscript(let plain):
                    if !inSuperscript { put(UInt8(ascii: "^")) }
                    put(plain)
                    changed = true
                    inSuperscript = true
                }
            }
            return count
        }
        return (text, changed, nonASCII)
    }

    /// What the protective pass does with one non-ASCII scalar.
    private enum Protection {
        case keep, remove
        /// Replace with one ASCII character.
        case ascii(UInt8)
        /// Replace with ASCII letters (a ligature).
        case letters(StaticString)
        /// Replace with another scalar of two UTF-8 bytes.
        case twoBytes(UInt8, UInt8)
        /// Part of a superscript run: `^` (once per run) and this ASCII character.
        case superscript(UInt8)
    }

    private static func protection(_ scalar: UInt32) -> Protection {
        switch scalar {
        case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return .ascii(UInt8(ascii: " "))
        case 0x00AD, 0x200B, 0x200C, 0x2060, 0xFEFF: return .remove
        case 0x2010...0x2012, 0x2212, 0xFE63: return .ascii(UInt8(ascii: "-"))
        case 0x00B5: return .twoBytes(0xCE, 0xBC)  // micro sign → Greek mu U+03BC
        case 0x02DA: return .twoBytes(0xC2, 0xB0)  // ring above → degree sign U+00B0
        case 0xFB00: return .letters("ff")
        case 0xFB01: return .letters("fi")
        case 0xFB02: return .letters("fl")
        case 0xFB03: return .letters("ffi")
        case 0xFB04: return .letters("ffl")
        case 0xFB05, 0xFB06: return .letters("st")
        case 0xFF01...0xFF5E: return .ascii(UInt8(scalar - 0xFEE0))
        case 0x2080...0x208E: return .ascii(signOrDigit(scalar - 0x2080))
        case 0x2070, 0x2074...0x207E: return .superscript(signOrDigit(scalar - 0x2070))
        case 0x00B9: return .superscript(UInt8(ascii: "1"))
        case 0x00B2: return .superscript(UInt8(ascii: "2"))
        case 0x00B3: return .superscript(UInt8(ascii: "3"))
        case 0x2071: return .superscript(UInt8(ascii: "i"))
        case 0x207F: return .superscript(UInt8(ascii: "n"))
        default: return .keep
        }
    }

    /// The shared layout of the superscript (U+2070…) and subscript (U+2080…) rows: digits 0–9, then `+ - = ( )`.
    private static func signOrDigit(_ offset: UInt32) -> UInt8 {
        offset < 10 ? UInt8(ascii: "0") + UInt8(offset) : Array("+-=()".utf8)[Int(offset) - 10]
    }

    /// Whether a zero-width joiner sits inside an emoji sequence (`👩‍🔬`, `❤️‍🔥`), where it is kept.
    private static func joinsEmoji(_ before: UInt32, _ after: UInt32) -> Bool {
        guard before >= 0x80, after >= 0x80, let b = Unicode.Scalar(before), let a = Unicode.Scalar(after) else { return false }
        return (b.properties.isEmoji || before == 0xFE0F) && a.properties.isEmoji
    }
}
