import Foundation
import Testing
import _CorpusTestSupport
@testable import Tokenizers

/// The LLaMA-2 model and the dev vectors from `../shared/tokenizers`, loaded once.
private enum LLaMA2 {
    struct Vector: Sendable {
        let text: String
        let ids: [Int]
        let pieces: [String]
        let source: String
    }

    static let modelPath: String? = Fixtures.shared?.appendingPathComponent("tokenizers/llama2-tokenizer.model").path

    static let encoder: SentencePieceEncoder? = modelPath.flatMap { try? SentencePieceEncoder(contentsOf: $0) }

    static let vectors: [Vector] = {
        guard let url = Fixtures.shared?.appendingPathComponent("tokenizers/vectors-dev.jsonl"),
              let data = try? Data(contentsOf: url) else { return [] }
        // The module's JSON reader: Foundation's drops a U+FEFF at the start of a string value.
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            guard let object = try? JSONReader.parse(Array(line)), let text = object["text"]?.string,
                  let ids = object["llama2_ids"]?.array, let pieces = object["llama2_pieces"]?.array else { return nil }
            return Vector(text: text, ids: ids.compactMap { $0.integer.map(Int.init) }, pieces: pieces.compactMap(\.string),
                          source: object["source"]?.string ?? "")
        }
    }()
}

/// Random text over an alphabet that exercises spaces, `▁`, digits, known and unknown scalars, combining
/// marks and astral characters.
private func randomText(_ rng: inout SeededGenerator, maxLength: Int) -> String {
    let alphabet: [String] = [
        " ", " ", " ", " ", "  ", "\u{2581}", "\n", "\t", "\r\n", "e", "t", "a", "o", "n", "s", "h", "r", "i",
        "th", "the", "ing", "ion", "er", "es", "T", "A", "Fe", "O", "2", "3", "0", "9", ".", ",", "-", "(", ")",
        "<s>", "</s>", "é", "e\u{301}", "\u{212B}", "\u{00C5}", "µ", "μ", "°", "±", "₂", "⁻¹", "中", "文", "한",
        "\u{1F600}", "\u{1F469}\u{200D}\u{1F52C}", "ﬁ", "\u{0}", "\u{7F}", "\u{FEFF}", "\u{3000}", "\u{A0}",
        "\u{10FFFF}", "給", "ア", "ß", "Ω", "ω", "Δ", "€",
    ]
    let count = Int(rng.next() % UInt64(maxLength + 1))
    var s = ""
    for _ in 0..<count { s += alphabet[Int(rng.next() % UInt64(alphabet.count))] }
    return s
}

@Suite struct SentencePieceLLaMA2Tests {
    @Test func loadsTheModel() throws {
        guard let path = LLaMA2.modelPath else { print(Fixtures.sharedMissing); return }
        let encoder = try SentencePieceEncoder(contentsOf: path)
        #expect(encoder.vocabularySize == 32000)
        #expect(encoder.bosID == 1)
        #expect(encoder.eosID == 2)
        #expect(encoder.piece(0) == "<unk>")
        #expect(encoder.piece(3) == "<0x00>")
        #expect(encoder.piece(29871) == "\u{2581}")
        #expect(encoder.piece(32000) == nil)
        // The property that lets encoding cut before word-initial `▁` holds for this vocabulary.
        #expect(encoder.vocabulary.wordStartsAreBoundaries)
        #expect(!encoder.vocabulary.hasUnused)
        #expect(encoder.vocabulary.userDefined.isEmpty)
        let loaded = try TokenizerLoader.load(path)
        #expect(loaded.encode("Hello world") == encoder.encode("Hello world"))
    }

