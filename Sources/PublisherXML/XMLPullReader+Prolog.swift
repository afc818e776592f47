import CorpusCore

/// A byte source that gives libxml2 a document type declaration with an external identifier when the
/// document has none, so that references to undeclared entities (`&ndash;` in a file without a DOCTYPE)
/// stay recoverable instead of being fatal well-formedness errors.
///
/// XML makes an undeclared entity fatal unless the document has an external subset or parameter
/// entity references; with one, libxml2 only warns and keeps a reference node, which `XMLPullReader`
/// then replaces from `EntityTable` (or keeps as the literal `&name;`). The shim edits the prolog only:
///
/// * no DOCTYPE: `<!DOCTYPE root SYSTEM "urn:x-matcorpus:entities">` goes right before the root start tag;
/// * a DOCTYPE with an internal subset but no external identifier: ` SYSTEM "urn:x-matcorpus:entities"`
///   goes right after its name;
/// * a DOCTYPE with an external identifier, input that is not ASCII-compatible (UTF-16, UTF-32), or a
///   prolog longer than `lookahead` bytes: nothing changes.
///
/// The inserted text has no line break, so line numbers are unchanged; the reader subtracts its length
/// from columns on that line and from byte offsets. The entity loader answers the URN with nothing, and
/// the reader hides the inserted declaration.
final class PrologShim: ByteSource {
    enum Action: Equatable { case none, insertedDoctype, insertedSystemID }

    /// The system identifier the shim inserts; never resolved to anything.
    static let systemID = "urn:x-matcorpus:entities"
    /// How far into the input the shim looks for the root element.
    static let lookahead = 1 << 16

    private let base: any ByteSource
    /// Bytes read from `base` and not yet handed out: first the (edited) prolog, then read-ahead chunks.
    private var head: [UInt8] = []
    private var headPosition = 0
    private var prepared = false

    private(set) var action = Action.none
    /// Byte offset of the insertion in the original input.
    private(set) var insertionOffset = 0
    /// 1-based line and column (in characters) of the first inserted byte.
    private(set) var insertionLine = 1
    private(set) var insertionColumn = 1
    private(set) var insertedLength = 0

    /// A copy of every byte handed out, kept when recording (for `XMLPullReader`'s recovery) until it
    /// would pass `recordingLimit`; then dropped, and `recordingOverflowed` is set.
    private(set) var recording: [UInt8]? = nil
    private(set) var recordingOverflowed = false
    let recordingLimit: Int

    init(_ base: any ByteSource, recordingLimit: Int = 0) {
        self.base = base
        self.recordingLimit = recordingLimit
        if recordingLimit > 0 { recording = [] }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try produce(into: buffer)
        if recording != nil, n > 0 {
            if recording!.count + n > recordingLimit {
                recording = nil
                recordingOverflowed = true
            } else {
                recording!.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            }
        }
        return n
    }

