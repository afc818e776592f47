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
}
