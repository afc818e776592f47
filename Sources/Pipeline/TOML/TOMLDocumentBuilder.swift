/// Assembles a document's tables while it is parsed and enforces TOML's rules about defining things
/// once:
///
/// - a key is defined once per table (`duplicate key`);
/// - a table is defined once, by one `[header]` or by dotted keys, never both; a table only implied
///   by a header (`a` in `[a.b]`) may be defined later by one `[a]`, or else extended by dotted keys
///   (as Python's `tomllib` allows), after which no `[a]` may follow;
/// - `[header]` may still add sub-tables to a table made by dotted keys (`[a.x]` after `a.b = 1`);
/// - dotted keys cannot add to a table defined by a header or to an array of tables;
/// - `[[header]]` cannot append to a static array, and `[header]` cannot redefine an array of tables;
/// - inline tables and static arrays are values: they can be neither extended nor redefined.
///
/// Tables are reference-type nodes here so a section can keep adding to the table its header opened;
/// `finish()` turns the tree into `TOMLTable` values.
final class TOMLDocumentBuilder {
    /// How a table came into being, which decides what may still be done with it.
    enum Origin {
        case root, header, implied, dotted, inline, arrayElement
    }

    /// A table under construction.
    final class Table {
        var origin: Origin
        var position: SourcePosition
        /// The keys leading to this table from the root, for messages (empty for inline tables).
        let path: [String]
        var entries: [Entry] = []
        var indexByKey: [String: Int] = [:]

        init(origin: Origin, position: SourcePosition, path: [String]) {
            self.origin = origin
            self.position = position
            self.path = path
        }

        func index(of key: String) -> Int? { indexByKey[key] }

        func append(_ entry: Entry) {
            indexByKey[entry.key] = entries.count
            entries.append(entry)
        }
    }

    /// An array of tables under construction: one element per `[[header]]`.
    final class TableArray {
        let position: SourcePosition
        /// The keys leading to this array from the root, for messages.
        let path: [String]
        var elements: [Table]

        init(position: SourcePosition, path: [String], first: Table) {
            self.position = position
            self.path = path
            self.elements = [first]
        }
    }

    /// What a key holds while the document is read: a finished value (including inline tables and
    /// static arrays, which cannot change) or a table or array of tables that can still grow.
    enum Slot {
        case value(TOMLValue)
        case table(Table)
        case tableArray(TableArray)
    }

    /// A key of a table under construction.
    struct Entry {
        var key: String
        var keyPosition: SourcePosition
        var slot: Slot
    }

    typealias KeyPart = TOMLScanner.KeyPart

    /// The document's root table.
    let root: Table
    /// The table that key/value lines currently go into: the root, or the last header's table.
    private(set) var current: Table

    init(file: String) {
        root = Table(origin: .root, position: SourcePosition(file: file, line: 1, column: 1), path: [])
        current = root
    }

    // MARK: Headers

    /// `[path]`: defines a table and makes it current.
    func openTable(_ path: [KeyPart], header: SourcePosition) throws(TOMLError) {
        guard let last = path.last else { return }
        let parent = try walkForHeader(path, header: "[\(Self.display(path))]")
        if let i = parent.index(of: last.name) {
            let first = parent.entries[i]
            switch first.slot {
            case .table(let table) where table.origin == .implied:
                table.origin = .header
                table.position = header
                parent.entries[i].keyPosition = last.position
                current = table
                return
            case .table(let table) where table.origin == .dotted:
                throw TOMLError("table [\(Self.display(path))] is already defined by dotted keys (at line \(table.position.line))", at: last.position)
            case .table(let table):
                throw TOMLError("table [\(Self.display(path))] is defined twice (first defined at line \(table.position.line))", at: last.position)
            case .tableArray(let array):
                throw TOMLError("table [\(Self.display(path))] is already defined as an array of tables (first defined at line \(array.position.line))", at: last.position)
            case .value(let value):
                throw TOMLError("cannot define table [\(Self.display(path))]: key \(Self.named(path)) already has \(Self.describe(value))", at: last.position)
            }
        }
        let table = Table(origin: .header, position: header, path: parent.path + [last.name])
        parent.append(Entry(key: last.name, keyPosition: last.position, slot: .table(table)))
        current = table
    }

    /// `[[path]]`: appends a table to an array of tables, creating the array on first use, and makes
    /// the new table current.
    func openArrayTable(_ path: [KeyPart], header: SourcePosition) throws(TOMLError) {
        guard let last = path.last else { return }
        let parent = try walkForHeader(path, header: "[[\(Self.display(path))]]")
        let table = Table(origin: .arrayElement, position: header, path: parent.path + [last.name])
        if let i = parent.index(of: last.name) {
            switch parent.entries[i].slot {
            case .tableArray(let array):
                array.elements.append(table)
            case .table(let existing):
                throw TOMLError("cannot define array of tables [[\(Self.display(path))]]: table [\(Self.display(path))] is already defined (at line \(existing.position.line))", at: last.position)
            case .value(let value):
                if case .array = value.kind {
                    throw TOMLError("cannot append to static array \(Self.named(path)) (defined at line \(value.position.line)) with [[\(Self.display(path))]]", at: last.position)
                }
                throw TOMLError("cannot define array of tables [[\(Self.display(path))]]: key \(Self.named(path)) already has \(Self.describe(value))", at: last.position)
            }
        } else {
            parent.append(Entry(key: last.name, keyPosition: last.position,
                                slot: .tableArray(TableArray(position: header, path: table.path, first: table))))
        }
        current = table
    }

