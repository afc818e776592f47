import Pipeline
import Testing
import _CorpusTestSupport

/// Random, truncated and adversarial inputs: the parser must never crash, and every error and every
/// parsed position must point inside the document.
@Suite("TOML robustness")
struct TOMLFuzzTests {
    /// Checks one input: parsing either succeeds with all positions inside the text, or throws a
    /// `TOMLError` positioned inside the text (or just past the end of a line). Returns whether it parsed.
    @discardableResult
    static func check(_ text: String, file: String = "fuzz.toml") -> Bool {
        // Line lengths in Unicode scalars; split on LF scalars, since "\r\n" is one Character.
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map(\.count)
        func inside(_ p: SourcePosition, allowEnd: Bool) -> Bool {
            guard p.file == file, p.line >= 1, p.line <= lines.count else { return false }
            return p.column >= 1 && p.column <= lines[p.line - 1] + (allowEnd ? 1 : 0)
        }
        do {
            let table = try TOMLParser.parse(text, file: file)
            var bad: [SourcePosition] = []
            func visit(_ value: TOMLValue) {
                if !inside(value.position, allowEnd: false) { bad.append(value.position) }
                switch value.kind {
                case .array(let items): items.forEach(visit)
                case .table(let t): visitTable(t)
                default: break
                }
            }
            func visitTable(_ t: TOMLTable) {
                for entry in t {
                    if !inside(entry.keyPosition, allowEnd: false) { bad.append(entry.keyPosition) }
                    visit(entry.value)
                }
            }
            visitTable(table)
            #expect(bad.isEmpty, "positions outside the document \(bad) in \(String(reflecting: text))")
            return true
        } catch {
            #expect(inside(error.position, allowEnd: true), "\(error) is outside \(String(reflecting: text))")
            #expect(!error.message.isEmpty)
            return false
        }
    }

    @Test("every prefix of every valid document is handled")
    func truncations() {
        var parsed = 0
        var rejected = 0
        for (_, text) in TOMLValidDocuments.all {
            let scalars = Array(text.unicodeScalars)
            for end in 0...scalars.count {
                if Self.check(String(String.UnicodeScalarView(scalars[..<end]))) { parsed += 1 } else { rejected += 1 }
            }
        }
        // Truncation must make some documents invalid, and leave others valid.
        #expect(parsed > 100)
        #expect(rejected > 1000)
    }

    @Test("random edits of valid documents are handled")
    func randomEdits() {
        var rng = SeededGenerator(seed: 0x70_4D4C)
        let pieces: [String] = [
            "[", "]", "{", "}", "=", ".", ",", "\"", "'", "#", "\n", "\r\n", "\r", " ", "\t", "\\", "_", "-", "+", ":",
            "0", "1", "9", "e", "x", "o", "b", "T", "Z", "z", "inf", "nan", "\"\"\"", "'''", "[[", "]]", "\u{0}",
            "\u{7F}", "\u{1}", "é", "🙂", "\u{FEFF}", "\\u", "\\U0010FFFF", "\\uD800", "0x", "1979-05-27", "07:32:00",
            "= 1\n", "a.b", "[a]\n", "[[a]]\n", "a = {", "9223372036854775808",
        ]
        let documents = TOMLValidDocuments.all.map { Array($0.text.unicodeScalars) }
        var parsed = 0
        for _ in 0..<4000 {
            var doc = documents[Int.random(in: 0..<documents.count, using: &rng)]
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let at = Int.random(in: 0...doc.count, using: &rng)
                let piece = Array(pieces[Int.random(in: 0..<pieces.count, using: &rng)].unicodeScalars)
                switch Int.random(in: 0..<5, using: &rng) {
                case 0: doc.insert(contentsOf: piece, at: at)
                case 1: if at < doc.count { doc.remove(at: at) }
                case 2: if at < doc.count { doc.replaceSubrange(at...at, with: piece) }
                case 3:
                    let other = Int.random(in: 0...doc.count, using: &rng)
                    doc.removeSubrange(min(at, other)..<max(at, other))
                default:
                    // Duplicate a stretch, which tends to create redefinitions.
                    let end = min(doc.count, at + Int.random(in: 1...40, using: &rng))
                    doc.insert(contentsOf: Array(doc[at..<end]), at: Int.random(in: 0...doc.count, using: &rng))
                }
            }
            if Self.check(String(String.UnicodeScalarView(doc))) { parsed += 1 }
        }
        #expect(parsed > 100)
    }

    @Test("random byte strings through the UTF-8 entry point are handled")
    func randomBytes() {
        var rng = SeededGenerator(seed: 42)
        let alphabet = Array("ab=[]{}\"'.,#\n \\1-:".utf8) + [0xC3, 0xA9, 0xFF, 0xE2, 0x80, 0x0D]
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0...40, using: &rng)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
            do {
                _ = try TOMLParser.parse(utf8: bytes, file: "bytes.toml")
            } catch {
                #expect(error.file == "bytes.toml")
                #expect(error.line >= 1 && error.column >= 1)
            }
        }
    }

    @Test("deep nesting and huge inputs fail cleanly instead of exhausting the stack")
    func adversarial() throws {
        let n = 50_000
        let inputs = [
            "a = " + String(repeating: "[", count: n),
            "a = " + String(repeating: "[", count: n) + String(repeating: "]", count: n),
            "a = " + String(repeating: "{b = ", count: n),
            "a = " + String(repeating: "[{b = ", count: n),
            "[" + Array(repeating: "a", count: n).joined(separator: ".") + "]",
            "[[" + Array(repeating: "a", count: n).joined(separator: ".") + "]]",
            Array(repeating: "a", count: n).joined(separator: ".") + " = 1",
            String(repeating: "[", count: n),
        ]
        for input in inputs {
            #expect(throws: TOMLError.self) { try TOMLParser.parse(input, file: "deep.toml") }
            Self.check(input, file: "deep.toml")
        }
        // Just inside the limit still parses.
        let depth = TOMLParser.maximumNestingDepth - 1
        let deepest = "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(throws: Never.self) { try TOMLParser.parse(deepest, file: "deep.toml") }
        // Long flat input is fine.
        let long = (0..<5000).map { "k\($0) = \"\(String(repeating: "x", count: 20))\"" }.joined(separator: "\n")
        #expect(try TOMLParser.parse(long, file: "long.toml").count == 5000)
    }
}
