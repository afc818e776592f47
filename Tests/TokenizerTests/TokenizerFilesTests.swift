import Foundation
import Testing
import _CorpusTestSupport
@testable import Tokenizers

/// A trained tokenizer written as tokenizer.json loads in Hugging Face `tokenizers` and encodes
/// held-out text to the same ids as our merge ranks.
@Suite struct TokenizerFilesTests {
    /// Maximal runs of whitespace or of anything else: a pre-tokenization HF's `Split` reproduces.
    static func pieces(_ text: String) -> [String] {
        var out: [String] = [], current = "", space: Bool? = nil
        for s in text.unicodeScalars {
            let isSpace = s.properties.isWhitespace
            if space != nil, isSpace != space { out.append(current); current = "" }
            current.unicodeScalars.append(s); space = isSpace
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    @Test func byteAlphabetIsGPT2s() {
        #expect(TokenizerFiles.byteLevelString(Array(" \n".utf8)) == "ĠĊ")
        #expect(TokenizerFiles.byteLevelString(Array("ab".utf8)) == "ab")
        #expect(Set(TokenizerFiles.byteToUnicode).count == 256)
        #expect(TokenizerFiles.base64(Array("Man".utf8)) == "TWFu" && TokenizerFiles.base64(Array("Ma".utf8)) == "TWE=" && TokenizerFiles.base64([0x4D]) == "TQ==")
    }

    @Test func huggingFaceLoadsTheTrainedFileAndAgreesOnHeldOutText() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        let texts = try Fixtures.materialsTextFiles(shared).prefix(120).map { try String(contentsOf: $0, encoding: .utf8) }
        let training = texts.prefix(100), heldOut = Array(texts.suffix(20))
        var counts: [[UInt8]: Int] = [:]
        for t in training { for p in Self.pieces(t) { counts[Array(p.utf8), default: 0] += 1 } }
        let result = BPETrainer(merges: 2000, minimumFrequency: 2).train(counts)
        #expect(result.merges.count == 2000)

        let tmp = try Fixtures.temporaryDirectory("hf-train")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let json = tmp.appendingPathComponent("tokenizer.json"), input = tmp.appendingPathComponent("in.jsonl"), output = tmp.appendingPathComponent("out.jsonl")
        try TokenizerFiles.huggingFaceJSON(result, pattern: "\\s+|\\S+", specialTokens: ["<|endoftext|>"]).write(to: json, atomically: true, encoding: .utf8)
        try Fixtures.textLines(heldOut).write(to: input, atomically: true, encoding: .utf8)
        let hf = try Fixtures.python("scripts/tokenizers/hf_encode.py", [json.path, input.path, output.path])
        if hf.status == 3 { print("HF tokenizers not installed: skipping"); return }
        #expect(hf.status == 0, "\(hf.stderr)")

        // Ours: the same pieces, each segmented by the merge ranks.
        var tokenIndex: [[UInt8]: Int] = [:]
        for (i, t) in result.tokens.enumerated() { tokenIndex[t] = i }
        let ranks = Dictionary(uniqueKeysWithValues: result.merges.enumerated().map { (Pair($0.element.0, $0.element.1), $0.offset) })
        let got = try String(contentsOf: output, encoding: .utf8).split(separator: "\n").map {
            (try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["ids"] as! [Int]
        }
        #expect(got.count == heldOut.count)
        for (text, hf) in zip(heldOut, got) {
            let ours = Self.pieces(text).flatMap { BPETrainer.apply(ranks: ranks, tokens: tokenIndex, bytesOf: result.tokens, to: Array($0.utf8).map(Int.init)) }
            #expect(ours == hf, "first difference at \(Array(zip(ours, hf)).firstIndex { $0.0 != $0.1 } ?? min(ours.count, hf.count))")
        }
    }
}
