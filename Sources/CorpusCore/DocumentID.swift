/// Stable document identifiers.
///
/// An id is `SOURCE-` followed by 32 hex digits: two XXH64 hashes (seeds 0 and `seed2`) of
/// `SOURCE`, a NUL byte and the locator. The locator is what a reader knows to be unique and stable
/// for the document: typically the input path relative to its declared root, the archive member,
/// and the position inside the member (a line number, a data-block name). Re-running a pipeline
/// over the same inputs therefore yields the same ids, whatever the worker count or the machine.
public enum DocumentID {
    static let seed2: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The id for a document of `source` found at `locator`.
    public static func make(source: DocumentSource, locator: String) -> String {
        let key = source.rawValue + "\u{0}" + locator
        return "\(source.rawValue)-\(XXH64.hash(key).hex16)\(XXH64.hash(key, seed: seed2).hex16)"
    }
}