    @Test func idsAreIdenticalToSentencepieceOnEveryDevVector() throws {
        guard let encoder = LLaMA2.encoder else { print(Fixtures.sharedMissing); return }
        let vectors = LLaMA2.vectors
        #expect(vectors.count == 287)
        var identical = 0
        for vector in vectors {
            let ids = encoder.encode(vector.text)
            if ids == vector.ids { identical += 1 }
            #expect(ids == vector.ids, "\(vector.source): \(vector.text.debugDescription)")
            #expect(ids.map { encoder.piece($0) ?? "?" } == vector.pieces, "\(vector.source)")
            // BOS/EOS are the caller's: the identities the vectors were checked against.
            #expect([encoder.bosID!] + ids == [1] + vector.ids)
        }
        print("SentencePiece LLaMA-2: \(identical)/\(vectors.count) dev vectors identical")
        #expect(identical == vectors.count)
    }

    @Test func decodeOfEncodeGivesTheTextBack() throws {
        guard let encoder = LLaMA2.encoder else { print(Fixtures.sharedMissing); return }
        for vector in LLaMA2.vectors {
            // A literal `▁` cannot be told from a space: it reads back as one.
            let expected = Array(vector.text.replacingOccurrences(of: "\u{2581}", with: " ").utf8)
            #expect(Array(encoder.decode(encoder.encode(vector.text)).utf8) == expected, "\(vector.source)")
            #expect(Array(encoder.decode(vector.ids).utf8) == expected, "\(vector.source)")
        }
    }

    @Test func fastPathEqualsTheReferenceTwinOnVectorsAndRandomText() throws {
        guard let encoder = LLaMA2.encoder else { print(Fixtures.sharedMissing); return }
        let reference = SentencePieceReference(vocabulary: encoder.vocabulary)
        let strategies: [SentencePieceEncoder.Strategy] = [
            .automatic,
            .init(splitAtWordStarts: false, scanLimit: 0),  // whole text, heap
            .init(splitAtWordStarts: false, scanLimit: .max),  // whole text, rescanning
            .init(splitAtWordStarts: true, scanLimit: 0),  // cut, heap
        ]
        for vector in LLaMA2.vectors {
            let expected = reference.encode(vector.text)
            #expect(expected == vector.ids, "reference twin: \(vector.source)")
            for strategy in strategies {
                #expect(encoder.encode(vector.text, strategy: strategy) == expected, "\(vector.source) \(strategy)")
            }
        }
        var rng = SeededGenerator(seed: 0x5EED_11A2)
        var checked = 0
        for round in 0..<600 {
            let text = randomText(&rng, maxLength: round < 500 ? 12 : 120)
            let expected = reference.encode(text)
            for strategy in strategies {
                let got = encoder.encode(text, strategy: strategy)
                #expect(got == expected, "\(text.debugDescription) \(strategy)")
            }
            checked += 1
        }
        #expect(checked == 600)
    }

    @Test func cuttingBeforeWordStartsEqualsMergingTheWholeText() throws {
        guard let encoder = LLaMA2.encoder else { print(Fixtures.sharedMissing); return }
        // Long texts (too slow for the O(n²) twin): every vector joined, and random text.
        let joined = LLaMA2.vectors.map(\.text).joined(separator: " ")
        var rng = SeededGenerator(seed: 77)
        var texts = [joined, String(repeating: " ", count: 5000), String(repeating: "\u{2581}a ", count: 3000)]
        for _ in 0..<20 { texts.append(randomText(&rng, maxLength: 2000)) }
        for text in texts {
            let whole = encoder.encode(text, strategy: .init(splitAtWordStarts: false, scanLimit: 0))
            #expect(encoder.encode(text) == whole)
            #expect(encoder.encode(text, strategy: .init(splitAtWordStarts: true, scanLimit: 0)) == whole)
        }
    }

