import CorpusCore
import Shards

extension Registry {
    /// The `token_shards` stage its options describe.
    static func shardStage(_ options: ResolvedOptions) throws -> TokenShardStage {
        try TokenShardStage(tokenizer: options.string("tokenizer")!, format: ShardFormat(rawValue: options.string("format")!)!,
                            appendEOS: options.bool("append_eos")!, prependBOS: options.bool("prepend_bos")!,
                            split: SplitAssignment(valid: options.double("valid_fraction")!, test: options.double("test_fraction")!,
                                                   seed: UInt64(bitPattern: Int64(options.integer("split_seed")!))),
                            maxTokensPerFile: options.integer("max_tokens_per_file")!,
                            shuffle: ShuffleMode(option: options.string("shuffle")!) ?? .none,
                            shuffleSeed: UInt64(bitPattern: Int64(options.integer("shuffle_seed")!)))
    }

    /// After every task: the global shuffle when asked for (its replaced intermediate files are
    /// recorded as retired, so resumed runs still see their tasks as complete), then the manifest.
    static func finishShards(_ options: ResolvedOptions, _ context: FinalizeContext) throws {
        let stage = try shardStage(options)
        if stage.shuffle == .global {
            let layout = OutputLayout(root: context.outputDirectory)
            try stage.globalShuffle(outputDirectory: context.outputDirectory).run { files in try layout.retire(files) }
        }
        try ShardManifest.write(directory: context.outputDirectory, pipeline: context.pipelineFile, pipelineHash: context.pipelineHash, stage: stage)
    }

    /// The token-shard stages (module Shards).
    static let shardStages: [StageDefinition] = [
        StageDefinition(
            type: "token_shards",
            summary: "encode documents with the base model's tokenizer and write token shards per split (Megatron .bin/.idx by default, "
                + "llm.c or datatrove .ds), plus shards/manifest.json when the run completes",
            options: [
                OptionSpec("format", .choice(ShardFormat.allCases.map(\.rawValue)), default: .string("megatron"),
                           help: "megatron: PREFIX_text_document.bin/.idx (MMIDIDX v1); llmc: llm.c .bin with its 1,024-byte header; "
                               + "datatrove: .ds + .ds.index + .ds.metadata"),
                OptionSpec("tokenizer", .path, default: nil,
                           help: "tokenizer file: SentencePiece .model (LLaMA-2), tiktoken ranks (LLaMA-3), tokenizer.json or a .gguf model"),
                OptionSpec("append_eos", .boolean, default: .boolean(true), help: "end every document with the tokenizer's EOS (Megatron's --append-eod)"),
                OptionSpec("prepend_bos", .boolean, default: .boolean(false), help: "start every document with the tokenizer's BOS"),
                OptionSpec("valid_fraction", .float, default: .float(0), minimum: 0, help: "share of documents in the valid split (by a stable hash of the id)"),
                OptionSpec("test_fraction", .float, default: .float(0), minimum: 0, help: "share of documents in the test split"),
                OptionSpec("split_seed", .integer, default: .integer(0), help: "seed of the split hash"),
                OptionSpec("max_tokens_per_file", .integer, default: .integer(0), minimum: 0,
                           help: "start a new file past this many tokens (a document is never cut); 0: one per task and split, or per split after a global shuffle"),
                OptionSpec("shuffle", .choice(ShuffleMode.optionValues), default: .string("none"),
                           help: "none (or false): reading order; file (or true): each file's documents in a seeded random order, held in memory "
                               + "(bound it with max_tokens_per_file); global: one seeded permutation of each split across all tasks and files, "
                               + "written as shards/SPLIT/shuffled-NNNN when the run completes (12 bytes of memory per document of a split)"),
                OptionSpec("shuffle_seed", .integer, default: .integer(0), help: "seed of the shuffle"),
            ],
            build: { options in try shardStage(options) },
            finalize: { options, context in try finishShards(options, context) }),
            StageDefinition(
            type: "mix",
            summary: "corpus-wide: set each source's share of the tokens (LLaMat: papers and CIF text with ~3% general text), "
                + "repeating small sources and sampling large ones, deterministically",
            options: [
                OptionSpec("shares", .stringArray, default: nil, help: "target shares as [\"source=share\", ...], e.g. [\"paper=0.6\", \"cif=0.37\", \"general=0.03\"]; normalized to sum to 1"),
                OptionSpec("budget_tokens", .integer, default: .integer(0), minimum: 0,
                           help: "total tokens to produce; 0: the largest total that repeats no source"),
                OptionSpec("tokenizer", .path, default: .string(""), help: "count tokens with this tokenizer (the shards'); empty: count UTF-8 bytes"),
                OptionSpec("seed", .integer, default: .integer(0), help: "seed of the per-document sampling hash"),
            ],
            build: { _ in throw PipelineError.output(path: "mix", reason: "a corpus-wide stage runs through the executor's phases") },
            corpusWide: { options in
                let tokenizer = options.string("tokenizer") ?? ""
                return try MixStage(shares: try MixStage.parseShares(options.stringArray("shares") ?? []), budgetTokens: options.integer("budget_tokens")!,
                                    tokenizer: tokenizer.isEmpty || tokenizer.hasSuffix("/") ? nil : tokenizer,
                                    seed: UInt64(bitPattern: Int64(options.integer("seed")!)))
            }),
    ]
}
