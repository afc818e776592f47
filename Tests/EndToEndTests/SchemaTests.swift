import Foundation
import Testing
import _CorpusTestSupport

/// Real outputs, from real publisher XML and CIF fixtures, validate against schemas/document.schema.json.
@Suite struct SchemaTests {
    @Test func realOutputsValidateAgainstTheDocumentSchema() throws {
        guard let shared = Fixtures.shared else {
            print(Fixtures.sharedMissing)
            return
        }
        let probe = try CommandRunner.run(["python3", "-c", "import jsonschema"], executable: URL(fileURLWithPath: "/usr/bin/env"))
        guard probe.status == 0 else {
            print("python3 with jsonschema is not available (pip install jsonschema): skipping schema validation")
            return
        }
        let dir = try Fixtures.temporaryDirectory("schema")
        defer { try? FileManager.default.removeItem(at: dir) }
        let pipeline = try E2E.pipeline("""
            name = "schema"
            [[inputs]]
            path = "\(shared.path)/fixtures/xml"
            include = ["*.xml", "*.nxml"]
            reader = "xml"
            source = "paper"
            [[inputs]]
            path = "\(shared.path)/fixtures/cif/cod"
            include = ["*.cif"]
            reader = "text"
            source = "cif"
            [[stages]]
            type = "length_filter"
            min_chars = 300
            [output]
            exclusions = true
            """, in: dir)
        let out = dir.appendingPathComponent("out")
        let result = try CommandRunner.run(["run", pipeline, "--output", out.path, "--quiet"])
        #expect(result.status == 0 || result.status == 3, "\(result.stderr)")
        let lines = try E2E.documentLines(out) + E2E.documentLines(out, folder: "excluded")
        #expect(lines.count > 50)
        let jsonl = dir.appendingPathComponent("all.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: jsonl, atomically: true, encoding: .utf8)
        let schema = Fixtures.repositoryRoot.appendingPathComponent("schemas/document.schema.json").path
        let validate = try CommandRunner.run(["python3", "-c", """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            v = jsonschema.Draft202012Validator(schema)
            bad = 0
            n = 0
            for n, line in enumerate(open(sys.argv[2], encoding="utf-8"), 1):
                for e in v.iter_errors(json.loads(line)):
                    bad += 1
                    print(f"line {n}: {e.message}")
            print(f"{n} documents, {bad} errors")
            sys.exit(1 if bad or n == 0 else 0)
            """, schema, jsonl.path], executable: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(validate.status == 0, "\(validate.stdout.suffix(2000)) \(validate.stderr.suffix(2000))")
    }
}
