/// The bytes of one parsed file and the records of its values, shared (never copied) by the
/// document, its blocks, loops and values.
///
/// Values are not materialized while parsing: each is a `CIFValueRecord` (byte range, position,
/// kind) and becomes a `String` or a number only when asked for.
final class CIFSource: Sendable {
    /// The file name given to the parser.
    let file: String
    /// The file's bytes, as read.
    let bytes: [UInt8]
    /// Values of items and loops, in file order.
    let values: [CIFValueRecord]
    /// Elements of CIF 2.0 lists and tables (a table stores key, value, key, value, …).
    let children: [CIFValueRecord]

    init(file: String, bytes: [UInt8], values: [CIFValueRecord], children: [CIFValueRecord]) {
        self.file = file
        self.bytes = bytes
        self.values = values
        self.children = children
    }
}

/// One value as the parser found it. Layout (32 bytes):
/// `start..<end` is the content's byte range without delimiters (for a list or table: the whole
/// bracketed text); `line`/`column` locate the token's first byte; `childStart`/`childCount`
/// select a container's elements in `CIFSource.children`.
struct CIFValueRecord: Sendable {
    var start: Int32
    var end: Int32
    var line: Int32
    var column: Int32
    var childStart: Int32 = 0
    var childCount: Int32 = 0
    var kind: CIFValue.Kind

    /// Bytes between the token's first byte and the content's first byte.
    var delimiterLength: Int32 {
        switch kind {
        case .singleQuoted, .doubleQuoted, .textField: return 1
        case .tripleSingleQuoted, .tripleDoubleQuoted: return 3
        default: return 0
        }
    }
}
