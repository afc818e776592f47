/// How `token_shards` orders the documents it writes.
public enum ShuffleMode: String, Sendable, Codable, CaseIterable {
    /// Documents in the order the task reads them.
    case none
    /// Each file's documents in a seeded random order; the file's documents are held in memory
    /// (`max_tokens_per_file` bounds them).
    case file
    /// One seeded permutation of every document of a split, across tasks and files: the tasks
    /// write intermediate files, and when the run completes `GlobalShuffle` rewrites each split as
    /// `shuffled-NNNN` files and removes the intermediates.
    case global

    /// The mode an option value names: `"none"`, `"file"`, `"global"`, or the booleans of the
    /// earlier `shuffle = true/false` (true is `file`, false is `none`).
    public init?(option: String) {
        switch option {
        case "none", "false": self = .none
        case "file", "true": self = .file
        case "global": self = .global
        default: return nil
        }
    }

    /// The values the `shuffle` option accepts.
    public static let optionValues = ["none", "file", "global", "true", "false"]
}
