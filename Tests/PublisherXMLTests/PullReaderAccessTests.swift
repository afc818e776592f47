import CorpusCore
import Foundation
import Testing
import _CorpusTestSupport
@testable import PublisherXML

/// DOCTYPE details and the fast accessors: name tokens, value bytes, attributes, lines.
@Suite struct PullReaderAccessTests {
    typealias S = PullReaderSupport

    @Test(arguments: PullReaderSupport.entityModes)
    func doctypeIsExposed(mode: XMLPullReader.EntityResolution) throws {
        let xml = """
        <?xml version="1.0"?>
        <!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.1 20151215//EN" "JATS-journalpublishing1.dtd">
        <article/>
        """
        let r = try S.reader(xml, entities: mode)
        #expect(try r.next())
        #expect(r.kind == .documentType)
        #expect(r.qualifiedName == "article")
        let expected = XMLPullReader.DocumentType(name: "article", publicID: "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.1 20151215//EN",
                                                  systemID: "JATS-journalpublishing1.dtd")
        #expect(r.doctype == expected)
        #expect(try r.next() && r.kind == .element && r.localName == "article")
        #expect(r.doctype == expected)
        #expect(try !r.next())

        let system = try S.reader("<!DOCTYPE art SYSTEM 'http://www.biomedcentral.com/xml/article.dtd'><art/>")
        while try system.next() {}
        #expect(system.doctype == .init(name: "art", publicID: nil, systemID: "http://www.biomedcentral.com/xml/article.dtd"))
        let none = try S.reader("<art/>")
        while try none.next() {}
        #expect(none.doctype == nil)
    }

    @Test(arguments: [false, true])
    func tokensCompareByIdentity(html: Bool) throws {
        let xml = """
        <root xmlns="urn:a" xmlns:m="http://www.w3.org/1998/Math/MathML"><p>one</p><q/><p>two</p>
        <inner xmlns="urn:a"><p>three</p><m:math><m:mi>x</m:mi></m:math></inner><p>four</p></root>
        """
        let r = html ? try XMLPullReader(html: MemoryByteSource(Array(("<html><body>" + xml + "</body></html>").utf8)), name: "t.html")
                     : try S.reader(xml)
        let pToken = try #require(r.token(for: "p"))
        var pTokens: [UnsafeRawPointer?] = [], others: [UnsafeRawPointer?] = [], namespaces: [UnsafeRawPointer?] = []
        var textTokens = Set<UnsafeRawPointer?>()
        while try r.next() {
            switch r.kind {
            case .element, .endElement:
                let token = r.localNameToken
                #expect(token.map(XMLPullReader.string(for:)) == r.localName)
                #expect(r.qualifiedNameToken.map(XMLPullReader.string(for:)) == r.qualifiedName)
                if r.localName == "p" { pTokens.append(token) } else { others.append(token) }
                if !html, r.localName != "mi", r.localName != "math" { namespaces.append(r.namespaceToken) }
                if r.qualifiedName == "m:mi" { #expect(r.qualifiedNameToken == r.token(for: "m:mi")) }
            case .text:
                textTokens.insert(r.localNameToken)
            default: break
            }
        }
        #expect(pTokens.count == 8)
        #expect(pTokens.allSatisfy { $0 == pToken })
        #expect(!others.contains { $0 == pToken })
        #expect(textTokens.count == 1, "every text node has the name #text")
        if !html {
            // urn:a is declared twice, on two elements: still one token.
            #expect(Set(namespaces).count == 1)
            #expect(namespaces.first! == r.token(for: "urn:a"))
        }
    }

    @Test func valueBytesEqualValues() throws {
        let xml = #"<!DOCTYPE a SYSTEM "a.dtd"><a>caf&#xE9; &ndash; &unknown; <![CDATA[<raw>]]><!-- note --><?pi data?> </a>"#
        let r = try S.reader(xml)
        var n = 0
        while try r.next() {
            let bytes = r.withValueBytes { Array($0) }
            #expect(bytes == Array((r.value ?? "").utf8))
            n += 1
        }
        #expect(n >= 8)
    }

    @Test func valueBytesEqualValuesOnFixtures() throws {
        let files = S.fixtures(["xml", "nxml"]).prefix(20)
        guard !files.isEmpty else { print(Fixtures.sharedMissing); return }
        for url in files {
            let r = try XMLPullReader(source: MemoryByteSource(Array(try Data(contentsOf: url))), name: url.lastPathComponent)
            while try r.next() {
                let bytes = r.withValueBytes { Array($0) }
                if bytes != Array((r.value ?? "").utf8) { Issue.record("\(url.lastPathComponent) line \(r.line)"); break }
            }
        }
    }

    @Test func attributes() throws {
        let xml = #"<a xmlns="urn:d" xmlns:x="urn:x" id="1" x:type="doi" xml:lang="en" t="a&amp;b"><b/></a>"#
        let r = try S.reader(xml)
        #expect(try r.next())
        var seen: [String] = []
        r.forEachAttribute { name, ns, value in seen.append("\(name)|\(ns ?? "-")|\(value)") }
        #expect(seen == ["id|-|1", "x:type|urn:x|doi", "xml:lang|http://www.w3.org/XML/1998/namespace|en", "t|-|a&b"])
        #expect(r.attributeCount == 6)
        #expect(r.attribute("x:type") == "doi")
        #expect(r.attribute(localName: "type", namespaceURI: "urn:x") == "doi")
        #expect(r.attribute(localName: "lang", namespaceURI: "http://www.w3.org/XML/1998/namespace") == "en")
        #expect(r.localName == "a", "the reader is back on the element")
        var tokens: [String] = []
        let typeToken = r.token(for: "type")
        r.forEachAttributeToken { local, ns, value in
            tokens.append("\(local.map(XMLPullReader.string(for:)) ?? "")|\(ns.map(XMLPullReader.string(for:)) ?? "-")|\(String(decoding: value, as: UTF8.self))")
            if local == typeToken { #expect(ns == r.token(for: "urn:x")) }
        }
        #expect(tokens == ["id|-|1", "type|urn:x|doi", "lang|http://www.w3.org/XML/1998/namespace|en", "t|-|a&b"])
        #expect(try r.next() && r.localName == "b")
        var none = 0
        r.forEachAttribute { _, _, _ in none += 1 }
        #expect(none == 0)
    }

    @Test func linesAndOffsets() throws {
        let xml = "<?xml version=\"1.0\"?>\n<a>\n  <b>x</b>\n\n  <c\n    d=\"1\">y</c>\n</a>\n"
        let r = try S.reader(xml)
        var lines: [String: Int] = [:]
        while try r.next() { if r.kind == .element { lines[r.localName] = r.line } }
        #expect(lines == ["a": 2, "b": 3, "c": 6], "libxml2 records the line where a start tag ends")
        #expect(r.byteOffset == Int64(xml.utf8.count))
        #expect(r.parserLine >= 7)
        #expect(r.parserColumn >= 1)
    }
}