    @Test func rulesFromTheReadme() throws {
        guard let encoder = LLaMA2.encoder else { print(Fixtures.sharedMissing); return }
        #expect(encoder.encode("") == [])
        #expect(encoder.encode(" leading space") == [29871, 8236, 2913])
        #expect(encoder.encode("\n") == [29871, 13])
        #expect(encoder.encode(" ") == [259])
        #expect(encoder.encode("  ") == [1678])
        #expect(encoder.encode(String(repeating: " ", count: 100)) == [462, 462, 462, 462, 462, 462, 418])
        #expect(encoder.encode("\t").last == 12)
        #expect(encoder.encode("\u{0B}").last == 14)
        #expect(encoder.encode("ﬂ") == [29871, 242, 175, 133])
        // Special-token text is plain text.
        #expect(encoder.encode("<s>") == [529, 29879, 29958])
        #expect(!encoder.encode("</s>").contains(2))
        #expect(!encoder.encode("<unk>").contains(0))
        #expect(encoder.encode("<0x0A>") != [29871, 13])
        // Scalars, not Characters: "\r\n" is one Character but two symbols; e + U+0301 stays two scalars.
        #expect(encoder.encode("\r\n") == [6756, 13])  // ▁\r, \n
        #expect(encoder.encode("e\u{301}") != encoder.encode("é"))
        #expect(encoder.encode("\u{212B}") != encoder.encode("\u{00C5}"))
    }

    @Test func decodingFollowsSentencepiece() throws {
        guard let encoder = LLaMA2.encoder else { print(Fixtures.sharedMissing); return }
        // Expected strings are what sentencepiece 0.2.3 `decode` gives.
        #expect(encoder.decode([1, 29871, 8236]) == " leading")
        #expect(encoder.decode([29871, 8236, 2913]) == " leading space")
        #expect(encoder.decode([35, 100]) == " a")
        #expect(encoder.decode([0]) == " \u{2047} ")
        #expect(encoder.decode([242, 175]) == "\u{FFFD}\u{FFFD}")
        #expect(encoder.decode([242, 175, 100]) == "\u{FFFD}\u{FFFD}a")
        #expect(encoder.decode([242, 35]) == "\u{FFFD} ")
        #expect(encoder.decode([35, 35]) == "  ")
        #expect(encoder.decode([200, 200, 200, 29871]) == "\u{FFFD}\u{FFFD}\u{FFFD} ")
        #expect(encoder.decode([1, 2]) == "")
        #expect(encoder.decode([]) == "")
        #expect(encoder.decode([-1, 32000, 921]) == "x")
        #expect(encoder.decode([29871, 242, 175, 133]) == "ﬂ")
    }

    @Test func longInputsStayFast() throws {
        guard let encoder = LLaMA2.encoder else { print(Fixtures.sharedMissing); return }
        // Runs without spaces go through the heap: O(n log n).
        let clock = ContinuousClock()
        for text in [String(repeating: "=", count: 200_000), String(repeating: " ", count: 200_000), String(repeating: "ab", count: 100_000)] {
            let start = clock.now
            let ids = encoder.encode(text)
            #expect(!ids.isEmpty)
            #expect(encoder.decode(ids) == text)
            #expect(clock.now - start < .seconds(20))
        }
    }
}

