/// Unicode normalization forms.
public enum NormalizationForm: String, Sendable, CaseIterable, Codable {
    /// Canonical composition: keeps compatibility characters, so chemistry such as `SO₄²⁻` is kept.
    case nfc = "NFC"
    /// Compatibility composition: folds ligatures and full-width forms, but on its own also turns
    /// `SO₄²⁻` into `SO42−`; `ScienceTextCleaner` protects chemistry first (`SO4^2-`).
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
        if isASCII(text) { return text }
        guard let out = try icu.normalized(Transcoding.utf16(text), form: form) else { return text }
        return Transcoding.string(out)
    }
}

/// Whether the text is all ASCII, read from its UTF-8 bytes.
func isASCII(_ text: String) -> Bool {
    var copy = text
    return copy.withUTF8 { bytes in !bytes.contains { $0 >= 0x80 } }
}
