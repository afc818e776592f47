import CorpusCore
import Foundation
import Testing
import _CorpusTestSupport
@testable import PublisherXML

/// The prolog shim that makes undeclared entities recoverable in documents without an external DTD.
@Suite struct PullReaderPrologTests {
    typealias S = PullReaderSupport

    /// Hands out its bytes `step` at a time.
    final class Trickle: ByteSource {
        let bytes: [UInt8]
        let step: Int
        var position = 0
        init(_ bytes: [UInt8], step: Int) { self.bytes = bytes; self.step = step }
        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let n = min(step, buffer.count, bytes.count - position)
            buffer.copyBytes(from: bytes[position..<(position + n)])
            position += n
            return n
        }
    }

    @Test func plans() {
        func plan(_ s: String) -> PrologShim.Plan { PrologShim.plan(Array(s.utf8), atEnd: true) }
        let doctype = "<!DOCTYPE a SYSTEM \"\(PrologShim.systemID)\">"
        #expect(plan("<a/>") == .insert(at: 0, text: doctype, action: .insertedDoctype))
        #expect(plan("\u{FEFF}<?xml version=\"1.0\"?>\n<!-- x -->\n<?pi?><ce:a>") == .insert(at: 42, text: "<!DOCTYPE ce:a SYSTEM \"\(PrologShim.systemID)\">", action: .insertedDoctype))
        #expect(plan("<!DOCTYPE a [<!ENTITY x 'y'>]><a/>") == .insert(at: 11, text: " SYSTEM \"\(PrologShim.systemID)\"", action: .insertedSystemID))
        #expect(plan("<!DOCTYPE a><a/>") == .insert(at: 11, text: " SYSTEM \"\(PrologShim.systemID)\"", action: .insertedSystemID))
        #expect(plan("<!DOCTYPE a PUBLIC \"p\" \"s\"><a/>") == .leave)
        #expect(plan("<!DOCTYPE a SYSTEM \"s\"><a/>") == .leave)
        #expect(plan("not xml") == .leave)
        #expect(plan("") == .leave)
        #expect(PrologShim.plan(Array("<?xml version=".utf8), atEnd: false) == .needMore)
        #expect(PrologShim.plan([0xFF, 0xFE, 0x3C, 0x00], atEnd: true) == .leave)
    }

    @Test(arguments: [1, 3, 4096])
    func prologSplitAcrossReads(step: Int) throws {
        let xml = "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- a comment -->\n<root a=\"1\">x&ndash;y \(String(repeating: "<p>caf\u{E9}</p>", count: 10_000))</root>\n"
        let bytes = Array(xml.utf8)
        let r = try XMLPullReader(source: Trickle(bytes, step: step), name: "t.xml")
        let text = try S.text(of: r)
        #expect(text.hasPrefix("x\u{2013}y café"))
        #expect(text.count == 4 + 10_000 * 4)
        #expect(r.byteOffset == Int64(bytes.count))
        #expect(r.diagnostics.isEmpty)
    }

    @Test func utf16DocumentsAreLeftAlone() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>\u{3B1}&#x2013;</a>".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let r = try XMLPullReader(source: MemoryByteSource(bytes), name: "t.xml")
        #expect(try S.text(of: r) == "\u{3B1}\u{2013}")
    }

    @Test func longProloguesAreLeftAlone() throws {
        let xml = "<!-- \(String(repeating: "x", count: PrologShim.lookahead)) --><a>x&#x2013;y</a>"
        #expect(try S.text(xml).text == "x\u{2013}y")
    }
}
