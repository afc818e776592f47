/// Feeding the builder from the pull reader, node by node.
extension ArticleBuilder {
    /// Handles the reader's current node.
    @inline(__always)
    mutating func consume(_ xml: XMLPullReader, namespaces: inout NamespaceCache) throws {
        let kind = xml.kind
        if opaqueDepth > 0 {
            // Inside a subtree that does not matter: count elements, look at nothing else.
            if kind == .element {
                if !xml.isEmptyElement { opaqueDepth += 1 }
            } else if kind == .endElement {
                opaqueDepth -= 1
                if opaqueDepth == 0 { try endElement() }
            }
            return
        }
        switch kind {
        case .element:
            let ns = namespaces.resolve(xml)
            try startElement(namespace: ns, local: namespaces.localName(xml), attributes: xml, isEmpty: xml.isEmptyElement, line: { xml.line })
        case .endElement:
            try endElement()
        case .text, .cdata:
            if wantsText { xml.withValueBytes { text(bytes: $0.assumingMemoryBound(to: UInt8.self)) } }
            // an undeclared reference the reader kept as the literal `&name;` (the table knows the others)
            if let name = xml.entityReference, EntityTable.utf8[name] == nil { unresolvedEntity(name) }
        case .whitespace, .significantWhitespace:
            if wantsText { whitespace() }
        case .processingInstruction:
            if mode == .render, inArticle, let v = xml.value { processingInstruction(target: xml.qualifiedName, value: v) }
        case .entityReference:
            unresolvedEntity(xml.qualifiedName)
        default:
            break
        }
    }
}
