import CorpusCore
import CorpusIO
import Foundation
import Testing
import _CorpusTestSupport

/// Deduplication as pipeline stages: the run splits into phases at `minhash_dedup` and
/// `exact_dedup`, resumes after a kill, and can deduplicate a new batch against an earlier run.
@Suite(.serialized) struct DedupPipelineTests {
    /// Documents with known duplicates, spread over several input files (several tasks): `base-N`
    /// distinct, `copy-N` exact copies, `edit-N` near copies (header line, one sentence changed).
    func makeInputs(_ dir: URL, files: Int = 4, perFile: Int = 40, prefix: String = "") throws -> (distinct: Int, duplicates: Int) {
        var rng = SeededGenerator(seed: 3)
        let vocabulary = ["the", "sample", "was", "annealed", "at", "K", "and", "its", "lattice", "parameter", "of", "nm", "grew",
                          "with", "dopant", "LiFePO4", "Fe2O3", "Fe3O4", "TiO2", "films", "showed", "a", "capacity", "mAh", "g", "after",
                          "cycles", "in", "air", "under", "argon", "diffraction", "peaks", "shifted", "to", "lower", "angles"]
        func paragraph() -> String {
            (0..<60).map { _ in Int(rng.next() % 7) == 0 ? String(rng.next() % 1000) : vocabulary[Int(rng.next() % UInt64(vocabulary.count))] }
                .joined(separator: " ") + "."
        }
        var lines: [[String]] = Array(repeating: [], count: files)
        var distinct = 0, duplicates = 0
        for i in 0..<(files * perFile) {
            let text = (0..<6).map { _ in paragraph() }.joined(separator: "\n\n")
            func line(_ id: String, _ t: String) -> String {
                String(decoding: DocumentJSON.encode(Document(id: prefix + id, text: t, source: "paper", provenance: Provenance(file: "x"))), as: UTF8.self)
            }
            lines[i % files].append(line("base-\(i)", text)); distinct += 1
            if i % 4 == 1 { lines[(i + 1) % files].append(line("copy-\(i)", text)); duplicates += 1 }
            if i % 4 == 2 {
                // A header line and one sentence of one paragraph rewritten: Jaccard about 0.9.
                var parts = text.components(separatedBy: "\n\n")
                parts[3] = parts[3].split(separator: " ").prefix(40).joined(separator: " ") + " which was then revised in the published version of the paper."
                lines[(i + 2) % files].append(line("edit-\(i)", "Accepted manuscript\n" + parts.joined(separator: "\n\n")))
                duplicates += 1
            }
        }
        let input = dir.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for (f, l) in lines.enumerated() {
            try (l.joined(separator: "\n") + "\n").write(to: input.appendingPathComponent(String(format: "\(prefix)part-%02d.jsonl", f)), atomically: true, encoding: .utf8)
        }
        return (distinct, duplicates)
    }

    /// One `[[inputs]]` per file, so each file is a task of its own.
    func pipelineText(_ dir: URL, index: String? = nil) -> String {
        let inputs = E2E.files(in: dir.appendingPathComponent("input")).map { name in
            """
            [[inputs]]
            path = "input/\(name)"
            reader = "jsonl"
            source = "paper"

            """
        }.joined()
        return """
        version = 1
        name = "dedup"
        workers = 2

        \(inputs)

        [[stages]]
        type = "length_filter"
        min_chars = 10

        [[stages]]
        type = "minhash_dedup"
        \(index.map { "index = [\"\($0)\"]" } ?? "")

        [[stages]]
        type = "length_filter"
        min_chars = 20

        [output]
        exclusions = true
        """
    }

    func ids(_ lines: [String]) throws -> [String] { try lines.map { try DocumentJSON.decode($0).id }.sorted() }

