import CorpusCore

/// The JSON-lines form of `Document`, written and read without Foundation.
///
/// One document is one JSON object:
/// `{"id":…,"text":…,"source":…,"metadata":{…},"provenance":{…}}`, keys in that order.
/// `metadata` is always present (`{}` when empty); its typed fields come first in
/// `Metadata.knownKeys` order, then the extra fields with their keys sorted. `provenance` holds
/// `file`, `member`, `byte_start`, `byte_end`, `line`; nil fields are omitted everywhere.
///
/// Reading is lenient about the shape of foreign JSON lines (dolma, datatrove, ...): only `text` is
/// required; a missing `id` or `source` reads as "" for the caller to fill; any other top-level key
/// (`added`, `created`, `attributes`, ...) becomes a metadata field under its own name, unless the
/// `metadata` object already has that field.
public enum DocumentJSON {
    // MARK: Writing

    /// Appends `document` as one compact JSON object (no newline) to `buffer`.
    public static func encode(_ document: Document, into buffer: inout [UInt8]) {
        JSONEmitter.appendRaw("{\"id\":", to: &buffer)
        JSONEmitter.appendString(document.id, to: &buffer)
        JSONEmitter.appendRaw(",\"text\":", to: &buffer)
        JSONEmitter.appendString(document.text, to: &buffer)
        JSONEmitter.appendRaw(",\"source\":", to: &buffer)
        JSONEmitter.appendString(document.source.rawValue, to: &buffer)
        JSONEmitter.appendRaw(",\"metadata\":", to: &buffer)
        encodeMetadata(document.metadata, into: &buffer)
        JSONEmitter.appendRaw(",\"provenance\":", to: &buffer)
        encodeProvenance(document.provenance, into: &buffer)
        buffer.append(0x7D)
    }

    /// The JSON object for `document` as bytes.
    public static func encode(_ document: Document) -> [UInt8] {
        var out: [UInt8] = []
        encode(document, into: &out)
        return out
    }

    /// Appends a `Metadata` as a JSON object: typed fields in `Metadata.knownKeys` order, then
    /// extra fields sorted by key.
    public static func encodeMetadata(_ m: Metadata, into out: inout [UInt8]) {
        out.append(0x7B)
        var first = true
        @inline(__always) func key(_ k: StaticString, _ out: inout [UInt8]) {
            if !first { out.append(0x2C) }
            first = false
            JSONEmitter.appendRaw(k, to: &out)
        }
        if let v = m.doi { key("\"doi\":", &out); JSONEmitter.appendString(v, to: &out) }
        if let v = m.title { key("\"title\":", &out); JSONEmitter.appendString(v, to: &out) }
        if let v = m.journal { key("\"journal\":", &out); JSONEmitter.appendString(v, to: &out) }
        if let v = m.year { key("\"year\":", &out); JSONEmitter.appendInt(Int64(v), to: &out) }
        if let v = m.publisher { key("\"publisher\":", &out); JSONEmitter.appendString(v, to: &out) }
        if let v = m.license { key("\"license\":", &out); JSONEmitter.appendString(v, to: &out) }
        if let v = m.language { key("\"language\":", &out); JSONEmitter.appendString(v, to: &out) }
        if let v = m.authors {
            key("\"authors\":", &out)
            out.append(0x5B)
            for (k, a) in v.enumerated() {
                if k > 0 { out.append(0x2C) }
                JSONEmitter.appendString(a, to: &out)
            }
            out.append(0x5D)
        }
        if !m.extra.isEmpty {
            for k in m.extra.keys.sorted() {
                // A typed field wins over an extra field of the same name: never write a key twice.
                if typedValueIsSet(m, k) { continue }
                if !first { out.append(0x2C) }
                first = false
                JSONEmitter.appendString(k, to: &out)
                out.append(0x3A)
                JSONEmitter.appendValue(m.extra[k]!, to: &out)
            }
        }
        out.append(0x7D)
    }

