import ArgumentParser
import Dedup
import Foundation

struct DedupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup",
        abstract: "Remove exact and near-duplicate documents from JSON-lines files.",
        discussion: """
        Reads one document per line ({"id", "text", ...}; .zst and .gz inputs are decompressed), removes exact \
        duplicates (same lowercased words, whatever the spacing and punctuation) and near duplicates \
        (MinHash-LSH over word n-gram shingles, digits kept), and writes the kept documents in input order, \
        each with metadata.minhash_cluster_id (the id of its cluster's kept document) and \
        metadata.minhash_cluster_size. Each cluster keeps its document with the smallest id (byte order), so the \
        result does not depend on input order. \
        Exit status: 0 done; 3 done but some lines were not documents (listed on stderr); 1 failure.
        """)

    @Argument(help: "Input JSONL files (plain, .gz or .zst).")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "The kept documents (JSONL; a .zst name is compressed).")
    var output: String

    @Option(help: "Also write the removed documents here, with metadata.duplicate_of and metadata.dedup_reason.")
    var removed: String?

    @Option(help: "Jaccard similarity (estimated on the verification sketches) at which a candidate pair is a duplicate.")
    var threshold: Double = MinHashParameters.default.threshold

    @Option(help: "Words per shingle.")
    var ngram: Int = MinHashParameters.default.ngram

    @Option(help: "LSH bands.")
    var bands: Int = MinHashParameters.default.bands

    @Option(help: "MinHash values per band (bands × rows permutations in all).")
    var rows: Int = MinHashParameters.default.rows

    @Option(help: "Verification sketch size (smallest distinct shingle hashes kept per document); 0 verifies on the MinHash values.")
    var sketch: Int = MinHashParameters.default.sketch

    @Option(help: "Seed of the permutation table.")
    var seed: UInt64 = MinHashParameters.default.seed

    @Option(help: "Keep signatures and decisions in this directory, to serve as --index for a later batch.")
    var workspace: String?

    @Option(help: "The workspace of an earlier run: its documents count as already kept (repeatable).")
    var index: [String] = []

    @Option(help: "Worker threads (default: all cores).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Write a JSON report of the run here.")
    var report: String?

    func run() throws {
        var engine = JSONLDeduplicator()
        engine.parameters = MinHashParameters(ngram: ngram, bands: bands, rows: rows, seed: seed, threshold: threshold, sketch: sketch)
        do { try engine.parameters.validate() } catch { throw ValidationError("\(error)") }
        engine.workers = max(1, workers)
        engine.workspace = workspace
        engine.index = index
        let result: JSONLDeduplicator.Report
        do {
            result = try engine.run(inputs: inputs, output: output, removed: removed)
        } catch {
            FileHandle.standardError.write(Data("matcorpus dedup: \(error)\n".utf8))
            throw ExitCode(1)
        }
        if let report {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(result).write(to: URL(fileURLWithPath: report), options: .atomic)
        }
        for r in result.rejected.prefix(20) {
            FileHandle.standardError.write(Data("\(r.file):\(r.line): skipped: \(r.reason)\n".utf8))
        }
        if result.rejected.count > 20 {
            FileHandle.standardError.write(Data("… and \(result.rejected.count - 20) more lines skipped\n".utf8))
        }
        let p = engine.parameters
        print("""
        documents \(result.documents): kept \(result.kept), removed \(result.removedExact) exact and \(result.removedNear) near duplicates\
        \(result.removedIndexed > 0 ? ", \(result.removedIndexed) already in the index" : ""); \
        \(result.resolve.clusters) clusters of 2 or more (largest \(result.resolve.largestCluster))
        minhash: \(p.ngram)-word shingles, \(p.bands) bands × \(p.rows) rows, sketch \(p.sketch), threshold \(p.threshold), seed \(p.seed), \
        table checksum \(result.resolve.tableChecksum); S-curve midpoint ≈ \(String(format: "%.2f", p.curveThreshold))
        time: signing \(String(format: "%.2f", result.secondsSigning)) s, clustering \(String(format: "%.2f", result.secondsResolving)) s, \
        writing \(String(format: "%.2f", result.secondsWriting)) s
        """)
        if !result.rejected.isEmpty { throw ExitCode(3) }
    }
}
