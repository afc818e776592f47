import CIF
import ChemNotation
import CorpusCore
import CorpusIO
import PublisherXML
import TextNormalization

/// A stage type the pipeline file can name in `[[stages]] type = "..."`.
public struct StageDefinition: Sendable {
    public var type: String
    public var summary: String
    public var options: [OptionSpec]
    public var build: @Sendable (ResolvedOptions) throws -> any Stage
    /// For a corpus-wide stage (deduplication): builds it; the executor splits the pipeline there
    /// (see `CorpusWideStage`) and `build` is not used.
    public var corpusWide: (@Sendable (ResolvedOptions) throws -> any CorpusWideStage)? = nil
    /// Run once after every task has completed (e.g. the shard manifest).
    public var finalize: (@Sendable (ResolvedOptions, FinalizeContext) throws -> Void)? = nil
}

/// What a stage's `finalize` learns about the finished run.
public struct FinalizeContext: Sendable {
    public var outputDirectory: String
    public var pipelineFile: String
    public var pipelineHash: String
}

/// A reader the pipeline file can name in `[[inputs]] reader = "..."`.
public struct ReaderDefinition: Sendable {
    public var name: String
    public var summary: String
    public var options: [OptionSpec]
    public var build: @Sendable (ResolvedOptions, DocumentSource) throws -> any DocumentReader
}

/// The one registry of readers and stages: the pipeline file's vocabulary.
///
/// Every name and option a pipeline may use is declared here with its type, default and help, so
/// a pipeline is validated completely before any work starts, and `--dry-run` can show the plan.
public enum Registry {
    public static let readers: [ReaderDefinition] = [
        ReaderDefinition(
            name: "xml",
            summary: "publisher XML (JATS, Elsevier, Springer, RSC, Wiley, NPG, IOP, MEDLINE, ...): one document per article, "
                + "Markdown headings, pipe tables, linear math; format detected from the root element",
            options: [
                OptionSpec("content", .choice(XMLExtractionOptions.Content.allCases.map(\.rawValue)), default: .string("full"),
                           help: "full: title, abstracts, keywords, body, floats, back matter; abstract: title, abstracts and keywords only"),
                OptionSpec("tables", .boolean, default: .boolean(true), help: "render tables as Markdown pipe tables"),
                OptionSpec("captions", .boolean, default: .boolean(true), help: "keep figure and table captions and table footnotes"),
                OptionSpec("references", .boolean, default: .boolean(false), help: "keep the reference list as a ## References section"),
                OptionSpec("back_matter", .boolean, default: .boolean(true),
                           help: "keep acknowledgments, appendices, funding, notes and declarations"),
                OptionSpec("markers", .choice(XMLExtractionOptions.Markers.allCases.map(\.rawValue)), default: .string("none"),
                           help: "none: cross-references as their text, TeX as $…$; llamat: [BIB_REF]…[/BIB_REF], [FIG_REF], [TABLE_REF], [EQ_REF], [TEX]"),
                OptionSpec("floats", .choice(XMLExtractionOptions.FloatPlacement.allCases.map(\.rawValue)), default: .string("inline"),
                           help: "inline: figures and tables where the publisher puts them (Elsevier: after the first paragraph citing them); end: after the body"),
                OptionSpec("keep_recovered", .boolean, default: .boolean(false),
                           help: "for malformed XML, also emit the text read before the error (flagged recovered); the file is rejected either way"),
            ],
            build: { options, source in
                XMLDocumentReader(source: source, options: XMLExtractionOptions(
                    content: XMLExtractionOptions.Content(rawValue: options.string("content")!) ?? .full,
                    tables: options.bool("tables")!,
                    captions: options.bool("captions")!,
                    references: options.bool("references")!,
                    backMatter: options.bool("back_matter")!,
                    markers: XMLExtractionOptions.Markers(rawValue: options.string("markers")!) ?? .none,
                    floats: XMLExtractionOptions.FloatPlacement(rawValue: options.string("floats")!) ?? .inline,
                    keepRecovered: options.bool("keep_recovered")!))
            }),
        ReaderDefinition(
            name: "text", summary: "one document per file, the whole file as UTF-8 text",
            options: [OptionSpec("max_mb", .integer, default: .integer(256), minimum: 1, help: "reject files larger than this (MB)")],
            build: { options, source in PlainTextReader(source: source, maxBytes: options.integer("max_mb")! << 20) }),
        ReaderDefinition(
            name: "jsonl", summary: "one document per JSON line (text required; id, source, metadata kept when present)",
            options: [
                OptionSpec("reassign_ids", .boolean, default: .boolean(false), help: "derive ids from file and line even when lines have one"),
                OptionSpec("keep_line_source", .boolean, default: .boolean(false),
                           help: "keep each line's own source label (default: the input's source wins; the line's is kept as metadata.origin_source)"),
            ],
            build: { options, source in
                JSONLDocumentsReader(source: source, reassignIDs: options.bool("reassign_ids")!, keepLineSource: options.bool("keep_line_source")!)
            }),
        ReaderDefinition(
            name: "cif", summary: "one document per crystal-structure block: canonical CIF and/or a short text rendering, structured fields in metadata",
            options: [
                OptionSpec("render", .choice(CIFDocumentReader.Rendering.allCases.map(\.rawValue)), default: .string("cif"),
                           help: "document text: canonical CIF, the short text rendering, or both"),
                OptionSpec("decimals", .integer, default: .integer(4), minimum: 0, help: "decimals of coordinates and cell parameters"),
                OptionSpec("keep_bibliography", .boolean, default: .boolean(false), help: "keep bibliographic and free-text fields"),
                OptionSpec("strict", .boolean, default: .boolean(false), help: "reject a file on any syntax error instead of recovering"),
            ],
            build: { options, source in
                CIFDocumentReader(source: source, rendering: CIFDocumentReader.Rendering(rawValue: options.string("render")!)!,
                                  options: CanonicalCIFOptions(decimals: options.integer("decimals")!, keepsBibliography: options.bool("keep_bibliography")!),
                                  strict: options.bool("strict")!)
            }),
    ]