@Suite struct SentencePieceModelFileTests {
    @Test func truncatedModelFilesNameTheFileAndOffset() throws {
        guard let path = LLaMA2.modelPath else { print(Fixtures.sharedMissing); return }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let name = "/tmp/llama2-cut.model"
        var rng = SeededGenerator(seed: 3)
        var cuts = [0, 1, 2, 5, 17, 100, bytes.count - 1, bytes.count - 2, bytes.count - 40, bytes.count - 400]
        for _ in 0..<60 { cuts.append(Int(rng.next() % UInt64(bytes.count))) }
        var malformedSeen = 0
        for cut in cuts {
            do {
                _ = try SentencePieceEncoder(modelBytes: Array(bytes[..<cut]), path: name)
                Issue.record("a file cut at \(cut) of \(bytes.count) bytes loaded")
            } catch let error as TokenizerError {
                #expect("\(error)".contains(name))
                if case .malformed(let p, let offset, _) = error {
                    #expect(p == name)
                    #expect(offset >= 0 && offset <= cut)
                    malformedSeen += 1
                }
            }
        }
        #expect(malformedSeen == cuts.count)
        // A cut through the first piece.
        #expect {
            try SentencePieceEncoder(modelBytes: Array(bytes[..<10]), path: name)
        } throws: { error in
            guard case TokenizerError.malformed(name, let offset, let reason) = error else { return false }
            return offset == 1 && reason.contains("length")
        }
    }

    @Test func corruptBytesNeverCrash() throws {
        guard let path = LLaMA2.modelPath else { print(Fixtures.sharedMissing); return }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var rng = SeededGenerator(seed: 99)
        for _ in 0..<40 {
            var copy = bytes
            for _ in 0..<(1 + rng.next() % 8) { copy[Int(rng.next() % UInt64(copy.count))] = UInt8(truncatingIfNeeded: rng.next()) }
            if let encoder = try? SentencePieceEncoder(modelBytes: copy, path: "x") {
                _ = encoder.encode("Fe2O3 thin films at 800 °C, \u{1F600}")
            }
        }
        for _ in 0..<200 {
            let junk = (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            #expect(throws: TokenizerError.self) { try SentencePieceEncoder(modelBytes: junk, path: "junk") }
        }
    }

    @Test func missingFileIsUnreadable() {
        #expect { try SentencePieceEncoder.load(path: "/nonexistent/llama2.model") } throws: {
            guard case TokenizerError.unreadable(let p, _) = $0 else { return false }
            return p == "/nonexistent/llama2.model"
        }
    }

    @Test func refusesUnigramAndOtherUnsupportedModels() throws {
        let unigram = SyntheticModel(modelType: 1).bytes
        #expect { try SentencePieceEncoder(modelBytes: unigram, path: "uni.model") } throws: {
            guard case TokenizerError.unsupported("uni.model", let reason) = $0 else { return false }
            return reason.contains("UNIGRAM") && reason.contains("BPE")
        }
        var noTrainerSpec = SyntheticModel()
        noTrainerSpec.modelType = nil  // the proto default is UNIGRAM
        #expect(throws: TokenizerError.self) { try SentencePieceEncoder(modelBytes: noTrainerSpec.bytes, path: "x") }
        var charsmap = SyntheticModel()
        charsmap.charsmap = [1, 2, 3]
        #expect { try SentencePieceEncoder(modelBytes: charsmap.bytes, path: "x") } throws: {
            guard case TokenizerError.unsupported(_, let reason) = $0 else { return false }
            return reason.contains("identity")
        }
        var duplicate = SyntheticModel()
        duplicate.pieces.append(("ab", -9, 1))
        #expect { try SentencePieceEncoder(modelBytes: duplicate.bytes, path: "x") } throws: {
            guard case TokenizerError.malformed(_, _, let reason) = $0 else { return false }
            return reason.contains("twice")
        }
        // Canonically equivalent but different scalars are different pieces.
        var equivalent = SyntheticModel()
        equivalent.pieces.append(("\u{212B}", -9, 1))
        equivalent.pieces.append(("\u{00C5}", -10, 1))
        let encoder = try SentencePieceEncoder(modelBytes: equivalent.bytes, path: "x")
        #expect(encoder.encode("\u{212B}\u{00C5}").suffix(2) == [equivalent.pieces.count - 2, equivalent.pieces.count - 1])
    }

    @Test func wireFormatErrors() {
        // Wrong wire type for a known field, a bad tag, an overlong varint.
        for (bytes, fragment) in [([0x0D, 0, 0, 0, 0], "wire type"), ([0x00], "field number 0"), ([0x0B], "group"),
                                  ([0x48] + [UInt8](repeating: 0xFF, count: 11), "varint")] as [([UInt8], String)] {
            #expect { try SentencePieceEncoder(modelBytes: bytes, path: "w") } throws: {
                guard case TokenizerError.malformed("w", _, let reason) = $0 else { return false }
                return reason.contains(fragment)
            }
        }
    }
}

