import CorpusCore
import Testing
@testable import PublisherXML

/// Entities as the reader promises them: a declared internal entity keeps its text; an undeclared one
/// in a file without a DOCTYPE is kept literally and listed, without rejecting the file; only names
/// that stayed unresolved are listed in `unresolved_entities`.
@Suite struct EntityBehaviourTests {
    static func jats(_ body: String, doctype: String = "") -> String {
        """
        <?xml version="1.0"?>
        \(doctype)<article><front><article-meta><title-group><article-title>T</article-title></title-group></article-meta></front>
        <body><sec><title>S</title><p>\(body)</p></sec></body></article>
        """
    }

    static func unresolved(_ r: ReadResult) -> [String] {
        r.document?.metadata.extra["unresolved_entities"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    @Test func declaredInternalEntityKeepsItsText() {
        let r = XMLTestSupport.read(Self.jats("the &beta; phase and &custom; here",
                                              doctype: #"<!DOCTYPE article [<!ENTITY beta "&#946;"> <!ENTITY custom "Fe<sub>2</sub>O<sub>3</sub>">]>"#))
        #expect(r.rejections.isEmpty, "\(r.rejections)")
        #expect(r.text.contains("the β phase and Fe2O3 here"), "\(r.text)")
        #expect(Self.unresolved(r).isEmpty, "\(Self.unresolved(r))")
    }

    @Test func undeclaredEntityWithoutDoctypeIsKeptAndListed() {
        let r = XMLTestSupport.read(Self.jats("a &unknownthing; b &ndash; c"))
        #expect(r.rejections.isEmpty, "\(r.rejections)")
        #expect(r.error == nil, "\(String(describing: r.error))")
        #expect(r.text.contains("a &unknownthing; b – c"), "\(r.text)")
        #expect(Self.unresolved(r) == ["unknownthing"], "\(Self.unresolved(r))")
    }

    @Test func knownNamesWithoutDoctypeResolveAndAreNotListed() {
        let r = XMLTestSupport.read(Self.jats("&alpha;-Fe &le; 5 &deg;C"))
        #expect(r.rejections.isEmpty, "\(r.rejections)")
        #expect(r.text.contains("α-Fe ≤ 5 °C"), "\(r.text)")
        #expect(Self.unresolved(r).isEmpty, "\(Self.unresolved(r))")
    }

    @Test func undeclaredEntityWithExternalDoctypeIsKeptAndListed() {
        let r = XMLTestSupport.read(Self.jats("x &zzfoo; y &beta; z",
                                              doctype: #"<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.2 20190208//EN" "JATS-journalpublishing1.dtd">"#))
        #expect(r.rejections.isEmpty, "\(r.rejections)")
        #expect(r.text.contains("x &zzfoo; y β z"), "\(r.text)")
        #expect(Self.unresolved(r) == ["zzfoo"], "\(Self.unresolved(r))")
    }

    @Test func declaredEntityBesideUndeclaredOne() {
        let r = XMLTestSupport.read(Self.jats("&beta; and &zzbar;", doctype: #"<!DOCTYPE article [<!ENTITY beta "&#946;">]>"#))
        #expect(r.rejections.isEmpty, "\(r.rejections)")
        #expect(r.text.contains("β and &zzbar;"), "\(r.text)")
        #expect(Self.unresolved(r) == ["zzbar"], "\(Self.unresolved(r))")
    }
}
