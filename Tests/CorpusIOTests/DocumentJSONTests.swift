import Foundation
import Testing
import CorpusCore
import _CorpusTestSupport
@testable import CorpusIO

@Suite struct DocumentJSONEncodingTests {
    func encoded(_ d: Document) -> String { String(decoding: DocumentJSON.encode(d), as: UTF8.self) }

    @Test func writesKeysInOrderAndOmitsNils() {
        var m = Metadata(doi: "10.1/x", year: 2021, authors: ["A. B", "C"])
        m.extra["zeta"] = .int(1)
        m.extra["alpha"] = .array([.bool(true), .null, .double(0.5)])
        let d = Document(id: "paper-1", text: "Hi", source: .paper, metadata: m,
                         provenance: Provenance(file: "in/a.xml", byteStart: 0, line: 3))
        #expect(encoded(d) == #"{"id":"paper-1","text":"Hi","source":"paper","metadata":{"doi":"10.1/x","year":2021,"authors":["A. B","C"],"alpha":[true,null,0.5],"zeta":1},"provenance":{"file":"in/a.xml","byte_start":0,"line":3}}"#)
    }

    @Test func alwaysWritesMetadataEvenWhenEmpty() {
        let d = Document(id: "", text: "", source: "", provenance: Provenance(file: ""))
        #expect(encoded(d) == #"{"id":"","text":"","source":"","metadata":{},"provenance":{"file":""}}"#)
    }

    @Test func escapesPerRFC8259() {
        let d = Document(id: "q\"b\\s/", text: "a\nb\tc\rd\u{8}e\u{C}f\u{0}g\u{1F}h\u{7F}é😀\u{2028}",
                         source: "x", provenance: Provenance(file: "f"))
        let s = encoded(d)
        #expect(s.contains(#""id":"q\"b\\s/""#))
        #expect(s.contains(#""text":"a\nb\tc\rd\be\ff\u0000g\u001fh"# + "\u{7F}é😀\u{2028}\""))
        // No raw control characters anywhere.
        #expect(!DocumentJSON.encode(d).contains { $0 < 0x20 })
    }

    @Test func escapingFindsSpecialBytesAtEveryAlignment() {
        // The scanner reads eight bytes at a time: put each special byte at every position.
        for special in ["\"", "\\", "\n", "\u{0}", "\u{1F}"] {
            for position in 0..<20 {
                let text = String(repeating: "x", count: position) + special + String(repeating: "é", count: 9)
                let d = Document(id: "i", text: text, source: "s", provenance: Provenance(file: ""))
                let bytes = DocumentJSON.encode(d)
                #expect((try? DocumentJSON.decode(bytes))?.text == text, "\(position)")
            }
        }
        // Bytes 0x80...0xFF must never look special (the SWAR borrow trick).
        let high = String(decoding: (0..<64).flatMap { _ in [0xC3, 0xA0, 0xE2, 0x82, 0xAC] as [UInt8] }, as: UTF8.self)
        var out: [UInt8] = []
        JSONEmitter.appendString(high, to: &out)
        #expect(out == [0x22] + Array(high.utf8) + [0x22])
    }

    @Test func typedFieldWinsOverExtraOfSameName() throws {
        var m = Metadata(title: "typed")
        m.extra["title"] = .string("extra")
        let d = Document(id: "1", text: "t", source: "s", metadata: m, provenance: Provenance(file: ""))
        let s = encoded(d)
        #expect(s.components(separatedBy: "\"title\"").count == 2)
        #expect(try DocumentJSON.decode(s).metadata.title == "typed")
    }

