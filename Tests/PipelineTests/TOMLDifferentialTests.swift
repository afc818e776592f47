import Pipeline
import Testing
import _CorpusTestSupport

/// Generated documents, valid and invalid, must get the same verdict from our parser and from Python's
/// `tomllib`, and the same values when both accept them.
@Suite("TOML differential testing against tomllib",
       .enabled(if: TOMLReference.isAvailable, "python3 with tomllib is absent: skipping the comparison with the reference parser"))
struct TOMLDifferentialTests {
    /// Random documents of headers, arrays of tables, dotted keys, inline tables and arrays over the
    /// keys `a`, `b`, `c`: they collide often, exercising every redefinition rule.
    static func structuralDocument(_ rng: inout SeededGenerator) -> String {
        func key() -> String {
            (0..<Int.random(in: 1...3, using: &rng)).map { _ in ["a", "b", "c"].randomElement(using: &rng) ?? "a" }.joined(separator: ".")
        }
        func value(_ depth: Int) -> String {
            switch Int.random(in: 0..<(depth < 2 ? 6 : 3), using: &rng) {
            case 0: return "1"
            case 1: return "\"s\""
            case 2: return "true"
            case 3: return "[" + (0..<Int.random(in: 0...2, using: &rng)).map { _ in value(depth + 1) }.joined(separator: ", ") + "]"
            case 4: return "{" + (0..<Int.random(in: 0...2, using: &rng)).map { _ in "\(key()) = \(value(depth + 1))" }.joined(separator: ", ") + "}"
            default: return "[{\(key()) = 1}]"
            }
        }
        return (0..<Int.random(in: 1...7, using: &rng)).map { _ in
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: return "[\(key())]"
            case 1: return "[[\(key())]]"
            default: return "\(key()) = \(value(0))"
            }
        }.joined(separator: "\n") + "\n"
    }

    /// `a = <value>` where the value is glued together from fragments of numbers, date-times and strings.
    static func lexicalDocument(_ rng: inout SeededGenerator) -> String {
        let numberPieces = ["0", "1", "7", "9", "_", "+", "-", ".", "e", "E", "x", "o", "b", "i", "n", "f", "a", "T", ":", "Z", " ",
                            "0x", "0o", "0b", "inf", "nan", "1979-05-27", "07:32:00", ".5", "e+", "-07:00", "2024-02-29", "00"]
        let stringPieces = ["a", "\"", "'", "\\", " ", "\t", "\n", "#", "\\u", "\\U", "00e9", "0001F600", "D800", "\"\"\"", "'''",
                            "\\n", "\\\n", "\r\n", "\u{1}", "\u{7F}", "é", "\\t", "\\ "]
        func glue(_ pieces: [String], _ count: ClosedRange<Int>) -> String {
            (0..<Int.random(in: count, using: &rng)).map { _ in pieces.randomElement(using: &rng) ?? "" }.joined()
        }
        func token() -> String {
            if Bool.random(using: &rng) { return glue(numberPieces, 1...5) }
            let quote = ["\"", "'", "\"\"\"", "'''"].randomElement(using: &rng) ?? "\""
            return quote + glue(stringPieces, 0...6) + quote
        }
        var value = token()
        if Int.random(in: 0..<4, using: &rng) == 0 { value = "[\(value), \(token())]" }
        return "a = \(value)\nb = 1\n"
    }

    static func compare(_ documents: [String]) throws -> (accepted: Int, rejected: Int) {
        var bytes: [String: [UInt8]] = [:]
        for (n, text) in documents.enumerated() { bytes["\(n).toml"] = Array(text.utf8) }
        let reference = try TOMLReference.run(bytes)
        var accepted = 0
        var rejected = 0
        for (n, text) in documents.enumerated() {
            let expected = try #require(reference["\(n).toml"])
            let ours: Result<TOMLTable, TOMLError> = Result { () throws(TOMLError) in try TOMLParser.parse(text, file: "\(n).toml") }
            switch (ours, expected) {
            case (.success(let table), .parsed(let value)):
                accepted += 1
                #expect(PlainTOML(table) == value, "values differ for \(String(reflecting: text))")
            case (.failure, .rejected):
                rejected += 1
            case (.failure(let error), .parsed) where error.message.hasPrefix("integer overflow"):
                rejected += 1 // tomllib allows integers beyond 64 bits; TOML requires rejecting them.
            case (.failure(let error), .parsed(let value)):
                Issue.record("rejected \(String(reflecting: text)) with \(error); tomllib reads \(value)")
            case (.success(let table), .rejected(let message)):
                Issue.record("accepted \(String(reflecting: text)) as \(PlainTOML(table)); tomllib says \(message)")
            }
        }
        return (accepted, rejected)
    }

    @Test("table structure: headers, arrays of tables, dotted keys and inline tables")
    func structure() throws {
        var rng = SeededGenerator(seed: 20_240_601)
        let documents = (0..<1500).map { _ in Self.structuralDocument(&rng) }
        let (accepted, rejected) = try Self.compare(documents)
        #expect(accepted > 300 && rejected > 300, "accepted \(accepted), rejected \(rejected)")
    }

    @Test("values: numbers, date-times and strings")
    func values() throws {
        var rng = SeededGenerator(seed: 1_979_052_7)
        let documents = (0..<1500).map { _ in Self.lexicalDocument(&rng) }
        let (accepted, rejected) = try Self.compare(documents)
        #expect(accepted > 150 && rejected > 300, "accepted \(accepted), rejected \(rejected)")
    }
}
