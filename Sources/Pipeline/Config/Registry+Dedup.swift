import CorpusCore
import Dedup

extension Registry {
    /// The deduplication stages (module Dedup). Both are corpus-wide: the run splits into phases
    /// there (signatures per task, one resolution, then the filter; see `CorpusWideStage`).
    static let dedupStages: [StageDefinition] = [
        StageDefinition(
            type: "minhash_dedup",
            summary: "remove exact and near-duplicate documents across the run (MinHash-LSH over word n-grams, digits kept); "
                + "kept documents get minhash_cluster_id and minhash_cluster_size",
            options: [
                OptionSpec("ngram", .integer, default: .integer(Int64(MinHashParameters.default.ngram)), minimum: 1, help: "words per shingle"),
                OptionSpec("bands", .integer, default: .integer(Int64(MinHashParameters.default.bands)), minimum: 1, help: "LSH bands"),
                OptionSpec("rows", .integer, default: .integer(Int64(MinHashParameters.default.rows)), minimum: 1,
                           help: "MinHash values per band (bands × rows permutations)"),
                OptionSpec("threshold", .float, default: .float(MinHashParameters.default.threshold), minimum: 0,
                           help: "a candidate pair is a duplicate when its Jaccard similarity, estimated on the verification sketches, reaches this"),
                OptionSpec("sketch", .integer, default: .integer(Int64(MinHashParameters.default.sketch)), minimum: 0,
                           help: "verification sketch: the smallest distinct 32-bit shingle hashes kept per document (even; 0: verify on the MinHash values)"),
                OptionSpec("seed", .integer, default: .integer(Int64(bitPattern: MinHashParameters.default.seed)),
                           help: "seed of the permutation table (its checksum is stored in the workspace)"),
                OptionSpec("index", .stringArray, default: .stringArray([]),
                           help: "dedup workspaces of earlier runs (OUT/dedup/N-minhash_dedup): their documents count as kept and win"),
                OptionSpec("sources", .stringArray, default: .stringArray([]),
                           help: "document sources that take part (e.g. [\"paper\", \"general\"]); others pass untouched. Empty: all. "
                               + "Leave CIF text out: different structures of one type share most of their canonical CIF text"),
            ],
            build: { _ in throw PipelineError.output(path: "minhash_dedup", reason: "a corpus-wide stage runs through the executor's phases") },
            corpusWide: { options in
                let parameters = MinHashParameters(ngram: options.integer("ngram")!, bands: options.integer("bands")!, rows: options.integer("rows")!,
                                                   seed: UInt64(bitPattern: Int64(options.integer("seed")!)), threshold: options.double("threshold")!,
                                                   sketch: options.integer("sketch")!)
                try parameters.validate()
                return MinHashDedupStage(parameters: parameters, index: options.stringArray("index") ?? [],
                                         sources: Set(options.stringArray("sources") ?? []))
            }),
        StageDefinition(
            type: "exact_dedup",
            summary: "remove documents whose normalized words (or a metadata field, e.g. the CIF reader's duplicate_key) repeat an earlier one's, "
                + "or (level = paragraph) paragraphs seen earlier in the run",
            options: [
                OptionSpec("level", .choice(["document", "paragraph"]), default: .string("document"),
                           help: "document: drop repeated documents (the one with the smallest id stays); paragraph: remove paragraphs "
                               + "whose words appeared earlier in input order, drop documents left empty (duplicate_paragraphs)"),
                OptionSpec("min_paragraph_chars", .integer, default: .integer(100), minimum: 1,
                           help: "level = paragraph: shorter paragraphs (headings, short lines) are never removed"),
                OptionSpec("key", .string, default: .string("text"),
                           help: "text: lowercased words, whatever the spacing and punctuation; any other value: that metadata field "
                               + "(documents without it pass), e.g. duplicate_key for CIF structures (formula, space group, cell)"),
                OptionSpec("index", .stringArray, default: .stringArray([]), help: "exact_dedup workspaces of earlier runs"),
                OptionSpec("sources", .stringArray, default: .stringArray([]), help: "document sources that take part; empty: all"),
            ],
            build: { _ in throw PipelineError.output(path: "exact_dedup", reason: "a corpus-wide stage runs through the executor's phases") },
            corpusWide: { options in
                let key = options.string("key")!
                if options.string("level") == "paragraph" {
                    guard key == "text" else {
                        throw PipelineError.output(path: "exact_dedup", reason: "level = \"paragraph\" works on the text: leave key at \"text\"")
                    }
                    return ParagraphDedupStage(minimumCharacters: options.integer("min_paragraph_chars")!, index: options.stringArray("index") ?? [],
                                               sources: Set(options.stringArray("sources") ?? []))
                }
                return ExactDedupStage(keyField: key == "text" ? nil : key, index: options.stringArray("index") ?? [],
                                       sources: Set(options.stringArray("sources") ?? []))
            }),
    ]
}
