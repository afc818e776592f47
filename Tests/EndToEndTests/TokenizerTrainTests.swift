import Foundation
import Testing
import _CorpusTestSupport

/// `matcorpus tokenizer train` on fixture text: Hugging Face `tokenizers` loads the tokenizer.json and
/// encodes held-out text to the same ids as `matcorpus tokenizer encode` with the written files.
@Suite(.serialized) struct TokenizerTrainTests {
    @Test func trainedTokenizerEncodesHeldOutTextLikeHuggingFace() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        let dir = try Fixtures.temporaryDirectory("tok-train")
        defer { try? FileManager.default.removeItem(at: dir) }
        let materials = shared.appendingPathComponent("fixtures/text/materials")
        let files = (FileManager.default.enumerator(atPath: materials.path)?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".txt") }.sorted()
        var train = "", held = ""
        for (i, name) in files.enumerated() {
            let text = try String(contentsOf: materials.appendingPathComponent(name), encoding: .utf8)
            let line = "{\"text\": " + String(decoding: try JSONEncoder().encode(text), as: UTF8.self) + "}\n"
            if i % 8 == 0 { held += line } else { train += line }
        }
        try train.write(to: dir.appendingPathComponent("train.jsonl"), atomically: true, encoding: .utf8)
        try held.write(to: dir.appendingPathComponent("held.jsonl"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("tok")
        let trained = try CommandRunner.run(["tokenizer", "train", dir.appendingPathComponent("train.jsonl").path, "--output", out.path,
                                             "--vocab-size", "3000", "--special", "<|endoftext|>"])
        #expect(trained.status == 0, "\(trained.stderr)")

        let hfOut = dir.appendingPathComponent("hf.jsonl")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Fixtures.repositoryRoot.appendingPathComponent("scripts/tokenizers/hf_encode.py").path,
                             out.appendingPathComponent("tokenizer.json").path, dir.appendingPathComponent("held.jsonl").path, hfOut.path]
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus == 3 { print("HF tokenizers not installed: skipping"); return }
        #expect(process.terminationStatus == 0)
        let hf = try String(contentsOf: hfOut, encoding: .utf8)

        for file in ["tokenizer.tiktoken", "tokenizer.json"] {
            let ours = try CommandRunner.run(["tokenizer", "encode", "--tokenizer", out.appendingPathComponent(file).path,
                                              "--jsonl", dir.appendingPathComponent("held.jsonl").path])
            #expect(ours.status == 0, "\(ours.stderr)")
            let a = hf.split(separator: "\n").map { $0.replacingOccurrences(of: " ", with: "") }
            let b = ours.stdout.split(separator: "\n").map { $0.replacingOccurrences(of: " ", with: "") }
            #expect(a.count == files.count / 8 + (files.count % 8 == 0 ? 0 : 1))
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
        let materials = shared.appendingPathComponent("fixtures/text/materials")
        let files = (FileManager.default.enumerator(atPath: materials.path)?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".txt") }.sorted()
        var train = "", held = ""
        for (i, name) in files.enumerated() {
            let text = try String(contentsOf: materials.appendingPathComponent(name), encoding: .utf8)
            let line = "{\"text\": " + String(decoding: try JSONEncoder().encode(text), as: UTF8.self) + "}\n"
            if i % 8 == 0 { held += line } else { train += line }
        }
        try train.write(to: dir.appendingPathComponent("train.jsonl"), atomically: true, encoding: .utf8)
        try held.write(to: dir.appendingPathComponent("held.jsonl"), atomically: true, encoding: .utf8)
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

        let hfOut = dir.appendingPathComponent("hf.jsonl")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Fixtures.repositoryRoot.appendingPathComponent("scripts/tokenizers/hf_encode.py").path,
                             out.appendingPathComponent("tokenizer.json").path, dir.appendingPathComponent("held.jsonl").path, hfOut.path]
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus == 3 { print("HF tokenizers not installed: skipping the HF comparison"); return }
        #expect(process.terminationStatus == 0)
        let hf = try String(contentsOf: hfOut, encoding: .utf8).split(separator: "\n").map {
            (try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["ids"] as! [Int]
        }
        #expect(hf == ours, "\(zip(hf, ours).filter { $0 != $1 }.count) of \(hf.count) held-out documents differ")
    }
}
