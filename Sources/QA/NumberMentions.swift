import Foundation

/// The numbers a text states, as values, so that differently written equal numbers compare equal.
///
/// Read: integers and decimals (`42`, `0.50`, `.5`), thousands groups (`1,000`, `1 000` with a thin
/// or no-break space: a comma followed by exactly three digits groups, any other comma separates),
/// scientific notation (`1.2×10^5`, `1.2 x 10^-3`, `1.2 × 10⁵`, `3e-4`, `10^5`, `10⁻³`), and each end of
/// a range (`5–10`, `5-10` read as 5 and 10). Signs are ignored (a dash before a number is as often a
/// range or a hyphen as a minus: `−5`, `-5` and `5` are one value). Units and `%` after a number do
/// not change it (`50%`, `5 nm`, `5nm`).
///
/// Not numbers: digits inside a word or formula (`Fe2O3`, `Li0.5CoO2`, `S1`), a coefficient glued
/// to a capital (`3SiO2`, `Ti-6Al-4V`), exponents of units (`cm^-1`, `m^2`), superscript and
/// subscript digits outside scientific notation.
enum NumberMentions {
    /// The values of the numbers in `text`, in order.
    static func values(in text: String) -> [Double] {
        let s = Array(text.unicodeScalars)
        var out: [Double] = []
        var i = 0
        while i < s.count {
            guard isASCIIDigit(s[i]) || (s[i] == "." && i + 1 < s.count && isASCIIDigit(s[i + 1]) && (i == 0 || !isWordLike(s[i - 1]))) else {
                i += 1
                continue
            }
            // Digits inside a word or formula, or an exponent of a unit: skip the whole digit run.
            if i > 0, isWordLike(s[i - 1]) || isExponentMarker(s, before: i) {
                i = skipNumberRun(s, i)
                continue
            }
            var j = i
            var literal = ""
            // Integer part, with thousands groups.
            while j < s.count, isASCIIDigit(s[j]) {
                literal.unicodeScalars.append(s[j]); j += 1
                if j < s.count, isGroupSeparator(s[j]), threeDigitsFollow(s, j + 1) {
                    j += 1
                }
            }
            // Fraction.
            if j + 1 < s.count, s[j] == ".", isASCIIDigit(s[j + 1]) {
                literal += "."
                j += 1
                while j < s.count, isASCIIDigit(s[j]) { literal.unicodeScalars.append(s[j]); j += 1 }
            }
            if literal.hasPrefix(".") { literal = "0" + literal }
            // A coefficient glued to a capital starts a formula (`3SiO2`, `6Al`).
            if j < s.count, s[j].properties.isUppercase {
                i = skipNumberRun(s, j)
                continue
            }
            var value = Double(literal) ?? 0
            var exponent: Int?
            if literal == "10", let (e, end) = bareExponent(s, j) {
                value = 1
                exponent = e
                j = end
            } else if let (e, end) = scientificExponent(s, j) {
                exponent = e
                j = end
            }
            if let exponent { value *= pow(10, Double(exponent)) }
            out.append(value)
            i = j
        }
        return out
    }

    /// Whether two values are the same number (relative tolerance 1e-9).
    static func same(_ a: Double, _ b: Double) -> Bool {
        if a == b { return true }
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    }

    // MARK: - Scanning