    /// Reads the rest of the input into the recording; false when it does not fit.
    func recordRemainder() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: Self.chunkSize)
        while recording != nil {
            if try chunk.withUnsafeMutableBytes({ try read(into: $0) }) == 0 { return true }
        }
        return false
    }

    private func produce(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if !prepared { try prepare() }
        if headPosition == head.count {
            // libxml2 asks for about 4 KB at a time; reading ahead in larger chunks saves system calls.
            if buffer.count >= Self.chunkSize { return try base.read(into: buffer) }
            if head.count != Self.chunkSize { head = [UInt8](repeating: 0, count: Self.chunkSize) }
            let n = try head.withUnsafeMutableBytes { try base.read(into: $0) }
            if n < head.count { head.removeSubrange(n...) }
            headPosition = 0
            if n == 0 { return 0 }
        }
        let n = min(buffer.count, head.count - headPosition)
        head.withUnsafeBytes { src in
            buffer.baseAddress!.copyMemory(from: src.baseAddress! + headPosition, byteCount: n)
        }
        headPosition += n
        return n
    }

    /// Bytes read from the base source at a time.
    static let chunkSize = 1 << 16

    /// Reads the prolog, decides, and keeps the (edited) bytes to hand out first.
    private func prepare() throws {
        prepared = true
        var chunk = [UInt8](repeating: 0, count: 4096)
        var atEnd = false
        while true {
            switch Self.plan(head, atEnd: atEnd) {
            case .needMore where !atEnd && head.count < Self.lookahead:
                let n = try chunk.withUnsafeMutableBytes { try base.read(into: $0) }
                if n == 0 { atEnd = true } else { head.append(contentsOf: chunk[0..<n]) }
                continue
            case .insert(let offset, let text, let action):
                insert(text, at: offset)
                self.action = action
            default:
                break
            }
            return
        }
    }

    private func insert(_ text: String, at offset: Int) {
        let bytes = Array(text.utf8)
        insertionOffset = offset
        insertedLength = bytes.count
        var line = 1, column = 1
        for b in head[0..<offset] {
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        insertionLine = line
        insertionColumn = column
        head.insert(contentsOf: bytes, at: offset)
    }

    enum Plan: Equatable { case needMore, leave, insert(at: Int, text: String, action: Action) }

    /// What to do with a document that starts with `bytes` (all of it when `atEnd`).
    static func plan(_ bytes: [UInt8], atEnd: Bool) -> Plan {
        var i = 0
        let n = bytes.count
        if n < 4 && !atEnd { return .needMore }
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        // Only ASCII-compatible input: a first byte of 0 or a UTF-16/32 byte order mark means otherwise.
        if n >= 2, (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) { return .leave }
        if n >= 1, bytes[0] == 0 { return .leave }
        if n >= 2, bytes[1] == 0 { return .leave }

        func starts(_ s: StaticString, at j: Int) -> Bool? {
            let count = s.utf8CodeUnitCount
            if j + count > n { return atEnd ? false : nil }
            return s.withUTF8Buffer { p in (0..<count).allSatisfy { bytes[j + $0] == p[$0] } }
        }
        func find(_ s: StaticString, from j: Int) -> Int? {
            let count = s.utf8CodeUnitCount
            return s.withUTF8Buffer { p in
                var k = j
                while k + count <= n {
                    if bytes[k] == p[0], (1..<count).allSatisfy({ bytes[k + $0] == p[$0] }) { return k }
                    k += 1
                }
                return nil
            }
        }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        func isNameByte(_ b: UInt8) -> Bool { !isSpace(b) && b != UInt8(ascii: ">") && b != UInt8(ascii: "/") && b != UInt8(ascii: "[") }
        func isNameStart(_ b: UInt8) -> Bool {
            (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "_") || b == UInt8(ascii: ":") || b >= 0x80
        }
        func scanName(from j: Int) -> Int? {
            var k = j
            while k < n, isNameByte(bytes[k]) { k += 1 }
            return k < n ? k : nil
        }

        while true {
            while i < n, isSpace(bytes[i]) { i += 1 }
            guard i < n else { return atEnd ? .leave : .needMore }
            guard bytes[i] == UInt8(ascii: "<") else { return .leave }
            guard i + 1 < n else { return atEnd ? .leave : .needMore }
            if bytes[i + 1] == UInt8(ascii: "?") {
                guard let end = find("?>", from: i + 2) else { return atEnd ? .leave : .needMore }
                i = end + 2
                continue
            }
            if bytes[i + 1] == UInt8(ascii: "!") {
                switch starts("<!--", at: i) {
                case nil: return .needMore
                case true?:
                    guard let end = find("-->", from: i + 4) else { return atEnd ? .leave : .needMore }
                    i = end + 3
                    continue
                case false?: break
                }
                switch starts("<!DOCTYPE", at: i) {
                case nil: return .needMore
                case false?: return .leave
                case true?:
                    var j = i + 9
                    while j < n, isSpace(bytes[j]) { j += 1 }
                    guard let nameEnd = scanName(from: j) else { return atEnd ? .leave : .needMore }
                    guard nameEnd > j else { return .leave }
                    var k = nameEnd
                    while k < n, isSpace(bytes[k]) { k += 1 }
                    guard k < n else { return atEnd ? .leave : .needMore }
                    if bytes[k] == UInt8(ascii: "[") || bytes[k] == UInt8(ascii: ">") {
                        return .insert(at: nameEnd, text: " SYSTEM \"\(systemID)\"", action: .insertedSystemID)
                    }
                    return .leave
                }
            }
            guard isNameStart(bytes[i + 1]) else { return .leave }
            guard let nameEnd = scanName(from: i + 1) else { return atEnd ? .leave : .needMore }
            let name = String(decoding: bytes[(i + 1)..<nameEnd], as: UTF8.self)
            return .insert(at: i, text: "<!DOCTYPE \(name) SYSTEM \"\(systemID)\">", action: .insertedDoctype)
        }
    }
}
