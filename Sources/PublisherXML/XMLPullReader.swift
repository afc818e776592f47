import CLibXML2
import CorpusCore

/// A streaming XML reader over libxml2's `xmlTextReader`. The only file that imports `CLibXML2`.
///
/// Memory stays constant in the size of the input: bytes are pulled from a `ByteSource` as the
/// reader advances, and only the current node is materialized. HTML pages go through libxml2's HTML
/// parser instead (`init(html:name:)`), and the reader walks the resulting tree with the same API.
///
/// Nothing is ever read from the network or the file system. A process-wide external entity loader,
/// installed once, answers every request libxml2 makes: a document's external DTD gets the built-in
/// entity declarations (`EntityTable`) or nothing, and external parsed entities get empty text and are
/// listed in `refusedExternalEntities`. (libxml2 itself may `stat` a relative system identifier before
/// asking the loader; it never opens it.)
///
/// Entities: references the document declares (internal subset) are replaced by libxml2, with its
/// amplification limits on (no `XML_PARSE_HUGE`), so billion-laughs documents fail at once. Names
/// the document leaves undeclared are resolved from `EntityTable` (HTML5, MathML and ISO Greek names);
/// unknown ones stay in the text as the literal `&name;` and are listed in `unresolvedEntities`.
public final class XMLPullReader {
    /// The kind of the current node (libxml2's `xmlReaderTypes`). `entityReference` does not occur:
    /// the reader replaces every reference by its text (a `text` node, see `entityReference`).
    public enum NodeKind: Sendable, Equatable {
        case element, endElement, text, cdata, whitespace, significantWhitespace, entityReference, comment,
             processingInstruction, documentType, other
    }

    /// How named entities from a DTD the reader does not have are resolved.
    public enum EntityResolution: Sendable, Equatable {
        /// The document's external DTD is answered with a built-in DTD declaring every name of
        /// `EntityTable`, so references resolve everywhere: text, attribute values and entity values.
        /// Parsing the declarations costs about 1 ms per document that has an external DTD.
        case builtInDTD
        /// No DTD is loaded. References in text reach the reader as reference nodes, which it
        /// replaces from `EntityTable`: free of cost, but libxml2 drops references in attribute values
        /// (they are listed in `unresolvedEntities`).
        case textOnly

        /// `textOnly`: publisher entities occur in text, and a DTD per document would cost as much
        /// as parsing a typical article (see bench/xml/README.md).
        public static let `default` = EntityResolution.textOnly
    }

    /// The document type declaration: `<!DOCTYPE name PUBLIC "publicID" "systemID">`.
    public struct DocumentType: Sendable, Hashable {
        public var name: String
        public var publicID: String?
        public var systemID: String?
    }

    /// What the C callbacks share with the reader: the bytes, the first I/O error, what libxml2 reported.
    fileprivate final class State {
        let source: (any ByteSource)?
        let shim: PrologShim?
        var ioError: (any Error)?
        var errors: [XMLError.Diagnostic] = []
        var unresolved: [String] = []
        var unresolvedSet: Set<String> = []
        var refusedExternal: [String] = []
        /// libxml2 stopped an entity expansion (loop or amplification): never recovered from.
        var sawEntityLoop = false
        /// The parser's dictionary, for a recovery parse that keeps name tokens valid.
        var dictionary: xmlDictPtr? = nil

        init(source: (any ByteSource)?, shim: PrologShim?) { self.source = source; self.shim = shim }

        func add(_ diagnostic: XMLError.Diagnostic) {
            if errors.count < XMLPullReader.maxDiagnostics { errors.append(diagnostic) }
        }

        func noteUnresolved(_ name: String, line: Int, column: Int, fatal: Bool = false, why: String) {
            if unresolvedSet.insert(name).inserted { unresolved.append(name) } else if !fatal { return }
            add(.init(line: line, column: column, message: "Entity '\(name)' not defined: \(why)", fatal: fatal))
        }

        /// A column on the line where the prolog shim inserted text, as in the original input.
        func originalColumn(line: Int, column: Int) -> Int {
            guard let shim, shim.action != .none, line == shim.insertionLine,
                  column >= shim.insertionColumn + shim.insertedLength else { return column }
            return column - shim.insertedLength
        }
    }

    /// libxml2 diagnostics kept per document; later ones are dropped.
    static let maxDiagnostics = 20

