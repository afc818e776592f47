import CorpusCore
import Foundation
import Testing
import _CorpusTestSupport
@testable import PublisherXML

/// Positions and messages of errors.
@Suite struct PullReaderErrorTests {
    typealias S = PullReaderSupport

    func firstError(_ xml: String, recover: Bool = true) throws -> (error: XMLError, reader: XMLPullReader, textBefore: String) {
        let r = try S.reader(xml, recover: recover)
        var text = ""
        do {
            while try r.next() { if r.kind == .text { text += r.value ?? "" } }
        } catch let error as XMLError {
            return (error, r, text)
        }
        throw XMLError.cannotOpen(name: "no error")
    }

    @Test(arguments: [false, true])
    func malformedDocumentNamesLineColumnAndMessage(recover: Bool) throws {
        let (error, r, _) = try firstError("<a>\n<b>\n</a>", recover: recover)
        #expect(error.description == "t.xml: malformed XML at line 3, column 5: Opening and ending tag mismatch: b line 2 and a")
        #expect(error.line == 3)
        #expect(!r.recovered)
        let d = try #require(r.diagnostics.first)
        #expect(d.fatal && d.line == 3 && d.column == 5)
    }

    /// With `continueAfterError` the nodes before the error come out once, then libxml2's repair.
    @Test func continuingAfterAnError() throws {
        var xml = "<?xml version=\"1.0\"?>\n<doc xmlns=\"urn:d\" xmlns:m=\"urn:m\">\n"
        for i in 0..<3000 { xml += "<p n=\"\(i)\">para \(i) &ndash; <m:x>\(i)</m:x></p>\n" }
        xml += "<p>broken <b></p>\n"
        for i in 3000..<3010 { xml += "<p>para \(i)</p>\n" }
        xml += "</doc>\n"
        let r = try S.reader(xml, continueAfterError: true)
        let pToken = r.token(for: "p"), nsToken = r.token(for: "urn:d"), xToken = r.token(for: "x")
        var paragraphs: [String] = [], current = "", pElements = 0, xElements = 0, recoveredAt: Int? = nil
        while try r.next() {
            if r.recovered, recoveredAt == nil { recoveredAt = paragraphs.count }
            switch r.kind {
            case .element where r.localNameToken == pToken:
                pElements += 1
                #expect(r.namespaceToken == nsToken)
                current = ""
            case .element where r.localNameToken == xToken:
                xElements += 1
            case .endElement where r.localName == "p":
                paragraphs.append(current)
            case .text, .whitespace, .significantWhitespace:
                current += r.value ?? ""
            default: break
            }
        }
        #expect(r.recovered)
        #expect(recoveredAt != nil && recoveredAt! > 2000, "the stream delivered most paragraphs before the error")
        let expected = (0..<3000).map { "para \($0) \u{2013} \($0)" }
        let firstDifference = zip(paragraphs, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(paragraphs.count >= 3000 && firstDifference == nil, "each paragraph once, in order; first difference at \(String(describing: firstDifference))")
        #expect(paragraphs.contains("para 3009"), "text after the error is recovered")
        #expect(pElements >= 3011 && xElements == 3000)
        let d = try #require(r.diagnostics.first { $0.fatal })
        #expect(d.line == 3003 && d.message.hasPrefix("Opening and ending tag mismatch: b line 3003 and p"))
        #expect(r.byteOffset == Int64(xml.utf8.count))
    }

    /// Columns on the line where the prolog shim inserts a DOCTYPE are those of the original input.
    @Test func columnsIgnoreTheInsertedDoctype() throws {
        let (plain, _, _) = try firstError("<a><b></a>")
        let (declared, _, _) = try firstError("<!DOCTYPE a SYSTEM \"a.dtd\">\n<a><b></a>")
        let (subset, _, _) = try firstError("<!DOCTYPE a []><a><b></a>")
        guard case .malformed(_, let p) = plain, case .malformed(_, let d) = declared, case .malformed(_, let s) = subset else { return }
        #expect(p.first?.line == 1 && d.first?.line == 2)
        #expect(p.first?.column == d.first?.column)
        #expect(s.first?.column == d.first.map { $0.column + 15 })
    }

    @Test func wellFormedDocumentsHaveNoFatalDiagnostics() throws {
        let r = try S.reader("<a xmlns:doc=\"not a URI\"><doc:b/></a>")
        while try r.next() {}
        #expect(!r.recovered)
        #expect(r.diagnostics.allSatisfy { !$0.fatal }, "namespace warnings are not fatal: \(r.diagnostics)")
    }

    /// `iop/cernsis__faulty_xml.xml` is well-formed (its upstream tests check article fields, not XML);
    /// a copy with a broken end tag at a known place fails there.
    @Test func faultyFixtureGivesLineAndColumn() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        let url = shared.appendingPathComponent("fixtures/xml/iop/cernsis__faulty_xml.xml")
        var bytes = Array(try Data(contentsOf: url))
        let clean = try XMLPullReader(source: MemoryByteSource(bytes), name: "faulty_xml.xml")
        var nodes = 0
        while try clean.next() { nodes += 1 }
        #expect(nodes > 1000 && !clean.recovered)

        // Break the first `</title>` after the middle of the file.
        let needle = Array("</title>".utf8)
        let start = bytes.count / 2
        let at = try #require((start..<(bytes.count - needle.count)).first { Array(bytes[$0..<($0 + needle.count)]) == needle })
        bytes[at + 2] = UInt8(ascii: "T")
        let line = bytes[..<at].filter { $0 == 0x0A }.count + 1
        let lineStart = (bytes[..<at].lastIndex(of: 0x0A) ?? -1) + 1
        let column = String(decoding: bytes[lineStart..<at], as: UTF8.self).count + 1

        let r = try XMLPullReader(source: MemoryByteSource(bytes), name: "faulty_xml.xml")
        var textBefore = 0
        do {
            while try r.next() { if r.kind == .text { textBefore += r.withValueBytes { $0.count } } }
            Issue.record("no error")
        } catch let error as XMLError {
            let d = try #require(r.diagnostics.first { $0.fatal })
            #expect(d.line == line)
            #expect(d.column > column && d.column <= column + 10, "error at \(d.column), tag at \(column)")
            #expect(d.message.hasPrefix("Opening and ending tag mismatch: title line"))
            #expect(error.description.hasPrefix("faulty_xml.xml: malformed XML at line \(line), column \(d.column): Opening and ending tag mismatch"))
            #expect(textBefore > 0, "nodes before the error are delivered")
        }
    }

    @Test func ioErrorsOfTheSourcePassThrough() throws {
        final class Failing: ByteSource {
            var sent = false
            func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
                if sent { throw InputError.truncated(codec: "test", offset: 5) }
                sent = true
                let b = Array("<a>xyz".utf8)
                buffer.copyBytes(from: b)
                return b.count
            }
        }
        let r = try XMLPullReader(source: Failing(), name: "t.xml")
        #expect(throws: InputError.self) { while try r.next() {} }
    }
}
