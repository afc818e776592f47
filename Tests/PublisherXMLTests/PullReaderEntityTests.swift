import CorpusCore
import Foundation
import Testing
import _CorpusTestSupport
@testable import PublisherXML

@Suite struct PullReaderEntityTests {
    typealias S = PullReaderSupport
    static let jats = #"<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.0 20120330//EN" "JATS-archivearticle1.dtd">"#

    @Test(arguments: PullReaderSupport.entityModes)
    func entitiesOfAnUnavailableDTDResolve(mode: XMLPullReader.EntityResolution) throws {
        let (text, r) = try S.text(Self.jats + "\n<article><p>1&ndash;2 &alpha;-Fe, 5&thinsp;K, &b.alpha; &agr; &NotEqualTilde;</p></article>", entities: mode)
        #expect(text == "1\u{2013}2 \u{3B1}-Fe, 5\u{2009}K, \u{1D6C2} \u{3B1} \u{2242}\u{338}")
        #expect(r.unresolvedEntities.isEmpty)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
    }

    @Test(arguments: PullReaderSupport.entityModes)
    func numericAndPredefinedReferences(mode: XMLPullReader.EntityResolution) throws {
        let (text, r) = try S.text(Self.jats + "<a>&#x2013;&#945;&#8201;&amp;&lt;&gt;&quot;&apos;&#x1D6C2;</a>", entities: mode)
        #expect(text == "\u{2013}\u{3B1}\u{2009}&<>\"'\u{1D6C2}")
        #expect(r.unresolvedEntities.isEmpty)
    }

