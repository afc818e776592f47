/// A TOML table: keys in the order they were defined, each with its own source position.
///
/// Key order is the order of first appearance in the document; a table first named implicitly
/// (for example `a` by `[a.b]`) keeps the place of that first mention even when a later `[a]` header
/// defines it.
public struct TOMLTable: Sendable, Equatable, Sequence {
    /// One key of a table with its value.
    public struct Entry: Sendable, Equatable {
        /// The key, unquoted and unescaped; for a dotted key, the last part that names this entry.
        public var key: String
        /// Where the key is written. For a table named by several headers or dotted keys: the key in
        /// its own `[header]` if it has one, else where it was first named (`a` in `[a.b]` or in
        /// `a.b = 1`); for an array of tables, the key in its first `[[header]]`.
        public var keyPosition: SourcePosition
        /// The value.
        public var value: TOMLValue

        /// Creates an entry.
        public init(key: String, keyPosition: SourcePosition, value: TOMLValue) {
            self.key = key
            self.keyPosition = keyPosition
            self.value = value
        }
    }

    /// Where the table starts: the `[header]`, the `{` of an inline table, the key that implied it,
    /// or line 1, column 1 for the document root.
    public var position: SourcePosition
    /// The entries in definition order; keys are unique.
    public private(set) var entries: [Entry]
    private var indexByKey: [String: Int]

    /// An empty table starting at `position`.
    public init(at position: SourcePosition) {
        self.position = position
        self.entries = []
        self.indexByKey = [:]
    }

    /// The keys in definition order.
    public var keys: [String] { entries.map(\.key) }
    /// The number of keys.
    public var count: Int { entries.count }
    /// Whether the table has no keys.
    public var isEmpty: Bool { entries.isEmpty }

    /// The value for `key`, or nil when the table has no such key.
    public subscript(key: String) -> TOMLValue? {
        guard let index = indexByKey[key] else { return nil }
        return entries[index].value
    }

    /// The entry for `key` (with the key's own position), or nil.
    public func entry(_ key: String) -> Entry? {
        guard let index = indexByKey[key] else { return nil }
        return entries[index]
    }

    /// Whether the table has `key`.
    public func contains(_ key: String) -> Bool { indexByKey[key] != nil }

    /// Adds an entry at the end. Returns false, changing nothing, when the key is already present.
    @discardableResult
    public mutating func append(_ entry: Entry) -> Bool {
        guard indexByKey[entry.key] == nil else { return false }
        indexByKey[entry.key] = entries.count
        entries.append(entry)
        return true
    }

    /// Iterates over the entries in definition order.
    public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }

    /// Tables are equal when they start at the same position and have equal entries in the same order.
    public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool {
        lhs.position == rhs.position && lhs.entries == rhs.entries
    }
}
