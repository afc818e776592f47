/// One CIF value: its kind, where it is, and its content, read lazily from the file's bytes.
///
/// `?` (unknown) and `.` (inapplicable) are kinds of their own when unquoted; quoted, they are
/// ordinary strings. Text is the content without delimiters: no quotes, and for a text field the
/// lines between the `;` delimiters (the line break right after the opening `;` dropped, CRLF
/// read as LF).
public struct CIFValue: Sendable, CustomStringConvertible {
    let source: CIFSource
    let record: CIFValueRecord

    init(source: CIFSource, record: CIFValueRecord) {
        self.source = source
        self.record = record
    }

    /// How a value is written.
    public enum Kind: UInt8, Sendable, Hashable {
        /// A whitespace-delimited string or number.
        case unquoted
        /// `'…'`.
        case singleQuoted
        /// `"…"`.
        case doubleQuoted
        /// CIF 2.0 `'''…'''`.
        case tripleSingleQuoted
        /// CIF 2.0 `"""…"""`.
        case tripleDoubleQuoted
        /// `;` text field `;`.
        case textField
        /// CIF 2.0 list `[…]`.
        case list
        /// CIF 2.0 table `{…}`.
        case table
        /// Unquoted `?`: the value is unknown.
        case unknown
        /// Unquoted `.`: the item does not apply.
        case inapplicable
    }

    /// How the value is written.
    public var kind: Kind { record.kind }

    /// Where the value's first byte (its opening delimiter, if any) is.
    public var location: CIFLocation {
        CIFLocation(line: Int(record.line), column: Int(record.column),
                    offset: Int(record.start - record.delimiterLength))
    }

    /// True for unquoted `?` and `.`.
    public var isNull: Bool { record.kind == .unknown || record.kind == .inapplicable }

    /// True for any quoted form or a text field.
    public var isQuoted: Bool {
        switch record.kind {
        case .singleQuoted, .doubleQuoted, .tripleSingleQuoted, .tripleDoubleQuoted, .textField: return true
        default: return false
        }
    }

    /// Calls `body` with the content bytes (for a text field, as written, CRLF included).
    public func withContentBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try source.bytes.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[Int(record.start)..<Int(record.end)]))
        }
    }

    /// The content as text (invalid UTF-8 is replaced by U+FFFD).
    public var text: String {
        withContentBytes { bytes in
            guard record.kind == .textField else { return String(decoding: bytes, as: UTF8.self) }
            var slice = bytes[...]
            if slice.first == 0x0D { slice = slice.dropFirst() }
            if slice.first == 0x0A { slice = slice.dropFirst() }
            let raw = String(decoding: UnsafeBufferPointer(rebasing: slice), as: UTF8.self)
            return slice.contains(0x0D) ? raw.replacingCRLF() : raw
        }
    }

    /// The number the value writes, with its uncertainty; nil for text, `?`, `.` and containers.
    /// Quoted numbers count (`'0.5'`), as most CIF readers accept them.
    public var number: CIFNumber? {
        switch record.kind {
        case .unquoted, .singleQuoted, .doubleQuoted: return withContentBytes { CIFNumber.parse($0, lenient: false) }
        default: return nil
        }
    }

    /// The number read the way pymatgen's `str2float` reads it: everything from `(` on ignored,
    /// so `0.25(3` is 0.25; `.` is 0. Nil for `?`, containers and non-numbers.
    public var lenientNumber: Double? {
        switch record.kind {
        case .inapplicable: return 0
        case .unquoted, .singleQuoted, .doubleQuoted, .textField:
            return withContentBytes { CIFNumber.parse($0, lenient: true)?.value }
        default: return nil
        }
    }

    /// A CIF 2.0 list's elements; nil for other kinds.
    public var elements: [CIFValue]? {
        guard record.kind == .list else { return nil }
        let range = Int(record.childStart)..<Int(record.childStart + record.childCount)
        return source.children[range].map { CIFValue(source: source, record: $0) }
    }

    /// A CIF 2.0 table's entries in file order; nil for other kinds.
    public var entries: [(key: String, value: CIFValue)]? {
        guard record.kind == .table else { return nil }
        var out: [(key: String, value: CIFValue)] = []
        var i = Int(record.childStart)
        let end = i + Int(record.childCount)
        while i + 1 < end {
            out.append((CIFValue(source: source, record: source.children[i]).text,
                        CIFValue(source: source, record: source.children[i + 1])))
            i += 2
        }
        return out
    }

    /// The text, or `?`/`.` for the null kinds.
    public var description: String { text }
}

extension String {
    func replacingCRLF() -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        var previousCR = false
        for scalar in unicodeScalars {
            if previousCR && scalar != "\n" { out.unicodeScalars.append("\r") }
            previousCR = scalar == "\r"
            if !previousCR { out.unicodeScalars.append(scalar) }
        }
        if previousCR { out.unicodeScalars.append("\r") }
        return out
    }
}
