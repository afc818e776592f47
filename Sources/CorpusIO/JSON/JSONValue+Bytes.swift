import CorpusCore

extension JSONValue {
    /// Parses one JSON text (RFC 8259; surrounding whitespace allowed).
    /// Throws `JSONParseError` with the byte offset of the problem.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes)
        let value = try parser.parseValue()
        try parser.expectEnd()
        return value
    }

    /// Parses one JSON text from a byte array.
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        // withUnsafeBytes rethrows untyped errors; a Result keeps the type.
        try bytes.withUnsafeBytes { raw in Result { () throws(JSONParseError) in try parse(raw) } }.get()
    }

    /// Parses one JSON text from a string.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Appends the compact JSON form of this value (object keys sorted, no whitespace).
    /// Non-finite doubles, which JSON cannot express, are written as `null`.
    public func serialize(into buffer: inout [UInt8]) {
        JSONEmitter.appendValue(self, to: &buffer)
    }

    /// The compact JSON form of this value as a string.
    public var jsonString: String {
        var out: [UInt8] = []
        serialize(into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
