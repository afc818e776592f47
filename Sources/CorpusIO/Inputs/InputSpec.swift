/// One input a pipeline declares: a file, a folder (walked recursively) or an archive, with globs.
///
/// How the globs apply (see `Glob` for the syntax):
/// - **Loose files in a folder** are kept when their path relative to the folder passes the lists
///   (include empty = everything; exclude wins).
/// - **Archives in a folder** (when `followArchives`) are kept unless their relative path matches an
///   exclude pattern; the include list does not drop them, because it is meant for their members.
/// - **Archive members** are selected by member path (relative to the archive's root): exclude always
///   applies; include applies too, unless the archive itself is named by include (its own relative
///   path matches an include pattern, as with `include: ["*.tar"]`): then all its members are read.
/// - **A file named directly by `path`** is always read; the globs select only inside folders and archives.
///
/// In JSON a spec is an object (`{"path": "...", "include": [...], "exclude": [...],
/// "follow_archives": true}`, all but `path` optional) or just the path as a string.
public struct InputSpec: Sendable, Hashable, Codable {
    /// A file, folder or archive; relative paths resolve against the working directory.
    public var path: String
    /// Globs that select files and members; empty selects everything.
    public var include: [String]
    /// Globs that drop files, archives and members; they win over `include`.
    public var exclude: [String]
    /// When false, archives are plain files: read whole, through transparent decompression.
    public var followArchives: Bool

    public init(path: String, include: [String] = [], exclude: [String] = [], followArchives: Bool = true) {
        self.path = path; self.include = include; self.exclude = exclude; self.followArchives = followArchives
    }

    enum CodingKeys: String, CodingKey {
        case path, include, exclude
        case followArchives = "follow_archives"
    }

    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let path = try? single.decode(String.self) {
            self.init(path: path)
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            path: try c.decode(String.self, forKey: .path),
            include: try c.decodeIfPresent([String].self, forKey: .include) ?? [],
            exclude: try c.decodeIfPresent([String].self, forKey: .exclude) ?? [],
            followArchives: try c.decodeIfPresent(Bool.self, forKey: .followArchives) ?? true)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(include, forKey: .include)
        try c.encode(exclude, forKey: .exclude)
        try c.encode(followArchives, forKey: .followArchives)
    }

    /// The spec's globs, compiled. Throws `Glob.PatternError` for a bad pattern.
    public func compiledFilter() throws -> GlobFilter {
        try GlobFilter(include: include, exclude: exclude)
    }
}

/// One schedulable piece of input: a file or an archive on disk.
public struct InputUnit: Sendable, Hashable, Codable {
    /// How a unit is read.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Read whole, through transparent decompression (`.gz`, `.zst` are files, not archives).
        case file
        /// Streamed member by member through libarchive.
        case archive
    }

    /// The file on disk: the spec's path, or the spec's path joined with `relativePath`.
    public var path: String
    /// Relative to the spec's folder; the basename when the spec names a file or archive directly.
    public var relativePath: String
    /// Size on disk in bytes.
    public var size: Int64
    public var kind: Kind

    public init(path: String, relativePath: String, size: Int64, kind: Kind) {
        self.path = path; self.relativePath = relativePath; self.size = size; self.kind = kind
    }

    enum CodingKeys: String, CodingKey {
        case path, size, kind
        case relativePath = "relative_path"
    }
}

/// Why an input spec could not be planned.
public enum InputPlanError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The spec's path does not exist (or a folder on the way to it is not a folder).
    case missing(path: String)
    /// The spec's path is neither a regular file nor a folder (a socket, a device, a FIFO...).
    case unsupportedType(path: String)
    /// A file or folder could not be examined or listed.
    case system(call: String, errno: Int32, path: String)
    /// An include or exclude pattern is invalid.
    case invalidPattern(Glob.PatternError)

    public var description: String {
        switch self {
        case .missing(let path): return "input path does not exist: \(path)"
        case .unsupportedType(let path): return "input path is neither a file nor a folder: \(path)"
        case .system(let call, let errno, let path): return "cannot read input \(path): \(call) failed: \(InputsPOSIX.errnoText(errno))"
        case .invalidPattern(let error): return error.description
        }
    }
}
