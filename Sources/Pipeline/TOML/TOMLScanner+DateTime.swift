/// TOML's date-times (RFC 3339 with TOML's relaxations): offset date-times, local date-times, local
/// dates and local times. They are checked here and kept as their source text.
extension TOMLScanner {
    /// Whether `token` starts with exactly the shape `YYYY-MM-DD`.
    static func isDateShaped(_ token: ArraySlice<Unicode.Scalar>) -> Bool {
        let t = Array(token.prefix(10))
        guard t.count == 10 else { return false }
        return t.indices.allSatisfy { i in i == 4 || i == 7 ? t[i] == "-" : isDigit(t[i]) }
    }

    /// Whether `token` starts like a date: four digits and a dash.
    static func startsLikeDate(_ token: [Unicode.Scalar]) -> Bool {
        token.count >= 5 && token[0..<4].allSatisfy { isDigit($0) } && token[4] == "-"
    }

    /// Checks a date-time token and returns its text.
    ///
    /// Accepted: `YYYY-MM-DD`, `HH:MM:SS[.fraction]`, and `YYYY-MM-DD(T|t| )HH:MM:SS[.fraction]`
    /// optionally followed by `Z`, `z` or `±HH:MM`. Months, days (leap years included), hours, minutes
    /// and seconds are range-checked.
    func checkDateTime(_ token: [Unicode.Scalar], at start: SourcePosition) throws(TOMLError) -> String {
        let text = String(String.UnicodeScalarView(token))
        func fail(_ message: String, _ offset: Int) -> TOMLError {
            error(message, at: SourcePosition(file: start.file, line: start.line, column: start.column + offset))
        }
        func number(_ offset: Int, _ count: Int) -> Int? {
            guard offset + count <= token.count else { return nil }
            var value = 0
            for c in token[offset..<(offset + count)] {
                guard Self.isDigit(c) else { return nil }
                value = value * 10 + Int(c.value - 0x30)
            }
            return value
        }
        func checkTime(_ offset: Int) throws(TOMLError) -> Int {
            guard let hour = number(offset, 2), token.count > offset + 2, token[offset + 2] == ":",
                  let minute = number(offset + 3, 2) else {
                throw fail("invalid time in '\(text)': expected HH:MM:SS", offset)
            }
            guard token.count > offset + 5, token[offset + 5] == ":", let second = number(offset + 6, 2) else {
                throw fail("invalid time in '\(text)': expected HH:MM:SS (seconds are required)", offset)
            }
            if hour > 23 { throw fail("invalid time in '\(text)': hour \(hour) is out of range 00-23", offset) }
            if minute > 59 { throw fail("invalid time in '\(text)': minute \(minute) is out of range 00-59", offset + 3) }
            if second > 59 { throw fail("invalid time in '\(text)': second \(second) is out of range 00-59", offset + 6) }
            var end = offset + 8
            if end < token.count, token[end] == "." {
                end += 1
                let digitsStart = end
                while end < token.count, Self.isDigit(token[end]) { end += 1 }
                if end == digitsStart { throw fail("invalid time in '\(text)': expected digits after '.'", end) }
            }
            return end
        }

        var end: Int
        if Self.startsLikeDate(token) {
            guard let year = number(0, 4), let month = number(5, 2), token.count > 7, token[7] == "-", let day = number(8, 2) else {
                throw fail("invalid date '\(text)': expected YYYY-MM-DD", 0)
            }
            if month < 1 || month > 12 { throw fail("invalid date '\(text)': month \(month) is out of range 01-12", 5) }
            let days = Self.daysIn(month: month, year: year)
            if day < 1 || day > days {
                throw fail("invalid date '\(text)': day \(day) is out of range 01-\(days) for that month", 8)
            }
            if token.count == 10 { return text }
            guard token[10] == "T" || token[10] == "t" || token[10] == " " else {
                throw fail("invalid date-time '\(text)': expected 'T' or a space between date and time, found \(Self.describe(token[10]))", 10)
            }
            end = try checkTime(11)
            if end < token.count {
                switch token[end] {
                case "Z", "z":
                    end += 1
                case "+", "-":
                    guard let hour = number(end + 1, 2), token.count > end + 3, token[end + 3] == ":", let minute = number(end + 4, 2) else {
                        throw fail("invalid time offset in '\(text)': expected Z or ±HH:MM", end)
                    }
                    if hour > 23 { throw fail("invalid time offset in '\(text)': hour \(hour) is out of range 00-23", end + 1) }
                    if minute > 59 { throw fail("invalid time offset in '\(text)': minute \(minute) is out of range 00-59", end + 4) }
                    end += 6
                default:
                    throw fail("invalid date-time '\(text)': unexpected \(Self.describe(token[end])) (expected Z, ±HH:MM or the end of the value)", end)
                }
            }
        } else {
            end = try checkTime(0)
            if end < token.count, ["Z", "z", "+", "-"].contains(token[end]) {
                throw fail("invalid time '\(text)': a local time cannot have a time-zone offset", end)
            }
        }
        if end < token.count {
            throw fail("invalid date-time '\(text)': unexpected \(Self.describe(token[end]))", end)
        }
        return text
    }

    /// The number of days in `month` (1-12) of the proleptic Gregorian `year`.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
