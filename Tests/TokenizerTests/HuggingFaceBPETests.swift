import Foundation
import Testing
import _CorpusTestSupport
@testable import Tokenizers

@Suite struct HuggingFaceBPETests {
    /// A small byte-level vocabulary: the 256 byte symbols, then a few merges.
    static func smallTokenizerJSON(merges: String, preTokenizer: String? = nil, ignoreMerges: Bool = false,
                                   extraVocab: [String] = [], normalizer: String = "null", addedTokens: String = "[]",
                                   postProcessor: String = "null") -> String {
        var vocab: [String] = []
        for b in 0..<256 { vocab.append(ByteLevelAlphabet.text(of: [UInt8(b)])) }
        vocab += ["Ġt", "he", "Ġthe", "in", "Ġin", "hello"] + extraVocab
        let vocabJSON = vocab.enumerated().map { "\(jsonString($0.element)): \($0.offset)" }.joined(separator: ", ")
        let pre = preTokenizer ?? #"{"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true}"#
        return """
        {"version": "1.0", "truncation": null, "padding": null, "added_tokens": \(addedTokens),
         "normalizer": \(normalizer), "pre_tokenizer": \(pre), "post_processor": \(postProcessor),
         "decoder": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true},
         "model": {"type": "BPE", "dropout": null, "unk_token": null, "continuing_subword_prefix": null,
                   "end_of_word_suffix": null, "fuse_unk": false, "byte_fallback": false, "ignore_merges": \(ignoreMerges),
                   "vocab": {\(vocabJSON)}, "merges": \(merges)}}
        """
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    static func load(_ json: String) throws -> HuggingFaceBPE {
        try HuggingFaceBPE(json: Array(json.utf8), path: "test/tokenizer.json")
    }

    @Test func mergesAsStringsOrPairsEncodeTheSame() throws {
        let legacy = try Self.load(Self.smallTokenizerJSON(merges: #"["Ġ t", "h e", "Ġt he", "i n", "Ġ in"]"#))
        let pairs = try Self.load(Self.smallTokenizerJSON(merges: #"[["Ġ", "t"], ["h", "e"], ["Ġt", "he"], ["i", "n"], ["Ġ", "in"]]"#))
        let text = "in the thin inn"
        // GPT-2 split: "in", " the", " thin", " inn".
        let ids = legacy.encode(text)
        #expect(ids == pairs.encode(text))
        #expect(ids == [259, 258, 256, 104, 259, 260, 110])
        #expect(legacy.decode(ids) == text)
        #expect(legacy.vocabularySize == 262)
        // "hello" is in the vocabulary but no merge builds it: merged only with ignore_merges.
        #expect(legacy.encode("hello") == [257, 108, 108, 111])  // (ids of single bytes are the byte values here)
        let whole = try Self.load(Self.smallTokenizerJSON(merges: #"["Ġ t", "h e", "Ġt he", "i n", "Ġ in"]"#, ignoreMerges: true))
        #expect(whole.encode("hello") == [261])
    }

    @Test func addedAndSpecialTokenTextIsPlainText() throws {
        let added = #"[{"id": 262, "content": "<|endoftext|>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}]"#
        let tok = try Self.load(Self.smallTokenizerJSON(merges: #"["i n"]"#, addedTokens: added))
        #expect(tok.vocabularySize == 263)
        #expect(tok.eosID == 262)
        #expect(!tok.encode("a<|endoftext|>b").contains(262))
        #expect(tok.decode(tok.encode("a<|endoftext|>b")) == "a<|endoftext|>b")
        #expect(tok.decode([262]) == "<|endoftext|>")
    }

    @Test func bosAndEosComeFromTheTemplatePostProcessor() throws {
        let added = #"[{"id": 262, "content": "<|bos|>", "special": true}, {"id": 263, "content": "<|eos|>", "special": true}]"#
        let post = #"{"type": "Sequence", "processors": [{"type": "ByteLevel"}, {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<|bos|>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "<|eos|>", "type_id": 0}}], "pair": [], "special_tokens": {"<|bos|>": {"id": "<|bos|>", "ids": [262], "tokens": ["<|bos|>"]}, "<|eos|>": {"id": "<|eos|>", "ids": [263], "tokens": ["<|eos|>"]}}}]}"#
        let tok = try Self.load(Self.smallTokenizerJSON(merges: "[]", addedTokens: added, postProcessor: post))
        #expect(tok.bosID == 262 && tok.eosID == 263)
    }

    @Test func preTokenizerSequences() throws {
        let llama3 = BytePairPattern.llama3.regex.replacingOccurrences(of: "\\", with: "\\\\")
        let seq = #"{"type": "Sequence", "pretokenizers": [{"type": "Split", "pattern": {"Regex": "\#(llama3)"}, "behavior": "Isolated", "invert": false}, {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false}]}"#
        let tok = try Self.load(Self.smallTokenizerJSON(merges: #"["Ġ t", "h e", "Ġt he"]"#, preTokenizer: seq))
        #expect(tok.steps == [.split(.llama3), .byteLevel(addPrefixSpace: false, useRegex: false)])
        #expect(tok.decode(tok.encode("IT'S the 12345")) == "IT'S the 12345")
        let digits = #"{"type": "Sequence", "pretokenizers": [{"type": "Digits", "individual_digits": true}, {"type": "ByteLevel", "add_prefix_space": true, "use_regex": true}]}"#
        let d = try Self.load(Self.smallTokenizerJSON(merges: "[]", preTokenizer: digits))
        // Each digit is its own piece, and each piece gets a leading space.
        #expect(d.encode("a12") == [32, 97, 32, 49, 32, 50])
    }

    @Test func unsupportedAndMalformedFilesAreRefused() throws {
        func refusal(_ json: String) -> TokenizerError? {
            do { _ = try Self.load(json); return nil } catch { return error as? TokenizerError }
        }
        guard case .malformed(_, let offset, let reason)? = refusal(Self.smallTokenizerJSON(merges: #"["Ġ t", "x yz"]"#)) else {
            Issue.record("a merge of unknown tokens was accepted"); return
        }
        #expect(reason.contains("not in the vocab"))
        let json = Self.smallTokenizerJSON(merges: #"["Ġ t", "x yz"]"#)
        #expect(Array(json.utf8)[offset] == UInt8(ascii: "\""))
        #expect(String(decoding: Array(json.utf8)[offset..<(offset + 6)], as: UTF8.self) == "\"x yz\"")
        guard case .malformed(_, let at, _)? = refusal("{\"model\": [1, 2,]}") else { Issue.record("bad JSON accepted"); return }
        #expect(at == 16)
        guard case .unsupported(_, let why)? = refusal(Self.smallTokenizerJSON(merges: "[]", normalizer: #"{"type": "NFC"}"#)) else {
            Issue.record("NFC accepted"); return
        }
        #expect(why.contains("NFC"))
        guard case .unsupported? = refusal(Self.smallTokenizerJSON(merges: "[]", preTokenizer: #"{"type": "Metaspace"}"#)) else {
            Issue.record("Metaspace accepted"); return
        }
        guard case .unsupported? = refusal(Self.smallTokenizerJSON(merges: "[]", preTokenizer: #"{"type": "Split", "pattern": {"Regex": "\\s+"}, "behavior": "Isolated", "invert": false}"#)) else {
            Issue.record("unknown regex accepted"); return
        }
        guard case .malformed? = refusal(Self.smallTokenizerJSON(merges: #"["a b c"]"#)) else { Issue.record("three-part merge accepted"); return }
        // Through the loader, by content.
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("tokenizer.json").path
        try Data(Self.smallTokenizerJSON(merges: #"["i n"]"#).utf8).write(to: URL(fileURLWithPath: path))
        #expect(try TokenizerLoader.load(path).encode("in") == [259])
    }

    @Test func bytesMissingFromTheVocabularyAreDroppedOrUnknownAsInTokenizers() throws {
        // Expected ids from tokenizers 0.23.3 with this vocabulary (no "x", "y").
        func make(_ unk: String, _ fuse: Bool) throws -> HuggingFaceBPE {
            try Self.load("""
            {"pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "use_regex": true},
             "model": {"type": "BPE", "unk_token": \(unk), "fuse_unk": \(fuse),
                       "vocab": {"<unk>": 0, "a": 1, "b": 2, "Ġ": 3, "ab": 4}, "merges": ["a b"]}}
            """)
        }
        #expect(try make("null", false).encode("abxyab ab") == [4, 4, 3, 4])
        #expect(try make("\"<unk>\"", false).encode("abxyab ab") == [4, 0, 0, 4, 3, 4])
        #expect(try make("\"<unk>\"", true).encode("abxyab ab") == [4, 0, 4, 3, 4])
        #expect(try make("\"<unk>\"", true).encode("xx") == [0])
    }

    @Test func invalidUTF8InTheFileIsRefusedWithItsOffset() throws {
        var bytes = Array(#"{"model": {"type": "BPE", "vocab": {"a"#.utf8)
        let at = bytes.count
        bytes += [0xC0, 0xAF] + Array(#"": 0}, "merges": []}}"#.utf8)
        do {
            _ = try HuggingFaceBPE(json: bytes, path: "x.json")
            Issue.record("accepted invalid UTF-8")
        } catch let TokenizerError.malformed(_, offset, reason) {
            #expect(offset == at && reason.contains("UTF-8"))
        }
        var valid = [UInt8]("{\"k\": \"é\u{10FFFF}\"}".utf8)
        #expect(valid.withUnsafeBufferPointer { firstInvalidUTF8($0) } == nil)
        valid = [0x61, 0xED, 0xA0, 0x80]  // a surrogate
        #expect(valid.withUnsafeBufferPointer { firstInvalidUTF8($0) } == 1)
    }

    /// Runs `scripts/tokenizers/hf_parity.py`: byte-level BPE tokenizers trained by Hugging Face
    /// `tokenizers` on half the shared fixture documents, in four pre-tokenizer shapes, and LLaMA-3 rebuilt as a tokenizer.json, with the
    /// other half and edge strings encoded by `tokenizers` itself. Skips with a message when python3
    /// or the `tokenizers` package is missing.
    @Test func idsMatchHuggingFaceTokenizersOnHeldOutFixtureText() throws {
        guard let shared = Fixtures.shared else { print("HuggingFaceBPETests: \(Fixtures.sharedMissing)"); return }
        guard let python = PythonPeer.python3() else { print("HuggingFaceBPETests: skipped: no python3 on PATH"); return }
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/tokenizers/hf_parity.py")
        let result = try CommandRunner.run([script.path, "--shared", shared.path, "--out", dir.path], executable: URL(fileURLWithPath: python))
        if result.status == 3 { print("HuggingFaceBPETests: skipped: \(result.stdout)"); return }
        try #require(result.status == 0, "hf_parity.py exited \(result.status): \(result.stdout)\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tokenizer.json") }.sorted()
        #expect(names.count == 5)
        for name in names {
            let stem = String(name.dropLast(".tokenizer.json".count))
            let tok = try HuggingFaceBPE(path: dir.appendingPathComponent(name).path)
            var same = 0, total = 0
            for line in try Data(contentsOf: dir.appendingPathComponent("\(stem).expected.jsonl")).split(separator: UInt8(ascii: "\n")) {
                let object = try JSONReader.parse(Array(line))
                let text = try #require(object["text"]?.string)
                let want = try #require(object["ids"]?.array).compactMap { $0.integer.map(Int.init) }
                total += 1
                let got = tok.encode(text)
                if got == want { same += 1 } else if total - same <= 5 {
                    let i = zip(got, want).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset ?? min(got.count, want.count)
                    Issue.record("\(stem) \(object["source"]?.string ?? "?"): first difference at id \(i): want \(want.dropFirst(i).prefix(8)) got \(got.dropFirst(i).prefix(8))")
                }
                if stem != "prefix" {  // add_prefix_space inserts spaces that decoding keeps
                    let roundTrips = tok.decode(got).utf8.elementsEqual(text.utf8)
                    #expect(roundTrips, "\(stem) \(object["source"]?.string ?? "?"): decode(encode(text)) != text")
                }
            }
            print("HuggingFaceBPETests: \(stem): \(same)/\(total) held-out texts identical to tokenizers")
            #expect(total > 0 && same == total, "\(stem)")
        }
    }
}
