import Foundation
import Testing
import CorpusCore
import _CorpusTestSupport
@testable import CorpusIO

/// A source that fails after yielding some bytes.
final class IOFailingSource: ByteSource {
    private let good: [UInt8]
    private var position = 0
    init(_ good: [UInt8]) { self.good = good }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if position == good.count { throw InputError.corrupt(codec: "test", offset: Int64(position), detail: "boom") }
        let n = min(buffer.count, good.count - position, 999)
        for k in 0..<n { buffer[k] = good[position + k] }
        position += n
        return n
    }
}

@Suite struct ReadAheadTests {
    @Test func yieldsTheSameBytesInOrder() throws {
        let bytes = ioSampleText(3_000_000, seed: 9)
        for (chunk, depth, step, read) in [(4096, 2, 1000, 777), (1 << 20, 4, 1 << 16, 1 << 20), (5000, 3, 1, 10_000)] {
            let source = try ReadAheadByteSource(IOTrickleSource(bytes, step: step), chunkSize: chunk, depth: depth)
            #expect(try source.ioDrain(chunk: read) == bytes, "chunk \(chunk) depth \(depth)")
            #expect(try source.ioDrain(chunk: 10).isEmpty)
        }
        #expect(try ReadAheadByteSource(MemoryByteSource([])).ioDrain(chunk: 10).isEmpty)
    }

    @Test func rethrowsTheUpstreamErrorAfterTheBytesBeforeIt() throws {
        let good = ioSampleText(100_000, seed: 10)
        let source = try ReadAheadByteSource(IOFailingSource(good), chunkSize: 8192, depth: 3)
        var got: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 3000)
        do {
            while true {
                let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
                if n == 0 { break }
                got += buffer[0..<n]
            }
            Issue.record("no error")
        } catch let error as InputError {
            #expect(error == .corrupt(codec: "test", offset: Int64(good.count), detail: "boom"))
        }
        #expect(got == good)
        // The error stays: the stream never looks like it ended cleanly.
        #expect(throws: InputError.self) { try buffer.withUnsafeMutableBytes { try source.read(into: $0) } }
    }

    @Test func droppingAReaderMidStreamStopsItsThread() throws {
        for _ in 0..<50 {
            let source = try ReadAheadByteSource(MemoryByteSource(ioSampleText(200_000)), chunkSize: 4096, depth: 2)
            var buffer = [UInt8](repeating: 0, count: 100)
            _ = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
        }
    }

    @Test func decodesZstdDocumentsReadAhead() throws {
        var g = IOSeededGenerator(seed: 12)
        let docs = (0..<2000).map { _ in IORandomText.standard.document(&g) }
        let sink = MemorySink()
        let writer = try ZstdWriter(destination: sink, level: 1)
        for d in docs { try writer.write(DocumentJSON.encode(d) + [0x0A]) }
        try writer.finish()
        let source = try ReadAheadByteSource(try Decompression.open(MemoryByteSource(sink.bytes)), chunkSize: 10_000)
        var back: [Document] = []
        try JSONLDocumentReader(source: source, chunkSize: 512).forEach { back.append(try $0.get().document) }
        #expect(back == docs)
    }
}

@Suite struct DocumentDecoderTests {
    @Test func reusedDecoderGivesTheSameDocuments() throws {
        var g = IOSeededGenerator(seed: 13)
        var decoder = DocumentDecoder()
        for _ in 0..<500 {
            let d = IORandomText.standard.document(&g)
            let bytes = DocumentJSON.encode(d)
            #expect(try bytes.withUnsafeBytes { try decoder.decode($0) } == d)
        }
        // An error leaves the decoder usable.
        #expect(throws: JSONParseError.self) { try Array(#"{"text":"a\q"}"#.utf8).withUnsafeBytes { try decoder.decode($0) } }
        #expect(try Array(#"{"text":"a\nb"}"#.utf8).withUnsafeBytes { try decoder.decode($0) }.text == "a\nb")
    }
}