    private static func isASCIIDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }

    /// A letter, a digit of another script or a combining mark: what glues digits into a word.
    private static func isWordLike(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic || s.properties.generalCategory == .nonspacingMark || (s.properties.numericType != nil && !isASCIIDigit(s))
    }

    private static func isGroupSeparator(_ s: Unicode.Scalar) -> Bool {
        s == "," || s == "\u{2009}" || s == "\u{202F}" || s == "\u{00A0}"
    }

    /// Exactly three ASCII digits at `k`, not followed by another digit.
    private static func threeDigitsFollow(_ s: [Unicode.Scalar], _ k: Int) -> Bool {
        guard k + 3 <= s.count, (k..<(k + 3)).allSatisfy({ isASCIIDigit(s[$0]) }) else { return false }
        return k + 3 == s.count || !isASCIIDigit(s[k + 3])
    }

    /// Whether `^` (optionally with a sign or an opening parenthesis) comes right before `i`.
    private static func isExponentMarker(_ s: [Unicode.Scalar], before i: Int) -> Bool {
        var k = i - 1
        if k >= 0, isSign(s[k]) || s[k] == "(" { k -= 1 }
        if k >= 0, isSign(s[k]) || s[k] == "(" { k -= 1 }
        return k >= 0 && s[k] == "^"
    }

    private static func isSign(_ s: Unicode.Scalar) -> Bool { s == "-" || s == "+" || s == "\u{2212}" || s == "\u{2013}" }

    /// Past the digits, dots and commas of a run that is not a number of its own.
    private static func skipNumberRun(_ s: [Unicode.Scalar], _ i: Int) -> Int {
        var j = i
        while j < s.count, isASCIIDigit(s[j]) || ((s[j] == "." || s[j] == ",") && j + 1 < s.count && isASCIIDigit(s[j + 1])) { j += 1 }
        return max(j, i + 1)
    }

    private static let superscriptDigits: [Unicode.Scalar: Int] = [
        "⁰": 0, "¹": 1, "²": 2, "³": 3, "⁴": 4, "⁵": 5, "⁶": 6, "⁷": 7, "⁸": 8, "⁹": 9,
    ]

    /// An exponent written right after `10`: `^5`, `^-3`, `^(−3)`, `⁵`, `⁻³`. Returns it and the end.
    private static func bareExponent(_ s: [Unicode.Scalar], _ j: Int) -> (Int, Int)? {
        guard j < s.count else { return nil }
        if s[j] == "^" {
            var k = j + 1
            let paren = k < s.count && s[k] == "("
            if paren { k += 1 }
            var negative = false
            if k < s.count, isSign(s[k]) { negative = s[k] != "+"; k += 1 }
            let start = k
            var e = 0
            while k < s.count, isASCIIDigit(s[k]), k - start < 4 { e = e * 10 + Int(s[k].value - 48); k += 1 }
            guard k > start else { return nil }
            if paren, k < s.count, s[k] == ")" { k += 1 }
            return (negative ? -e : e, k)
        }
        var k = j
        var negative = false
        if s[k] == "⁻" || s[k] == "⁺" { negative = s[k] == "⁻"; k += 1 }
        let start = k
        var e = 0
        while k < s.count, let d = superscriptDigits[s[k]], k - start < 4 { e = e * 10 + d; k += 1 }
        guard k > start else { return nil }
        return (negative ? -e : e, k)
    }

    /// `×10^5`, ` x 10⁻³`, `·10^5`, `e-4`, `E+05` after a mantissa. Returns the exponent and the end.
    private static func scientificExponent(_ s: [Unicode.Scalar], _ j: Int) -> (Int, Int)? {
        guard j < s.count else { return nil }
        // `e-4`, `E+05`: an e directly after the digits, then digits.
        if s[j] == "e" || s[j] == "E" {
            var k = j + 1
            var negative = false
            if k < s.count, isSign(s[k]) { negative = s[k] != "+"; k += 1 }
            let start = k
            var e = 0
            while k < s.count, isASCIIDigit(s[k]), k - start < 4 { e = e * 10 + Int(s[k].value - 48); k += 1 }
            guard k > start, k == s.count || !isWordLike(s[k]) else { return nil }
            return (negative ? -e : e, k)
        }
        var k = j
        while k < s.count, s[k] == " " || s[k] == "\u{2009}" || s[k] == "\u{202F}" || s[k] == "\u{00A0}" { k += 1 }
        guard k < s.count, ["×", "x", "X", "*", "·", "⋅", "∙"].contains(s[k]) else { return nil }
        k += 1
        while k < s.count, s[k] == " " || s[k] == "\u{2009}" || s[k] == "\u{202F}" || s[k] == "\u{00A0}" { k += 1 }
        guard k + 1 < s.count, s[k] == "1", s[k + 1] == "0" else { return nil }
        return bareExponent(s, k + 2)
    }
}