    /// Where the nodes come from.
    private enum Mode {
        /// libxml2's streaming reader over the byte source.
        case stream
        /// A tree walked with `xmlReaderWalker`: an HTML page, or a document re-parsed in recovery
        /// mode after a well-formedness error (`dictionary` is then the stream's, which holds the tokens).
        case tree(document: xmlDocPtr, dictionary: xmlDictPtr?)
    }
    private var mode: Mode
    private var reader: xmlTextReaderPtr
    private let state: Unmanaged<State>
    /// libxml2 parser options of the stream, reused by a recovery parse.
    private let options: Int32
    private let continueAfterError: Bool
    /// Bytes of input when they are all known up front (HTML, a recovered document).
    private var totalBytes: Int64 = 0
    /// Successful reads of the stream, hidden nodes included: where a recovery walk picks up.
    private var streamReads = 0
    /// The libxml2 node type of the current node (0 before the first and after the last).
    private var nodeType: Int32 = 0
    /// Replacement text of the current node when it is an entity reference the reader resolved.
    private var entityText: [UInt8]? = nil
    private var entityName: String? = nil
    private var textToken: UnsafeRawPointer? = nil

    /// Name used in error messages.
    public let name: String
    /// How entities without declarations are resolved.
    public let entityResolution: EntityResolution
    /// True when the reader walks an HTML page parsed by `init(html:name:)`.
    public let isHTML: Bool
    /// The DOCTYPE, once the reader has passed it (nil when the document has none).
    public private(set) var doctype: DocumentType?

    // MARK: - Opening

