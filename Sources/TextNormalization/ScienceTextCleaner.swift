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
        var out: [UInt16] = []
        out.reserveCapacity(text.utf8.count)
        var changed = false, nonASCII = false, inSuperscript = false
        var scalars = text.unicodeScalars.makeIterator()
        var previous: Unicode.Scalar? = nil
        var next = scalars.next()
        while let scalar = next {
            next = scalars.next()
            defer { previous = scalar }
            if scalar.value < 0x80 {
                out.append(UInt16(scalar.value))
                inSuperscript = false
                continue
            }
            switch Self.protect(scalar) {
            case .keep:
                if scalar == "\u{200D}", !Self.joinsEmoji(previous, next) { changed = true; continue }
                out.append(contentsOf: scalar.utf16)
                nonASCII = true
                inSuperscript = false
            case .remove:
                changed = true
            case .ascii(let plain):
                out.append(contentsOf: plain.utf16)
                changed = true
                inSuperscript = false
            case .nonASCII(let replacement):
                out.append(contentsOf: replacement.utf16)
                changed = true
                nonASCII = true
                inSuperscript = false
            case .superscript(let plain):
                if !inSuperscript { out.append(UInt16(UInt8(ascii: "^"))) }
                out.append(UInt16(plain.value))
                changed = true
                inSuperscript = true
            }
        }
        if !nonASCII { return String(decoding: out, as: UTF16.self) }
        if let normal = try icu.normalized(out, form: form) { return String(decoding: normal, as: UTF16.self) }
        return changed ? String(decoding: out, as: UTF16.self) : text
    }

    /// What the protective pass does with one non-ASCII scalar.
    private enum Protection {
        case keep, remove
        /// Replace with one other non-ASCII scalar.
        case nonASCII(Unicode.Scalar)
        /// Replace with ASCII text.
        case ascii(String)
        /// Part of a superscript run: `^` (once per run) and this plain character.
        case superscript(Unicode.Scalar)
    }

    private static func protect(_ s: Unicode.Scalar) -> Protection {
        switch s.value {
        case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return .ascii(" ")
        case 0x00AD, 0x200B, 0x200C, 0x2060, 0xFEFF: return .remove
        case 0x2010...0x2012, 0x2212, 0xFE63: return .ascii("-")
        case 0x00B5: return .nonASCII("\u{03BC}")
        case 0x02DA: return .nonASCII("\u{00B0}")
        case 0xFB00: return .ascii("ff")
        case 0xFB01: return .ascii("fi")
        case 0xFB02: return .ascii("fl")
        case 0xFB03: return .ascii("ffi")
        case 0xFB04: return .ascii("ffl")
        case 0xFB05, 0xFB06: return .ascii("st")
        case 0xFF01...0xFF5E: return .ascii(String(Unicode.Scalar(UInt8(s.value - 0xFEE0))))
        case 0x2080...0x208E: return .ascii(String(signOrDigit(s.value - 0x2080)))
        case 0x2070, 0x2074...0x207E: return .superscript(signOrDigit(s.value - 0x2070))
        case 0x00B9: return .superscript("1")
        case 0x00B2: return .superscript("2")
        case 0x00B3: return .superscript("3")
        case 0x2071: return .superscript("i")
        case 0x207F: return .superscript("n")
        default: return .keep
        }
    }

    /// The shared layout of the superscript (U+2070…) and subscript (U+2080…) rows: digits 0–9, then `+ - = ( )`.
    private static func signOrDigit(_ offset: UInt32) -> Unicode.Scalar {
        offset < 10 ? Unicode.Scalar(UInt8(ascii: "0") + UInt8(offset)) : signs[Int(offset) - 10]
    }
    private static let signs: [Unicode.Scalar] = ["+", "-", "=", "(", ")"]

    /// Whether a zero-width joiner sits inside an emoji sequence (`👩‍🔬`, `❤️‍🔥`), where it is kept.
    private static func joinsEmoji(_ before: Unicode.Scalar?, _ after: Unicode.Scalar?) -> Bool {
        guard let before, let after, before.value >= 0x80, after.value >= 0x80 else { return false }
        return (before.properties.isEmoji || before == "\u{FE0F}") && after.properties.isEmoji
    }
}
