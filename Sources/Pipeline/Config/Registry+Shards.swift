import CorpusCore
import Shards

extension Registry {
    /// The `token_shards` stage its options describe.
    static func shardStage(_ options: ResolvedOptions) throws -> TokenShardStage {
        try TokenShardStage(tokenizer: options.string("tokenizer")!, format: ShardFormat(rawValue: options.string("format")!)!,
                            appendEOS: options.bool("append_eos")!, prependBOS: options.bool("prepend_bos")!,
                            split: SplitAssignment(valid: options.double("valid_fraction")!, test: options.double("test_fraction")!,
                                                   seed: UInt64(bitPattern: Int64(options.integer("split_seed")!))),
                            maxTokensPerFile: options.integer("max_tokens_per_file")!, shuffle: options.bool("shuffle")!,
                            shuffleSeed: UInt64(bitPattern: Int64(options.integer("shuffle_seed")!)))
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
                OptionSpec("max_tokens_per_file", .integer, default: .integer(0), minimum: 0, help: "start a new .bin/.idx pair past this many tokens; 0: one per task and split"),
                OptionSpec("shuffle", .boolean, default: .boolean(false),
                           help: "write each file's documents in a seeded random order (held in memory: bound it with max_tokens_per_file)"),
                OptionSpec("shuffle_seed", .integer, default: .integer(0), help: "seed of the shuffle"),
            ],
            build: { options in try shardStage(options) },
            finalize: { options, context in
                let stage = try shardStage(options)
                try ShardManifest.write(directory: context.outputDirectory, pipeline: context.pipelineFile, pipelineHash: context.pipelineHash, stage: stage)
            }),
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