    /// Appends a `Provenance` as a JSON object, nil fields omitted.
    public static func encodeProvenance(_ p: Provenance, into out: inout [UInt8]) {
        JSONEmitter.appendRaw("{\"file\":", to: &out)
        JSONEmitter.appendString(p.file, to: &out)
        if let v = p.member { JSONEmitter.appendRaw(",\"member\":", to: &out); JSONEmitter.appendString(v, to: &out) }
        if let v = p.byteStart { JSONEmitter.appendRaw(",\"byte_start\":", to: &out); JSONEmitter.appendInt(v, to: &out) }
        if let v = p.byteEnd { JSONEmitter.appendRaw(",\"byte_end\":", to: &out); JSONEmitter.appendInt(v, to: &out) }
        if let v = p.line { JSONEmitter.appendRaw(",\"line\":", to: &out); JSONEmitter.appendInt(Int64(v), to: &out) }
        out.append(0x7D)
    }

    private static func typedValueIsSet(_ m: Metadata, _ k: String) -> Bool {
        switch k {
        case "doi": return m.doi != nil
        case "title": return m.title != nil
        case "journal": return m.journal != nil
        case "year": return m.year != nil
        case "publisher": return m.publisher != nil
        case "license": return m.license != nil
        case "language": return m.language != nil
        case "authors": return m.authors != nil
        default: return false
        }
    }

    // MARK: Reading

    /// Parses one JSON line (without its newline) into a `Document`.
    ///
    /// Throws `JSONParseError` (offset within `line`) for malformed JSON, invalid UTF-8 in a
    /// string, a missing or non-string `text`, or reserved keys of the wrong type.
    public static func decode(_ line: UnsafeRawBufferPointer) throws(JSONParseError) -> Document {
        var scratch: [UInt8] = []
        return try decode(line, scratch: &scratch)
    }

    /// `decode(_:)` with the caller's scratch storage for unescaping (see `DocumentDecoder`).
    static func decode(_ line: UnsafeRawBufferPointer, scratch: inout [UInt8]) throws(JSONParseError) -> Document {
        var p = JSONParser(line, scratch: scratch)
        scratch = []
        defer { swap(&scratch, &p.scratch) }
        p.skipWhitespace()
        guard p.current == 0x7B else { throw p.fail("expected '{' at the start of a document") }

        var id = ""
        var text: String?
        var source = ""
        var metadata = Metadata()
        var provenance = Provenance(file: "")
        var others: [(String, JSONValue)] = []

        if try p.openObject() {
            while true {
                let key = try p.memberKey()
                let valueStart = p.position
                // Reserved keys differ in length: compare bytes only for the one candidate.
                let reserved: StaticString?
                switch p.tokenLength(key) {
                case 2: reserved = "id"
                case 4: reserved = "text"
                case 6: reserved = "source"
                case 8: reserved = "metadata"
                case 10: reserved = "provenance"
                default: reserved = nil
                }
                let isReserved = reserved.map { p.tokenEquals(key, $0) } ?? false
                let length = p.tokenLength(key)
                if isReserved && length == 4 {
                    guard p.current == 0x22 else { throw p.fail("\"text\" must be a string", at: valueStart) }
                    text = try p.parseString()
                } else if isReserved && length == 2 {
                    switch p.current {
                    case 0x22: id = try p.parseString()
                    case 0x6E: _ = try p.parseValue(); id = ""
                    default:
                        // Numeric ids (common in foreign data) keep their text.
                        guard case .int(let i) = try p.parseValue() else { throw p.fail("\"id\" must be a string or an integer", at: valueStart) }
                        id = String(i)
                    }
                } else if isReserved && length == 6 {
                    switch p.current {
                    case 0x22: source = try p.parseString()
                    case 0x6E: _ = try p.parseValue(); source = ""
                    default: throw p.fail("\"source\" must be a string", at: valueStart)
                    }
                } else if isReserved && length == 8 {
                    switch p.current {
                    case 0x7B: metadata = try decodeMetadata(&p)
                    case 0x6E: _ = try p.parseValue(); metadata = Metadata()
                    default: throw p.fail("\"metadata\" must be an object", at: valueStart)
                    }
                } else if isReserved && length == 10 {
                    switch p.current {
                    case 0x7B: provenance = try decodeProvenance(&p)
                    case 0x6E: _ = try p.parseValue(); provenance = Provenance(file: "")
                    default: throw p.fail("\"provenance\" must be an object", at: valueStart)
                    }
                } else {
                    let name = try p.makeString(key)
                    others.append((name, try p.parseValue()))
                }
                if try !p.nextMember() { break }
            }
            p.leaveContainer()
        }
        try p.expectEnd()
        guard let text else { throw JSONParseError(offset: 0, reason: "missing \"text\"") }
        for (name, value) in others where !typedValueIsSet(metadata, name) && metadata.extra[name] == nil {
            assign(value, to: name, in: &metadata)
        }
        return Document(id: id, text: text, source: DocumentSource(source), metadata: metadata, provenance: provenance)
    }

