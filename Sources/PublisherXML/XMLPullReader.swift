import CLibXML2
import CorpusCore

/// A streaming XML reader over libxml2's `xmlTextReader`. The only file that imports `CLibXML2`.
///
/// Memory stays constant in the size of the input: bytes are pulled from a `ByteSource` as the
/// reader advances, and only the current node is materialized. Network access and external DTD
/// loading are disabled; undeclared entities are reported, not fetched.
public final class XMLPullReader {
    /// The kind of the current node (libxml2's `xmlReaderTypes`).
    public enum NodeKind: Sendable, Equatable {
        case element, endElement, text, cdata, whitespace, significantWhitespace, entityReference, comment,
             processingInstruction, documentType, other
    }

    /// The bytes being read and the first I/O error, shared with the C callbacks.
    private final class Input {
        let source: any ByteSource
        var ioError: (any Error)?
        var errors: [XMLError.Diagnostic] = []
        init(source: any ByteSource) { self.source = source }
    }

    private var reader: xmlTextReaderPtr?
    private let input: Unmanaged<Input>
    /// Name used in error messages.
    public let name: String

    /// libxml2 must be initialized once, before any thread uses it.
    private static let initialized: Void = { xmlInitParser() }()

    /// Opens a reader over `source`. `name` appears in error messages.
    public init(source: any ByteSource, name: String, recover: Bool = true) throws {
        _ = XMLPullReader.initialized
        self.name = name
        let box = Input(source: source)
        input = Unmanaged.passRetained(box)
        var options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue | XML_PARSE_HUGE.rawValue)
        if recover { options |= Int32(XML_PARSE_RECOVER.rawValue) }
        let read: xmlInputReadCallback = { context, buffer, length in
            let input = Unmanaged<Input>.fromOpaque(context!).takeUnretainedValue()
            do {
                return Int32(try input.source.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(length))))
            } catch {
                input.ioError = error
                return -1
            }
        }
        reader = xmlReaderForIO(read, nil, input.toOpaque(), nil, nil, options)
        guard let reader else {
            input.release()
            throw XMLError.cannotOpen(name: name)
        }
        let handler: xmlStructuredErrorFunc = { context, error in
            guard let context, let error else { return }
            let input = Unmanaged<Input>.fromOpaque(context).takeUnretainedValue()
            guard input.errors.count < 20 else { return }
            let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
            let fatal = error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue
            input.errors.append(.init(line: Int(error.pointee.line), column: Int(error.pointee.int2),
                                      message: message.trimmingWhitespace(), fatal: fatal))
        }
        xmlTextReaderSetStructuredErrorHandler(reader, handler, input.toOpaque())
    }

    deinit {
        xmlFreeTextReader(reader)
        input.release()
    }

    /// Advances to the next node; false at the end. Throws on malformed XML (unless recovering)
    /// and on errors of the underlying byte source.
    public func next() throws -> Bool {
        let rc = xmlTextReaderRead(reader)
        if let error = input.takeUnretainedValue().ioError { throw error }
        if rc == 1 { return true }
        if rc == 0 { return false }
        throw XMLError.malformed(name: name, diagnostics: input.takeUnretainedValue().errors)
    }

    /// Problems libxml2 reported so far (recovered errors and warnings).
    public var diagnostics: [XMLError.Diagnostic] { input.takeUnretainedValue().errors }

    public var kind: NodeKind {
        switch xmlTextReaderNodeType(reader) {
        case 1: return .element
        case 15: return .endElement
        case 3: return .text
        case 4: return .cdata
        case 5: return .entityReference
        case 7: return .processingInstruction
        case 8: return .comment
        case 10: return .documentType
        case 13: return .whitespace
        case 14: return .significantWhitespace
        default: return .other
        }
    }

    /// The local name of the current node (`para` for `ce:para`).
    public var localName: String { string(xmlTextReaderConstLocalName(reader)) ?? "" }
    /// The qualified name as written (`ce:para`).
    public var qualifiedName: String { string(xmlTextReaderConstName(reader)) ?? "" }
    /// The namespace URI of the current node, if any.
    public var namespaceURI: String? { string(xmlTextReaderConstNamespaceUri(reader)) }
    /// The text of a text, CDATA or whitespace node.
    public var value: String? { string(xmlTextReaderConstValue(reader)) }
    /// Nesting depth of the current node.
    public var depth: Int { Int(xmlTextReaderDepth(reader)) }
    /// True for `<x/>`, which gets no end-element node.
    public var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }
    /// The line of the current node in the input.
    public var line: Int { Int(xmlTextReaderGetParserLineNumber(reader)) }
    /// Bytes of input consumed so far.
    public var byteOffset: Int64 { Int64(xmlTextReaderByteConsumed(reader)) }

    /// The value of an attribute of the current element by qualified name.
    public func attribute(_ name: String) -> String? {
        // Moving to the attribute and reading its constant value avoids freeing a copy with
        // libxml2's global `xmlFree` function pointer.
        guard xmlTextReaderMoveToAttribute(reader, name) == 1 else { return nil }
        defer { xmlTextReaderMoveToElement(reader) }
        return string(xmlTextReaderConstValue(reader))
    }

    private func string(_ p: UnsafePointer<xmlChar>?) -> String? {
        p.map { String(cString: $0) }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
