/// A CIF syntax rule broken at a place in a file.
///
/// The parser recovers from every error and records it in `CIFDocument.errors`; the strict path
/// (`CIFDocument.validated()`) throws the first one. Which problems are errors follows the CIF 1.1
/// grammar as gemmi 0.7.5 enforces it (gemmi rejects exactly these files), and CIF 2.0 for files
/// that start with `#\#CIF_2.0`:
///
/// | rule | what was found |
/// |---|---|
/// | `unterminatedQuotedString` | `'…` or `"…` with no closing quote followed by whitespace on its line |
/// | `unterminatedTripleQuotedString` | CIF 2.0 `'''…` or `"""…` not closed before the end of the file |
/// | `unterminatedTextField` | a `;` text field with no closing `;` at the start of a line |
/// | `loopValueCount` | a loop whose value count is not a multiple of its tag count |
/// | `duplicateTag` | a tag stated twice in a block or save frame (case-insensitive) |
/// | `duplicateBlockName` | two data blocks with the same name (case-insensitive) |
/// | `missingValue` | a tag followed by another tag, a keyword or the end of the file |
/// | `valueWithoutTag` | a value outside a loop that no tag precedes |
/// | `invalidCharacter` | a byte outside quoted strings, text fields and comments that CIF 1.1 forbids (non-ASCII, control) |
/// | `missingWhitespace` | a token followed directly by something other than whitespace |
/// | `reservedCharacter` | an unquoted value starting with `$` (CIF 1.1 reserves it) or with a CIF 2.0 bracket |
/// | `contentBeforeFirstBlock` | tags or values before the first `data_` header |
/// | `loopWithoutTags` | `loop_` not followed by a tag |
/// | `unexpectedKeyword` | `stop_` outside a loop, or a `save_` frame end with no frame open |
/// | `unterminatedSaveFrame` | a `save_NAME` frame not closed by `save_` before the next block or the end |
/// | `nestedSaveFrame` | a `save_NAME` header inside an open frame |
/// | `unterminatedList`, `unterminatedTable` | CIF 2.0 `[` or `{` not closed |
/// | `unexpectedBracket` | CIF 2.0 `]` or `}` with nothing open, or a table entry that is not `'key':value` |
/// | `fileTooLarge` | more than 2 GiB (offsets are 32-bit) |
///
/// Warnings (`CIFSyntaxWarning`) are kept for legal but suspicious input: no data blocks, `global_`,
/// a bare `data_` header, an empty loop.
public struct CIFSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file name given to the parser (may be empty).
    public var file: String
    /// Where the rule is broken (1-based line and column).
    public var location: CIFLocation
    /// The rule broken, with its context.
    public var rule: Rule

    /// The CIF rules the parser checks.
    public enum Rule: Sendable, Hashable {
        /// A `'…` or `"…` string not closed on its line; `opened` is where it starts.
        case unterminatedQuotedString(quote: Character, opened: CIFLocation)
        /// A CIF 2.0 triple-quoted string not closed before the end.
        case unterminatedTripleQuotedString(quote: Character, opened: CIFLocation)
        /// A `;` text field with no closing `;` line.
        case unterminatedTextField(opened: CIFLocation)
        /// A loop whose value count is not a multiple of its tag count.
        case loopValueCount(tags: [String], valueCount: Int)
        /// A tag stated twice in one block or frame; `first` is the first statement.
        case duplicateTag(String, first: CIFLocation)
        /// Two blocks with the same name.
        case duplicateBlockName(String, first: CIFLocation)
        /// A tag with no value after it.
        case missingValue(tag: String)
        /// A value outside a loop with no tag before it.
        case valueWithoutTag(String)
        /// A byte CIF 1.1 forbids outside quoted strings, text fields and comments.
        case invalidCharacter(UInt8)
        /// A token followed directly by something other than whitespace.
        case missingWhitespace(after: String, found: UInt8)
        /// An unquoted value starting with a reserved character.
        case reservedCharacter(Character)
        /// A token before the first `data_` header.
        case contentBeforeFirstBlock(String)
        /// `loop_` without a tag after it.
        case loopWithoutTags
        /// `stop_` outside a loop, or `save_` with no frame open.
        case unexpectedKeyword(String)
        /// A save frame not closed by `save_`.
        case unterminatedSaveFrame(name: String)
        /// A save frame opened inside another.
        case nestedSaveFrame(name: String)
        /// A CIF 2.0 list not closed.
        case unterminatedList(opened: CIFLocation)
        /// A CIF 2.0 table not closed.
        case unterminatedTable(opened: CIFLocation)
        /// A stray CIF 2.0 bracket, or a table entry that is not `'key':value` (`:`).
        case unexpectedBracket(Character)
        /// More than 2 GiB.
        case fileTooLarge(bytes: Int)

        /// A short stable name for the rule, e.g. `unterminated-quoted-string`.
        public var name: String {
            switch self {
            case .unterminatedQuotedString: return "unterminated-quoted-string"
            case .unterminatedTripleQuotedString: return "unterminated-triple-quoted-string"
            case .unterminatedTextField: return "unterminated-text-field"
            case .loopValueCount: return "loop-value-count"
            case .duplicateTag: return "duplicate-tag"
            case .duplicateBlockName: return "duplicate-block-name"
            case .missingValue: return "missing-value"
            case .valueWithoutTag: return "value-without-tag"
            case .invalidCharacter: return "invalid-character"
            case .missingWhitespace: return "missing-whitespace"
            case .reservedCharacter: return "reserved-character"
            case .contentBeforeFirstBlock: return "content-before-first-block"
            case .loopWithoutTags: return "loop-without-tags"
            case .unexpectedKeyword: return "unexpected-keyword"
            case .unterminatedSaveFrame: return "unterminated-save-frame"
            case .nestedSaveFrame: return "nested-save-frame"
            case .unterminatedList: return "unterminated-list"
            case .unterminatedTable: return "unterminated-table"
            case .unexpectedBracket: return "unexpected-bracket"
            case .fileTooLarge: return "file-too-large"
            }
        }

        /// The message, without the file and location.
        public var message: String {
            switch self {
            case .unterminatedQuotedString(let q, let opened):
                return "unterminated \(q)string\(q) opened at \(opened): a quoted value ends at a matching quote followed by whitespace, on the same line"
            case .unterminatedTripleQuotedString(let q, let opened):
                return "unterminated \(q)\(q)\(q)string\(q)\(q)\(q) opened at \(opened)"
            case .unterminatedTextField(let opened):
                return "unterminated text field opened at \(opened): it ends at a line that starts with ';'"
            case .loopValueCount(let tags, let count):
                return "wrong number of values in loop \(Self.commonPrefix(tags))*: \(count) values for \(tags.count) tags (\(count / max(1, tags.count)) rows and \(count % max(1, tags.count)) left over)"
            case .duplicateTag(let tag, let first):
                return "duplicate tag \(tag) (first stated at \(first))"
            case .duplicateBlockName(let name, let first):
                return "duplicate block name data_\(name) (first at \(first))"
            case .missingValue(let tag):
                return "tag \(tag) has no value"
            case .valueWithoutTag(let value):
                return "value \(Self.quoted(value)) has no tag (a value outside a loop must follow its tag)"
            case .invalidCharacter(let byte):
                return "invalid character \(Self.hex(byte)): CIF 1.1 allows only printable ASCII outside quoted strings, text fields and comments"
            case .missingWhitespace(let after, let byte):
                return "\(Self.hex(byte)) directly after \(Self.quoted(after)): tokens must be separated by whitespace"
            case .reservedCharacter(let c):
                return "an unquoted value cannot start with '\(c)' (reserved); quote it"
            case .contentBeforeFirstBlock(let token):
                return "expected block header (data_) before \(Self.quoted(token))"
            case .loopWithoutTags:
                return "loop_ must be followed by at least one tag"
            case .unexpectedKeyword(let word):
                return word.lowercased() == "stop_" ? "stop_ outside a loop" : "\(word) closes no open save frame (a frame starts with save_NAME)"
            case .unterminatedSaveFrame(let name):
                return "save frame save_\(name) is not closed by save_"
            case .nestedSaveFrame(let name):
                return "save frame save_\(name) opened inside another frame"
            case .unterminatedList(let opened):
                return "unterminated list '[' opened at \(opened)"
            case .unterminatedTable(let opened):
                return "unterminated table '{' opened at \(opened)"
            case .unexpectedBracket(let c):
                return c == ":" ? "a table entry must be a quoted key, ':' and a value" : "unexpected '\(c)'"
            case .fileTooLarge(let bytes):
                return "file of \(bytes) bytes is larger than the 2 GiB the parser accepts"
            }
        }

        static func hex(_ byte: UInt8) -> String {
            let digits = Array("0123456789ABCDEF")
            let code = "0x\(digits[Int(byte >> 4)])\(digits[Int(byte & 15)])"
            if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))' (\(code))" }
            return "byte \(code)"
        }

        static func quoted(_ text: String) -> String {
            let short = text.count > 40 ? String(text.prefix(40)) + "…" : text
            return "'\(short)'"
        }

        /// The longest common prefix of the tags (gemmi names a loop this way: `_atom_site_*`).
        static func commonPrefix(_ tags: [String]) -> String {
            guard var prefix = tags.first.map({ Array($0.utf8) }) else { return "" }
            for tag in tags.dropFirst() {
                let t = Array(tag.utf8)
                var n = 0
                while n < prefix.count && n < t.count && prefix[n] | 0x20 == t[n] | 0x20 { n += 1 }
                prefix.removeSubrange(n...)
            }
            return String(decoding: prefix, as: UTF8.self)
        }
    }

    /// An error at a location.
    public init(file: String, location: CIFLocation, rule: Rule) {
        self.file = file
        self.location = location
        self.rule = rule
    }

    /// `file:line:column: message` (the file part is left out when the name is empty).
    public var description: String {
        (file.isEmpty ? "" : "\(file):") + "\(location.line):\(location.column): \(rule.message)"
    }
}

