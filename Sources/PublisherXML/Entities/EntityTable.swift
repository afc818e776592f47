/// The named character references MatCorpus knows without a DTD: every HTML5 / MathML name
/// (`&ndash;`, `&alpha;`, `&thinsp;`, `&NotEqualTilde;`) and the ISO 8879 Greek sets that publisher DTDs
/// still declare (`&agr;`, `&b.alpha;`). Generated from Python's `html.entities.html5` by
/// `scripts/generate-entities.py` (see `NamedCharacterReferences.swift`).
///
/// `XMLPullReader` uses it two ways: as the text of a built-in DTD that answers a document's external
/// DTD, and as a lookup for references the document leaves undeclared.
public enum EntityTable {
    /// The replacement text of an entity (`"–"` for `ndash`), or nil for a name not in the table.
    public static func replacement(for name: String) -> String? {
        utf8[name].map { String(decoding: $0, as: UTF8.self) }
    }

    /// How many names the table holds.
    public static var count: Int { utf8.count }

    /// Replacement text as UTF-8, by name.
    static let utf8: [String: [UInt8]] = {
        var table: [String: [UInt8]] = [:]
        table.reserveCapacity(NamedCharacterReferences.count)
        for line in NamedCharacterReferences.data.utf8.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: " "))
            guard fields.count >= 2 else { continue }
            var bytes: [UInt8] = []
            for hex in fields.dropFirst() {
                guard let value = UInt32(String(decoding: hex, as: UTF8.self), radix: 16), let scalar = Unicode.Scalar(value) else { continue }
                bytes.append(contentsOf: String(Character(scalar)).utf8)
            }
            table[String(decoding: fields[0], as: UTF8.self)] = bytes
        }
        return table
    }()

    /// A DTD that declares every entity of the table with numeric character references
    /// (`<!ENTITY ndash "&#x2013;">`), so it is plain ASCII whatever the document's encoding.
    static let declarations: String = {
        var dtd = "<!-- MatCorpus built-in entity declarations (HTML5/MathML names, ISO 8879 Greek) -->\n"
        for line in NamedCharacterReferences.data.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 2 else { continue }
            dtd += "<!ENTITY \(fields[0]) \""
            for hex in fields.dropFirst() { dtd += "&#x\(hex);" }
            dtd += "\">\n"
        }
        return dtd
    }()
}