    @Test func pipelineRemovesTheDuplicatesTheCommandRemoves() throws {
        let dir = try Fixtures.temporaryDirectory("dedup-pipeline")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (distinct, duplicates) = try makeInputs(dir)
        let out = dir.appendingPathComponent("out")
        let run = try CommandRunner.run(["run", try E2E.pipeline(pipelineText(dir), in: dir), "--output", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let kept = try E2E.documentLines(out).map { try DocumentJSON.decode($0) }
        #expect(kept.count == distinct)
        #expect(kept.allSatisfy { $0.id.hasPrefix("base-") })
        #expect(kept.allSatisfy { if case .int(let n)? = $0.metadata.extra["minhash_cluster_size"] { return n >= 1 } else { return false } })
        let excluded = try E2E.documentLines(out, folder: "excluded").map { try DocumentJSON.decode($0) }
        #expect(excluded.count == duplicates)
        #expect(excluded.allSatisfy { $0.metadata.extra["duplicate_of"] != nil })

        // The same documents through `matcorpus dedup` keep the same ids.
        let inputs = E2E.files(in: dir.appendingPathComponent("input")).map { dir.appendingPathComponent("input/" + $0).path }
        let cli = try CommandRunner.run(["dedup"] + inputs + ["--output", dir.appendingPathComponent("cli.jsonl").path])
        #expect(cli.status == 0, "\(cli.stderr)")
        let cliKept = try String(contentsOf: dir.appendingPathComponent("cli.jsonl"), encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(try ids(cliKept) == kept.map(\.id).sorted())

        let stats = try E2E.stats(out)
        let stages = stats["stages"] as! [[String: Any]]
        let dedup = stages.first { $0["stage"] as? String == "minhash_dedup" }!
        let dropped = dedup["dropped"] as! [String: Int]
        #expect(dropped.values.reduce(0, +) == duplicates)
        #expect(dropped["exact_duplicate"] == duplicates / 2)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(".work").path), "intermediate files are removed at the end")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("dedup/2-minhash_dedup/resolved.json").path))
    }

    @Test func killedAfterTheFirstPhaseResumesToTheSameOutput() throws {
        let dir = try Fixtures.temporaryDirectory("dedup-resume")
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try makeInputs(dir, files: 24, perFile: 30)
        let pipeline = try E2E.pipeline(pipelineText(dir), in: dir)
        let reference = dir.appendingPathComponent("reference")
        #expect(try CommandRunner.run(["run", pipeline, "--output", reference.path, "--quiet"]).status == 0)
        let expected = try E2E.documentLines(reference)

        let killed = dir.appendingPathComponent("killed")
        let markers = killed.appendingPathComponent(".work/phase-0/completions")
        let (wasRunning, _) = try E2E.runAndKill(["run", pipeline, "--output", killed.path, "--quiet"]) {
            E2E.files(in: markers).count >= 3
        }
        #expect(wasRunning, "the run must be killed part-way")
        let resumed = try CommandRunner.run(["run", pipeline, "--output", killed.path, "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let got = try E2E.documentLines(killed)
        #expect(got == expected, "the resumed output equals the uninterrupted output")
        #expect(try E2E.documentLines(killed, folder: "excluded") == (try E2E.documentLines(reference, folder: "excluded")))
    }

    @Test func aNewBatchIsDeduplicatedAgainstAnEarlierRun() throws {
        let dir = try Fixtures.temporaryDirectory("dedup-index")
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = dir.appendingPathComponent("first")
        try FileManager.default.createDirectory(at: first, withIntermediateDirectories: true)
        _ = try makeInputs(first, files: 2, perFile: 20)
        #expect(try CommandRunner.run(["run", try E2E.pipeline(pipelineText(first), in: first), "--output", first.appendingPathComponent("out").path, "--quiet"]).status == 0)

        // The second batch: the first batch's files again (renamed ids) plus new documents.
        let second = dir.appendingPathComponent("second")
        try FileManager.default.createDirectory(at: second, withIntermediateDirectories: true)
        let (fresh, _) = try makeInputs(second, files: 1, perFile: 5, prefix: "new-")
        for name in E2E.files(in: first.appendingPathComponent("input")) {
            let text = try String(contentsOf: first.appendingPathComponent("input/" + name), encoding: .utf8)
            try text.replacingOccurrences(of: "\"id\":\"", with: "\"id\":\"again-")
                .write(to: second.appendingPathComponent("input/again-" + name), atomically: true, encoding: .utf8)
        }
        let index = first.appendingPathComponent("out/dedup/2-minhash_dedup").path
        let run = try CommandRunner.run(["run", try E2E.pipeline(pipelineText(second, index: index), in: second), "--output", second.appendingPathComponent("out").path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let kept = try E2E.documentLines(second.appendingPathComponent("out")).map { try DocumentJSON.decode($0) }
        // 5 new base documents; the new batch's own copies were generated with the same seed as the first batch's,
        // so they too match the index. Nothing of the first batch comes back.
        #expect(kept.allSatisfy { $0.id.hasPrefix("new-") })
        #expect(kept.count <= fresh)
        let excluded = try E2E.documentLines(second.appendingPathComponent("out"), folder: "excluded").map { try DocumentJSON.decode($0) }
        #expect(excluded.filter { $0.id.hasPrefix("again-") }.allSatisfy { $0.metadata.extra["excluded"] != nil && $0.metadata.extra["duplicate_of"] != nil })
        #expect(excluded.filter { $0.id.hasPrefix("again-") }.count == 40 + 20)
    }

    @Test func duplicateCrystalStructuresAreRemovedByTheirStructureKey() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        let dir = try Fixtures.temporaryDirectory("dedup-cif")
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let cod = shared.appendingPathComponent("fixtures/cif/cod")
        let names = Array(E2E.files(in: cod).filter { $0.hasSuffix(".cif") }.prefix(12))
        for name in names { try FileManager.default.copyItem(at: cod.appendingPathComponent(name), to: input.appendingPathComponent(name)) }
        // The same structures again, as another database would ship them: renamed, comments added.
        for name in names.prefix(5) {
            let text = try String(contentsOf: cod.appendingPathComponent(name), encoding: .utf8)
            try ("# mirrored copy\n" + text).write(to: input.appendingPathComponent("mirror-" + name), atomically: true, encoding: .utf8)
        }
        let pipeline = """
        version = 1
        name = "cif-dedup"
        [[inputs]]
        path = "input"
        include = ["*.cif"]
        reader = "cif"
        source = "cif"

        [[stages]]
        type = "exact_dedup"
        key = "duplicate_key"

        # CIF text is left out of near-duplicate removal: structures of one type share most of it.
        [[stages]]
        type = "minhash_dedup"
        sources = ["paper"]

        [output]
        exclusions = true
        """
        let out = dir.appendingPathComponent("out")
        let run = try CommandRunner.run(["run", try E2E.pipeline(pipeline, in: dir), "--output", out.path, "--quiet"])
        #expect(run.status == 0 || run.status == 3, "\(run.stderr)")
        let kept = try E2E.documentLines(out).map { try DocumentJSON.decode($0) }
        let excluded = try E2E.documentLines(out, folder: "excluded").map { try DocumentJSON.decode($0) }
        #expect(excluded.count == 5, "one of each mirrored pair is dropped, and no other structure")
        #expect(kept.allSatisfy { $0.metadata.extra["minhash_cluster_size"] == .int(1) })
        let keptIDs = Set(kept.map(\.id))
        #expect(kept.count == names.count)
        for d in excluded {
            guard case .string(let original)? = d.metadata.extra["duplicate_of"] else { Issue.record("\(d.id) has no duplicate_of"); continue }
            #expect(keptIDs.contains(original))
            #expect(d.metadata.extra["duplicate_key"] == kept.first { $0.id == original }?.metadata.extra["duplicate_key"])
        }
    }
}

@Suite(.serialized) struct ParagraphDedupPipelineTests {
    @Test func repeatedParagraphsAreRemovedAfterTheirFirstAppearance() throws {
        let dir = try Fixtures.temporaryDirectory("dedup-paragraphs")
        defer { try? FileManager.default.removeItem(at: dir) }
        let funding = "Funding. This work was supported by the National Science Foundation under grant DMR-1234567 and by the Department of Energy, Office of Basic Energy Sciences."
        let heading = "Results"
        let docs = [
            ("p1", "Thin films of ZnO were grown by pulsed laser deposition on sapphire at 600 °C and characterized by XRD and photoluminescence spectroscopy.\n\n\(heading)\n\n\(funding)"),
            ("p2", "Bulk MgB2 samples were prepared by hot pressing at 900 °C and their critical current density was measured by magnetization loops at 5 K.\n\n\(heading)\n\n\(funding.uppercased())"),
            ("p3", funding),
        ]
        let input = dir.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for (i, (id, text)) in docs.enumerated() {
            let line = String(decoding: DocumentJSON.encode(Document(id: id, text: text, source: "paper", provenance: Provenance(file: "x"))), as: UTF8.self)
            try (line + "\n").write(to: input.appendingPathComponent("f\(i).jsonl"), atomically: true, encoding: .utf8)
        }
        let pipeline = """
        version = 1
        name = "paragraphs"
        [[inputs]]
        path = "input/f0.jsonl"
        reader = "jsonl"
        [[inputs]]
        path = "input/f1.jsonl"
        reader = "jsonl"
        [[inputs]]
        path = "input/f2.jsonl"
        reader = "jsonl"

        [[stages]]
        type = "exact_dedup"
        level = "paragraph"
        min_paragraph_chars = 50

        [output]
        exclusions = true
        """
        let out = dir.appendingPathComponent("out")
        let run = try CommandRunner.run(["run", try E2E.pipeline(pipeline, in: dir), "--output", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let kept = Dictionary(uniqueKeysWithValues: try E2E.documentLines(out).map { try DocumentJSON.decode($0) }.map { ($0.id, $0) })
        #expect(kept["p1"]?.text == docs[0].1, "the first appearance stays")
        #expect(kept["p2"]?.text.contains("MgB2") == true)
        #expect(kept["p2"]?.text.contains("Results") == true, "short paragraphs are never removed")
        #expect(kept["p2"]?.text.contains("FUNDING") == false, "the repeated funding paragraph is removed, whatever its case")
        #expect(kept["p2"]?.metadata.extra["duplicate_paragraphs_removed"] == .int(1))
        #expect(kept["p3"] == nil)
        let excluded = try E2E.documentLines(out, folder: "excluded").map { try DocumentJSON.decode($0) }
        #expect(excluded.map(\.id) == ["p3"])
        #expect((excluded.first?.metadata.extra["excluded"]?.objectValue?["reason"]) == .string("duplicate_paragraphs"))
    }
}