    @Test func outputParsesWithJSONSerializationToTheSameValues() throws {
        var g = IOSeededGenerator(seed: 42)
        for _ in 0..<300 {
            let d = IORandomText.foundationSafe.document(&g)
            let bytes = DocumentJSON.encode(d)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            #expect(object["id"] as? String == d.id)
            #expect(object["text"] as? String == d.text)
            #expect(object["source"] as? String == d.source.rawValue)
            let meta = try #require(object["metadata"] as? [String: Any])
            #expect(meta["title"] as? String == d.metadata.title)
            #expect(meta["doi"] as? String == d.metadata.doi)
            #expect((meta["year"] as? NSNumber)?.intValue == d.metadata.year)
            #expect(meta["authors"] as? [String] == d.metadata.authors)
            #expect(Set(meta.keys) == Set(Metadata.knownKeys.filter { d.metadata[$0] != nil } + d.metadata.extra.keys))
            let prov = try #require(object["provenance"] as? [String: Any])
            #expect(prov["file"] as? String == d.provenance.file)
            #expect(prov["member"] as? String == d.provenance.member)
            #expect((prov["byte_start"] as? NSNumber)?.int64Value == d.provenance.byteStart)
            #expect((prov["line"] as? NSNumber)?.intValue == d.provenance.line)
        }
    }
}

@Suite struct DocumentJSONDecodingTests {
    @Test func roundTripsArbitraryDocuments() throws {
        var g = IOSeededGenerator(seed: 7)
        for k in 0..<2000 {
            let d = IORandomText.standard.document(&g)
            let back = try DocumentJSON.decode(DocumentJSON.encode(d))
            #expect(back == d, "document \(k)")
            if back != d { break }
        }
    }

