import CIF

/// Numbers as answers write them: at most a few decimals, no trailing zeros, no exponent, never
/// `-0` (`4.0060` → `4.006`, `90.0` → `90`). A value read from a CIF keeps the digits it was written
/// with (less trailing zeros); nothing is added.
enum QANumberText {
    /// `value` rounded half away from zero to `maxDecimals` (0…8) and written shortest; nil when it
    /// is not finite or too large to write without an exponent.
    static func format(_ value: Double, maxDecimals: Int = 4) -> String? {
        guard value.isFinite else { return nil }
        let decimals = max(0, min(maxDecimals, 8))
        var scale: Double = 1
        for _ in 0..<decimals { scale *= 10 }
        // CanonicalNumber writes values this large as integers; an answer gives none rather than a wrong one.
        guard (abs(value) * scale).rounded(.toNearestOrAwayFromZero) < 9e15 else { return nil }
        return CanonicalNumber.compact(value, decimals: decimals)
    }

    /// `1 atomic site`, `5 atomic sites`.
    static func count(_ n: Int, _ singular: String, _ plural: String) -> String {
        "\(n) \(n == 1 ? singular : plural)"
    }

    /// `Ba`, `Ba and O`, `Ba, Ti and O`.
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}
