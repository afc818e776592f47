/// One file being read: detects the format at the root, then feeds every node to the builder.
final class ExtractionSession {
    let options: XMLExtractionOptions
    private(set) var builder: ArticleBuilder?
    private(set) var isContainer = false
    /// Articles finished and not yet handed to the reader's context.
    var finished: [FinishedArticle] = []
    /// Set when the root element is of no known format.
    private(set) var rejection: (reason: String, line: Int)?
    private var namespaces = NamespaceCache()
    private var pendingRoot: (name: ElementName, attributes: StoredAttributes, line: Int)?
    private var depth = 0

    init(options: XMLExtractionOptions) { self.options = options }

    var format: XMLFormat? { builder?.profile.format }

    /// Handles the reader's current node.
    func handle(_ xml: XMLPullReader) throws {
        switch xml.kind {
        case .element:
            let ns = namespaces.resolve(uri: xml.namespaceURI, qualifiedName: { xml.qualifiedName })
            let local = xml.localName
            let isEmpty = xml.isEmptyElement
            if let builder {
                try builder.startElement(namespace: ns, local: local, attributes: xml, isEmpty: isEmpty, line: xml.line)
                return
            }
            try detect(ElementName(ns, local), xml: xml, isEmpty: isEmpty)
        case .endElement:
            try builder?.endElement()
        case .text, .cdata:
            if let v = xml.value { builder?.text(v) }
        case .whitespace, .significantWhitespace:
            builder?.whitespace()
        case .processingInstruction:
            if let builder, builder.texDepth > 0, let v = xml.value {
                builder.processingInstruction(target: xml.qualifiedName, value: v)
            }
        case .entityReference:
            builder?.unresolvedEntity(xml.qualifiedName)
        default:
            break
        }
    }

    private func detect(_ name: ElementName, xml: XMLPullReader, isEmpty: Bool) throws {
        if let root = pendingRoot {
            // The first child of an unqualified `article` decides its vocabulary.
            let b = makeBuilder(FormatDetector.decide(firstChild: name), container: false)
            pendingRoot = nil
            try b.startElement(namespace: root.name.namespace, local: root.name.local, attributes: root.attributes, isEmpty: false, line: root.line)
            try b.startElement(namespace: name.namespace, local: name.local, attributes: xml, isEmpty: isEmpty, line: xml.line)
            return
        }
        switch FormatDetector.detect(root: name) {
        case .format(let profile, let container):
            try makeBuilder(profile, container: container).startElement(namespace: name.namespace, local: name.local,
                                                                         attributes: xml, isEmpty: isEmpty, line: xml.line)
        case .needsFirstChild:
            if isEmpty {
                let b = makeBuilder(JATSProfile.profile, container: false)
                try b.startElement(namespace: name.namespace, local: name.local, attributes: xml, isEmpty: true, line: xml.line)
            } else {
                pendingRoot = (name, StoredAttributes(from: xml), xml.line)
            }
        case .unknown:
            let uri = xml.namespaceURI.flatMap { $0.isEmpty ? nil : $0 } ?? "none"
            rejection = ("unrecognized root element \(xml.qualifiedName) (namespace \(uri))", xml.line)
        }
    }

    private func makeBuilder(_ profile: FormatProfile, container: Bool) -> ArticleBuilder {
        isContainer = container
        let b = ArticleBuilder(profile: profile, options: options) { [unowned self] article in
            self.finished.append(article)
        }
        builder = b
        return b
    }

    /// End of input.
    func finish() throws {
        if let root = pendingRoot {
            // An `article` root with text but no child element.
            let b = makeBuilder(JATSProfile.profile, container: false)
            pendingRoot = nil
            try b.startElement(namespace: root.name.namespace, local: root.name.local, attributes: root.attributes, isEmpty: true, line: root.line)
        }
        try builder?.finish()
    }
}
