import Foundation
import GGUF
import Testing
import Tokenizers
import _CorpusTestSupport
@testable import Inference

/// The SmolLM2 model's file, vocabulary and prompt encoder, loaded once for the chat, stop and
/// prompt-encoder tests (nil when the model is not downloaded).
enum SmolLM2 {
    struct Loaded: Sendable {
        let file: GGUFFile
        let vocabulary: GGUFVocabulary
        let encoder: PromptEncoder
    }

    static let loaded: Loaded? = {
        guard let path = Fixtures.smolLM2 else { return nil }
        guard let file = try? GGUFFile(path: path), let vocabulary = try? GGUFVocabulary(file: file),
              let tokens = try? TokenizerLoader.load(path) else { return nil }
        return Loaded(file: file, vocabulary: vocabulary, encoder: PromptEncoder(encoder: tokens, vocabulary: vocabulary))
    }()

    /// `../shared/inference/NAME` parsed as a JSON object.
    static func json(_ shared: URL, _ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: shared.appendingPathComponent("inference/\(name)"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// The four reference prompts: (file stem, text, llama.cpp's ids).
    static func prompts(_ shared: URL) throws -> [(name: String, text: String, ids: [Int])] {
        try ["p1_raw", "p2_chatml_perovskite", "p3_chatml_c3s", "p4_chatml_custom_system"].map { name in
            let ref = try json(shared, "ref_\(name).json")
            let text = try String(contentsOf: shared.appendingPathComponent("inference/prompts/\(name).txt"), encoding: .utf8)
            return (name, text, ref["prompt_token_ids"] as! [Int])
        }
    }
}

@Suite struct PromptEncoderTests {
    @Test func tokenizerVectorsMatchLlamaCppWithAndWithoutSpecialParsing() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        guard let smol = SmolLM2.loaded else { print(Fixtures.smolLM2Missing); return }
        let cases = try SmolLM2.json(shared, "tokenizer-vectors.json")["cases"] as! [[String: Any]]
        #expect(cases.count >= 40)
        var withoutParsing = 0
        for c in cases {
            let text = c["text"] as! String
            let name = c["name"] as? String ?? text
            #expect(smol.encoder.encode(text) == c["ids"] as! [Int], "\(name)")
            let plain = (c["ids_no_parse_special"] ?? c["ids"]) as! [Int]
            if c["ids_no_parse_special"] != nil { withoutParsing += 1 }
            #expect(smol.encoder.encode(text, parseSpecial: false) == plain, "\(name) without special parsing")
            // Rendering every token, control ones included, gives the text back.
            #expect(smol.encoder.decode(c["ids"] as! [Int], renderSpecial: true) == text, "\(name) round trip")
        }
        #expect(withoutParsing >= 1)
    }

    @Test func referencePromptsMatchLlamaCpp() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        guard let smol = SmolLM2.loaded else { print(Fixtures.smolLM2Missing); return }
        for prompt in try SmolLM2.prompts(shared) {
            #expect(smol.encoder.encode(prompt.text) == prompt.ids, "\(prompt.name)")
        }
    }

    @Test func bosFollowsTheVocabularyOrTheCaller() throws {
        guard let smol = SmolLM2.loaded else { print(Fixtures.smolLM2Missing); return }
        #expect(!smol.encoder.addsBOS)  // add_bos_token = false
        #expect(smol.encoder.encode("Hi") == smol.encoder.encode("Hi", addBOS: false))
        #expect(smol.encoder.encode("Hi", addBOS: true) == [1] + smol.encoder.encode("Hi"))
        #expect(smol.encoder.encode("", addBOS: true) == [1])
        #expect(smol.encoder.encode("").isEmpty)
    }

    @Test func specialTokensSplitLongestFirstAndKeepNeighbouringWhitespace() throws {
        guard let smol = SmolLM2.loaded else { print(Fixtures.smolLM2Missing); return }
        let e = smol.encoder
        #expect(e.partition(" <|im_start|> x<|im_end|><|im_end|>") == [.text(" "), .token(1), .text(" x"), .token(2), .token(2)])
        #expect(e.partition("<|im_start|>", parseSpecial: false) == [.text("<|im_start|>")])
        #expect(e.partition("<|im_start |>") == [.text("<|im_start |>")])
        // <repo_name> (3) and <reponame> (4) are both control tokens; neither hides the other.
        #expect(e.partition("a<repo_name>b<reponame>") == [.text("a"), .token(3), .text("b"), .token(4)])
    }

    @Test func controlTokensRenderEmptyUnlessAsked() throws {
        guard let smol = SmolLM2.loaded else { print(Fixtures.smolLM2Missing); return }
        let e = smol.encoder
        #expect(e.piece(2).isEmpty && e.isControl(2))
        #expect(Array(e.piece(2, renderSpecial: true)) == Array("<|im_end|>".utf8))
        let ids = e.encode("<|im_start|>assistant\nH₂O at 25 °C<|im_end|>")
        #expect(e.decode(ids) == "assistant\nH₂O at 25 °C")
        #expect(e.decode(ids, renderSpecial: true) == "<|im_start|>assistant\nH₂O at 25 °C<|im_end|>")
        #expect(Array(e.piece(-1)).isEmpty && Array(e.piece(1 << 20)).isEmpty)
    }

    @Test func streamingPiecesBuffersCharactersSplitAcrossTokens() throws {
        guard let smol = SmolLM2.loaded else { print(Fixtures.smolLM2Missing); return }
        let text = "Great result 🎉🔬⚗️👍🏽 钙钛矿 µm"
        let ids = smol.encoder.encode(text)
        var stream = UTF8StreamBuffer()
        var out = "", sawSplit = false
        for id in ids {
            let piece = smol.encoder.piece(id)
            let chunk = stream.append(piece)
            if String(validating: piece, as: UTF8.self) == nil { sawSplit = true }
            #expect(!chunk.contains("\u{FFFD}"))
            out += chunk
        }
        out += stream.flush()
        #expect(out == text)
        #expect(sawSplit, "the case should contain a token that ends inside a character")
    }

    @Test func utf8StreamBufferHoldsOnlyPossiblyValidTails() {
        var s = UTF8StreamBuffer()
        let euro: [UInt8] = [0xE2, 0x82, 0xAC]
        #expect(s.append([0x41, euro[0]]) == "A")
        #expect(s.hasPendingBytes)
        #expect(s.append([euro[1]]) == "")
        #expect(s.append([euro[2], 0x42]) == "€B")
        // A stray continuation byte and an impossible lead byte are repaired at once, not held.
        #expect(s.append([0x80]) == "\u{FFFD}")
        #expect(s.append([0xFF, 0x43]) == "\u{FFFD}C")
        // E0 followed by 80 can never be valid (overlong): not held.
        #expect(s.append([0xE0, 0x80]) == "\u{FFFD}\u{FFFD}")
        // An unfinished character at the end becomes U+FFFD on flush.
        #expect(s.append([0xF0, 0x9F]) == "")
        #expect(s.flush() == "\u{FFFD}")
        #expect(!s.hasPendingBytes)
    }
}
