/// Finds a file's format at its root: the first element, or for an unqualified `article` its first child.
struct FormatDetection {
    let options: XMLExtractionOptions
    private(set) var isContainer = false
    /// Set when the root element is of no known format.
    private(set) var rejection: (reason: String, line: Int)?
    private var pendingRoot: (name: ElementName, attributes: StoredAttributes, line: Int)?

    init(options: XMLExtractionOptions) { self.options = options }

    /// Feeds the reader's current node; returns the builder once the format is known, having
    /// already given it the elements read so far.
    mutating func feed(_ xml: XMLPullReader, namespaces: inout NamespaceCache) throws -> ArticleBuilder? {
        guard xml.kind == .element else { return nil }
        let name = ElementName(namespaces.resolve(uri: xml.namespaceURI, qualifiedName: { xml.qualifiedName }), xml.localName)
        let isEmpty = xml.isEmptyElement
        if let root = pendingRoot {
            // The first child of an unqualified `article` decides its vocabulary.
            var b = ArticleBuilder(profile: FormatDetector.decide(firstChild: name), options: options)
            pendingRoot = nil
            try b.startElement(namespace: root.name.namespace, local: root.name.local, attributes: root.attributes, isEmpty: false, line: { root.line })
            try b.startElement(namespace: name.namespace, local: name.local, attributes: xml, isEmpty: isEmpty, line: { xml.line })
            return b
        }
        switch FormatDetector.detect(root: name) {
        case .format(let profile, let container):
            isContainer = container
            var b = ArticleBuilder(profile: profile, options: options)
            try b.startElement(namespace: name.namespace, local: name.local, attributes: xml, isEmpty: isEmpty, line: { xml.line })
            return b
        case .needsFirstChild:
            if !isEmpty {
                pendingRoot = (name, StoredAttributes(from: xml), xml.line)
                return nil
            }
            var b = ArticleBuilder(profile: JATSProfile.profile, options: options)
            try b.startElement(namespace: name.namespace, local: name.local, attributes: xml, isEmpty: true, line: { xml.line })
            return b
        case .unknown:
            let uri = xml.namespaceURI.flatMap { $0.isEmpty ? nil : $0 } ?? "none"
            rejection = ("unrecognized root element \(xml.qualifiedName) (namespace \(uri))", xml.line)
            return nil
        }
    }

    /// End of input before the format was decided: an `article` root without child elements.
    mutating func finish() throws -> ArticleBuilder? {
        guard let root = pendingRoot else { return nil }
        pendingRoot = nil
        var b = ArticleBuilder(profile: JATSProfile.profile, options: options)
        try b.startElement(namespace: root.name.namespace, local: root.name.local, attributes: root.attributes, isEmpty: true, line: { root.line })
        return b
    }
}
