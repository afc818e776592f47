/// The namespaces profiles know, by meaning rather than by URI.
///
/// Publishers spell one vocabulary with several URIs (Elsevier's `…/dtd` and `…/schema` variants,
/// Silverchair's versioned JATS schema locations), so a URI is first mapped to one of these cases
/// and rules are written against the case. Prefixes never decide, with one exception: when a
/// document declares a namespace with something that is not a URI at all (some redistributed
/// Elsevier files replace every URI with a notice), the conventional prefix is the only evidence
/// left and is used instead.
enum XMLNamespace: UInt8, Sendable, Hashable, CaseIterable {
    /// No namespace (JATS, MEDLINE, Springer A++, BMC, RSC, NPG and IOP legacy XML).
    case none
    /// A namespace no profile knows.
    case other
    case mathML
    case xlink
    case ali
    /// OASIS Exchange (CALS) tables inside JATS.
    case oasis
    case elsevierCommon          // ce
    case elsevierJournalArticle  // ja, cja
    case elsevierStructBib       // sb
    case elsevierStructAff       // sa
    case elsevierCALS            // cals
    case elsevierTable           // tb
    case elsevierBook            // bk
    case elsevierFullText        // svapi article (full-text retrieval API)
    case elsevierAbstract        // svapi abstract (Scopus abstract retrieval API)
    case elsevierXOCS            // xocs
    case elsevierDocument        // doc (CONSYN document)
    case elsevierDocProperties   // dp
    case elsevierTransport       // ew-xcr delivery manifests
    case scopusCommon            // ani/common (Scopus records)
    case scopusProcessing        // ani/ait
    case rdf
    case dublinCore              // dc
    case dublinCoreTerms         // dcterms, dct
    case prism
    case wiley
    case rsc
    /// TaxPub, the JATS extension for taxonomic treatments (Pensoft).
    case taxPub

    /// The namespace a URI denotes. `prefix` is consulted only when `uri` is not a URI.
    static func resolve(uri: String?, prefix: Substring?) -> XMLNamespace {
        guard let uri, !uri.isEmpty else { return .none }
        if let known = byURI[uri] { return known }
        if uri.hasPrefix("http://specifications.silverchair.com/xsd/") { return .none }  // JATS under a schema URI
        if uri.hasPrefix("http://www.elsevier.com/xml/schema/transport/") { return .elsevierTransport }
        if uri.hasPrefix("http://www.rsc.org/schema/") { return .rsc }
        if !uri.utf8.contains(0x3A), let prefix, let byPrefix = byConventionalPrefix[String(prefix)] { return byPrefix }
        return .other
    }

    private static let byURI: [String: XMLNamespace] = {
        var map: [String: XMLNamespace] = [
            "http://www.w3.org/1998/Math/MathML": .mathML,
            "http://www.w3.org/1999/xlink": .xlink,
            "http://www.niso.org/schemas/ali/1.0/": .ali,
            "http://www.niso.org/schemas/ali/1.0": .ali,
            "http://www.niso.org/standards/z39-96/ns/oasis-exchange/table": .oasis,
            "http://docs.oasis-open.org/ns/oasis-exchange/table": .oasis,
            "http://www.elsevier.com/xml/svapi/article/dtd": .elsevierFullText,
            "http://www.elsevier.com/xml/svapi/abstract/dtd": .elsevierAbstract,
            "http://www.elsevier.com/xml/xocs/dtd": .elsevierXOCS,
            "http://www.elsevier.com/xml/document/schema": .elsevierDocument,
            "http://www.elsevier.com/xml/common/doc-properties/schema": .elsevierDocProperties,
            "http://www.elsevier.com/xml/common/doc-properties/dtd": .elsevierDocProperties,
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#": .rdf,
            "http://purl.org/dc/elements/1.1/": .dublinCore,
            "http://purl.org/dc/terms/": .dublinCoreTerms,
            "http://prismstandard.org/namespaces/basic/2.0/": .prism,
            "http://prismstandard.org/namespaces/basic/3.0/": .prism,
            "http://www.elsevier.com/xml/ani/common": .scopusCommon,
            "http://www.elsevier.com/xml/ani/ait": .scopusProcessing,
            "http://www.plazi.org/taxpub": .taxPub,
            "http://www.wiley.com/namespaces/wiley": .wiley,
            "http://www.wiley.com/namespaces/wiley/wiley": .wiley,
        ]
        // Elsevier publishes each vocabulary under a DTD and a schema URI.
        let elsevier: [(String, XMLNamespace)] = [
            ("common", .elsevierCommon), ("ja", .elsevierJournalArticle), ("cja", .elsevierJournalArticle),
            ("common/struct-bib", .elsevierStructBib), ("common/struct-aff", .elsevierStructAff),
            ("common/cals", .elsevierCALS), ("common/table", .elsevierTable), ("bk", .elsevierBook),
        ]
        for (path, ns) in elsevier {
            for variant in ["dtd", "schema"] { map["http://www.elsevier.com/xml/\(path)/\(variant)"] = ns }
        }
        return map
    }()

