import CorpusCore
import Foundation
import Testing
import _CorpusTestSupport
@testable import PublisherXML

/// The HTML tier: libxml2's HTML parser, walked with the pull-reader API.
@Suite struct PullReaderHTMLTests {
    typealias S = PullReaderSupport

    func html(_ bytes: [UInt8]) throws -> XMLPullReader {
        try XMLPullReader(html: MemoryByteSource(bytes), name: "t.html")
    }

    /// Words of the text outside `script` and `style`, in document order.
    static func words(_ r: XMLPullReader) throws -> [String] {
        var words: [String] = []
        var skip: Int? = nil
        while try r.next() {
            switch r.kind {
            case .element where skip == nil && ["script", "style"].contains(r.localName.lowercased()) && !r.isEmptyElement:
                skip = r.depth
            case .endElement where skip == r.depth:
                skip = nil
            case .text, .cdata, .whitespace, .significantWhitespace:
                if skip == nil { words += (r.value ?? "").split(whereSeparator: \.isWhitespace).map(String.init) }
            default: break
            }
        }
        return words
    }

    @Test func smallPage() throws {
        let page = "<!DOCTYPE html><html><head><title>T &amp; t</title><script>var x = '<p>no</p>';</script></head>"
            + "<body><p>Fe<sub>2</sub>O<sub>3</sub>&nbsp;films &ndash; <b>bold<p>unclosed</body></html>"
        let r = try html(Array(page.utf8))
        var texts: [String] = []
        var elements: [String] = []
        while try r.next() {
            if r.kind == .text { texts.append(r.value ?? "") }
            if r.kind == .element { elements.append(r.localName) }
        }
        #expect(r.isHTML)
        #expect(r.doctype == .init(name: "html", publicID: nil, systemID: nil))
        #expect(texts.contains("T & t"))
        #expect(texts.joined().contains("Fe2O3\u{A0}films \u{2013} boldunclosed"))
        #expect(elements == ["html", "head", "title", "script", "body", "p", "sub", "sub", "b", "p"])
        #expect(r.recovered, "the unclosed tags were repaired")
        #expect(r.byteOffset == Int64(page.utf8.count))
    }

    @Test func encodingFromTheMetaTagElseUTF8() throws {
        var latin1 = Array("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"></head><body>caf".utf8)
        latin1 += [0xE9] + Array("</body></html>".utf8)
        #expect(try Self.words(html(latin1)) == ["café"])
        let utf8 = Array("<html><body>caf\u{E9} \u{3B1}</body></html>".utf8)
        #expect(try Self.words(html(utf8)) == ["café", "α"])
        let meta = Array("<html><head><meta charset=\"utf-8\"></head><body>\u{2013}</body></html>".utf8)
        #expect(try Self.words(html(meta)) == ["\u{2013}"])
    }

    @Test func markupKindFromTheFirstBytes() {
        let html: [String] = [
            "<!DOCTYPE html><html>", "<!doctype HTML>\n<html>", "\u{FEFF}<html lang=en>", "<?xml version=\"1.0\"?><!DOCTYPE html><html xmlns=\"http://www.w3.org/1999/xhtml\">",
            "<!--?xml version=\"1.0\"?--><!DOCTYPE html>", "<HTML><BODY>", "<h:html xmlns:h=\"http://www.w3.org/1999/xhtml\">",
            "<div xmlns=\"http://www.w3.org/1999/xhtml\">",
        ]
        let xml: [String] = [
            "<?xml version=\"1.0\"?><article>", "<!DOCTYPE article PUBLIC \"-//NLM//DTD JATS//EN\" \"x.dtd\"><article>",
            "<!-- html --><doc:document xmlns:doc=\"urn:x\">", "<htmlish/>", "<!DOCTYPE htmlfoo><x/>", "",
        ]
        for s in html { #expect(XMLPullReader.markupKind(of: Array(s.utf8)) == .html, "\(s)") }
        for s in xml { #expect(XMLPullReader.markupKind(of: Array(s.utf8)) == .xml, "\(s)") }
    }

    @Test func openChoosesTheParser() throws {
        let page = try XMLPullReader.open(source: MemoryByteSource(Array("<!DOCTYPE html><p>x<p>y".utf8)), name: "p.html")
        #expect(page.isHTML)
        #expect(try Self.words(page) == ["x", "y"])
        let big = "<a>" + String(repeating: "<b>word</b>", count: 2000) + "</a>"
        let doc = try XMLPullReader.open(source: MemoryByteSource(Array(big.utf8)), name: "a.xml")
        #expect(!doc.isHTML)
        #expect(try Self.words(doc).count == 2000)
    }

    /// Every HTML fixture parses, and its words come out in document order: exactly the sequence
    /// Python's `html.parser` (an independent parser) gives, when Python is available.
    @Test func fixturePagesYieldTheirTextInOrder() throws {
        let files = S.fixtures(["html"])
        guard !files.isEmpty else { print(Fixtures.sharedMissing); return }
        for url in files {
            let bytes = Array(try Data(contentsOf: url))
            #expect(XMLPullReader.markupKind(of: bytes) == .html, "\(url.lastPathComponent)")
            let r = try html(bytes)
            let ours = try Self.words(r)
            #expect(ours.count > 500, "\(url.lastPathComponent): \(ours.count) words")
            guard S.hasPython else { continue }
            let theirs = try Self.pythonWords(url)
            let same = zip(ours, theirs).prefix { $0 == $1 }.count
            #expect(ours.count == theirs.count && same == ours.count,
                    "\(url.lastPathComponent): \(ours.count) words, html.parser \(theirs.count), first difference at word \(same)")
        }
    }

    static func pythonWords(_ url: URL) throws -> [String] {
        let script = """
        import sys, html.parser
        class P(html.parser.HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True); self.skip = 0; self.words = []
            def handle_starttag(self, tag, attrs):
                if tag in ('script', 'style'): self.skip += 1
            def handle_endtag(self, tag):
                if tag in ('script', 'style') and self.skip: self.skip -= 1
            def handle_data(self, data):
                if not self.skip: self.words += data.split()
        p = P(); p.feed(open(sys.argv[1], encoding='utf-8', errors='replace').read()); p.close()
        sys.stdout.write('\\n'.join(p.words))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
