import Foundation
import Testing
import Tokenizers
import _CorpusTestSupport
@testable import Inference

@Suite struct StopConditionTests {
    @Test func smolLM2EndOfGenerationSetIsLlamaCpps() throws {
        guard let smol = SmolLM2.loaded else { print(Fixtures.smolLM2Missing); return }
        let eog = StopCondition.endOfGenerationTokens(file: smol.file, vocabulary: smol.vocabulary)
        // <|endoftext|>, <|im_end|> (also EOS), and <reponame>: a FIM repository spelling (Granite's).
        #expect(eog == [0, 2, 4])
        #expect(smol.vocabulary.tokens[4] == "<reponame>" && smol.vocabulary.tokens[3] == "<repo_name>")
    }

    /// A vocabulary of the given token texts (types: 3 for `<...>`-looking ones, else 1).
    static func vocabulary(_ tokens: [String], eos: Int? = nil) throws -> GGUFVocabulary {
        var v = try GGUFVocabulary(file: SmolLM2.loaded!.file)
        v.tokens = tokens
        v.tokenTypes = tokens.map { $0.hasPrefix("<") || $0.hasPrefix("[") ? 3 : 1 }
        v.eosID = eos
        return v
    }

    @Test func endOfGenerationRuleOnOtherVocabularies() throws {
        guard SmolLM2.loaded != nil else { print(Fixtures.smolLM2Missing); return }
        // LLaMA-3: EOS <|end_of_text|>, plus <|eot_id|> and <|eom_id|> by their text.
        let llama3 = try Self.vocabulary(["a", "<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>", "<|eom_id|>", "<|start_header_id|>"], eos: 2)
        #expect(StopCondition.endOfGenerationTokens(file: nil, vocabulary: llama3) == [2, 3, 4])
        // Qwen2.5-style FIM tokens: pad, repo and file separator all end generation; prefix/suffix/middle do not.
        let qwen = try Self.vocabulary(["<|endoftext|>", "<|im_end|>", "<|fim_prefix|>", "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>", "x"], eos: 1)
        #expect(StopCondition.endOfGenerationTokens(file: nil, vocabulary: qwen) == [0, 1, 3, 4, 5])
        // gpt-oss: <|end|> is dropped when <|return|> and <|call|> are there.
        let harmony = try Self.vocabulary(["<|return|>", "<|call|>", "<|end|>", "<|endoftext|>"])
        #expect(StopCondition.endOfGenerationTokens(file: nil, vocabulary: harmony) == [0, 1, 3])
        let phi3 = try Self.vocabulary(["<s>", "</s>", "<|end|>", "<|endoftext|>"], eos: 1)
        #expect(StopCondition.endOfGenerationTokens(file: nil, vocabulary: phi3) == [1, 2, 3])
    }

    /// Feeds `tokens` and returns the released chunks and the result.
    static func stream(_ smol: SmolLM2.Loaded, _ tokens: [Int], stops: [String], renderSpecial: Bool = false) -> (chunks: [String], text: String, reason: StopReason?) {
        let stop = StopCondition(endOfGeneration: [0, 2, 4], stopStrings: stops)
        var g = GeneratedText(encoder: smol.encoder, stop: stop, renderSpecial: renderSpecial)
        var chunks: [String] = []
        for t in tokens where !g.isFinished { chunks.append(g.append(t)) }
        if !g.isFinished { chunks.append(g.finish()) }
        return (chunks, g.text, g.stopReason)
    }

    @Test func stopStringsMatchAcrossTokenBoundariesAndKeepTheTextBefore() throws {
        guard let smol = SmolLM2.loaded else { print(Fixtures.smolLM2Missing); return }
        let e = smol.encoder
        let body = "Q: What is C3S?\nA: Tricalcium silicate.\nQ: And C2S?\nA: Belite."
        let ids = e.encode(body)
        // "\nQ:" spans tokens ("\n", "Q", ":").
        let r = Self.stream(smol, ids, stops: ["\nQ:"])
        #expect(r.text == "Q: What is C3S?\nA: Tricalcium silicate.")
        #expect(r.reason == .stopString("\nQ:"))
        #expect(r.chunks.joined() == r.text)
        // The earliest of several stop strings wins; a string that never completes is released at the end.
        #expect(Self.stream(smol, ids, stops: ["Belite", "silicate"]).text == "Q: What is C3S?\nA: Tricalcium ")
        let none = Self.stream(smol, ids, stops: ["A: Tricalcium aluminate"])
        #expect(none.text == body && none.reason == .maxTokens)
        // A stop string inside one token.
        #expect(Self.stream(smol, ids, stops: ["ical"]).text == "Q: What is C3S?\nA: Tr")
        // Held-back text is never released early: no chunk ends in a prefix of the stop string that later completes.
        let partial = Self.stream(smol, e.encode("abc ab abc abd"), stops: ["abd"])
        #expect(partial.text == "abc ab abc " && partial.chunks.joined() == partial.text)
    }

    @Test func endOfGenerationTokenStopsAndIsNotRendered() throws {
        guard let smol = SmolLM2.loaded else { print(Fixtures.smolLM2Missing); return }
        let ids = smol.encoder.encode("Fine.<|im_end|>more")
        let r = Self.stream(smol, ids, stops: [])
        #expect(r.text == "Fine." && r.reason == .endOfGeneration(token: 2))
        // A held-back partial stop string is released when EOG arrives.
        let held = Self.stream(smol, smol.encoder.encode("Fine. Q<|endoftext|>"), stops: ["Q:"])
        #expect(held.text == "Fine. Q" && held.reason == .endOfGeneration(token: 0))
        // Non-EOG control tokens render as nothing, or as their text with renderSpecial.
        let special = smol.encoder.encode("a<|im_start|>b")
        #expect(Self.stream(smol, special, stops: []).text == "ab")
        #expect(Self.stream(smol, special, stops: [], renderSpecial: true).text == "a<|im_start|>b")
    }

    @Test func charactersSplitAcrossTokensAreReleasedWhole() throws {
        guard let smol = SmolLM2.loaded else { print(Fixtures.smolLM2Missing); return }
        let text = "钙钛矿太阳能电池 🎉 σy = 250 MPa"
        let r = Self.stream(smol, smol.encoder.encode(text), stops: ["MPa"])
        #expect(r.text == "钙钛矿太阳能电池 🎉 σy = 250 ")
        #expect(r.chunks.allSatisfy { !$0.contains("\u{FFFD}") })
        // A stop string made of a multi-byte character.
        #expect(Self.stream(smol, smol.encoder.encode(text), stops: ["🎉"]).text == "钙钛矿太阳能电池 ")
    }
}
