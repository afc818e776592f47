/// Read access to the current element's attributes by qualified name.
protocol AttributeSource {
    func attribute(_ name: String) -> String?
}

extension XMLPullReader: AttributeSource {}

/// Attributes saved for later (the root element, whose format is decided at its first child).
struct StoredAttributes: AttributeSource {
    var values: [String: String] = [:]
    func attribute(_ name: String) -> String? { values[name] }

    /// Saves the attributes any profile reads from a root element.
    init(from source: some AttributeSource) {
        for name in Self.rootAttributeNames {
            if let v = source.attribute(name) { values[name] = v }
        }
    }

    static let rootAttributeNames = ["article-type", "xml:lang", "lang", "language", "dtd-version", "id", "type",
                                     "docsubtype", "dtd"]
}
