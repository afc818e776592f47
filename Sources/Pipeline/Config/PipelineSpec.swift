import CorpusCore

/// A validated pipeline: what to read, what to do, where to write.
public struct PipelineSpec: Sendable {
    /// The pipeline file as given.
    public var file: String
    /// XXH64 of the pipeline file's bytes (16 hex digits), recorded with each run.
    public var fileHash: String
    public var version: Int
    public var name: String
    /// Worker threads; nil means one per core.
    public var workers: Int?
    /// Loose files are grouped into tasks of about this many bytes; each archive is its own task.
    public var taskBytes: Int64
    public var inputs: [InputConfig]
    public var stages: [StageConfig]
    public var output: OutputConfig
}

/// One `[[inputs]]` entry.
public struct InputConfig: Sendable {
    /// Resolved path: relative paths are taken from the pipeline file's folder, `${VAR}` expanded.
    public var path: String
    public var include: [String]
    public var exclude: [String]
    public var followArchives: Bool
    public var reader: String
    public var source: DocumentSource
    /// The reader's own options.
    public var options: ResolvedOptions
    public var line: Int
}

/// One `[[stages]]` entry.
public struct StageConfig: Sendable {
    public var type: String
    public var options: ResolvedOptions
    public var line: Int
}

/// The `[output]` table.
public struct OutputConfig: Sendable {
    /// Output directory; `--output` overrides it. Relative to the working directory.
    public var directory: String
    /// `zstd` or `none`.
    public var compression: String
    public var compressionLevel: Int
    /// Rotate document files at this many bytes.
    public var maxFileBytes: Int64
    /// Write dropped documents, with stage and reason, under `excluded/`.
    public var exclusions: Bool
}