/// A small `ModelProto`, written with a test-only protobuf writer, to check options LLaMA-2 does not use.
struct SyntheticModel {
    var pieces: [(String, Float, Int)] = [("<unk>", 0, 2), ("<s>", 0, 3), ("</s>", 0, 3)]
        + (0..<256).map { (String(format: "<0x%02X>", $0), Float(0), 6) }
        + [("▁", -1, 1), ("a", -2, 1), ("b", -3, 1), ("c", -4, 1), ("ab", -5, 1), ("▁a", -6, 1), ("abc", -7, 1), ("▁ab", -8, 1)]
    var modelType: Int? = 2
    var byteFallback = true
    var addDummyPrefix = true
    var removeExtraWhitespaces = false
    var charsmap: [UInt8] = []

    static func varint(_ value: UInt64) -> [UInt8] {
        var v = value, out: [UInt8] = []
        while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        return out + [UInt8(v)]
    }
    static func tag(_ field: Int, _ wire: Int) -> [UInt8] { varint(UInt64(field << 3 | wire)) }
    static func bytesField(_ field: Int, _ payload: [UInt8]) -> [UInt8] { tag(field, 2) + varint(UInt64(payload.count)) + payload }
    static func intField(_ field: Int, _ value: Int) -> [UInt8] { tag(field, 0) + varint(UInt64(bitPattern: Int64(value))) }

    var bytes: [UInt8] {
        var out: [UInt8] = []
        for (text, score, type) in pieces {
            var piece = Self.bytesField(1, Array(text.utf8))
            let bits = score.bitPattern
            piece += Self.tag(2, 5) + [UInt8(bits & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 24)]
            if type != 1 { piece += Self.intField(3, type) }
            out += Self.bytesField(1, piece)
        }
        var trainer: [UInt8] = []
        if let modelType { trainer += Self.intField(3, modelType) }
        if byteFallback { trainer += Self.intField(35, 1) }
        trainer += Self.intField(43, -1)  // pad_id = -1: a 10-byte varint
        if modelType != nil { out += Self.bytesField(2, trainer) }
        var normalizer = Self.bytesField(1, Array("identity".utf8))
        if !charsmap.isEmpty { normalizer += Self.bytesField(2, charsmap) }
        normalizer += Self.intField(3, addDummyPrefix ? 1 : 0) + Self.intField(4, removeExtraWhitespaces ? 1 : 0)
        out += Self.bytesField(3, normalizer)
        return out
    }

    func id(_ text: String) -> Int { pieces.firstIndex { Array($0.0.utf8) == Array(text.utf8) }! }
}

@Suite struct SentencePieceSyntheticModelTests {
    @Test func mergesByScoreThenLeftmost() throws {
        let model = SyntheticModel()
        let encoder = try SentencePieceEncoder(modelBytes: model.bytes, path: "s")
        // ▁abc: "▁a"(-6) vs "ab"(-5): ab first, then ▁+ab = ▁ab(-8), abc(-7) wins over ▁ab? pairs after ab:
        // (▁,ab)→▁ab -8, (ab,c)→abc -7: abc; then (▁,abc) is not a piece.
        #expect(encoder.encode("abc") == [model.id("▁"), model.id("abc")])
        #expect(encoder.encode("ab") == [model.id("▁ab")])
        #expect(encoder.encode("d") == [model.id("▁"), 3 + 0x64])
        let reference = SentencePieceReference(vocabulary: encoder.vocabulary)
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<300 {
            let letters: [Character] = ["a", "b", "c", " ", "d", "\u{2581}"]
            let text = String((0..<Int(rng.next() % 14)).map { _ in letters[Int(rng.next() % 6)] })
            #expect(encoder.encode(text) == reference.encode(text), "\(text.debugDescription)")
            #expect(encoder.encode(text, strategy: .init(splitAtWordStarts: false, scanLimit: 0)) == reference.encode(text))
        }
    }

    @Test func withoutByteFallbackUnknownRunsBecomeOneUnk() throws {
        var model = SyntheticModel()
        model.byteFallback = false
        model.pieces.removeAll { $0.2 == 6 }
        let encoder = try SentencePieceEncoder(modelBytes: model.bytes, path: "s")
        #expect(encoder.encode("xyz") == [model.id("▁"), 0])
        #expect(encoder.encode("axyb") == [model.id("▁a"), 0, model.id("b")])
        #expect(encoder.decode(encoder.encode("axyb")) == "a \u{2047} b")
        let reference = SentencePieceReference(vocabulary: encoder.vocabulary)
        #expect(reference.encode("axyb") == encoder.encode("axyb"))
    }