    /// Parses one JSON line given as bytes.
    public static func decode(_ line: [UInt8]) throws(JSONParseError) -> Document {
        // withUnsafeBytes rethrows untyped errors; a Result keeps the type.
        try line.withUnsafeBytes { raw in Result { () throws(JSONParseError) in try decode(raw) } }.get()
    }

    /// Parses one JSON line given as a string.
    public static func decode(_ line: String) throws(JSONParseError) -> Document {
        try decode(Array(line.utf8))
    }

    /// Reads a metadata object field by field (no intermediate dictionary): string fields straight
    /// into their typed slots, anything else through `assign`.
    private static func decodeMetadata(_ p: inout JSONParser) throws(JSONParseError) -> Metadata {
        var m = Metadata()
        guard try p.openObject() else { return m }
        while true {
            let key = try p.memberKey()
            let isString = p.current == 0x22
            if isString && p.tokenEquals(key, "doi") { m.doi = try p.parseString() }
            else if isString && p.tokenEquals(key, "title") { m.title = try p.parseString() }
            else if isString && p.tokenEquals(key, "journal") { m.journal = try p.parseString() }
            else if isString && p.tokenEquals(key, "publisher") { m.publisher = try p.parseString() }
            else if isString && p.tokenEquals(key, "license") { m.license = try p.parseString() }
            else if isString && p.tokenEquals(key, "language") { m.language = try p.parseString() }
            else {
                let name = try p.makeString(key)
                if typedValueIsSet(m, name) { m[name] = nil } // a later duplicate key wins
                assign(try p.parseValue(), to: name, in: &m)
            }
            if try !p.nextMember() { break }
        }
        p.leaveContainer()
        return m
    }

    /// Sets a metadata field: typed when the value has the field's type exactly, else in `extra`
    /// (so nothing is lost and a round trip gives the same JSON).
    static func assign(_ value: JSONValue, to key: String, in m: inout Metadata) {
        switch (key, value) {
        case ("doi", .string(let s)): m.doi = s
        case ("title", .string(let s)): m.title = s
        case ("journal", .string(let s)): m.journal = s
        case ("publisher", .string(let s)): m.publisher = s
        case ("license", .string(let s)): m.license = s
        case ("language", .string(let s)): m.language = s
        case ("year", .int(let i)) where Int(exactly: i) != nil: m.year = Int(i)
        case ("authors", .array(let a)) where a.allSatisfy({ $0.stringValue != nil }):
            m.authors = a.map { $0.stringValue! }
        default: m.extra[key] = value
        }
    }

    /// Reads a provenance object field by field; unknown fields are checked and skipped.
    private static func decodeProvenance(_ p: inout JSONParser) throws(JSONParseError) -> Provenance {
        var prov = Provenance(file: "")
        guard try p.openObject() else { return prov }
        func string(_ p: inout JSONParser, _ name: String) throws(JSONParseError) -> String? {
            let at = p.position
            switch p.current {
            case 0x22: return try p.parseString()
            case 0x6E: _ = try p.parseValue(); return nil
            default: throw p.fail("provenance \"\(name)\" must be a string", at: at)
            }
        }
        func integer(_ p: inout JSONParser, _ name: String) throws(JSONParseError) -> Int64? {
            let at = p.position
            switch try p.parseValue() {
            case .int(let i): return i
            case .null: return nil
            default: throw p.fail("provenance \"\(name)\" must be an integer", at: at)
            }
        }
        while true {
            let key = try p.memberKey()
            if p.tokenEquals(key, "file") { prov.file = try string(&p, "file") ?? "" }
            else if p.tokenEquals(key, "member") { prov.member = try string(&p, "member") }
            else if p.tokenEquals(key, "byte_start") { prov.byteStart = try integer(&p, "byte_start") }
            else if p.tokenEquals(key, "byte_end") { prov.byteEnd = try integer(&p, "byte_end") }
            else if p.tokenEquals(key, "line") { prov.line = try integer(&p, "line").flatMap { Int(exactly: $0) } }
            else { try p.skipValue() }
            if try !p.nextMember() { break }
        }
        p.leaveContainer()
        return prov
    }
}
