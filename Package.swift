// swift-tools-version:6.1
// MatCorpus: materials-science literature to LLM training data.
// Module graph (arrow = imports; nothing points back up):
//   matcorpus ─▶ Pipeline ─▶ { CorpusIO, RunStore, PublisherXML, CIF, ChemNotation, TextNormalization,
//                              QualityFilters, Dedup } ─▶ CorpusCore
//   each C library is wrapped by exactly one module and imported in exactly one file of it.
import PackageDescription

let package = Package(
    name: "MatCorpus",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "matcorpus", targets: ["matcorpus"]),
        .library(name: "MatCorpusKit", targets: ["Pipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // C libraries, one-line shims, found through pkg-config.
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CICU", pkgConfig: "icu-uc", providers: [.apt(["libicu-dev"])]),

        // The vocabulary every stage speaks. No I/O, no C.
        .target(name: "CorpusCore", linkerSettings: [.linkedLibrary("m")]),
        // Bytes in and out: codecs (zstd, gzip), JSONL, atomic files, inputs and archives.
        .target(name: "CorpusIO", dependencies: ["CorpusCore", "CZstd", "CZlib", "CArchive"]),
        // The per-output-directory SQLite run database.
        .target(name: "RunStore", dependencies: ["CorpusCore", "CSQLite"]),
        // Publisher XML through libxml2's pull reader.
        .target(name: "PublisherXML", dependencies: ["CorpusCore", "CLibXML2"]),
        // CIF: STAR/CIF syntax, crystal-structure semantics, canonical CIF.
        .target(name: "CIF", dependencies: ["CorpusCore"]),
        // Chemical notation: formulas, oxide sums, cement notation, names; canonical formulas.
        // Reuses the CIF module's element table and pymatgen-convention composition.
        .target(name: "ChemNotation", dependencies: ["CorpusCore", "CIF"]),
        // Quality filters for science text: language, Gopher-style quality and repetition, boilerplate, PII.
        .target(name: "QualityFilters", dependencies: ["CorpusCore"]),
        // Exact and MinHash-LSH near-duplicate detection: signatures, on-disk bands, union-find clustering.
        .target(name: "Dedup", dependencies: ["CorpusCore", "CorpusIO"]),
        // GGUF: the model file format (metadata, tensor infos), memory-mapped and fully bounds-checked.
        .target(name: "GGUF"),
        // Tokenizers: exact encoders for the base models' tokenizers, and a byte-level BPE trainer.
        .target(name: "Tokenizers", dependencies: ["CorpusCore", "GGUF"]),
        // AVX-512 (VNNI) kernels for the inference engine: the only module compiled for a newer CPU than the
        // baseline; the engine calls into it only after checking the CPU's features at run time.
        // Both engine modules are optimized in debug builds too: their tests run a 135M-parameter model.
        .target(name: "InferenceKernelsX86", swiftSettings: [.unsafeFlags(["-target-cpu", "icelake-server", "-O"])]),
        // The embedded LLaMA inference engine: quantized tensor types, kernels, the model, sampling, chat templates.
        .target(name: "Inference", dependencies: ["CorpusCore", "GGUF", "Tokenizers", "InferenceKernelsX86"],
                swiftSettings: [.unsafeFlags(["-O"])]),
        // Token shards: Megatron indexed datasets (and other trainer formats), the shard stage, manifests.
        .target(name: "Shards", dependencies: ["CorpusCore", "CorpusIO", "Tokenizers"]),
        // QA synthesis: prompts, tolerant parsing and validation of model-written pairs, deterministic CIF QA,
        // the generation stage and the fine-tuning exports.
        .target(name: "QA", dependencies: ["CorpusCore", "CorpusIO", "CIF", "ChemNotation", "Inference"]),
        // Unicode normalization through ICU.
        .target(name: "TextNormalization", dependencies: ["CorpusCore", "CICU"]),
        // Pipeline files, the stage registry and the local executor.
        .target(name: "Pipeline", dependencies: [
            "CorpusCore", "CorpusIO", "RunStore", "PublisherXML", "TextNormalization", "CIF", "ChemNotation",
            "QualityFilters", "Dedup", "Shards", "QA",
        ]),
        // The thin command-line layer.
        .executableTarget(name: "matcorpus", dependencies: [
            "Pipeline", "RunStore", "CorpusIO", "CorpusCore", "CIF", "ChemNotation", "Dedup", "Tokenizers", "Shards", "Inference", "QA",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Benchmark driver for bench/io and bench/xml (not part of the library).
        .executableTarget(name: "matcorpus-bench", dependencies: ["CorpusIO", "CorpusCore", "PublisherXML", "CIF", "ChemNotation", "TextNormalization", "QualityFilters", "Dedup"], path: "bench/Sources/matcorpus-bench"),

        .target(name: "_CorpusTestSupport", dependencies: ["CorpusCore"], path: "Tests/_CorpusTestSupport"),
        .testTarget(name: "CorpusCoreTests", dependencies: ["CorpusCore", "_CorpusTestSupport"]),
        .testTarget(name: "CorpusIOTests", dependencies: ["CorpusIO", "_CorpusTestSupport"]),
        .testTarget(name: "RunStoreTests", dependencies: ["RunStore", "_CorpusTestSupport"]),
        .testTarget(name: "PublisherXMLTests", dependencies: ["PublisherXML", "_CorpusTestSupport"]),
        .testTarget(name: "ChemNotationTests", dependencies: ["ChemNotation", "_CorpusTestSupport"]),
        .testTarget(name: "CIFTests", dependencies: ["CIF", "_CorpusTestSupport"]),
        .testTarget(name: "TextNormalizationTests", dependencies: ["TextNormalization", "_CorpusTestSupport"]),
        .testTarget(name: "QualityFiltersTests", dependencies: ["QualityFilters", "_CorpusTestSupport"]),
        .testTarget(name: "DedupTests", dependencies: ["Dedup", "CorpusIO", "_CorpusTestSupport"]),
        .testTarget(name: "GGUFTests", dependencies: ["GGUF", "_CorpusTestSupport"]),
        .testTarget(name: "InferenceTests", dependencies: ["Inference", "InferenceKernelsX86", "GGUF", "Tokenizers", "_CorpusTestSupport"]),
        .testTarget(name: "QATests", dependencies: ["QA", "CorpusCore", "CIF", "ChemNotation", "_CorpusTestSupport"]),
        .testTarget(name: "ShardsTests", dependencies: ["Shards", "CorpusCore", "_CorpusTestSupport"]),
        .testTarget(name: "TokenizerTests", dependencies: ["Tokenizers", "_CorpusTestSupport"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "_CorpusTestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Pipeline", "CorpusIO", "RunStore", "_CorpusTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
