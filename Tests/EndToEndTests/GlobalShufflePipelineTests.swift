import CorpusCore
import CorpusIO
import Foundation
import Testing
import _CorpusTestSupport

/// `token_shards` with `shuffle = "global"` in a pipeline of two tasks and two sources: the splits
/// end as `shuffled-NNNN` files holding every document once; reruns (whole or of one task) leave
/// them as they are; `matcorpus stats` shows tokens and documents per split and source.
@Suite(.serialized) struct GlobalShufflePipelineTests {
    /// 40 fixture texts: 25 as source `paper` (`input/paper`), 15 as `general` (`input/general`).
    /// Two inputs make two tasks.
    func copyInputs(_ shared: URL, to dir: URL) throws {
        for (i, file) in Fixtures.materialsTextFiles(shared).prefix(40).enumerated() {
            let folder = dir.appendingPathComponent(i < 25 ? "input/paper" : "input/general")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: file, to: folder.appendingPathComponent(String(format: "doc-%03d.txt", i)))
        }
    }

    func pipeline(tokenizer: String, shuffle: String) -> String {
        """
        version = 1
        name = "global"
        [[inputs]]
        path = "input/paper"
        include = ["*.txt"]
        reader = "text"
        source = "paper"
        [[inputs]]
        path = "input/general"
        include = ["*.txt"]
        reader = "text"
        source = "general"

        [[stages]]
        type = "token_shards"
        tokenizer = "\(tokenizer)"
        valid_fraction = 0.25
        max_tokens_per_file = 3000
        shuffle = \(shuffle)
        shuffle_seed = 11

        [output]
        compression = "none"
        """
    }

    func manifest(_ out: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("shards/manifest.json"))) as! [String: Any]
    }

    /// The documents of every listed file, file by file, through the numpy reader (nil without numpy).
    func readBack(_ out: URL) throws -> [String: [[Int]]]? {
        var bySplit: [String: [[Int]]] = [:]
        for file in try manifest(out)["files"] as! [[String: Any]] {
            let reader = try Fixtures.python("scripts/shards/read_megatron.py", [out.appendingPathComponent(file["path"] as! String).path])
            if reader.status == 3 { print("numpy not installed: skipping"); return nil }
            #expect(reader.status == 0, "\(reader.stderr)")
            let ids = reader.stdout.split(separator: "\n").map {
                (try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["ids"] as! [Int]
            }
            #expect(ids.count == file["documents"] as! Int && ids.joined().count == file["tokens"] as! Int)
            #expect(ids.joined().count <= 3000 || ids.count == 1, "max_tokens_per_file")
            bySplit[file["split"] as! String, default: []] += ids
        }
        return bySplit
    }

    /// The token files' names and checksums, by path.
    func checksums(_ out: URL) throws -> [String: String] {
        var sums: [String: String] = [:]
        for split in ["train", "valid"] {
            let dir = out.appendingPathComponent("shards/" + split)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
                sums[split + "/" + name] = try FileChecksum.xxh64(path: dir.appendingPathComponent(name).path).checksum
            }
        }
        return sums
    }

    func sorted(_ docs: [[Int]]) -> [[Int]] { docs.sorted { $0.lexicographicallyPrecedes($1) } }

    @Test func splitsAreShuffledAcrossTasksAndReportedPerSource() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        let dir = try Fixtures.temporaryDirectory("global-pipeline")
        defer { try? FileManager.default.removeItem(at: dir) }
        try copyInputs(shared, to: dir)
        let tokenizer = shared.appendingPathComponent("tokenizers/llama2-tokenizer.model").path

        // The same corpus unshuffled, for the expected documents and their reading order.
        let plain = dir.appendingPathComponent("plain")
        var run = try CommandRunner.run(["run", try E2E.pipeline(pipeline(tokenizer: tokenizer, shuffle: "false"), in: dir, name: "plain.toml"),
                                         "--output", plain.path, "--quiet", "--workers", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        let out = dir.appendingPathComponent("out")
        let file = try E2E.pipeline(pipeline(tokenizer: tokenizer, shuffle: "\"global\""), in: dir)
        run = try CommandRunner.run(["run", file, "--output", out.path, "--quiet", "--workers", "2"])
        #expect(run.status == 0, "\(run.stderr)")

        let m = try manifest(out)
        #expect((m["shuffle"] as? [String: Any])?["mode"] as? String == "global" && (m["shuffle"] as? [String: Any])?["seed"] as? Int == 11)
        let paths = (m["files"] as! [[String: Any]]).map { $0["path"] as! String }
        #expect(paths.contains("shards/train/shuffled-0000_text_document") && paths.contains("shards/valid/shuffled-0000_text_document"))
        #expect(paths.allSatisfy { $0.contains("/shuffled-") } && paths.count > 4, "\(paths)")
        for split in ["train", "valid"] {
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("shards/" + split).path)
                .allSatisfy { $0.hasPrefix("shuffled-") }, "no intermediate file is left in \(split)")
        }
        if let shuffled = try readBack(out), let unshuffled = try readBack(plain) {
            for split in ["train", "valid"] {
                #expect(sorted(shuffled[split]!) == sorted(unshuffled[split]!), "\(split): the same documents, each once")
                #expect(shuffled[split]! != unshuffled[split]!, "\(split): in another order")
            }
            #expect(shuffled["train"]!.count + shuffled["valid"]!.count == 40)
        }
        try E2E.validateManifestSchema(out)

        // Per split and source: the manifest, `stats --json` and `stats` agree.
        let bySplit = m["sources_by_split"] as! [String: [String: [String: Int]]]
        let splits = m["splits"] as! [String: [String: Int]]
        for (split, sources) in bySplit {
            #expect(sources.values.reduce(0) { $0 + $1["tokens"]! } == splits[split]!["tokens"])
            #expect(sources.values.reduce(0) { $0 + $1["documents"]! } == splits[split]!["documents"])
        }
        #expect(Set(bySplit["train"]!.keys) == ["paper", "general"])
        let stats = try E2E.stats(out)["shards"] as! [String: Any]
        #expect(stats["origin"] as? String == "manifest" && stats["shuffle"] as? String == "global")
        let statSplits = stats["splits"] as! [String: [String: Any]]
        for (split, sources) in bySplit {
            #expect(statSplits[split]!["tokens"] as? Int == splits[split]!["tokens"])
            #expect((statSplits[split]!["sources"] as! [String: [String: Int]]) == sources)
        }
        let table = try CommandRunner.run(["stats", out.path])
        #expect(table.status == 0)
        #expect(table.stdout.contains("Token shards (shards/manifest.json; shuffle global, seed 11):"))
        let trainRow = table.stdout.split(separator: "\n").first { $0.hasPrefix("train ") }.map(String.init) ?? ""
        #expect(trainRow.contains(" \(splits["train"]!["documents"]!) ") && trainRow.contains(" \(splits["train"]!["tokens"]!) "), "\(table.stdout)")
        #expect(table.stdout.contains("  paper ") && table.stdout.contains("all splits"))

        // Without a manifest, stats falls back on the stage's tallies: the same numbers.
        let saved = try Data(contentsOf: out.appendingPathComponent("shards/manifest.json"))
        try FileManager.default.removeItem(at: out.appendingPathComponent("shards/manifest.json"))
        let fromTallies = try E2E.stats(out)["shards"] as! [String: Any]
        #expect(fromTallies["origin"] as? String == "tallies")
        #expect(NSDictionary(dictionary: fromTallies["sources"] as! [String: Any]) == NSDictionary(dictionary: stats["sources"] as! [String: Any]))
        for (split, sources) in bySplit {
            #expect(((fromTallies["splits"] as! [String: [String: Any]])[split]!["sources"] as! [String: [String: Int]]) == sources)
        }
        try saved.write(to: out.appendingPathComponent("shards/manifest.json"))

        // A rerun finds everything done; rerunning one task (its documents lost) writes its
        // intermediates again, which the finished shuffle drops: the shuffled files stay as they are.
        let before = try checksums(out)
        run = try CommandRunner.run(["run", file, "--output", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try checksums(out) == before)
        let runs = try E2E.stats(out)["runs"] as! [[String: Any]]
        #expect(runs.last?["tasks_skipped"] as? Int == 2, "\(runs)")
        for name in E2E.files(in: out.appendingPathComponent("documents")) where name.hasPrefix("task-000000-") {
            try FileManager.default.removeItem(at: out.appendingPathComponent("documents/" + name))
        }
        run = try CommandRunner.run(["run", file, "--output", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect((try E2E.stats(out)["runs"] as! [[String: Any]]).last?["tasks_skipped"] as? Int == 1)
        #expect(try checksums(out) == before)
        #expect(try manifest(out)["splits"] as! [String: [String: Int]] == splits)
    }
}