    /// Follows all but the last part of a header's path from the root, creating implied tables and
    /// stepping into the last element of arrays of tables.
    private func walkForHeader(_ path: [KeyPart], header: String) throws(TOMLError) -> Table {
        var table = root
        for (n, part) in path.dropLast().enumerated() {
            let prefix = Array(path[...n])
            if let i = table.index(of: part.name) {
                switch table.entries[i].slot {
                case .table(let next):
                    table = next
                case .tableArray(let array):
                    guard let lastElement = array.elements.last else {
                        throw TOMLError("internal error: empty array of tables \(Self.named(prefix))", at: part.position)
                    }
                    table = lastElement
                case .value(let value):
                    if case .table = value.kind {
                        throw TOMLError("cannot define \(header): \(Self.named(prefix)) is an inline table (defined at line \(value.position.line)), and inline tables cannot be extended", at: part.position)
                    }
                    throw TOMLError("cannot define \(header): key \(Self.named(prefix)) already has \(Self.describe(value))", at: part.position)
                }
            } else {
                let next = Table(origin: .implied, position: part.position, path: table.path + [part.name])
                table.append(Entry(key: part.name, keyPosition: part.position, slot: .table(next)))
                table = next
            }
        }
        return table
    }

    // MARK: Key/value pairs

    /// A fresh table for the contents of an inline table `{ … }` starting at `position`.
    func makeInlineTable(at position: SourcePosition) -> Table {
        Table(origin: .inline, position: position, path: [])
    }

    /// `path = value` inside `table` (the current section's table or an inline table being read).
    /// Dotted keys create or extend tables defined by dotted keys.
    func insert(_ path: [KeyPart], value: TOMLValue, into table: Table) throws(TOMLError) {
        guard let last = path.last else { return }
        var table = table
        for (n, part) in path.dropLast().enumerated() {
            let prefix = Array(path[...n])
            guard let i = table.index(of: part.name) else {
                let next = Table(origin: .dotted, position: part.position, path: table.path + [part.name])
                table.append(Entry(key: part.name, keyPosition: part.position, slot: .table(next)))
                table = next
                continue
            }
            switch table.entries[i].slot {
            case .table(let next):
                switch next.origin {
                case .implied:
                    next.origin = .dotted
                case .dotted:
                    break
                case .header, .arrayElement, .root, .inline:
                    throw TOMLError("cannot add to table [\(TOMLKeyFormatting.path(next.path))] with the dotted key \(Self.named(path)): the table was defined by a header at line \(next.position.line); add the key under that header", at: part.position)
                }
                table = next
            case .tableArray(let array):
                throw TOMLError("cannot add to array of tables [[\(TOMLKeyFormatting.path(array.path))]] (defined at line \(array.position.line)) with the dotted key \(Self.named(path))", at: part.position)
            case .value(let existing):
                if case .table = existing.kind {
                    throw TOMLError("cannot add to inline table \(Self.named(prefix)) (defined at line \(existing.position.line)): inline tables cannot be extended", at: part.position)
                }
                throw TOMLError("cannot use \(Self.named(prefix)) as a table: key \(Self.named(prefix)) already has \(Self.describe(existing))", at: part.position)
            }
        }
        if let i = table.index(of: last.name) {
            let line = table.entries[i].keyPosition.line
            throw TOMLError("duplicate key \(Self.named(path)) (first defined at line \(line))", at: last.position)
        }
        table.append(Entry(key: last.name, keyPosition: last.position, slot: .value(value)))
    }

    // MARK: Result

    /// The document as a value tree.
    func finish() -> TOMLTable { Self.freeze(root) }

    /// The value tree of `table`.
    static func freeze(_ table: Table) -> TOMLTable {
        var result = TOMLTable(at: table.position)
        for entry in table.entries {
            let value: TOMLValue
            switch entry.slot {
            case .value(let v):
                value = v
            case .table(let t):
                value = TOMLValue(.table(freeze(t)), at: t.position)
            case .tableArray(let array):
                value = TOMLValue(.array(array.elements.map { TOMLValue(.table(freeze($0)), at: $0.position) }), at: array.position)
            }
            result.append(TOMLTable.Entry(key: entry.key, keyPosition: entry.keyPosition, value: value))
        }
        return result
    }

    // MARK: Messages

    /// A key path as written in TOML: bare parts as they are, others quoted.
    static func display(_ path: some Sequence<KeyPart>) -> String {
        path.map { TOMLKeyFormatting.quotedIfNeeded($0.name) }.joined(separator: ".")
    }

    /// A key path for messages: `"a.b"` when all parts are bare, else the TOML form (`a."b c"`).
    static func named(_ path: some Collection<KeyPart>) -> String {
        path.allSatisfy({ !$0.name.isEmpty && $0.name.unicodeScalars.allSatisfy(TOMLScanner.isBareKeyScalar) })
            ? "\"\(display(path))\"" : display(path)
    }

    /// "a value (an integer at line 3)"-style description of what a key already holds.
    private static func describe(_ value: TOMLValue) -> String {
        "a value (\(value.kind.typeNameWithArticle) at line \(value.position.line))"
    }
}