    public static let stages: [StageDefinition] = coreStages + filterStages + dedupStages + shardStages + qaStages

    static let coreStages: [StageDefinition] = [
        StageDefinition(
            type: "unicode_normalize", summary: "clean up science text and rewrite it to a Unicode normalization form with ICU",
            options: [
                OptionSpec("form", .choice(NormalizationForm.allCases.map(\.rawValue)), default: .string("NFKC"),
                           help: "NFKC also folds compatibility characters (½, ㎏, ①, math letters) and is safe for chemistry "
                               + "with chemistry = true; NFC keeps them. Without chemistry, NFKC turns SO₄²⁻ into SO42−: use NFC there"),
                OptionSpec("chemistry", .boolean, default: .boolean(true),
                           help: "first map odd spaces to space, drop zero-width characters and soft hyphens, expand ligatures, "
                               + "make hyphen and minus variants -, µ μ, full-width forms ASCII, subscripts plain and superscript "
                               + "runs ^… (SO₄²⁻ → SO4^2-, cm⁻¹ → cm^-1); false: plain ICU normalization"),
            ],
            build: { options in
                try UnicodeNormalizeStage(form: NormalizationForm(rawValue: options.string("form")!)!, chemistry: options.bool("chemistry")!)
            }),
        StageDefinition(
            type: "chem_annotate", summary: "find chemical notation in the text and give each mention its canonical formula",
            options: [
                OptionSpec("mode", .choice(ChemAnnotateMode.allCases.map(\.rawValue)), default: .string("annotate"),
                           help: "annotate: text unchanged, mentions with span, kind and canonical in metadata.chem_mentions; "
                               + "append: `C3S [Ca3SiO5]`; replace: the canonical formula in place of the mention"),
            ],
            build: { options in ChemAnnotateStage(mode: ChemAnnotateMode(rawValue: options.string("mode")!)!) }),
        StageDefinition(
            type: "length_filter", summary: "drop documents that are too short or too long",
            options: [
                OptionSpec("min_chars", .integer, default: .integer(0), minimum: 0, help: "drop below this many characters (too_short)"),
                OptionSpec("max_chars", .integer, default: .integer(0), minimum: 0, help: "drop above this many characters; 0 = no limit (too_long)"),
                OptionSpec("min_words", .integer, default: .integer(0), minimum: 0, help: "drop below this many words (too_few_words)"),
            ],
            build: { options in
                LengthFilter(minChars: options.integer("min_chars")!, maxChars: options.integer("max_chars")!, minWords: options.integer("min_words")!)
            }),
    ]

    public static func reader(named name: String) -> ReaderDefinition? { readers.first { $0.name == name } }
    public static func stage(named name: String) -> StageDefinition? { stages.first { $0.type == name } }
}
