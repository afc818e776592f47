import Foundation
import Testing
import _CorpusTestSupport

/// The `mix` stage: token budgets per source, small sources repeated, large ones sampled, the
/// achieved shares and the plan in the manifest, the same result on every run.
@Suite(.serialized) struct MixPipelineTests {
    func pipeline(_ shared: URL, budget: Int) -> String {
        let tokenizer = shared.appendingPathComponent("tokenizers/llama3-tokenizer.tiktoken").path
        return """
        version = 1
        name = "mix"
        [[inputs]]
        path = "\(shared.path)/fixtures/text/materials"
        include = ["**/*.txt"]
        reader = "text"
        source = "paper"
        [[inputs]]
        path = "\(shared.path)/fixtures/cif/cod"
        include = ["*.cif"]
        reader = "cif"
        source = "cif"
        render = "text"
        [[inputs]]
        path = "\(shared.path)/fixtures/text/general"
        include = ["*.jsonl"]
        reader = "jsonl"
        source = "general"

        [[stages]]
        type = "mix"
        shares = ["paper=0.6", "cif=0.37", "general=0.03"]
        budget_tokens = \(budget)
        tokenizer = "\(tokenizer)"

        [[stages]]
        type = "token_shards"
        tokenizer = "\(tokenizer)"
        append_eos = false
        """
    }

    func manifest(_ out: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("shards/manifest.json"))) as! [String: Any]
    }

    @Test func budgetsRepeatSmallSourcesSampleLargeOnesAndAreReported() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        let dir = try Fixtures.temporaryDirectory("mix")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let run = try CommandRunner.run(["run", try E2E.pipeline(pipeline(shared, budget: 600_000), in: dir), "--output", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let m = try manifest(out)
        let plan = m["mix"] as! [String: Any]
        let available = plan["available"] as! [String: Int], factors = plan["factors"] as! [String: Double]
        #expect(plan["unit"] as? String == "tokens" && plan["budget"] as? Int == 600_000)
        for (source, share) in ["paper": 0.6, "cif": 0.37, "general": 0.03] {
            #expect(abs(factors[source]! - share * 600_000 / Double(available[source]!)) < 1e-9)
        }
        #expect(factors["cif"]! > 2, "the CIF text is small: repeated")
        #expect(factors["general"]! < 0.1, "the general text is large: sampled")
        let sources = m["sources"] as! [String: [String: Any]]
        let total = sources.values.reduce(0) { $0 + ($1["tokens"] as! Int) }
        #expect(abs(Double(total) - 600_000) / 600_000 < 0.15, "the budget is met to within the document granularity (\(total))")
        #expect(abs((sources["cif"]!["share"] as! Double) - 0.37) < 0.08)
        #expect(abs((sources["paper"]!["share"] as! Double) - 0.6) < 0.12)
        let documents = try E2E.documentLines(out).map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(documents.contains { ($0["id"] as! String).hasSuffix("~2") }, "repeats carry ids ID~2, ID~3, …")

        // The same run again gives the same shards.
        let again = dir.appendingPathComponent("again")
        #expect(try CommandRunner.run(["run", try E2E.pipeline(pipeline(shared, budget: 600_000), in: dir, name: "q.toml"), "--output", again.path, "--quiet"]).status == 0)
        let a = (m["files"] as! [[String: Any]]).map { $0["checksum"] as! String }
        let b = (try manifest(again)["files"] as! [[String: Any]]).map { $0["checksum"] as! String }
        #expect(a == b)
    }
}
