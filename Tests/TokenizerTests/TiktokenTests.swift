import Foundation
import Testing
import _CorpusTestSupport
@testable import Tokenizers

/// The shared LLaMA-3 ranks file and reference vectors, loaded once.
enum Llama3Fixture {
    struct Vector: Sendable {
        var text: String
        var ids: [Int]
        var category: String
    }

    static let encoder: TiktokenEncoder? = {
        guard let shared = Fixtures.shared else { return nil }
        return try? TiktokenEncoder(path: shared.appendingPathComponent("tokenizers/llama3-tokenizer.tiktoken").path)
    }()

    static let vectors: [Vector] = {
        guard let shared = Fixtures.shared,
              let data = try? Data(contentsOf: shared.appendingPathComponent("tokenizers/vectors-dev.jsonl")) else { return [] }
        // Our own JSON reader: Foundation's drops a leading U+FEFF inside a string.
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            guard let object = try? JSONReader.parse(Array(line)), let text = object["text"]?.string,
                  let ids = object["llama3_ids"]?.array?.compactMap({ $0.integer.map(Int.init) }) else { return nil }
            return Vector(text: text, ids: ids, category: object["category"]?.string ?? "")
        }
    }()

    /// Real paragraphs from `fixtures/text/`, at most `limit` bytes in all, in a fixed order.
    static func fixtureTexts(limit: Int) -> [String] {
        guard let shared = Fixtures.shared else { return [] }
        let root = shared.appendingPathComponent("fixtures/text")
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var files = walker.compactMap { ($0 as? URL)?.path }.filter { $0.hasSuffix(".txt") }
        files.sort()
        var texts: [String] = [], total = 0
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            texts.append(text)
            total += data.count
            if total >= limit { break }
        }
        return texts
    }
}

@Suite struct TiktokenTests {
    @Test func idsMatchTiktokenOnEveryDevVector() throws {
        guard let encoder = Llama3Fixture.encoder else { print("TiktokenTests: \(Fixtures.sharedMissing)"); return }
        let vectors = Llama3Fixture.vectors
        #expect(vectors.count == 287)
        var same = 0
        for v in vectors {
            let got = encoder.encode(v.text)
            if got == v.ids { same += 1 } else {
                Issue.record("\(v.category) \(v.text.debugDescription.prefix(80)): want \(v.ids.prefix(16)) got \(got.prefix(16))")
            }
        }
        print("TiktokenTests: \(same)/\(vectors.count) LLaMA-3 dev vectors identical")
        #expect(same == vectors.count)
    }

    @Test func decodeInvertsEncode() throws {
        guard let encoder = Llama3Fixture.encoder else { return }
        for v in Llama3Fixture.vectors {
            #expect(Array(encoder.decode(encoder.encode(v.text)).utf8) == Array(v.text.utf8), "\(v.text.debugDescription.prefix(60))")
        }
        for text in ["", "\r\n", "e\u{301}", "\u{1F469}\u{200D}\u{1F52C}", "a\u{0B}b\u{85}c\u{2028}d", String(repeating: "\u{10FFFF}", count: 70)] {
            #expect(Array(encoder.decode(encoder.encode(text)).utf8) == Array(text.utf8))
        }
        // A partial multi-byte token decodes to U+FFFD rather than failing.
        let ids = encoder.encode("μ")
        #expect(encoder.decode(ids) == "μ")
    }

    @Test func llama3VocabularyAndSpecialTokens() throws {
        guard let encoder = Llama3Fixture.encoder else { return }
        #expect(encoder.vocabularySize == 128_256)
        #expect(encoder.bosID == 128_000)
        #expect(encoder.eosID == 128_001)
        #expect(encoder.decode([128_000]) == "<|begin_of_text|>")
        #expect(encoder.decode([128_009]) == "<|eot_id|>")
        #expect(encoder.decode([128_255]) == "<|reserved_special_token_250|>")
        // Special-token text in a document is plain text.
        #expect(encoder.encode("<|begin_of_text|>") == [27, 91, 7413, 3659, 4424, 91, 29])
        for name in TiktokenEncoder.llama3SpecialTokens {
            #expect(encoder.encode(name).allSatisfy { $0 < 128_000 }, "\(name)")
        }
        #expect(encoder.encode("1234567890") == [4513, 10961, 16474, 15])
        #expect(encoder.encode(" sahiptir") == [115_757])  // whole-piece token that merging cannot reach
    }

    @Test func metaCutsRunsLongerThan25000Characters() throws {
        guard let encoder = Llama3Fixture.encoder else { return }
        let a = String(repeating: "a", count: 25_000), b = String(repeating: "a", count: 5_000)
        #expect(encoder.encode(a + b) == encoder.encode(a) + encoder.encode(b))
        let spaces = String(repeating: " ", count: 25_001) + "x"
        #expect(encoder.encode(spaces) == encoder.encode(String(repeating: " ", count: 25_000)) + encoder.encode(" x"))
        // The guard's cut points themselves, on a small configuration.
        let guardSmall = LongRunGuard(maxSliceCharacters: 10, maxRunCharacters: 3)
        var text = "aaaa  bé\u{1C}\u{1C}xyzw"
        let cuts = text.withUTF8 { buffer in guardSmall.pieces(buffer).map { String(decoding: UnsafeBufferPointer(rebasing: buffer[$0]), as: UTF8.self) } }
        // Python: _split_whitespaces_or_nonwhitespaces over 10-character slices, run limit 3.
        #expect(cuts == ["aaa", "a  bé\u{1C}\u{1C}", "xyz", "w"])
    }

