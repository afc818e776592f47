/// A minimal reader of the protocol-buffer wire format, enough for a SentencePiece `ModelProto`:
/// tags, varints, fixed 32/64-bit values and length-delimited fields. Every length and offset is checked
/// against the end of the enclosing message; a bad byte gives `TokenizerError.malformed` with the
/// absolute byte offset in the file, never a trap.
struct ProtobufReader {
    enum WireType: UInt8 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
    }

    let bytes: [UInt8]
    let path: String
    /// Absolute offset of the next byte to read.
    private(set) var position: Int
    /// Absolute offset just past the enclosing message.
    let end: Int

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
        self.position = 0
        self.end = bytes.count
    }

    private init(bytes: [UInt8], path: String, range: Range<Int>) {
        self.bytes = bytes
        self.path = path
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    var isAtEnd: Bool { position >= end }

    func malformed(at offset: Int, _ reason: String) -> TokenizerError {
        .malformed(path: path, offset: offset, reason: reason)
    }

    /// A base-128 varint of at most 10 bytes (negative int32/int64 values take 10).
    mutating func readVarint() throws -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw malformed(at: start, "truncated varint") }
            let byte = bytes[position]
            position += 1
            if shift == 63 && byte > 1 { throw malformed(at: start, "varint does not fit in 64 bits") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw malformed(at: start, "varint longer than 10 bytes") }
        }
    }

    /// The next field's number and wire type, or nil at the end of the message.
    mutating func readTag() throws -> (field: Int, wire: WireType, offset: Int)? {
        guard !isAtEnd else { return nil }
        let start = position
        let tag = try readVarint()
        guard tag <= UInt64(UInt32.max) else { throw malformed(at: start, "field tag out of range") }
        let field = Int(tag >> 3)
        guard field >= 1 else { throw malformed(at: start, "field number 0") }
        let rawWire = UInt8(tag & 7)
        guard let wire = WireType(rawValue: rawWire) else {
            throw malformed(at: start, rawWire == 3 || rawWire == 4
                ? "field \(field) uses the deprecated group encoding"
                : "field \(field) has invalid wire type \(rawWire)")
        }
        return (field, wire, start)
    }

    /// The absolute byte range of a length-delimited field's payload; the reader moves past it.
    mutating func readLengthDelimited() throws -> Range<Int> {
        let start = position
        let length = try readVarint()
        let available = end - position
        guard length <= UInt64(available) else {
            throw malformed(at: start, "length \(length) runs past the end of the \(end == bytes.count ? "file" : "enclosing message") (\(available) bytes left)")
        }
        let range = position..<(position + Int(length))
        position = range.upperBound
        return range
    }

    mutating func readFixed32() throws -> UInt32 {
        guard end - position >= 4 else { throw malformed(at: position, "truncated 32-bit value") }
        var value: UInt32 = 0
        for i in 0..<4 { value |= UInt32(bytes[position + i]) << (8 * UInt32(i)) }
        position += 4
        return value
    }

    mutating func readFixed64() throws -> UInt64 {
        guard end - position >= 8 else { throw malformed(at: position, "truncated 64-bit value") }
        var value: UInt64 = 0
        for i in 0..<8 { value |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += 8
        return value
    }

    /// Skips a field's value of the given wire type (unknown fields are allowed, as in protobuf).
    mutating func skip(_ wire: WireType) throws {
        switch wire {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed64()
        case .lengthDelimited: _ = try readLengthDelimited()
        case .fixed32: _ = try readFixed32()
        }
    }

    /// A reader over a nested message's payload.
    func reader(for range: Range<Int>) -> ProtobufReader {
        ProtobufReader(bytes: bytes, path: path, range: range)
    }

    /// The payload as a string, which must be valid UTF-8.
    func string(_ range: Range<Int>, field: String) throws -> String {
        guard let s = String(validating: bytes[range], as: UTF8.self) else {
            throw malformed(at: range.lowerBound, "\(field) is not valid UTF-8")
        }
        return s
    }

    /// Throws unless `wire` is what the field needs.
    func expect(_ wire: WireType, _ expected: WireType, field: String, at offset: Int) throws {
        guard wire == expected else {
            throw malformed(at: offset, "\(field) has wire type \(wire.rawValue), expected \(expected.rawValue)")
        }
    }
}
