import Foundation
import Testing
import CorpusCore
import _CorpusTestSupport
@testable import CorpusIO

@Suite struct JSONLReaderTests {
    /// All lines of `bytes`, read through tiny chunks and trickling reads.
    func lines(_ bytes: [UInt8], chunk: Int, step: Int) throws -> [(String, Int, Int64)] {
        let reader = JSONLReader(source: IOTrickleSource(bytes, step: step), chunkSize: chunk)
        var out: [(String, Int, Int64)] = []
        while let line = try reader.next() {
            out.append((String(decoding: line.bytes, as: UTF8.self), line.lineNumber, line.byteOffset))
        }
        return out
    }

    @Test func splitsLinesWithNumbersAndOffsets() throws {
        let text = "{\"a\":1}\r\n\n  \t\n{\"b\":2}\n\r\n{\"c\":3}"
        for (chunk, step) in [(64, 1), (64, 3), (64, 1000), (1 << 20, 1 << 20)] {
            let got = try lines(Array(text.utf8), chunk: chunk, step: step)
            #expect(got.map(\.0) == ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"])
            #expect(got.map(\.1) == [1, 4, 6])
            #expect(got.map(\.2) == [0, 14, 24])
        }
    }

    @Test func handlesLinesMuchLongerThanTheChunk() throws {
        var bytes: [UInt8] = []
        var expected: [[UInt8]] = []
        var g = IOSeededGenerator(seed: 3)
        for k in 0..<50 {
            let length = k % 7 == 0 ? Int.random(in: 1000...20_000, using: &g) : Int.random(in: 1...100, using: &g)
            let line = (0..<length).map { _ in UInt8.random(in: 0x21...0x7E, using: &g) }
            expected.append(line)
            bytes += line + [0x0A]
        }
        bytes.removeLast() // the last line has no newline
        let reader = JSONLReader(source: IOTrickleSource(bytes, step: 777), chunkSize: 64)
        var got: [[UInt8]] = []
        var offsets: [Int64] = []
        while let line = try reader.next() {
            got.append(line.array)
            offsets.append(line.byteOffset)
        }
        #expect(got == expected)
        var offset: Int64 = 0
        for (k, line) in expected.enumerated() {
            #expect(offsets[k] == offset)
            offset += Int64(line.count + 1)
        }
    }

    @Test func emptyInputAndOnlyBlankLinesYieldNothing() throws {
        #expect(try lines([], chunk: 64, step: 10).isEmpty)
        #expect(try lines(Array("\n\r\n  \n\t".utf8), chunk: 64, step: 1).isEmpty)
    }

    @Test func documentReaderReportsBadLinesAndGoesOn() throws {
        var input = ""
        input += #"{"id":"1","text":"one"}"# + "\n"
        input += #"{"id":"2","text":"two" "# + "\n"          // line 2: syntax error
        input += "\n"                                           // line 3: blank
        input += #"{"id":"4"}"# + "\n"                          // line 4: no text
        input += #"{"id":"5","text":"five"}"# + "\r\n"
        var bytes = Array(input.utf8)
        let line6Offset = bytes.count
        bytes += Array(#"{"id":"6","text":"bad "#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8) + [0x0A] // invalid UTF-8
        bytes += Array(#"{"id":"7","text":"seven"}"#.utf8)

        var documents: [(String, Int)] = []
        var failures: [JSONLLineError] = []
        let count = try JSONLDocumentReader.read(IOTrickleSource(bytes, step: 5),
                                                 document: { documents.append(($0.document.text, $0.lineNumber)) },
                                                 failure: { failures.append($0) })
        #expect(count == 3)
        #expect(documents.map(\.0) == ["one", "five", "seven"])
        #expect(documents.map(\.1) == [1, 5, 7])
        #expect(failures.map(\.lineNumber) == [2, 4, 6])
        #expect(failures[0].reason == "unexpected end of input in object")
        #expect(failures[1].reason == "missing \"text\"")
        #expect(failures[2].parseError.isInvalidUTF8)
        let badByte = Int64(line6Offset + #"{"id":"6","text":"bad "#.utf8.count)
        #expect(failures[2].byteOffset == badByte)
        #expect(failures[2].inputError == .invalidUTF8(offset: badByte))
        let rejection = failures[2].rejection(file: "in.jsonl")
        #expect(rejection.line == 6 && rejection.offset == badByte && rejection.file == "in.jsonl")
    }

    @Test func readsDocumentsThroughZstd() throws {
        var g = IOSeededGenerator(seed: 5)
        let docs = (0..<500).map { _ in IORandomText.standard.document(&g) }
        let sink = MemorySink()
        let writer = try ZstdWriter(destination: sink)
        var line: [UInt8] = []
        for d in docs {
            line.removeAll(keepingCapacity: true)
            DocumentJSON.encode(d, into: &line)
            line.append(0x0A)
            try writer.write(line)
        }
        try writer.finish()
        let reader = JSONLDocumentReader(source: try Decompression.open(MemoryByteSource(sink.bytes)), chunkSize: 4096)
        var back: [Document] = []
        try reader.forEach { back.append(try $0.get().document) }
        #expect(back == docs)
    }

    @Test func sourceErrorsStopReading() throws {
        let sink = MemorySink()
        let writer = try ZstdWriter(destination: sink)
        for k in 0..<20_000 { try writer.write(#"{"text":"line \#(k) of a corpus that is long enough"}"# + "\n") }
        try writer.finish()
        let cut = Array(sink.bytes.prefix(sink.bytes.count * 2 / 3))
        let reader = JSONLDocumentReader(source: try Decompression.open(MemoryByteSource(cut)))
        var good = 0
        do {
            try reader.forEach { _ = try $0.get(); good += 1 }
            Issue.record("truncated input read to the end")
        } catch let error as InputError {
            #expect(error == .truncated(codec: "zstd", offset: Int64(cut.count)))
        }
        #expect(good > 0 && good < 20_000)
    }
}