    @Test func readsForeignShapes() throws {
        let line = #"  {"text":"T","id":7,"added":"2024-01-01","attributes":{"lang":[[0,1,0.9]]},"doi":"10.9/z","metadata":{"year":1999,"title":null}}  "#
        let d = try DocumentJSON.decode(line)
        #expect(d.text == "T")
        #expect(d.id == "7")
        #expect(d.source == "")
        #expect(d.provenance == Provenance(file: ""))
        #expect(d.metadata.year == 1999)
        #expect(d.metadata.title == nil)
        #expect(d.metadata.doi == "10.9/z")
        #expect(d.metadata.extra["added"] == .string("2024-01-01"))
        #expect(d.metadata.extra["attributes"] == .object(["lang": .array([.array([.int(0), .int(1), .double(0.9)])])]))
        // The metadata object wins over a top-level key of the same name.
        let both = try DocumentJSON.decode(#"{"year":1,"text":"","metadata":{"year":2}}"#)
        #expect(both.metadata.year == 2)
        #expect(both.metadata.extra.isEmpty)
    }

    @Test func keepsMistypedKnownFieldsAsExtra() throws {
        let d = try DocumentJSON.decode(#"{"text":"","metadata":{"year":"1999","authors":["a",1],"doi":null,"x":null}}"#)
        #expect(d.metadata.year == nil)
        #expect(d.metadata.extra["year"] == .string("1999"))
        #expect(d.metadata.extra["authors"] == .array([.string("a"), .int(1)]))
        #expect(d.metadata.extra["x"] == .null)
        #expect(d.metadata.doi == nil && d.metadata.extra["doi"] == .null)
        #expect(try DocumentJSON.decode(DocumentJSON.encode(d)) == d)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let d = try DocumentJSON.decode(#"{"text":"\ud83d\ude00 \u00e9\u4e2D\"\\\/\b\f\n\r\t\u0000","id":"\u0041"}"#)
        #expect(d.text == "😀 é中\"\\/\u{8}\u{C}\n\r\t\u{0}")
        #expect(d.id == "A")
        let keyEscaped = try DocumentJSON.decode(#"{"t\u0065xt":"yes"}"#)
        #expect(keyEscaped.text == "yes")
    }

    struct BadLine: Sendable, CustomTestStringConvertible {
        let json: String
        let offset: Int
        let reason: String
        var testDescription: String { json }
    }

    static let badLines: [BadLine] = [
        BadLine(json: #"{"text" "x"}"#, offset: 8, reason: "expected ':' after object key"),
        BadLine(json: #"{"text":"abc"#, offset: 8, reason: "unterminated string"),
        BadLine(json: #"{"text":"a\u12G4"}"#, offset: 10, reason: "invalid \\u escape"),
        BadLine(json: #"{"text":"a\ud83d"}"#, offset: 10, reason: "invalid \\u escape: unpaired surrogate"),
        BadLine(json: #"{"text":"a\ude00\ud83d"}"#, offset: 10, reason: "invalid \\u escape: unpaired surrogate"),
        BadLine(json: #"{"text":"a\x"}"#, offset: 10, reason: "invalid escape"),
        BadLine(json: "{\"text\":\"a\tb\"}", offset: 10, reason: "unescaped control character in string"),
        BadLine(json: #"{"text":"x",}"#, offset: 12, reason: "expected string key in object"),
        BadLine(json: #"{"text":"x"} x"#, offset: 13, reason: "unexpected data after JSON value"),
        BadLine(json: #"{"text":"x" "id":"y"}"#, offset: 12, reason: "expected ',' or '}' in object"),
        BadLine(json: #"{"id":"x"}"#, offset: 0, reason: "missing \"text\""),
        BadLine(json: #"{"text":5}"#, offset: 8, reason: "\"text\" must be a string"),
        BadLine(json: #"{"text":"x","a":[1,2}"#, offset: 20, reason: "expected ',' or ']' in array"),
        BadLine(json: #"{"text":"x","a":01}"#, offset: 17, reason: "expected ',' or '}' in object"),
        BadLine(json: #"{"text":"x","a":-}"#, offset: 16, reason: "invalid number"),
        BadLine(json: #"{"text":"x","a":1.}"#, offset: 18, reason: "invalid number: digit expected after '.'"),
        BadLine(json: #"{"text":"x","a":tru}"#, offset: 16, reason: "invalid literal"),
        BadLine(json: #"["text"]"#, offset: 0, reason: "expected '{' at the start of a document"),
        BadLine(json: "", offset: 0, reason: "expected '{' at the start of a document"),
    ]

    @Test(arguments: badLines)
    func reportsErrorsWithOffsets(_ bad: BadLine) {
        do {
            let d = try DocumentJSON.decode(bad.json)
            Issue.record("parsed \(d)")
        } catch {
            #expect(error.reason == bad.reason)
            #expect(error.offset == bad.offset)
        }
    }

    @Test func rejectsInvalidUTF8WithItsOffset() {
        let cases: [[UInt8]] = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0x80]]
        for bad in cases {
            for escaped in [false, true] {
                let prefix = Array((escaped ? #"{"id":"1","text":"ab\nc"# : #"{"id":"1","text":"abc"#).utf8)
                let line = prefix + bad + Array("z\"}".utf8)
                do {
                    _ = try DocumentJSON.decode(line)
                    Issue.record("accepted \(bad)")
                } catch {
                    #expect(error.isInvalidUTF8)
                    #expect(error.offset == prefix.count, "\(bad) escaped: \(escaped)")
                }
            }
        }
        // Valid multi-byte sequences and U+10FFFF pass.
        #expect((try? DocumentJSON.decode(Array(#"{"text":""#.utf8) + [0xF4, 0x8F, 0xBF, 0xBF, 0x22, 0x7D])) != nil)
    }

    @Test func rejectsDeepNesting() {
        let deep = #"{"text":"x","a":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        #expect(throws: JSONParseError.self) { try DocumentJSON.decode(deep) }
        let fine = #"{"text":"x","a":"# + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}"
        #expect((try? DocumentJSON.decode(fine)) != nil)
    }

    @Test(.enabled(if: IOTools.hasPython))
    func agreesWithPythonJSON() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("check.py").path
        // Python writes tricky documents both ASCII-escaped and raw; we decode and re-encode them;
        // Python checks that our output loads to the same objects.
        try AtomicFile.write(#"""
        import json, random, sys
        mode, path = sys.argv[1], sys.argv[2]
        random.seed(11)
        pieces = ['a', ' ', '"', '\\', '/', '\n', '\t', '\x00', '\x1f', '\x7f', 'é', '中', '\u2028', '😀', '𝔘', '\U0010ffff', '\ufeff', '{}', 'LiCoO2']
        def s(n): return ''.join(random.choice(pieces) for _ in range(random.randint(0, n)))
        def doc(i):
            return {"id": s(4), "text": s(60), "source": s(2),
                    "metadata": {"title": s(5), "year": random.randint(1900, 2030), "authors": [s(3), s(3)],
                                 "score": random.random() * 10 ** random.randint(-30, 30), "n": random.randint(-2**63, 2**63 - 1),
                                 "nested": {"k" + s(2): [None, True, False, s(3)]}},
                    "provenance": {"file": s(5), "line": i + 1, "byte_start": random.randint(0, 2**62)}}
        docs = [doc(i) for i in range(400)]
        if mode == "write":
            with open(path, "w", encoding="utf-8") as f:
                for i, d in enumerate(docs):
                    f.write(json.dumps(d, ensure_ascii=(i % 2 == 0)) + "\n")
        else:
            with open(path, encoding="utf-8") as f:
                ours = [json.loads(line) for line in f]
            assert len(ours) == len(docs), (len(ours), len(docs))
            for a, b in zip(docs, ours):
                assert a == b, (a, b)
            print("OK", len(ours))
        """#, to: script)
        let input = dir.appendingPathComponent("python.jsonl").path
        let output = dir.appendingPathComponent("ours.jsonl").path
        let written = try IOTools.shell("python3 \(IOTools.quote(script)) write \(IOTools.quote(input))")
        try #require(written.status == 0, "\(written.err)")
        let reader = JSONLDocumentReader(source: try FileByteSource(path: input))
        var out: [UInt8] = []
        var count = 0
        try reader.forEach { result in
            let record = try result.get()
            DocumentJSON.encode(record.document, into: &out)
            out.append(0x0A)
            count += 1
        }
        #expect(count == 400)
        try ioWriteFile(output, out)
        let checked = try IOTools.shell("python3 \(IOTools.quote(script)) check \(IOTools.quote(output))")
        #expect(checked.status == 0, "\(checked.err)")
        #expect(String(decoding: checked.out, as: UTF8.self) == "OK 400\n")
    }
}

@Suite struct JSONValueTests {
    @Test func parsesAndSerializesAllKinds() throws {
        let text = #" { "b" : [true, false, null, 0, -0, 12, -9223372036854775808, 9223372036854775807, 9223372036854775808, 1.5e3, -2E-2, 0.1], "a" : {"": "\u00e9\n"} } "#
        let v = try JSONValue.parse(text)
        let expected: JSONValue = .object([
            "b": .array([.bool(true), .bool(false), .null, .int(0), .int(0), .int(12), .int(.min), .int(.max),
                         .double(9223372036854775808.0), .double(1500), .double(-0.02), .double(0.1)]),
            "a": .object(["": .string("é\n")]),
        ])
        #expect(v == expected)
        #expect(v.jsonString == #"{"a":{"":"é\n"},"b":[true,false,null,0,0,12,-9223372036854775808,9223372036854775807,9.223372036854776e+18,1500.0,-0.02,0.1]}"#)
        #expect(try JSONValue.parse(v.jsonString) == v)
    }

    @Test func roundTripsRandomValues() throws {
        var g = IOSeededGenerator(seed: 99)
        for _ in 0..<1000 {
            let v = IORandomText.standard.value(&g)
            var out: [UInt8] = []
            v.serialize(into: &out)
            #expect(try JSONValue.parse(out) == v)
            // Foundation agrees that it is JSON.
            #expect((try? JSONSerialization.jsonObject(with: Data(out), options: .fragmentsAllowed)) != nil)
        }
    }

    @Test func nonFiniteDoublesBecomeNull() {
        #expect(JSONValue.array([.double(.nan), .double(.infinity)]).jsonString == "[null,null]")
    }

    @Test func rejectsMalformedTexts() {
        for bad in ["", " ", "[1,]", "{\"a\"}", "[1 2]", "\"abc", "nul", "1e", "-01x", "[\"\\uD800\"]", "{\"a\":1,}", "01"] {
            #expect(throws: JSONParseError.self, "\(bad)") { try JSONValue.parse(bad) }
        }
    }
}
