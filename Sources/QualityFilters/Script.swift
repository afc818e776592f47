/// Writing systems the language detector counts letters in. A text whose letters are mostly in one
/// of the non-Latin scripts gets that script's language directly; Latin-script text is told apart by
/// function words.
enum Script: Int, CaseIterable, Sendable {
    case latin, greek, cyrillic, arabic, hebrew, devanagari, thai, hangul, kana, han, other

    /// The language a text in this script is taken to be, or nil for Latin (function words decide)
    /// and `other`. Cyrillic is taken as Russian and Han as Chinese (Japanese when kana are present).
    var language: String? {
        switch self {
        case .latin, .other: return nil
        case .greek: return "el"
        case .cyrillic: return "ru"
        case .arabic: return "ar"
        case .hebrew: return "he"
        case .devanagari: return "hi"
        case .thai: return "th"
        case .hangul: return "ko"
        case .kana: return "ja"
        case .han: return "zh"
        }
    }

    /// The script of a letter.
    @inline(__always) static func of(_ v: UInt32) -> Script {
        switch v {
        case 0..<0x250, 0x1E00..<0x1F00: return .latin
        case 0x370..<0x400, 0x1F00..<0x2000: return .greek
        case 0x400..<0x530: return .cyrillic
        case 0x590..<0x600: return .hebrew
        case 0x600..<0x700, 0x750..<0x780: return .arabic
        case 0x900..<0x980: return .devanagari
        case 0xE00..<0xE80: return .thai
        case 0x1100..<0x1200, 0x3130..<0x3190, 0xAC00..<0xD7B0: return .hangul
        case 0x3040..<0x3100: return .kana
        case 0x3400..<0x4DC0, 0x4E00..<0xA000: return .han
        default: return .other
        }
    }
}
