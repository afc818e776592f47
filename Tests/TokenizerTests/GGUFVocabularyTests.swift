import Foundation
import Testing
import _CorpusTestSupport
@testable import Tokenizers

/// The SmolLM2 GGUF vocabulary (`gpt2`, pre-tokenizer `smollm`) against llama.cpp's ids in
/// `../shared/inference/tokenizer-vectors.json` (special-token text as plain text).
@Suite struct GGUFVocabularyTests {
    @Test func smolLM2IdsEqualLlamaCpps() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        guard let path = Fixtures.smolLM2 else { print(Fixtures.smolLM2Missing); return }
        let encoder = try TokenizerLoader.load(path)
        #expect(encoder.vocabularySize == 49152 && encoder.bosID == 1 && encoder.eosID == 2)
        let data = try Data(contentsOf: shared.appendingPathComponent("inference/tokenizer-vectors.json"))
        let cases = (try JSONSerialization.jsonObject(with: data) as! [String: Any])["cases"] as! [[String: Any]]
        #expect(cases.count >= 40)
        for c in cases {
            let text = c["text"] as! String
            let want = (c["ids_no_parse_special"] ?? c["ids"]) as! [Int]
            let got = encoder.encode(text)
            #expect(got == want, "\(c["name"] ?? text)")
            #expect(encoder.decode(got) == text, "round trip of \(c["name"] ?? text)")
        }
    }
}

/// A GGUF `llama` vocabulary built from the LLaMA-2 SentencePiece model (tokens, scores, types in
/// the `tokenizer.ggml.*` keys) encodes every dev vector as the `.model` file does.
@Suite struct GGUFSentencePieceTests {
    struct Builder {
        var bytes: [UInt8] = []
        mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
        mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
        mutating func string(_ s: String) { u64(UInt64(s.utf8.count)); bytes += Array(s.utf8) }
    }

    @Test func llamaVocabularyInGGUFEncodesLikeTheModelFile() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        let modelPath = shared.appendingPathComponent("tokenizers/llama2-tokenizer.model").path
        let model = try SentencePieceModelFile(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: modelPath))), path: modelPath)
        var b = Builder()
        b.u32(0x4655_4747); b.u32(3); b.u64(0); b.u64(6)
        b.string("tokenizer.ggml.model"); b.u32(8); b.string("llama")
        b.string("tokenizer.ggml.tokens"); b.u32(9); b.u32(8); b.u64(UInt64(model.pieces.count)); for p in model.pieces { b.string(p.text) }
        b.string("tokenizer.ggml.scores"); b.u32(9); b.u32(6); b.u64(UInt64(model.pieces.count)); for p in model.pieces { b.u32(p.score.bitPattern) }
        b.string("tokenizer.ggml.token_type"); b.u32(9); b.u32(5); b.u64(UInt64(model.pieces.count)); for p in model.pieces { b.u32(UInt32(p.type.rawValue)) }
        b.string("tokenizer.ggml.bos_token_id"); b.u32(4); b.u32(1)
        b.string("tokenizer.ggml.eos_token_id"); b.u32(4); b.u32(2)
        let dir = try Fixtures.temporaryDirectory("gguf-spm")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("llama2-vocab.gguf").path
        try Data(b.bytes).write(to: URL(fileURLWithPath: path))

        let fromGGUF = try TokenizerLoader.load(path)
        let fromModel = try TokenizerLoader.load(modelPath)
        #expect(fromGGUF.vocabularySize == 32000 && fromGGUF.bosID == 1 && fromGGUF.eosID == 2)
        let vectors = try String(contentsOf: shared.appendingPathComponent("tokenizers/vectors-dev.jsonl"), encoding: .utf8)
        var compared = 0
        for line in vectors.split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let text = object["text"] as? String else { continue }
            #expect(fromGGUF.encode(text) == fromModel.encode(text), "\(text.prefix(40))")
            compared += 1
        }
        #expect(compared == 287)
    }
}
