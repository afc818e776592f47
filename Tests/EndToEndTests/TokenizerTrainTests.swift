import Foundation
import Testing
import _CorpusTestSupport

/// `matcorpus tokenizer train` on fixture text: Hugging Face `tokenizers` loads the tokenizer.json and
/// encodes held-out text to the same ids as `matcorpus tokenizer encode` with the written files.
@Suite(.serialized) struct TokenizerTrainTests {
    /// Every eighth fixture text to `held.jsonl`, the rest to `train.jsonl`; returns the file count.
    func writeTrainingAndHeldOut(_ shared: URL, in dir: URL) throws -> Int {
        let texts = try Fixtures.materialsTextFiles(shared).map { try String(contentsOf: $0, encoding: .utf8) }
        let held = texts.enumerated().filter { $0.offset % 8 == 0 }.map(\.element)
        let train = texts.enumerated().filter { $0.offset % 8 != 0 }.map(\.element)
        try Fixtures.textLines(train).write(to: dir.appendingPathComponent("train.jsonl"), atomically: true, encoding: .utf8)
        try Fixtures.textLines(held).write(to: dir.appendingPathComponent("held.jsonl"), atomically: true, encoding: .utf8)
        return texts.count
    }

    /// `scripts/tokenizers/hf_encode.py`: HF tokenizers' ids for the held-out texts, or nil without the package.
    func huggingFaceIDs(_ tokenizerJSON: URL, in dir: URL) throws -> String? {
        let out = dir.appendingPathComponent("hf.jsonl")
        let r = try Fixtures.python("scripts/tokenizers/hf_encode.py", [tokenizerJSON.path, dir.appendingPathComponent("held.jsonl").path, out.path])
        if r.status == 3 { print("HF tokenizers not installed: skipping the HF comparison"); return nil }
        #expect(r.status == 0, "\(r.stderr)")
        return try String(contentsOf: out, encoding: .utf8)
    }

    @Test func trainedTokenizerEncodesHeldOutTextLikeHuggingFace() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        let dir = try Fixtures.temporaryDirectory("tok-train")
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try writeTrainingAndHeldOut(shared, in: dir)
        let out = dir.appendingPathComponent("tok")
        let trained = try CommandRunner.run(["tokenizer", "train", dir.appendingPathComponent("train.jsonl").path, "--output", out.path,
                                             "--vocab-size", "3000", "--special", "<|endoftext|>"])
        #expect(trained.status == 0, "\(trained.stderr)")

        guard let hf = try huggingFaceIDs(out.appendingPathComponent("tokenizer.json"), in: dir) else { return }

        for file in ["tokenizer.tiktoken", "tokenizer.json"] {
            let ours = try CommandRunner.run(["tokenizer", "encode", "--tokenizer", out.appendingPathComponent(file).path,
                                              "--jsonl", dir.appendingPathComponent("held.jsonl").path])
            #expect(ours.status == 0, "\(ours.stderr)")
            let a = hf.split(separator: "\n").map { $0.replacingOccurrences(of: " ", with: "") }
            let b = ours.stdout.split(separator: "\n").map { $0.replacingOccurrences(of: " ", with: "") }
            #expect(a.count == files / 8 + (files % 8 == 0 ? 0 : 1))
            #expect(a == b, "\(file): \(zip(a, b).filter { $0 != $1 }.count) of \(a.count) held-out documents differ")
        }
    }

    /// `--extend` on LLaMA-3's tiktoken file: the base ranks and special ids stay, the new tokens come
    /// after the specials, HF reads the tokenizer.json to the same ids as our encoder reads the
    /// ranks, and domain text takes fewer tokens.
    @Test func extendingLlama3KeepsItsIdsAndAgreesWithHuggingFace() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        let dir = try Fixtures.temporaryDirectory("tok-extend")
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try writeTrainingAndHeldOut(shared, in: dir)
        let llama3 = shared.appendingPathComponent("tokenizers/llama3-tokenizer.tiktoken")
        let out = dir.appendingPathComponent("tok")
        let trained = try CommandRunner.run(["tokenizer", "train", dir.appendingPathComponent("train.jsonl").path, "--output", out.path,
                                             "--extend", llama3.path, "--merges", "200"])
        #expect(trained.status == 0, "\(trained.stderr)")

        let original = try String(contentsOf: llama3, encoding: .utf8).split(separator: "\n")
        let extended = try String(contentsOf: out.appendingPathComponent("tokenizer.tiktoken"), encoding: .utf8).split(separator: "\n")
        #expect(extended.count == original.count + 200)
        #expect(Array(extended.prefix(original.count)) == original, "the base ranks are unchanged")
        #expect(extended.dropFirst(original.count).allSatisfy { Int($0.split(separator: " ")[1])! >= 128_256 }, "new ids follow the 256 special tokens")

        func encode(_ tokenizer: URL) throws -> [[Int]] {
            let r = try CommandRunner.run(["tokenizer", "encode", "--tokenizer", tokenizer.path, "--jsonl", dir.appendingPathComponent("held.jsonl").path])
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout.split(separator: "\n").map { (try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["ids"] as! [Int] }
        }
        let ours = try encode(out.appendingPathComponent("tokenizer.tiktoken"))
        let base = try encode(llama3)
        #expect(ours.joined().count < base.joined().count, "domain text takes fewer tokens")
        #expect(ours.joined().contains { $0 >= 128_256 })

        guard let hfLines = try huggingFaceIDs(out.appendingPathComponent("tokenizer.json"), in: dir) else { return }
        let hf = try hfLines.split(separator: "\n").map {
            (try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["ids"] as! [Int]
        }
        #expect(hf == ours, "\(zip(hf, ours).filter { $0 != $1 }.count) of \(hf.count) held-out documents differ")
    }
}