    @Test func longPiecesMergeLikeShortOnes() throws {
        guard let encoder = Llama3Fixture.encoder else { return }
        var generator = SeededGenerator(seed: 7)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzéΩ的")
        for length in [65, 100, 300, 1_000] {
            let word = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            var short = BytePairMerger.Scratch(), long = BytePairMerger.Scratch()
            for b in word.utf8 { short.symbols.append(encoder.model.byteIDs[Int(b)]) }
            long.symbols = short.symbols
            encoder.model.merger.mergeShort(&short)
            encoder.model.merger.mergeLong(&long)
            #expect(short.symbols == long.symbols, "length \(length)")
            #expect(encoder.decode(long.symbols.map(Int.init)) == word)
        }
    }

    @Test func malformedRanksFilesAreRefusedWithFileAndOffset() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bytes = (0..<256).map { "\(Data([UInt8($0)]).base64EncodedString()) \($0)" }
        func check(_ lines: [String], _ offsetLine: Int?, _ message: String) throws {
            let path = dir.appendingPathComponent("bad-\(message.prefix(12).filter(\.isLetter)).tiktoken").path
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
            do {
                _ = try TiktokenEncoder(path: path)
                Issue.record("accepted: \(message)")
            } catch let error as TokenizerError {
                guard case .malformed(let p, let offset, let reason) = error else { Issue.record("\(error)"); return }
                #expect(p == path)
                if let offsetLine {
                    let expected = lines.prefix(offsetLine).reduce(0) { $0 + $1.utf8.count + 1 }
                    #expect(offset == expected, "\(message): \(error)")
                }
                #expect(reason.contains(message), "\(error)")
                #expect("\(error)".contains(path) && "\(error)".contains("at byte"))
            }
        }
        try check(bytes + ["aGk= 256", "aGk 257"], 257, "invalid base64")
        try check(bytes + ["aGk=256"], 256, "no space")
        try check(bytes + ["aGk= 25x"], nil, "not a decimal")
        try check(bytes + ["aGk= 256", "aGk= 257"], 257, "earlier line")
        try check(bytes + ["aGk= 255"], 256, "rank 255 appears")
        try check(Array(bytes.dropFirst()), nil, "0x00 has no rank")
        try check(bytes + [" 256"], 256, "empty token")
        // A well-formed small file loads, with no special tokens.
        let good = dir.appendingPathComponent("good.tiktoken").path
        try Data((bytes + ["aGk= 256"]).joined(separator: "\r\n").utf8).write(to: URL(fileURLWithPath: good))
        let small = try TiktokenEncoder(path: good)
        #expect(small.vocabularySize == 257 && small.bosID == nil)
        #expect(small.encode("hi hi") == [256, 32, 256])
        let unix = dir.appendingPathComponent("unix.tiktoken").path
        try Data((bytes + ["aGk= 256"]).joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: unix))
        #expect(try TokenizerLoader.load(unix).encode("hi") == [256])
    }
}

/// Runs `scripts/tokenizers/tiktoken_parity.py`, which encodes every `fixtures/text/` file (and a few
/// pathological inputs where Meta's cutting matters) with tiktoken itself, and compares ids. Skips
/// with a message when python3 or the `tiktoken` package is missing.
@Suite struct TiktokenParityScriptTests {
    @Test func idsMatchTiktokenOnAllFixtureText() throws {
        guard let shared = Fixtures.shared, let encoder = Llama3Fixture.encoder else { print("TiktokenParityScriptTests: \(Fixtures.sharedMissing)"); return }
        guard let python = PythonPeer.python3() else { print("TiktokenParityScriptTests: skipped: no python3 on PATH"); return }
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("llama3.jsonl")
        let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/tokenizers/tiktoken_parity.py")
        let result = try CommandRunner.run([script.path, "--shared", shared.path, "--out", out.path], executable: URL(fileURLWithPath: python))
        if result.status == 3 { print("TiktokenParityScriptTests: skipped: \(result.stdout)"); return }
        try #require(result.status == 0, "tiktoken_parity.py exited \(result.status): \(result.stdout)\(result.stderr)")
        var same = 0, total = 0, bytes = 0
        for line in try Data(contentsOf: out).split(separator: UInt8(ascii: "\n")) {
            let object = try JSONReader.parse(Array(line))
            let text = try #require(object["text"]?.string)
            let want = try #require(object["ids"]?.array).compactMap { $0.integer.map(Int.init) }
            total += 1
            bytes += text.utf8.count
            let got = encoder.encode(text)
            if got == want { same += 1 } else {
                let i = zip(got, want).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset ?? min(got.count, want.count)
                Issue.record("\(object["source"]?.string ?? "?"): first difference at id \(i): want \(want.dropFirst(i).prefix(8)) got \(got.dropFirst(i).prefix(8))")
            }
        }
        print("TiktokenParityScriptTests: \(same)/\(total) texts (\(bytes) bytes) identical to tiktoken")
        #expect(total > 0 && same == total)
    }
}

enum PythonPeer {
    static func python3() -> String? {
        let env = ProcessInfo.processInfo.environment
        for dir in (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/python3"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}
