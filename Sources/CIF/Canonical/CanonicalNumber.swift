/// Fixed-decimal number text for canonical output: `format(5.64023, decimals: 4)` is `5.6402`;
/// never `-0.0000`, never an exponent. Rounding is half away from zero on the decimal digits
/// of the shortest representation, so formatting is stable: a formatted number parses back
/// to a value that formats to the same text.
public enum CanonicalNumber {
    public static func format(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "?" }
        let d = max(0, min(decimals, 12))
        var scale = 1.0
        for _ in 0..<d { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e15 else { return String(Int(value.rounded())) }
        let n = Int(scaled)
        if n == 0 { return d == 0 ? "0" : "0." + String(repeating: "0", count: d) }
        var digits = String(n)
        if d > 0 {
            if digits.count <= d { digits = String(repeating: "0", count: d - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -d))
        }
        return (value < 0 ? "-" : "") + digits
    }

    /// `format` without trailing zeros after the point (`1.000000` → `1`, `0.500000` → `0.5`).
    public static func compact(_ value: Double, decimals: Int) -> String {
        var text = format(value, decimals: decimals)
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// The value `format` writes, as a number.
    public static func rounded(_ value: Double, decimals: Int) -> Double {
        var scale = 1.0
        for _ in 0..<max(0, min(decimals, 12)) { scale *= 10 }
        let r = (abs(value) * scale).rounded(.toNearestOrAwayFromZero) / scale
        return value < 0 && r != 0 ? -r : r
    }
}
