import Foundation
import Testing
import _CorpusTestSupport

/// `qa_synthesis` in a pipeline, on real publisher XML and CIF fixtures: pairs validate against
/// schemas/qa.schema.json, the exports match them, a restarted run reads every paragraph from the
/// checkpoint and writes the same pairs, and nothing is duplicated.
@Suite(.serialized) struct QAPipelineTests {
    func lines(_ dir: URL, _ kind: String) throws -> [[String: Any]] {
        let folder = dir.appendingPathComponent("qa/" + kind)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return try names.filter { $0.hasSuffix(".jsonl") && !$0.hasPrefix(".") }.sorted().flatMap { name in
            try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").map {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
            }
        }
    }

    @Test func pairsValidateExportsMatchAndRestartsReuseTheCheckpoint() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        let model = Fixtures.smolLM2
        if model == nil { print(Fixtures.smolLM2Missing + " (CIF questions only)") }
        let dir = try Fixtures.temporaryDirectory("qa")
        defer { try? FileManager.default.removeItem(at: dir) }
        let pipeline = try E2E.pipeline("""
            name = "qa"
            [[inputs]]
            path = "\(shared.path)/fixtures/xml/elsevier"
            include = ["*.xml"]
            reader = "xml"
            source = "paper"
            [[inputs]]
            path = "\(shared.path)/fixtures/cif/cod"
            include = ["cgcnn__10*.cif"]
            reader = "cif"
            source = "cif"
            [[stages]]
            type = "qa_synthesis"
            model = "\(model ?? "")"
            paragraphs_per_document = 1
            max_paragraphs = 3
            max_tokens = 96
            batch = 4
            context = 1024
            [output]
            compression = "none"
            """, in: dir)
        let out = dir.appendingPathComponent("out")
        let first = try CommandRunner.run(["run", pipeline, "--output", out.path, "--quiet", "--workers", "2"])
        #expect(first.status == 0 || first.status == 3, "\(first.stderr)")
        let pairs = try lines(out, "pairs"), chat = try lines(out, "chat"), alpaca = try lines(out, "alpaca"), rejected = try lines(out, "rejected")
        #expect(pairs.contains { $0["origin"] as? String == "template" })
        #expect(Set(pairs.map { $0["id"] as! String }).count == pairs.count, "pair ids are unique")
        // Exports: one chat and one Alpaca line per pair, same ids, same texts.
        #expect(chat.map { $0["id"] as! String } == pairs.map { $0["id"] as! String })
        #expect(alpaca.map { $0["instruction"] as! String } == pairs.map { $0["question"] as! String })
        for (c, p) in zip(chat, pairs) {
            let messages = c["messages"] as! [[String: String]]
            #expect(messages.map { $0["role"]! } == ["user", "assistant"])
            #expect(messages[1]["content"] == p["answer"] as? String)
        }
        // Rejections never look like kept pairs.
        #expect(rejected.allSatisfy { $0["question"] == nil && $0["reason"] is String })
        if model != nil {
            let modelPairs = pairs.filter { $0["origin"] as? String == "model" }
            #expect(modelPairs.count + rejected.count > 0, "the model's outputs are kept or rejected")
            for p in modelPairs {
                let generator = p["generator"] as! [String: Any]
                #expect((generator["model"] as? [String: Any])?["xxh64"] is String)
                #expect((p["provenance"] as! [String: Any])["paragraph_start"] is Int)
            }
        }
        // The schema, through Python's jsonschema when it is installed.
        let probe = try CommandRunner.run(["python3", "-c", "import jsonschema"], executable: URL(fileURLWithPath: "/usr/bin/env"))
        if probe.status == 0 {
            let all = dir.appendingPathComponent("pairs.jsonl")
            let text = try pairs.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }.joined(separator: "\n") + "\n"
            try text.write(to: all, atomically: true, encoding: .utf8)
            let validate = try CommandRunner.run(["python3", "-c", """
                import json, sys, jsonschema
                v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
                bad = [f"line {n}: {e.message}" for n, l in enumerate(open(sys.argv[2]), 1) if l.strip() for e in v.iter_errors(json.loads(l))]
                print("\\n".join(bad[:20])); sys.exit(1 if bad else 0)
                """, Fixtures.repositoryRoot.appendingPathComponent("schemas/qa.schema.json").path, all.path],
                executable: URL(fileURLWithPath: "/usr/bin/env"))
            #expect(validate.status == 0, "\(validate.stdout) \(validate.stderr)")
        } else {
            print("python3 with jsonschema is not available: skipping QA schema validation")
        }

        // A restarted run: the model's outputs come from the checkpoint; the same pairs, no duplicates.
        let again = try CommandRunner.run(["run", pipeline, "--output", out.path, "--quiet", "--workers", "2", "--restart"])
        #expect(again.status == 0 || again.status == 3, "\(again.stderr)")
        let pairsAgain = try lines(out, "pairs")
        #expect(Set(pairsAgain.map { $0["id"] as! String }) == Set(pairs.map { $0["id"] as! String }))
        #expect(pairsAgain.count == pairs.count)
        let stats = try CommandRunner.run(["stats", out.path, "--json", "--top", "100"])
        if model != nil {
            let object = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as! [String: Any]
            let stage = try #require((object["stages"] as? [[String: Any]])?.first { ($0["stage"] as? String) == "qa_synthesis" })
            let entries = try #require((stage["tallies"] as? [String: Any])?["qa"] as? [[String: Any]])
            var qa: [String: Int] = [:]
            for e in entries { qa[e["key"] as! String] = e["count"] as? Int }
            #expect(qa["paragraphs_from_checkpoint"] == qa["paragraphs"], "\(qa)")
            #expect(qa["generated_tokens"] == nil)
        }
    }
}