/// Legal but suspicious CIF input, recorded in `CIFDocument.warnings`.
public struct CIFSyntaxWarning: Sendable, Hashable, CustomStringConvertible {
    /// The file name given to the parser.
    public var file: String
    /// Where the input is.
    public var location: CIFLocation
    /// What was noticed.
    public var kind: Kind

    /// The kinds of warning.
    public enum Kind: Sendable, Hashable {
        /// The file holds no `data_` block (only comments or nothing).
        case noDataBlocks
        /// A `global_` block (STAR; CIF 1.1 reserves the word). It is read as a block named "".
        case globalBlock
        /// `data_` with no name.
        case emptyBlockName
        /// A loop with tags but no values.
        case emptyLoop(tags: [String])
    }

    /// A warning at a location.
    public init(file: String, location: CIFLocation, kind: Kind) {
        self.file = file
        self.location = location
        self.kind = kind
    }

    /// `file:line:column: warning: message`.
    public var description: String {
        let message: String
        switch kind {
        case .noDataBlocks: message = "no data blocks"
        case .globalBlock: message = "global_ block read as a data block named \"\""
        case .emptyBlockName: message = "data_ header without a name"
        case .emptyLoop(let tags): message = "loop \(CIFSyntaxError.Rule.commonPrefix(tags))* has no values"
        }
        return (file.isEmpty ? "" : "\(file):") + "\(location.line):\(location.column): warning: \(message)"
    }
}
