/// A CIF numeric value with its standard uncertainty: `5.4310(2)` is 5.4310 ± 0.0002.
///
/// CIF 1.1 numbers are `[+-]digits[.digits][(e|E)[+-]digits]` with at least one digit, optionally
/// followed by an uncertainty in parentheses that applies to the last digits written:
/// `1.23e-5(4)` is 1.23e-5 ± 4e-7.
public struct CIFNumber: Sendable, Hashable, CustomStringConvertible {
    /// The value.
    public var value: Double
    /// The standard uncertainty, when written.
    public var standardUncertainty: Double?

    /// A number from its parts.
    public init(value: Double, standardUncertainty: Double? = nil) {
        self.value = value
        self.standardUncertainty = standardUncertainty
    }

    /// `value` or `value(su)` with the uncertainty as a plain number.
    public var description: String {
        standardUncertainty.map { "\(value)±\($0)" } ?? "\(value)"
    }

    /// Parses a CIF number from text, e.g. `"-0.25"`, `"5.4310(2)"`, `"1E3"`; nil when the text is not one.
    public init?(_ text: String) {
        var text = text
        guard let number = text.withUTF8({ CIFNumber.parse($0, lenient: false) }) else { return nil }
        self = number
    }

    /// Parses bytes as a CIF number. With `lenient`, it reads like pymatgen's `str2float`:
    /// anything from the first `(` on is ignored (so `0.25(3` and `0.25(3)x` give 0.25), and a
    /// leading `+`, surrounding spaces and `inf`/`nan` are accepted as by Python's `float()`.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, lenient: Bool) -> CIFNumber? {
        var i = 0
        var n = bytes.count
        if lenient {
            if let paren = bytes.firstIndex(of: UInt8(ascii: "(")) { n = paren }
            while i < n && isSpace(bytes[i]) { i += 1 }
            while n > i && isSpace(bytes[n - 1]) { n -= 1 }
        }
        guard i < n else { return nil }
        let start = i
        var negative = false
        if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0      // digits accumulated in `mantissa`
        var dropped = 0          // integer digits that did not fit
        var decimals = 0         // digits after the point that are in `mantissa`
        var fractionDigits = 0   // all digits after the point
        var digits = 0
        var exactFraction = true
        while i < n, bytes[i] &- 48 < 10 {
            if significant < 19 {
                if mantissa != 0 || bytes[i] != 48 { significant += 1 }
                mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
            } else {
                dropped += 1
            }
            digits += 1
            i += 1
        }
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, bytes[i] &- 48 < 10 {
                if significant < 19 {
                    if mantissa != 0 || bytes[i] != 48 { significant += 1 }
                    mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
                    decimals += 1
                } else if bytes[i] != 48 {
                    exactFraction = false
                }
                fractionDigits += 1
                digits += 1
                i += 1
            }
        }
        guard digits > 0 else {
            return lenient ? special(bytes, from: start, to: n) : nil
        }
        var exponent = 0
        if i < n, bytes[i] | 0x20 == UInt8(ascii: "e") {
            var j = i + 1
            var expNegative = false
            if j < n, bytes[j] == UInt8(ascii: "-") || bytes[j] == UInt8(ascii: "+") {
                expNegative = bytes[j] == UInt8(ascii: "-")
                j += 1
            }
            guard j < n, bytes[j] &- 48 < 10 else { return nil }
            while j < n, bytes[j] &- 48 < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[j] &- 48) }
                j += 1
            }
            if expNegative { exponent = -exponent }
            i = j
        }
        var su: Double? = nil
        if i < n, bytes[i] == UInt8(ascii: "(") {
            var j = i + 1
            var u: UInt64 = 0
            var uDigits = 0
            while j < n, bytes[j] &- 48 < 10 {
                if uDigits < 18 { u = u * 10 + UInt64(bytes[j] &- 48) }
                uDigits += 1
                j += 1
            }
            guard uDigits > 0, j < n, bytes[j] == UInt8(ascii: ")") else { return nil }
            su = scaled(u, power: exponent - fractionDigits)
            i = j + 1
        }
        guard i == n else { return nil }
        let power = exponent - decimals + dropped
        var value: Double
        if exactFraction, significant <= 15, mantissa < (1 << 53), power >= -22, power <= 22 {
            value = scaled(mantissa, power: power)   // exact: both factors are exact doubles
        } else {
            // The text from `start` includes the sign.
            value = slowParse(bytes, from: start, to: su == nil ? n : (bytes[start..<n].firstIndex(of: UInt8(ascii: "(")) ?? n))
            return CIFNumber(value: value, standardUncertainty: su)
        }
        if negative { value = -value }
        return CIFNumber(value: value, standardUncertainty: su)
    }

    private static let powersOfTen: [Double] = (0...22).map { p in
        var v = 1.0
        for _ in 0..<p { v *= 10 }
        return v
    }

    private static func scaled(_ m: UInt64, power: Int) -> Double {
        let v = Double(m)
        if power >= 0 {
            if power <= 22 { return v * powersOfTen[power] }
            return v * pow10(power)
        }
        if -power <= 22 { return v / powersOfTen[-power] }
        return v / pow10(-power)
    }

    private static func pow10(_ p: Int) -> Double {
        var r = 1.0
        var base = 10.0
        var e = p
        while e > 0 {
            if e & 1 == 1 { r *= base }
            base *= base
            e >>= 1
        }
        return r
    }

    private static func slowParse(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Double {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
        return Double(text) ?? .nan
    }

    private static func special(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> CIFNumber? {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self).lowercased()
        switch text {
        case "inf", "+inf", "infinity", "+infinity": return CIFNumber(value: .infinity)
        case "-inf", "-infinity": return CIFNumber(value: -.infinity)
        case "nan", "+nan", "-nan": return CIFNumber(value: .nan)
        default: return nil
        }
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
}
