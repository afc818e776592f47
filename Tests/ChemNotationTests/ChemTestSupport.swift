@testable import ChemNotation
import Foundation
import _CorpusTestSupport

/// Test material for the annotator tests: the oracle cases and the materials fixture texts under
/// `../shared`, and helpers for scalar offsets and the annotator's sentence.
enum ChemFixtures {
    /// One line of `chem/cases-dev.jsonl`.
    struct Case {
        var id: String
        var input: String
        var context: String
        var kind: String
        /// nil for the cases that must not get a canonical.
        var canonical: String?
    }

    /// The dev cases, or nil (with the reason printed) when `../shared` or the file is absent.
    static func devCases() throws -> [Case]? {
        guard let shared = Fixtures.shared else {
            print(Fixtures.sharedMissing)
            return nil
        }
        let url = shared.appendingPathComponent("chem/cases-dev.jsonl")
        guard let data = try? Data(contentsOf: url) else {
            print("\(url.path) is absent: skipping")
            return nil
        }
        var cases: [Case] = []
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let o = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let id = o["id"] as? String, let input = o["input"] as? String, let context = o["context"] as? String,
                  let kind = o["kind"] as? String else { throw CocoaError(.fileReadCorruptFile) }
            cases.append(Case(id: id, input: input, context: context, kind: kind, canonical: o["canonical"] as? String))
        }
        return cases
    }

    /// The `.txt` files under `fixtures/text/materials` in path order, whole files until `byteLimit`
    /// bytes are taken; nil (with the reason printed) when `../shared` is absent.
    static func materialTexts(byteLimit: Int = 2_000_000) -> [(name: String, text: String)]? {
        guard let shared = Fixtures.shared else {
            print(Fixtures.sharedMissing)
            return nil
        }
        let root = shared.appendingPathComponent("fixtures/text/materials")
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            print("\(root.path) is absent: skipping")
            return nil
        }
        var paths: [URL] = []
        for case let url as URL in walker where url.pathExtension == "txt" { paths.append(url) }
        guard !paths.isEmpty else {
            print("no .txt files under \(root.path): skipping")
            return nil
        }
        paths.sort { $0.path < $1.path }
        var out: [(String, String)] = []
        var total = 0
        for url in paths {
            guard let data = try? Data(contentsOf: url) else { continue }
            if total + data.count > byteLimit { continue }
            total += data.count
            out.append((String(url.path.dropFirst(root.path.count + 1)), String(decoding: data, as: UTF8.self)))
        }
        return out
    }

    /// The scalar offsets of `range` in `text`.
    static func scalarRange(_ text: String, _ range: Range<String.Index>) -> Range<Int> {
        let s = text.unicodeScalars
        let a = s.distance(from: s.startIndex, to: range.lowerBound)
        return a..<(a + s.distance(from: range.lowerBound, to: range.upperBound))
    }

    /// The scalar offsets of the first case-insensitive occurrence of `needle` in `text`.
    static func find(_ needle: String, in text: String) -> Range<Int>? {
        text.range(of: needle, options: .caseInsensitive).map { scalarRange(text, $0) }
    }

    /// Runs `body` over the UTF-8 bytes of `text`.
    static func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var t = text
        t.makeContiguousUTF8()
        return t.utf8.withContiguousStorageIfAvailable(body)!
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[s..<e]), as: UTF8.self)
    }

    /// The sentence the annotator gives the span `s..<e` (bytes), and where the span sits in it, as the
    /// annotator's `context` builds them.
    static func sentence(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> (sentence: String, mention: Range<String.Index>, bytes: (Int, Int)) {
        let (a, z) = ChemAnnotator().sentenceBounds(bytes, s, e)
        let sentence = string(bytes, a, z)
        let lower = sentence.index(sentence.startIndex, offsetBy: string(bytes, a, s).count)
        let upper = sentence.index(lower, offsetBy: string(bytes, s, e).count)
        return (sentence, lower..<upper, (a, z))
    }

    /// The byte offset of scalar offset `scalar` in `bytes`.
    static func byteOffset(_ bytes: UnsafeBufferPointer<UInt8>, scalar: Int) -> Int {
        var n = 0
        var k = 0
        while k < bytes.count {
            if bytes[k] & 0xC0 != 0x80 {
                if n == scalar { return k }
                n += 1
            }
            k += 1
        }
        return bytes.count
    }
}

extension ChemMention {
    /// `'text' → canonical (kind)`, for failure messages.
    var summary: String { "'\(text)' [\(start),\(end)) → \(reading.canonical ?? "nil") (\(reading.kind))" }
}