    /// Opens a reader over `source`. `name` appears in error messages.
    ///
    /// At the first well-formedness error `next()` throws `XMLError.malformed`, after the nodes parsed
    /// before it (libxml2's streaming reader stops there; `recover` only sets libxml2's
    /// `XML_PARSE_RECOVER`, which does not change that, and is kept for compatibility).
    ///
    /// With `continueAfterError`, the reader keeps a copy of the input (up to `maxRecoverableBytes`);
    /// at an error it re-parses the whole input with libxml2's recovering parser and goes on from where
    /// it was: the nodes before the error come out exactly once, then libxml2's repair of the rest
    /// (`recovered` is then true, the error is in `diagnostics`). Errors in entity expansion (loops,
    /// amplification) and larger inputs still throw.
    public init(source: any ByteSource, name: String, recover: Bool = true, entities: EntityResolution = .default,
                continueAfterError: Bool = false) throws {
        _ = XMLPullReader.setUp
        self.name = name
        self.entityResolution = entities
        self.isHTML = false
        self.mode = .stream
        self.continueAfterError = continueAfterError
        let shim = PrologShim(source, recordingLimit: continueAfterError ? XMLPullReader.maxRecoverableBytes : 0)
        let box = State(source: shim, shim: shim)
        state = Unmanaged.passRetained(box)
        // No XML_PARSE_HUGE: it turns off libxml2's entity amplification checks and size limits.
        var options = XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue
            | XML_PARSE_NOENT.rawValue | XML_PARSE_BIG_LINES.rawValue
        if entities == .builtInDTD { options |= XML_PARSE_DTDLOAD.rawValue }
        if recover { options |= XML_PARSE_RECOVER.rawValue }
        self.options = Int32(options)
        let read: xmlInputReadCallback = { context, buffer, length in
            let state = Unmanaged<State>.fromOpaque(context!).takeUnretainedValue()
            do {
                return Int32(try state.source!.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(length))))
            } catch {
                state.ioError = error
                return -1
            }
        }
        guard let reader = xmlReaderForIO(read, nil, state.toOpaque(), nil, nil, Int32(options)) else {
            state.release()
            throw XMLError.cannotOpen(name: name)
        }
        self.reader = reader
        xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
            guard let context, let error else { return }
            Unmanaged<State>.fromOpaque(context).takeUnretainedValue().report(error.pointee)
        }, state.toOpaque())
        XMLPullReader.registry.register(reader: UnsafeRawPointer(reader), state: state.toOpaque())
    }

    /// Opens a reader over an HTML page, parsed with libxml2's HTML parser (recovering, quiet, no
    /// network) into a tree that the reader then walks. The page is read whole: HTML pages are small.
    /// The encoding is the one the page declares in its head (`<meta charset>`, `http-equiv`, XML
    /// declaration), else UTF-8 (or what a UTF-16 byte order mark says).
    public init(html source: any ByteSource, name: String) throws {
        _ = XMLPullReader.setUp
        self.name = name
        self.entityResolution = .textOnly
        self.isHTML = true
        self.continueAfterError = true
        self.options = 0
        let bytes = try source.readAll(limit: XMLPullReader.maxHTMLBytes)
        let utf16 = bytes.count >= 2 && ((bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE))
        let encoding = utf16 ? nil : (XMLPullReader.declaredHTMLEncoding(bytes) ?? "UTF-8")
        let options = HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_NODEFDTD.rawValue | HTML_PARSE_COMPACT.rawValue
            | (encoding == nil ? 0 : HTML_PARSE_IGNORE_ENC.rawValue)
        guard let context = htmlNewParserCtxt() else { throw XMLError.cannotOpen(name: name) }
        defer { htmlFreeParserCtxt(context) }
        let document: htmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), name, encoding, Int32(options))
            }
        }
        guard let document, let reader = xmlReaderWalker(document) else {
            if let document { xmlFreeDoc(document) }
            throw XMLError.cannotOpen(name: name)
        }
        mode = .tree(document: document, dictionary: nil)
        totalBytes = Int64(bytes.count)
        self.reader = reader
        let state = State(source: nil, shim: nil)
        self.state = Unmanaged.passRetained(state)
        // The HTML parser always recovers; whether it had to is all it tells with errors turned off.
        recovered = context.pointee.wellFormed == 0
    }

    deinit {
        switch mode {
        case .stream:
            XMLPullReader.registry.unregister(reader: UnsafeRawPointer(reader))
            xmlFreeTextReader(reader)
        case .tree(let document, let dictionary):
            xmlFreeTextReader(reader)
            xmlFreeDoc(document)
            if let dictionary { xmlDictFree(dictionary) }
        }
        state.release()
    }

    // MARK: - Walking

    /// Advances to the next node; false at the end. Throws on malformed XML (unless `continueAfterError`)
    /// and on errors of the underlying byte source.
    public func next() throws -> Bool {
        while true {
            let rc = xmlTextReaderRead(reader)
            if rc == 1 {
                streamReads &+= 1
                nodeType = xmlTextReaderNodeType(reader)
                if streamReads == 1, isStream, let node = xmlTextReaderCurrentNode(reader), let dictionary = node.pointee.doc?.pointee.dict {
                    state.takeUnretainedValue().dictionary = dictionary
                }
                // Rare cases off the hot path: entity references, the DOCTYPE, the node after an entity.
                if nodeType == 5 || nodeType == 10 || entityText != nil {
                    entityText = nil
                    entityName = nil
                    if nodeType == 5 {  // XML_READER_TYPE_ENTITY_REFERENCE
                        resolveEntityReference()
                    } else if nodeType == 10, !captureDoctype() {  // XML_READER_TYPE_DOCUMENT_TYPE
                        continue
                    }
                }
                return true
            }
            nodeType = 0
            // A failing source makes libxml2 stop (after the nodes it had parsed): report the source's error.
            let state = self.state.takeUnretainedValue()
            if let error = state.ioError { throw error }
            if rc == 0 { return false }
            if try recoverFromError() { continue }
            throw XMLError.malformed(name: name, diagnostics: state.errors)
        }
    }

    /// Problems libxml2 reported so far (recovered errors and warnings), at most 20, plus one note per
    /// unresolved entity name.
    public var diagnostics: [XMLError.Diagnostic] { state.takeUnretainedValue().errors }

    /// True when the reader went on past a well-formedness error: an XML document re-parsed by
    /// libxml2's recovering parser (see `init(source:name:recover:entities:continueAfterError:)`), or an HTML page that
    /// libxml2's HTML parser had to repair. The errors are in `diagnostics`.
    public private(set) var recovered = false

    /// Names of entities whose text could not be put in place, in order of first use: names neither the
    /// document nor `EntityTable` declares (kept in the text as the literal `&name;`), and, with
    /// `EntityResolution.textOnly`, names libxml2 dropped from attribute values.
    public var unresolvedEntities: [String] { state.takeUnretainedValue().unresolved }

    /// System identifiers of external parsed entities (`<!ENTITY x SYSTEM "file.xml">`) whose content
    /// the reader refused to load; their references read as empty text.
    public var refusedExternalEntities: [String] { state.takeUnretainedValue().refusedExternal }

    public var kind: NodeKind {
        switch nodeType {
        case 1: return .element
        case 15: return .endElement
        case 3: return .text
        case 4: return .cdata
        case 5: return .text  // an entity reference the reader replaced by its text (see `entityReference`)
        case 7: return .processingInstruction
        case 8: return .comment
        case 10: return .documentType
        case 13: return .whitespace
        case 14: return .significantWhitespace
        default: return .other
        }
    }

    /// For a text node that stands for an undeclared entity reference: the entity's name (`ndash`).
    /// Its `value` is the replacement from `EntityTable`, or `&name;` for a name not in the table.
    public var entityReference: String? { entityName }

    /// The local name of the current node (`para` for `ce:para`).
    public var localName: String {
        if nodeType == 5 { return "#text" }
        return string(xmlTextReaderConstLocalName(reader)) ?? ""
    }
    /// The qualified name as written (`ce:para`).
    public var qualifiedName: String {
        if nodeType == 5 { return "#text" }
        return string(xmlTextReaderConstName(reader)) ?? ""
    }
    /// The namespace URI of the current node, if any.
    public var namespaceURI: String? {
        if nodeType == 5 { return nil }
        return string(xmlTextReaderConstNamespaceUri(reader))
    }
    /// The text of a text, CDATA or whitespace node.
    public var value: String? {
        if let entityText { return String(decoding: entityText, as: UTF8.self) }
        return string(xmlTextReaderConstValue(reader))
    }
    /// Nesting depth of the current node.
    public var depth: Int { Int(xmlTextReaderDepth(reader)) }
    /// True for `<x/>`, which gets no end-element node.
    public var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }

    /// The line of the current node in the input: for elements the line where the start tag ends (and
    /// for end elements, that of their start tag). Where libxml2 recorded none, where the parser stands.
    public var line: Int {
        if let node = xmlTextReaderCurrentNode(reader) {
            let l = xmlGetLineNo(node)
            if l > 0 && l != 65535 { return l }
        }
        return parserLine
    }

    /// The line where the parser stands. It reads ahead of the current node by up to a buffer of input.
    public var parserLine: Int { isStream ? Int(xmlTextReaderGetParserLineNumber(reader)) : 0 }

    /// The column where the parser stands (1-based, in characters), a buffer of input or so ahead of the
    /// current node: libxml2 records no column in its nodes. Exact positions of errors are in
    /// `diagnostics`.
    public var parserColumn: Int {
        isStream ? state.takeUnretainedValue().originalColumn(line: parserLine, column: Int(xmlTextReaderGetParserColumnNumber(reader))) : 0
    }

    /// Bytes of input consumed so far (all of it for an HTML page or a recovered document).
    public var byteOffset: Int64 {
        var consumed = isStream ? Int64(xmlTextReaderByteConsumed(reader)) : totalBytes
        if let shim = state.takeUnretainedValue().shim, shim.action != .none, consumed > Int64(shim.insertionOffset) {
            consumed = max(Int64(shim.insertionOffset), consumed - Int64(shim.insertedLength))
        }
        return consumed
    }

    // MARK: - Attributes

    /// The value of an attribute of the current element by qualified name.
    public func attribute(_ name: String) -> String? {
        // Moving to the attribute and reading its constant value avoids freeing a copy with
        // libxml2's global `xmlFree` function pointer.
        guard xmlTextReaderMoveToAttribute(reader, name) == 1 else { return nil }
        defer { xmlTextReaderMoveToElement(reader) }
        return string(xmlTextReaderConstValue(reader))
    }

    /// The value of an attribute of the current element by local name and namespace URI
    /// (`attribute(localName: "lang", namespaceURI: "http://www.w3.org/XML/1998/namespace")`).
    public func attribute(localName: String, namespaceURI: String?) -> String? {
        guard xmlTextReaderMoveToAttributeNs(reader, localName, namespaceURI) == 1 else { return nil }
        defer { xmlTextReaderMoveToElement(reader) }
        return string(xmlTextReaderConstValue(reader))
    }

    /// Number of attributes of the current element, namespace declarations included.
    public var attributeCount: Int { Int(xmlTextReaderAttributeCount(reader)) }

    /// Calls `body` with each attribute of the current element in document order, namespace
    /// declarations (`xmlns`, `xmlns:p`) left out.
    public func forEachAttribute(_ body: (_ qualifiedName: String, _ namespaceURI: String?, _ value: String) throws -> Void) rethrows {
        guard nodeType == 1, xmlTextReaderMoveToFirstAttribute(reader) == 1 else { return }
        defer { xmlTextReaderMoveToElement(reader) }
        repeat {
            if xmlTextReaderIsNamespaceDecl(reader) != 1 {
                try body(string(xmlTextReaderConstName(reader)) ?? "", string(xmlTextReaderConstNamespaceUri(reader)),
                         string(xmlTextReaderConstValue(reader)) ?? "")
            }
        } while xmlTextReaderMoveToNextAttribute(reader) == 1
    }

    /// Like `forEachAttribute(_:)` without making strings: the local name and namespace as tokens
    /// (see `localNameToken`) and the value's UTF-8 bytes, valid only during the call.
    public func forEachAttributeToken(_ body: (_ localName: UnsafeRawPointer?, _ namespace: UnsafeRawPointer?,
                                               _ value: UnsafeRawBufferPointer) throws -> Void) rethrows {
        guard nodeType == 1, xmlTextReaderMoveToFirstAttribute(reader) == 1 else { return }
        defer { xmlTextReaderMoveToElement(reader) }
        repeat {
            if xmlTextReaderIsNamespaceDecl(reader) != 1 {
                let value = xmlTextReaderConstValue(reader)
                try body(interned(xmlTextReaderConstLocalName(reader)), interned(xmlTextReaderConstNamespaceUri(reader)),
                         value.map { UnsafeRawBufferPointer(start: $0, count: Int(xmlStrlen($0))) } ?? UnsafeRawBufferPointer(start: nil, count: 0))
            }
        } while xmlTextReaderMoveToNextAttribute(reader) == 1
    }

    // MARK: - Fast access

    /// The local name of the current node as a token: names are interned in the reader's dictionary,
    /// so two tokens are equal exactly when the names are, for the life of this reader. Compare with
    /// tokens from `token(for:)`; turn one into a string with `XMLPullReader.string(for:)`.
    public var localNameToken: UnsafeRawPointer? {
        if nodeType == 5 { return textNameToken }
        return interned(xmlTextReaderConstLocalName(reader))
    }

    /// The qualified name of the current node as a token (see `localNameToken`). Costs a dictionary
    /// lookup: libxml2 interns `prefix:name` apart from the string `token(for:)` interns.
    public var qualifiedNameToken: UnsafeRawPointer? {
        if nodeType == 5 { return textNameToken }
        guard let name = xmlTextReaderConstName(reader) else { return nil }
        if case .stream = mode { return UnsafeRawPointer(xmlTextReaderConstString(reader, name)) }
        return interned(name)
    }

    /// The namespace URI of the current node as a token (see `localNameToken`); nil for none.
    public var namespaceToken: UnsafeRawPointer? {
        if nodeType == 5 { return nil }
        return interned(xmlTextReaderConstNamespaceUri(reader))
    }

    /// The token of `name` in this reader's dictionary, to compare with `localNameToken`,
    /// `qualifiedNameToken` and `namespaceToken` by identity.
    public func token(for name: String) -> UnsafeRawPointer? {
        if case .tree(_, let dictionary?) = mode { return UnsafeRawPointer(xmlDictLookup(dictionary, name, -1)) }
        return UnsafeRawPointer(xmlTextReaderConstString(reader, name))
    }

    /// The name a token stands for.
    public static func string(for token: UnsafeRawPointer) -> String {
        String(cString: token.assumingMemoryBound(to: CChar.self))
    }

    /// Calls `body` with the UTF-8 bytes of the current node's value (empty when it has none), valid
    /// only during the call: the same bytes as `value`, without making a string.
    public func withValueBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if let entityText { return try entityText.withUnsafeBytes(body) }
        guard let p = xmlTextReaderConstValue(reader) else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: p, count: Int(xmlStrlen(p))))
    }

    // MARK: - Internals

    private func string(_ p: UnsafePointer<xmlChar>?) -> String? {
        p.map { String(cString: $0) }
    }

    private var isStream: Bool {
        if case .stream = mode { return true }
        return false
    }

    /// A name as a token. The stream's names are interned already. A tree walker interns in a
    /// dictionary of its own: for HTML that one holds the tokens; after recovery the stream's does.
    private func interned(_ p: UnsafePointer<xmlChar>?) -> UnsafeRawPointer? {
        guard let p else { return nil }
        switch mode {
        case .stream: return UnsafeRawPointer(p)
        case .tree(_, let dictionary?): return UnsafeRawPointer(xmlDictLookup(dictionary, p, -1))
        case .tree(_, nil): return UnsafeRawPointer(xmlTextReaderConstString(reader, p))
        }
    }

    private var textNameToken: UnsafeRawPointer? {
        if textToken == nil { textToken = token(for: "#text") }
        return textToken
    }

    /// The current node is a reference to an entity the document does not declare (declared ones are
    /// replaced by libxml2): take its text from the table, or keep it literally and report it.
    private func resolveEntityReference() {
        let name = string(xmlTextReaderConstName(reader)) ?? ""
        entityName = name
        if let text = EntityTable.utf8[name] {
            entityText = text
        } else {
            entityText = Array("&\(name);".utf8)
            state.takeUnretainedValue().noteUnresolved(name, line: line, column: 0, why: "kept as the literal text &\(name);")
        }
    }

    /// Records the DOCTYPE of the current node; false when it is the one the prolog shim inserted,
    /// which the reader skips.
    private func captureDoctype() -> Bool {
        guard let node = xmlTextReaderCurrentNode(reader), node.pointee.type == XML_DTD_NODE else { return true }
        let dtd = UnsafeMutableRawPointer(node).assumingMemoryBound(to: xmlDtd.self).pointee
        if let shim = state.takeUnretainedValue().shim, shim.action == .insertedDoctype { return false }
        var systemID = string(dtd.SystemID)
        if systemID == PrologShim.systemID { systemID = nil }
        doctype = DocumentType(name: string(dtd.name) ?? "", publicID: string(dtd.ExternalID), systemID: systemID)
        return true
    }

    // MARK: - Recovery

    /// After a well-formedness error, with `continueAfterError`: re-parse the recorded input with libxml2's
    /// recovering parser and walk the tree from the node after the last one delivered. False when the
    /// error stands (not recovering, input too large, an entity expansion stopped, no tree).
    private func recoverFromError() throws -> Bool {
        let state = self.state.takeUnretainedValue()
        guard continueAfterError, isStream, !state.sawEntityLoop, let shim = state.shim, try shim.recordRemainder(),
              let bytes = shim.recording, !bytes.isEmpty, let parser = xmlNewParserCtxt() else { return false }
        defer { xmlFreeParserCtxt(parser) }
        // Parse with the stream's dictionary, so that tokens handed out so far stay valid.
        let dictionary = state.dictionary
        if let dictionary {
            xmlDictFree(parser.pointee.dict)
            parser.pointee.dict = dictionary
            xmlDictReference(dictionary)
        }
        let options = self.options | Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { xmlCtxtReadMemory(parser, $0.baseAddress, Int32($0.count), nil, nil, options) }
        }
        guard let document, let walker = xmlReaderWalker(document) else {
            if let document { xmlFreeDoc(document) }
            return false
        }
        // Skip what the stream delivered: the same document up to the error, so the same nodes.
        var skipped = 0
        while skipped < streamReads, xmlTextReaderRead(walker) == 1 { skipped += 1 }
        if let dictionary { xmlDictReference(dictionary) }
        XMLPullReader.registry.unregister(reader: UnsafeRawPointer(reader))
        xmlFreeTextReader(reader)
        reader = walker
        mode = .tree(document: document, dictionary: dictionary)
        totalBytes = Int64(bytes.count)
        recovered = true
        return true
    }

    /// Largest input kept for recovery (beyond it, an error throws).
    public static let maxRecoverableBytes = 64 << 20

    // MARK: - Process-wide setup

    static let maxHTMLBytes = 256 << 20

    /// Initializes libxml2 and installs the entity loader, once per process (Swift runs a static
    /// initializer exactly once, thread-safely).
    private static let setUp: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader { url, publicID, context in
            XMLPullReader.loadExternalEntity(url: url, publicID: publicID, context: context)
        }
    }()

    /// Immortal, NUL-terminated texts the loader hands to libxml2 (which reads but never frees them).
    private struct StaticText: @unchecked Sendable {
        let bytes: UnsafePointer<xmlChar>
        init(_ text: String) {
            let utf8 = Array(text.utf8) + [0]
            let p = UnsafeMutablePointer<xmlChar>.allocate(capacity: utf8.count)
            p.initialize(from: utf8, count: utf8.count)
            bytes = UnsafePointer(p)
        }
    }
    private static let builtInDTD = StaticText(EntityTable.declarations)
    private static let emptyText = StaticText("")

    /// Answers every external DTD and entity request without touching the network or the file system.
    private static func loadExternalEntity(url: UnsafePointer<CChar>?, publicID: UnsafePointer<CChar>?,
                                           context: xmlParserCtxtPtr?) -> xmlParserInputPtr? {
        guard let context else { return nil }
        let ctxt = context.pointee
        let system = url.map { String(cString: $0) } ?? ""
        if ctxt.inSubset != 0 {
            // The external subset or a parameter entity: declarations. The built-in ones when asked to
            // load DTDs, except for the identifier the prolog shim made up.
            let wantsDTD = ctxt.options & Int32(XML_PARSE_DTDLOAD.rawValue) != 0 && system != PrologShim.systemID
            return xmlNewStringInputStream(context, wantsDTD ? builtInDTD.bytes : emptyText.bytes)
        }
        // An external parsed entity referenced from content: refused, read as empty.
        if let readerPointer = ctxt._private, let state = registry.state(reader: UnsafeRawPointer(readerPointer)) {
            let s = Unmanaged<State>.fromOpaque(state).takeUnretainedValue()
            s.refusedExternal.append(system)
            s.add(.init(line: Int(ctxt.input?.pointee.line ?? 0), column: Int(ctxt.input?.pointee.col ?? 0),
                        message: "external entity \"\(system)\" not loaded (no file or network access)", fatal: false))
        }
        return xmlNewStringInputStream(context, emptyText.bytes)
    }

    /// Maps each streaming reader to its state, for the entity loader, which libxml2 calls with the
    /// parser context only (whose `_private` is the reader).
    private final class Registry: @unchecked Sendable {
        private let mutex = xmlNewMutex()
        private var states: [UnsafeRawPointer: UnsafeMutableRawPointer] = [:]

        func register(reader: UnsafeRawPointer, state: UnsafeMutableRawPointer) {
            xmlMutexLock(mutex); defer { xmlMutexUnlock(mutex) }
            states[reader] = state
        }
        func unregister(reader: UnsafeRawPointer) {
            xmlMutexLock(mutex); defer { xmlMutexUnlock(mutex) }
            states[reader] = nil
        }
        func state(reader: UnsafeRawPointer) -> UnsafeMutableRawPointer? {
            xmlMutexLock(mutex); defer { xmlMutexUnlock(mutex) }
            return states[reader]
        }
    }
    private static let registry = Registry()
}

