/// Unicode normalization forms.
public enum NormalizationForm: String, Sendable, CaseIterable, Codable {
    /// Canonical composition: the safe default for corpus text; chemistry such as `SO₄²⁻` is kept.
    case nfc = "NFC"
    /// Compatibility composition: folds ligatures and full-width forms, but also turns `SO₄²⁻`
    /// into `SO42−`; use with care on chemistry.
    case nfkc = "NFKC"
    case nfd = "NFD"
    case nfkd = "NFKD"
}

/// Errors of the normalization module.
public enum NormalizationError: Error, Sendable, CustomStringConvertible {
    case icuUnavailable(String)
    case icuFailed(code: Int)

    public var description: String {
        switch self {
        case .icuUnavailable(let why): return "ICU is unavailable: \(why)"
        case .icuFailed(let code): return "ICU normalization failed with error \(code)"
        }
    }
}

/// Normalizes text to a Unicode normalization form with ICU.
public struct UnicodeNormalizer: Sendable {
    public let form: NormalizationForm
    private let icu: ICU

    /// Fails when ICU cannot be loaded.
    public init(form: NormalizationForm) throws {
        self.form = form
        icu = try ICU.shared.get()
    }

    /// The normalized text. ASCII text is returned untouched without calling ICU.
    public func normalize(_ text: String) throws -> String {
        var ascii = true
        var copy = text
        copy.withUTF8 { bytes in
            for b in bytes where b >= 0x80 { ascii = false; break }
        }
        if ascii { return text }
        guard let out = try icu.normalized(Array(text.utf16), form: form) else { return text }
        return String(decoding: out, as: UTF16.self)
    }
}
