import CorpusCore

/// Whether bytes are an HTML page or an XML document.
public enum MarkupKind: Sendable, Equatable {
    case xml
    /// HTML, including publisher XHTML pages, which are rarely well-formed XML.
    case html
}

extension XMLPullReader {
    /// How many leading bytes `open(source:name:)` reads to choose a parser.
    public static let sniffLength = 4096

    /// Tells HTML from XML by the start of a file: `<!DOCTYPE html`, an `html` root element (any case, any
    /// prefix) or the XHTML namespace on the root element mean HTML; anything else is XML.
    /// A byte order mark, the XML declaration, comments and processing instructions are skipped.
    public static func markupKind(of bytes: some Collection<UInt8>) -> MarkupKind {
        let b = Array(bytes.prefix(sniffLength))
        var i = 0
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C }
        func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
        func hasPrefix(_ s: String, at j: Int) -> Bool {
            let u = Array(s.utf8)
            return j + u.count <= b.count && (0..<u.count).allSatisfy { lower(b[j + $0]) == u[$0] }
        }
        func index(of s: String, from j: Int) -> Int? {
            let u = Array(s.utf8)
            var k = j
            while k + u.count <= b.count {
                if (0..<u.count).allSatisfy({ b[k + $0] == u[$0] }) { return k }
                k += 1
            }
            return nil
        }
        while i < b.count {
            while i < b.count, isSpace(b[i]) { i += 1 }
            guard i < b.count, b[i] == UInt8(ascii: "<") else { return .xml }
            if hasPrefix("<!--", at: i) {
                guard let end = index(of: "-->", from: i + 4) else { return .xml }
                i = end + 3
            } else if hasPrefix("<?", at: i) {
                guard let end = index(of: ">", from: i + 2) else { return .xml }
                i = end + 1
            } else if hasPrefix("<!doctype", at: i) {
                var j = i + 9
                while j < b.count, isSpace(b[j]) { j += 1 }
                if hasPrefix("html", at: j), j + 4 < b.count, isSpace(b[j + 4]) || b[j + 4] == UInt8(ascii: ">") { return .html }
                guard let end = index(of: ">", from: j) else { return .xml }
                // An internal subset may contain '>' before its end; XML either way.
                i = end + 1
            } else {
                // The root start tag.
                var j = i + 1
                var nameEnd = j
                while nameEnd < b.count, !isSpace(b[nameEnd]), b[nameEnd] != UInt8(ascii: ">"), b[nameEnd] != UInt8(ascii: "/") { nameEnd += 1 }
                let name = b[j..<nameEnd].map(lower)
                let local = name.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false).last.map(Array.init) ?? []
                if local == Array("html".utf8) { return .html }
                j = nameEnd
                let tagEnd = index(of: ">", from: j) ?? b.count
                let tag = String(decoding: b[j..<tagEnd], as: UTF8.self)
                return tag.contains("http://www.w3.org/1999/xhtml") ? .html : .xml
            }
        }
        return .xml
    }

    /// Opens a reader with the parser the bytes call for: `init(html:name:)` for HTML pages,
    /// `init(source:name:recover:entities:continueAfterError:)` for XML. Reads the first `sniffLength` bytes to choose.
    public static func open(source: any ByteSource, name: String, recover: Bool = true,
                            entities: EntityResolution = .default, continueAfterError: Bool = false) throws -> XMLPullReader {
        var head = [UInt8](repeating: 0, count: sniffLength)
        var filled = 0
        while filled < head.count {
            let n = try head.withUnsafeMutableBytes { buffer in
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            }
            if n == 0 { break }
            filled += n
        }
        head.removeSubrange(filled...)
        let replay = PrefixedByteSource(prefix: head, rest: source)
        switch markupKind(of: head) {
        case .html: return try XMLPullReader(html: replay, name: name)
        case .xml: return try XMLPullReader(source: replay, name: name, recover: recover, entities: entities,
                                            continueAfterError: continueAfterError)
        }
    }

    /// The encoding an HTML page declares in its first `limit` bytes (`<meta charset>`,
    /// `<meta http-equiv content="...; charset=...">` or the XML declaration), if any.
    static func declaredHTMLEncoding(_ bytes: some Collection<UInt8>, limit: Int = 1 << 16) -> String? {
        var text = bytes.prefix(limit).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        func index(of pattern: String, from start: Int = 0) -> Int? {
            let p = Array(pattern.utf8)
            var k = start
            while k + p.count <= text.count {
                if text[k] == p[0], (1..<p.count).allSatisfy({ text[k + $0] == p[$0] }) { return k }
                k += 1
            }
            return nil
        }
        // Only the head declares the encoding; a "charset=" in the body's text is no declaration.
        if let body = index(of: "<body") { text.removeSubrange(body...) }
        let starts = ["charset=", "encoding="].compactMap { pattern in index(of: pattern).map { ($0 + pattern.utf8.count) } }
        guard var i = starts.min() else { return nil }
        while i < text.count, text[i] == UInt8(ascii: "\"") || text[i] == UInt8(ascii: "'") || text[i] == 0x20 { i += 1 }
        var j = i
        func isNameByte(_ c: UInt8) -> Bool {
            (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")
                || c == UInt8(ascii: ":") || c == UInt8(ascii: ".")
        }
        while j < text.count, isNameByte(text[j]) { j += 1 }
        return j > i ? String(decoding: text[i..<j], as: UTF8.self) : nil
    }
}

/// Replays bytes already read, then continues with the rest of the source.
final class PrefixedByteSource: ByteSource {
    private var prefix: [UInt8]
    private var position = 0
    private let rest: any ByteSource

    init(prefix: [UInt8], rest: any ByteSource) { self.prefix = prefix; self.rest = rest }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if position < prefix.count {
            let n = min(buffer.count, prefix.count - position)
            prefix.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + position, byteCount: n) }
            position += n
            if position == prefix.count { prefix = [] ; position = 0 }
            return n
        }
        return try rest.read(into: buffer)
    }
}