    @Test(arguments: PullReaderSupport.entityModes)
    func documentsWithoutDoctypeResolveToo(mode: XMLPullReader.EntityResolution) throws {
        let xml = "<?xml version=\"1.0\"?>\n<!-- c --><a>x&ndash;y</a>"
        let r = try S.reader(xml, entities: mode)
        var kinds: [XMLPullReader.NodeKind] = []
        var text = ""
        while try r.next() {
            kinds.append(r.kind)
            if r.kind == .text { text += r.value ?? "" }
            if r.kind == .element { #expect(r.line == 2) }
        }
        #expect(text == "x\u{2013}y")
        #expect(!kinds.contains(.documentType), "the inserted DOCTYPE stays hidden")
        #expect(r.doctype == nil)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
        #expect(r.byteOffset == Int64(xml.utf8.count))
    }

    @Test func internalSubsetOnlyDoctype() throws {
        let (text, r) = try S.text("<!DOCTYPE a [<!ENTITY me \"Marie &amp; Pierre\">]><a>&me; &ndash; &ohm;</a>")
        #expect(text == "Marie & Pierre \u{2013} \u{3A9}")
        #expect(r.doctype == .init(name: "a", publicID: nil, systemID: nil))
        #expect(r.unresolvedEntities.isEmpty)
    }

    @Test(arguments: PullReaderSupport.entityModes)
    func undeclaredEntitiesAreReportedAndKeptLiterally(mode: XMLPullReader.EntityResolution) throws {
        let r = try S.reader(Self.jats + "<a>x &foo; y &ndash; &bar.baz; &foo;</a>", entities: mode)
        var text = "", names: [String] = []
        while try r.next() {
            guard [.text, .whitespace, .significantWhitespace].contains(r.kind) else { continue }
            text += r.value ?? ""
            if let e = r.entityReference { names.append(e) }
        }
        #expect(text == "x &foo; y \u{2013} &bar.baz; &foo;")
        #expect(r.unresolvedEntities == ["foo", "bar.baz"])
        #expect(names.contains("foo"))
        #expect(r.diagnostics.contains { $0.message.contains("'foo'") && !$0.fatal })
        #expect(!r.recovered)
    }

    @Test func attributeValues() throws {
        let xml = Self.jats + "<a t=\"x&ndash;y\" u=\"&zz;\"/>"
        let full = try S.reader(xml, entities: .builtInDTD)
        #expect(try full.next() && full.kind == .documentType)
        #expect(try full.next() && full.kind == .element)
        #expect(full.attribute("t") == "x\u{2013}y")
        #expect(full.unresolvedEntities == ["zz"])

        // Without the DTD libxml2 drops references from attribute values; they are reported.
        let fast = try S.reader(xml, entities: .textOnly)
        while try fast.next() {}
        #expect(fast.unresolvedEntities == ["ndash", "zz"])
        #expect(fast.diagnostics.contains { $0.message.contains("attribute") })
    }

    /// With `standalone="yes"` an undeclared entity is a well-formedness error, which stops the reader.
    @Test func undeclaredEntityInAStandaloneDocumentIsFatal() throws {
        let r = try S.reader("<?xml version=\"1.0\" standalone=\"yes\"?><a>x&ndash;y</a>")
        #expect(throws: XMLError.self) { while try r.next() {} }
        #expect(r.unresolvedEntities == ["ndash"])
        #expect(r.diagnostics.first { $0.fatal }?.message == "Entity 'ndash' not defined: dropped")
    }

    /// The classic exponential entity expansion (3 GB of "lol") must stop at once.
    @Test(arguments: PullReaderSupport.entityModes)
    func billionLaughsFailsFast(mode: XMLPullReader.EntityResolution) throws {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for i in 1...9 { xml += "<!ENTITY lol\(i) \"\(String(repeating: "&lol\(i == 1 ? "" : String(i - 1));", count: 10))\">\n" }
        xml += "]>\n<lolz>&lol9;</lolz>\n"
        try Self.expectFailsFast(xml, mode: mode)
    }

    /// One 50 KB entity referenced 50,000 times (2.5 GB expanded): the quadratic blowup.
    @Test func quadraticBlowupFailsFast() throws {
        let xml = "<!DOCTYPE q [<!ENTITY a \"\(String(repeating: "x", count: 50_000))\">]>\n<q>\(String(repeating: "&a;", count: 50_000))</q>"
        try Self.expectFailsFast(xml, mode: .default)
    }

    static func expectFailsFast(_ xml: String, mode: XMLPullReader.EntityResolution) throws {
        let before = peakRSS()
        let start = ContinuousClock.now
        var bytes = 0
        #expect(throws: XMLError.self) {
            let r = try S.reader(xml, recover: true, entities: mode)
            while try r.next() { bytes += r.withValueBytes { $0.count } }
        }
        #expect(throws: XMLError.self, "no recovery from a stopped entity expansion") {
            let r = try S.reader(xml, recover: true, entities: mode, continueAfterError: true)
            while try r.next() { bytes += r.withValueBytes { $0.count } }
        }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .seconds(2), "took \(elapsed)")
        #expect(bytes < 10_000_000, "expanded \(bytes) bytes")
        #expect(peakRSS() - before < 200 << 20, "peak RSS grew by \((peakRSS() - before) >> 20) MiB")
    }

    static func peakRSS() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }

    /// SYSTEM identifiers that name real files with content that would change the text must not be read.
    @Test(arguments: PullReaderSupport.entityModes)
    func noFileIsEverLoaded(mode: XMLPullReader.EntityResolution) throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dtd = dir.appendingPathComponent("evil.dtd").path
        let ent = dir.appendingPathComponent("evil.txt").path
        try "<!ENTITY ndash \"EVIL-DTD\"><!ENTITY extra \"EVIL-EXTRA\">".write(toFile: dtd, atomically: true, encoding: .utf8)
        try "EVIL-ENTITY".write(toFile: ent, atomically: true, encoding: .utf8)
        let xml = """
        <!DOCTYPE a SYSTEM "\(dtd)" [
        <!ENTITY ext SYSTEM "\(ent)">
        <!ENTITY % pe SYSTEM "file://\(dtd)">
        %pe;
        <!ENTITY passwd SYSTEM "file:///etc/passwd">
        ]>
        <a>[&ndash;][&ext;][&passwd;][&extra;]</a>
        """
        let (text, r) = try S.text(xml, entities: mode)
        #expect(!text.contains("EVIL"))
        #expect(!text.contains("root:"))
        #expect(text == "[\u{2013}][][][&extra;]")
        #expect(r.refusedExternalEntities == [ent, "file:///etc/passwd"])
        #expect(r.unresolvedEntities == ["extra"])
        #expect(r.doctype == .init(name: "a", publicID: nil, systemID: dtd))
    }

    @Test func tableCoversHTML5AndISOGreek() {
        #expect(EntityTable.count == 2232)
        #expect(EntityTable.replacement(for: "ndash") == "\u{2013}")
        #expect(EntityTable.replacement(for: "fjlig") == "fj")
        #expect(EntityTable.replacement(for: "sfgr") == "\u{3C2}")
        #expect(EntityTable.replacement(for: "amp") == nil, "XML predefines are libxml2's")
        #expect(EntityTable.declarations.contains("<!ENTITY thinsp \"&#x2009;\">"))
    }
}
