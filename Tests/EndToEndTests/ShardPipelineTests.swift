import CorpusCore
import CorpusIO
import Foundation
import Testing
import _CorpusTestSupport

/// `megatron_shard` in a pipeline: every kept document reads back from the shards, through an
/// independent numpy reader, as the tokenizer's ids plus EOS; the manifest matches the files.
@Suite(.serialized) struct ShardPipelineTests {
    @Test func everyDocumentReadsBackThroughAnIndependentReader() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        let dir = try Fixtures.temporaryDirectory("shards")
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let materials = shared.appendingPathComponent("fixtures/text/materials")
        let files = (FileManager.default.enumerator(atPath: materials.path)?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".txt") }.sorted()
        for (i, name) in files.prefix(60).enumerated() {
            try FileManager.default.copyItem(at: materials.appendingPathComponent(name), to: input.appendingPathComponent(String(format: "doc-%03d.txt", i)))
        }
        let tokenizer = shared.appendingPathComponent("tokenizers/llama3-tokenizer.tiktoken").path
        let pipeline = """
        version = 1
        name = "shards"
        task_mb = 1
        [[inputs]]
        path = "input"
        include = ["*.txt"]
        reader = "text"
        source = "paper"

        [[stages]]
        type = "megatron_shard"
        tokenizer = "\(tokenizer)"
        valid_fraction = 0.2
        max_tokens_per_file = 2000

        [output]
        compression = "none"
        """
        let out = dir.appendingPathComponent("out")
        let run = try CommandRunner.run(["run", try E2E.pipeline(pipeline, in: dir), "--output", out.path, "--quiet", "--workers", "2"])
        #expect(run.status == 0, "\(run.stderr)")

        // The expected ids: our encoder on the written documents, plus EOS (128001).
        let docs = try E2E.documentLines(out).map { try DocumentJSON.decode($0) }
        #expect(docs.count == 60)
        let texts = dir.appendingPathComponent("texts.jsonl")
        try docs.map { "{\"text\": " + String(decoding: try JSONEncoder().encode($0.text), as: UTF8.self) + "}" }.joined(separator: "\n")
            .write(to: texts, atomically: true, encoding: .utf8)
        let encoded = try CommandRunner.run(["tokenizer", "encode", "--tokenizer", tokenizer, "--jsonl", texts.path])
        #expect(encoded.status == 0)
        let expected = encoded.stdout.split(separator: "\n").map {
            ((try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["ids"] as! [Int]) + [128_001]
        }

        var read: [[Int]] = []
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("shards/manifest.json"))) as! [String: Any]
        let listed = manifest["files"] as! [[String: Any]]
        #expect(listed.count >= 3, "rotation at 2,000 tokens gives several files")
        for file in listed {
            let prefix = out.appendingPathComponent(file["path"] as! String).path
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", Fixtures.repositoryRoot.appendingPathComponent("scripts/shards/read_megatron.py").path, prefix]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            if process.terminationStatus == 3 { print("numpy not installed: skipping"); return }
            let ids = String(decoding: data, as: UTF8.self).split(separator: "\n").map {
                (try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["ids"] as! [Int]
            }
            #expect(ids.count == file["documents"] as! Int && ids.joined().count == file["tokens"] as! Int)
            #expect(file["dtype"] as? String == "int32")
            read += ids
        }
        #expect(read.sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) },
                "every document is in the shards exactly once")
        let tokenizerInfo = manifest["tokenizer"] as! [String: Any]
        #expect(tokenizerInfo["vocabulary_size"] as? Int == 128_256 && tokenizerInfo["eos_id"] as? Int == 128_001)
        let splits = manifest["splits"] as! [String: [String: Int]]
        #expect((splits["train"]?["documents"] ?? 0) + (splits["valid"]?["documents"] ?? 0) == 60)
        #expect((splits["valid"]?["documents"] ?? 0) > 0)

        // The manifest validates against schemas/manifest.schema.json (Python jsonschema, when installed).
        let validate = try CommandRunner.run(["python3", "-c", """
            import json, sys
            try:
                import jsonschema
            except ImportError:
                sys.exit(3)
            jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))
            """, out.appendingPathComponent("shards/manifest.json").path, Fixtures.repositoryRoot.appendingPathComponent("schemas/manifest.schema.json").path],
            executable: URL(fileURLWithPath: "/usr/bin/env"))
        if validate.status == 3 { print("jsonschema not installed: skipping manifest validation") } else {
            #expect(validate.status == 0, "\(validate.stderr)")
        }
    }
}