    @Test func removeExtraWhitespacesAndNoDummyPrefix() throws {
        var model = SyntheticModel()
        model.removeExtraWhitespaces = true
        let encoder = try SentencePieceEncoder(modelBytes: model.bytes, path: "s")
        let reference = SentencePieceReference(vocabulary: encoder.vocabulary)
        #expect(encoder.encode("   ") == [])
        #expect(encoder.encode("  a   b  ") == [model.id("▁a"), model.id("▁"), model.id("b")])
        for text in ["  a   b  ", "a", " ", "a▁", "▁ ▁", "ab  c"] { #expect(encoder.encode(text) == reference.encode(text), "\(text)") }
        model.removeExtraWhitespaces = false
        model.addDummyPrefix = false
        let noPrefix = try SentencePieceEncoder(modelBytes: model.bytes, path: "s")
        #expect(noPrefix.encode("ab") == [model.id("ab")])
        #expect(noPrefix.decode([model.id("▁ab")]) == " ab")
        #expect(noPrefix.encode("a b") == SentencePieceReference(vocabulary: noPrefix.vocabulary).encode("a b"))
    }

    @Test func userDefinedPiecesAreMatchedFirstAndNeverMerged() throws {
        var model = SyntheticModel()
        model.pieces.append(("bc", -100, 4))
        let encoder = try SentencePieceEncoder(modelBytes: model.bytes, path: "s")
        // "abc": the matcher takes "bc" whole before merging, so "ab" and "abc" cannot form.
        #expect(encoder.encode("abc") == [model.id("▁a"), model.id("bc")])
        let reference = SentencePieceReference(vocabulary: encoder.vocabulary)
        for text in ["abc", "bcbc", "a bc", "abcabc"] { #expect(encoder.encode(text) == reference.encode(text), "\(text)") }
    }

    @Test func vocabulariesOver65536SymbolsUseWideKeys() throws {
        var model = SyntheticModel()
        // 70,000 single-scalar filler pieces, then pieces that merge across the 16-bit boundary.
        model.pieces += (0..<70_000).map { (String(Unicode.Scalar(0x20000 + $0)!), Float(-20 - $0 % 1000), 1) }
        let high = String(Unicode.Scalar(0x20000 + 69_999)!)
        model.pieces += [("a" + high, -9, 1), (high + "b", -10, 1), ("\u{2581}" + high, -11, 1)]
        let encoder = try SentencePieceEncoder(modelBytes: model.bytes, path: "wide")
        #expect(encoder.vocabulary.tables.pairShift == 32)
        #expect(encoder.encode(high + "b") == [model.id("\u{2581}"), model.id(high + "b")])  // -10 beats -11
        #expect(encoder.encode("a" + high + "b") == [model.id("\u{2581}a"), model.id(high + "b")])
        let reference = SentencePieceReference(vocabulary: encoder.vocabulary)
        for text in ["a\(high)b", "\(high)\(high)a", "ab\(high) a"] { #expect(encoder.encode(text) == reference.encode(text)) }
    }

    @Test func unusedPiecesAreSplitBack() throws {
        var model = SyntheticModel()
        model.pieces[model.id("ab")].2 = 5  // UNUSED: it may merge, then is split back into a, b
        let encoder = try SentencePieceEncoder(modelBytes: model.bytes, path: "s")
        #expect(encoder.vocabulary.hasUnused)
        #expect(encoder.encode("abc") == [model.id("▁"), model.id("abc")])
        // "▁ab": merges ab (UNUSED), then ▁+ab → ▁ab (normal).
        #expect(encoder.encode("ab") == [model.id("▁ab")])
        // "cab": ▁c? not a piece; ab merges and stays last: split back into a, b.
        #expect(encoder.encode("cab") == [model.id("▁"), model.id("c"), model.id("a"), model.id("b")])
    }
}