    /// Conventional prefixes, for documents whose namespace declarations are not URIs.
    private static let byConventionalPrefix: [String: XMLNamespace] = [
        "mml": .mathML, "xlink": .xlink, "ce": .elsevierCommon, "ja": .elsevierJournalArticle,
        "cja": .elsevierJournalArticle, "sb": .elsevierStructBib, "sa": .elsevierStructAff,
        "cals": .elsevierCALS, "tb": .elsevierTable, "bk": .elsevierBook, "xocs": .elsevierXOCS,
        "doc": .elsevierDocument, "dp": .elsevierDocProperties, "rdf": .rdf, "dc": .dublinCore,
        "dct": .dublinCoreTerms, "dcterms": .dublinCoreTerms, "prism": .prism,
    ]
}

/// Resolves namespace URIs, remembering each URI string once per reader (a document uses a handful).
struct NamespaceCache {
    private var cache: [String: XMLNamespace] = [:]
    /// By the reader's namespace token (see `XMLPullReader.namespaceToken`): valid for one reader, whose
    /// tokens stay valid for its life. Only URIs that resolve without looking at the prefix are here.
    private var byToken: [UnsafeRawPointer: XMLNamespace] = [:]
    private var lastToken: UnsafeRawPointer? = nil
    private var lastByToken: XMLNamespace = .none
    /// Local names by token, so an element costs no new String.
    private var names: [UnsafeRawPointer: String] = [:]

    /// The namespace of the reader's current node, by token: no String for a URI seen before.
    mutating func resolve(_ xml: XMLPullReader) -> XMLNamespace {
        guard let token = xml.namespaceToken else { return .none }
        if token == lastToken { return lastByToken }
        if let ns = byToken[token] { lastToken = token; lastByToken = ns; return ns }
        let uri = XMLPullReader.string(for: token)
        let ns = resolve(uri: uri, qualifiedName: { xml.qualifiedName })
        // (a declaration that is not a URI resolves per prefix: not by token)
        if uri.isEmpty || !(cache[uri] == .other && !uri.utf8.contains(0x3A)) {
            byToken[token] = ns
            lastToken = token; lastByToken = ns
        }
        return ns
    }

    /// The local name of the reader's current node, made into a String once per name and reader.
    mutating func localName(_ xml: XMLPullReader) -> String {
        guard let token = xml.localNameToken else { return xml.localName }
        if let name = names[token] { return name }
        let name = XMLPullReader.string(for: token)
        names[token] = name
        return name
    }
    /// For declarations that are not URIs: resolved per prefix.
    private var byPrefix: [String: XMLNamespace] = [:]
    private var lastURI: String = ""
    private var last: XMLNamespace = .none

    mutating func resolve(uri: String?, qualifiedName: () -> String) -> XMLNamespace {
        guard let uri, !uri.isEmpty else { return .none }
        if uri == lastURI { return last }
        let ns: XMLNamespace
        if let cached = cache[uri] {
            ns = cached
        } else {
            ns = XMLNamespace.resolve(uri: uri, prefix: nil)
            cache[uri] = ns
        }
        if ns == .other, !uri.utf8.contains(0x3A) {
            // Not a URI: only the prefix says which vocabulary this is (every damaged declaration
            // may carry the same notice text, so the URI alone cannot be the key).
            let q = qualifiedName()
            let prefix = q.utf8.firstIndex(of: 0x3A).map { String(q[..<$0]) } ?? ""
            if let known = byPrefix[prefix] { return known }
            let resolved = XMLNamespace.resolve(uri: uri, prefix: Substring(prefix))
            byPrefix[prefix] = resolved
            return resolved
        }
        lastURI = uri
        last = ns
        return ns
    }
}