extension XMLPullReader.State {
    /// One error or warning from libxml2.
    fileprivate func report(_ error: xmlError) {
        let line = Int(error.line)
        let column = originalColumn(line: line, column: Int(error.int2))
        let code = error.code
        if code == Int32(XML_ERR_UNDECLARED_ENTITY.rawValue) || code == Int32(XML_WAR_UNDECLARED_ENTITY.rawValue) {
            let entity = error.str1.map { String(cString: $0) } ?? "?"
            // In content after an external DTD libxml2 keeps a reference node, which `next()` resolves
            // (and reports if unknown). Anywhere else (attribute values, fatal cases) the text is lost.
            let context = error.ctxt?.assumingMemoryBound(to: xmlParserCtxt.self).pointee
            let keptAsNode = code == Int32(XML_WAR_UNDECLARED_ENTITY.rawValue) && context != nil
                && context!.inSubset == 0 && context!.instate == XML_PARSER_CONTENT
            if !keptAsNode {
                let inAttribute = context?.instate == XML_PARSER_ATTRIBUTE_VALUE || context?.instate == XML_PARSER_START_TAG
                noteUnresolved(entity, line: line, column: column, fatal: !inAttribute && code == Int32(XML_ERR_UNDECLARED_ENTITY.rawValue),
                               why: inAttribute ? "dropped from an attribute value" : "dropped")
            }
            return
        }
        if dictionary == nil, let context = error.ctxt?.assumingMemoryBound(to: xmlParserCtxt.self) { dictionary = context.pointee.dict }
        if code == Int32(XML_ERR_ENTITY_LOOP.rawValue) { sawEntityLoop = true }
        let message = error.message.map { String(cString: $0) } ?? "unknown error"
        add(.init(line: line, column: column, message: message.trimmingWhitespace(), fatal: error.level == XML_ERR_FATAL))
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
