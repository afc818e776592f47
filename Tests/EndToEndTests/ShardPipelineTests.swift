import CorpusCore
import CorpusIO
import Foundation
import Testing
import _CorpusTestSupport

/// `token_shards` in a pipeline: every kept document reads back from the shards, through an
/// independent numpy reader, as the tokenizer's ids plus EOS; the manifest matches the files.
@Suite(.serialized) struct ShardPipelineTests {
    /// The first `count` fixture texts, as `DIR/input/doc-NNN.txt`.
    func copyInputs(_ shared: URL, count: Int, to dir: URL) throws {
        let input = dir.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for (i, file) in Fixtures.materialsTextFiles(shared).prefix(count).enumerated() {
            try FileManager.default.copyItem(at: file, to: input.appendingPathComponent(String(format: "doc-%03d.txt", i)))
        }
    }

    /// The ids our encoder gives each document's text, plus `eos`.
    func expectedIDs(_ documents: [Document], tokenizer: String, eos: Int, in dir: URL) throws -> [[Int]] {
        let texts = dir.appendingPathComponent("texts.jsonl")
        try Fixtures.textLines(documents.map(\.text)).write(to: texts, atomically: true, encoding: .utf8)
        let encoded = try CommandRunner.run(["tokenizer", "encode", "--tokenizer", tokenizer, "--jsonl", texts.path])
        #expect(encoded.status == 0, "\(encoded.stderr)")
        return encoded.stdout.split(separator: "\n").map {
            ((try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["ids"] as! [Int]) + [eos]
        }
    }

    @Test func everyDocumentReadsBackThroughAnIndependentReader() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        let dir = try Fixtures.temporaryDirectory("shards")
        defer { try? FileManager.default.removeItem(at: dir) }
        try copyInputs(shared, count: 60, to: dir)
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
        type = "token_shards"
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
        let expected = try expectedIDs(docs, tokenizer: tokenizer, eos: 128_001, in: dir)

        var read: [[Int]] = []
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("shards/manifest.json"))) as! [String: Any]
        let listed = manifest["files"] as! [[String: Any]]
        #expect(listed.count >= 3, "rotation at 2,000 tokens gives several files")
        for file in listed {
            let prefix = out.appendingPathComponent(file["path"] as! String).path
            let reader = try Fixtures.python("scripts/shards/read_megatron.py", [prefix])
            if reader.status == 3 { print("numpy not installed: skipping"); return }
            #expect(reader.status == 0, "\(reader.stderr)")
            let ids = reader.stdout.split(separator: "\n").map {
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

        try E2E.validateManifestSchema(out)
    }

    /// llm.c and datatrove files, read back by numpy readers written from their layouts.
    @Test func llmcAndDatatroveFilesReadBack() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        let dir = try Fixtures.temporaryDirectory("shards-formats")
        defer { try? FileManager.default.removeItem(at: dir) }
        try copyInputs(shared, count: 12, to: dir)
        for (format, tokenizer, eos, width) in [("llmc", "llama2-tokenizer.model", 2, "uint16"), ("llmc", "llama3-tokenizer.tiktoken", 128_001, "uint32"),
                                                ("datatrove", "llama2-tokenizer.model", 2, "uint16"), ("datatrove", "llama3-tokenizer.tiktoken", 128_001, "uint32")] {
            let path = shared.appendingPathComponent("tokenizers/" + tokenizer).path
            let out = dir.appendingPathComponent("out-\(format)-\(width)")
            let pipeline = """
            version = 1
            name = "formats"
            [[inputs]]
            path = "input"
            include = ["*.txt"]
            reader = "text"
            source = "paper"
            [[stages]]
            type = "token_shards"
            format = "\(format)"
            tokenizer = "\(path)"
            [output]
            compression = "none"
            """
            let run = try CommandRunner.run(["run", try E2E.pipeline(pipeline, in: dir, name: "\(format)-\(width).toml"), "--output", out.path, "--quiet"])
            #expect(run.status == 0, "\(format) \(tokenizer): \(run.stderr)")
            let docs = try E2E.documentLines(out).map { try DocumentJSON.decode($0) }
            let expected = try expectedIDs(docs, tokenizer: path, eos: eos, in: dir)
            let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("shards/manifest.json"))) as! [String: Any]
            var tokens: [Int] = [], documents: [[Int]] = []
            for file in manifest["files"] as! [[String: Any]] {
                #expect(file["format"] as? String == format && file["dtype"] as? String == width)
                let r = try Fixtures.python("scripts/shards/read_tokens.py", [format, out.appendingPathComponent(file["path"] as! String).path])
                if r.status == 3 { print("numpy not installed: skipping"); return }
                #expect(r.status == 0, "\(r.stderr)")
                for line in r.stdout.split(separator: "\n") {
                    let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                    if let t = o["tokens"] as? [Int] { tokens += t } else { documents.append(o["ids"] as! [Int]) }
                }
            }
            if format == "llmc" {
                // llm.c keeps no boundaries: the stream, cut after each EOS (text never encodes to EOS),
                // gives back every document.
                var cut: [[Int]] = [], current: [Int] = []
                for t in tokens { current.append(t); if t == eos { cut.append(current); current = [] } }
                #expect(current.isEmpty)
                #expect(cut.sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) }, "\(format) \(tokenizer)")
            } else {
                #expect(documents.sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) }, "\(format) \(tokenizer)")
            }
        }
    }
}
