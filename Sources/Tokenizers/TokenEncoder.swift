/// Text to token ids and back, exactly as a base model's own tokenizer does it.
///
/// Special-token text inside a document (`<|begin_of_text|>`, `<s>`) is encoded as plain text,
/// never as a control token: training text must not be able to forge control tokens.
public protocol TokenEncoder: Sendable {
    /// Number of ids (the largest id plus one).
    var vocabularySize: Int { get }
    /// Beginning- and end-of-sequence ids, when the tokenizer defines them.
    var bosID: Int? { get }
    var eosID: Int? { get }
    /// The ids of `text`, without BOS or EOS.
    func encode(_ text: String) -> [Int]
    /// The text of `ids` (invalid UTF-8 from partial byte tokens is repaired with U+FFFD).
    func decode(_ ids: [Int]) -> String
}

/// Why a tokenizer file could not be used: the file, the place, the reason.
public enum TokenizerError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformed(path: String, offset: Int, reason: String)
    case unsupported(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): cannot read: \(reason)"
        case .malformed(let path, let offset, let reason): return "\(path) at byte \(offset): \(reason)"
        case .unsupported(let path, let reason): return "\(path): \(reason)"
        }
    }
}
