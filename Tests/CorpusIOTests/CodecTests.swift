import Foundation
import Testing
import CorpusCore
import _CorpusTestSupport
@testable import CorpusIO

@Suite struct GzipReaderTests {
    @Test(.enabled(if: IOTools.hasGzip))
    func decodesWhatGzipWrote() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = ioSampleText(700_000)
        let path = dir.appendingPathComponent("a.txt").path
        try ioWriteFile(path, original)
        try #require(IOTools.shell("gzip -6 \(IOTools.quote(path))").status == 0)
        let source = try Decompression.open(FileByteSource(path: path + ".gz"))
        #expect(source is GzipReader)
        #expect(try source.ioDrain(chunk: 10_007) == original)
    }

    @Test(.enabled(if: IOTools.hasGzip))
    func decodesMultiMemberFilesAndTrailingZeros() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let parts = [ioSampleText(50_000, seed: 1), [], Array("short\n".utf8), ioSampleText(120_000, seed: 2)]
        var joined: [UInt8] = []
        for (k, part) in parts.enumerated() {
            let path = dir.appendingPathComponent("p\(k)").path
            try ioWriteFile(path, part)
            try #require(IOTools.shell("gzip -n \(IOTools.quote(path))").status == 0)
            joined += try ioReadFile(path + ".gz")
        }
        let expected = parts.flatMap { $0 }
        #expect(try GzipReader(IOTrickleSource(joined, step: 777)).ioDrain(chunk: 4096) == expected)
        // One byte of output room per call: zlib keeps output pending across calls and after the
        // last input byte.
        #expect(try GzipReader(MemoryByteSource(joined)).ioDrain(chunk: 1) == expected)
        // Zero padding after the last member (as tape or block devices leave) is ignored.
        #expect(try GzipReader(MemoryByteSource(joined + [UInt8](repeating: 0, count: 1000))).ioDrain(chunk: 65536) == expected)
    }

    @Test(.enabled(if: IOTools.hasGzip))
    func corruptDataNamesTheOffset() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("c").path
        try ioWriteFile(path, ioSampleText(300_000))
        try #require(IOTools.shell("gzip -n \(IOTools.quote(path))").status == 0)
        var bytes = try ioReadFile(path + ".gz")
        let at = bytes.count / 2
        for k in at..<(at + 64) { bytes[k] ^= 0x5A }
        do {
            _ = try GzipReader(MemoryByteSource(bytes)).ioDrain(chunk: 65536)
            Issue.record("corrupt gzip decoded without error")
        } catch let InputError.corrupt(codec, offset, detail) {
            #expect(codec == "gzip")
            #expect(offset > 10 && offset <= Int64(bytes.count), "offset \(offset)")
            #expect(!detail.isEmpty)
        }
    }

    @Test func garbageAfterMemberAndBadHeaderAreCorrupt() throws {
        // A stored-block member of "hi" (gzip -n of "hi" with deflate stored block, built by hand).
        let member: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3,
                               1, 2, 0, 0xFD, 0xFF, 0x68, 0x69, // final stored block, LEN=2
                               0xAC, 0x2A, 0x93, 0xD8, 2, 0, 0, 0] // CRC32("hi"), ISIZE
        #expect(try GzipReader(MemoryByteSource(member)).ioDrain(chunk: 16) == Array("hi".utf8))
        #expect(throws: InputError.self) { try GzipReader(MemoryByteSource(member + [0x41, 0x42, 0x43])).ioDrain(chunk: 16) }
        var badCRC = member
        badCRC[17] ^= 1
        do {
            _ = try GzipReader(MemoryByteSource(badCRC)).ioDrain(chunk: 16)
            Issue.record("bad CRC accepted")
        } catch let InputError.corrupt(codec, offset, detail) {
            #expect(codec == "gzip" && offset > 0, "\(offset) \(detail)")
        }
    }

    @Test(.enabled(if: IOTools.hasGzip))
    func truncatedStreamIsTruncated() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("t").path
        try ioWriteFile(path, ioSampleText(200_000))
        try #require(IOTools.shell("gzip -n \(IOTools.quote(path))").status == 0)
        let bytes = try ioReadFile(path + ".gz")
        for cut in [1, 5, 20, bytes.count / 3, bytes.count - 4, bytes.count - 1] {
            #expect(throws: InputError.truncated(codec: "gzip", offset: Int64(cut)), "cut at \(cut)") {
                try GzipReader(MemoryByteSource(Array(bytes[0..<cut]))).ioDrain(chunk: 65536)
            }
        }
        #expect(throws: InputError.truncated(codec: "gzip", offset: 0)) { try GzipReader(MemoryByteSource([])).ioDrain(chunk: 100) }
    }
}

@Suite struct ZstdCodecTests {
    @Test(.enabled(if: IOTools.hasZstd))
    func decodesWhatZstdWrote() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = ioSampleText(1_500_000)
        let path = dir.appendingPathComponent("a.txt").path
        try ioWriteFile(path, original)
        for flags in ["-1", "-19", "-3 --long=27", "-3 -T2"] {
            try #require(IOTools.shell("zstd -q -f \(flags) \(IOTools.quote(path)) -o \(IOTools.quote(path)).zst").status == 0)
            let source = try Decompression.open(FileByteSource(path: path + ".zst"))
            #expect(source is ZstdReader)
            #expect(try source.ioDrain(chunk: 33_333) == original, "zstd \(flags)")
        }
    }

    @Test(.enabled(if: IOTools.hasZstd))
    func decodesMultipleFramesAndSkippableFrames() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let parts = [ioSampleText(40_000, seed: 3), [], ioSampleText(300_000, seed: 4)]
        var joined: [UInt8] = []
        for (k, part) in parts.enumerated() {
            let path = dir.appendingPathComponent("p\(k)").path
            try ioWriteFile(path, part)
            try #require(IOTools.shell("zstd -q -f \(IOTools.quote(path)) -o \(IOTools.quote(path)).zst").status == 0)
            joined += try ioReadFile(path + ".zst")
            // A skippable frame between frames: magic 0x184D2A50, length 3, payload.
            joined += [0x50, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 9, 9, 9]
        }
        #expect(try ZstdReader(IOTrickleSource(joined, step: 1000)).ioDrain(chunk: 5000) == parts.flatMap { $0 })
        #expect(try ZstdReader(MemoryByteSource(joined)).ioDrain(chunk: 1) == parts.flatMap { $0 })
        // A stream that starts with a skippable frame is still recognised.
        let skipFirst: [UInt8] = [0x5F, 0x2A, 0x4D, 0x18, 0, 0, 0, 0] + joined
        let source = try Decompression.open(MemoryByteSource(skipFirst))
        #expect(try source.ioDrain(chunk: 65536) == parts.flatMap { $0 })
    }

    @Test func ourWriterRoundTripsAndProducesOneFrame() throws {
        let original = ioSampleText(2_000_000, seed: 5)
        for workers in [0, 1, 2] {
            let sink = MemorySink()
            let writer = try ZstdWriter(destination: sink, level: 3, workers: workers)
            // Uneven writes.
            var i = 0
            var step = 1
            while i < original.count {
                let n = min(step, original.count - i)
                try original[i..<(i + n)].withUnsafeBytes { try writer.write($0) }
                i += n
                step = step * 3 % 100_003 + 1
            }
            try writer.finish()
            #expect(sink.isFinished)
            #expect(writer.bytesIn == Int64(original.count))
            #expect(writer.bytesOut == Int64(sink.bytes.count))
            #expect(sink.bytes.count < original.count / 2)
            #expect(Array(sink.bytes.prefix(4)) == [0x28, 0xB5, 0x2F, 0xFD])
            #expect(try ZstdReader(MemoryByteSource(sink.bytes)).ioDrain(chunk: 65536) == original, "workers \(workers)")
        }
    }

    @Test(.enabled(if: IOTools.hasZstd))
    func zstdToolDecodesOurWriter() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = ioSampleText(3_000_000, seed: 6)
        for (level, workers) in [(3, 0), (3, 1), (1, 0), (19, 0), (-5, 0)] {
            let path = dir.appendingPathComponent("ours-\(level)-\(workers).zst").path
            let writer = try ZstdWriter(path: path, level: level, workers: workers)
            try writer.write(original)
            try writer.finish()
            let result = try IOTools.shell("zstd -d -q -c \(IOTools.quote(path))")
            #expect(result.status == 0, "\(result.err)")
            #expect(result.out == original, "level \(level) workers \(workers)")
        }
    }

    @Test func framesCarryAContentChecksumThatReadersVerify() throws {
        let text = ioSampleText(200_000, seed: 11)
        func compress(checksum: Bool) throws -> [UInt8] {
            let sink = MemorySink()
            let writer = try ZstdWriter(destination: sink, level: 1, checksum: checksum)
            try writer.write(text)
            try writer.finish()
            return sink.bytes
        }
        let with = try compress(checksum: true)
        let without = try compress(checksum: false)
        // Frame header descriptor (the byte after the magic number), bit 2: content checksum.
        #expect(with[4] & 0x04 != 0)
        #expect(without[4] & 0x04 == 0)
        #expect(with.count == without.count + 4)
        // Damage the stored checksum: the content still decodes, the checksum does not match.
        var damaged = with
        damaged[damaged.count - 1] ^= 0xFF
        do {
            _ = try ZstdReader(MemoryByteSource(damaged)).ioDrain(chunk: 1 << 16)
            Issue.record("checksum mismatch not detected")
        } catch let InputError.corrupt(codec, offset, detail) {
            #expect(codec == "zstd")
            #expect(offset > 0, "\(detail)")
        }
        #expect(try ZstdReader(MemoryByteSource(without)).ioDrain(chunk: 1 << 16) == text)
    }

    @Test func emptyWriterOutputIsAValidEmptyStream() throws {
        let sink = MemorySink()
        let writer = try ZstdWriter(destination: sink)
        try writer.finish()
        #expect(!sink.bytes.isEmpty)
        #expect(try ZstdReader(MemoryByteSource(sink.bytes)).ioDrain(chunk: 100).isEmpty)
        #expect(throws: OutputError.self) { try writer.write([1, 2, 3]) }
        #expect(throws: OutputError.self) { try ZstdWriter(destination: MemorySink(), level: 99) }
    }

    @Test func truncatedStreamIsTruncated() throws {
        let sink = MemorySink()
        let writer = try ZstdWriter(destination: sink, level: 3)
        try writer.write(ioSampleText(500_000, seed: 7))
        try writer.finish()
        let bytes = sink.bytes
        for cut in [1, 4, 9, bytes.count / 2, bytes.count - 1] {
            do {
                _ = try ZstdReader(MemoryByteSource(Array(bytes[0..<cut]))).ioDrain(chunk: 65536)
                Issue.record("truncated at \(cut) but no error")
            } catch let InputError.truncated(codec, offset) {
                #expect(codec == "zstd")
                #expect(offset == Int64(cut), "cut \(cut) reported \(offset)")
            }
        }
        #expect(throws: InputError.truncated(codec: "zstd", offset: 0)) { try ZstdReader(MemoryByteSource([])).ioDrain(chunk: 10) }
    }

    @Test func corruptStreamIsCorruptWithOffset() throws {
        let sink = MemorySink()
        let writer = try ZstdWriter(destination: sink, level: 3)
        try writer.write(ioSampleText(500_000, seed: 8))
        try writer.finish()
        // Garbage after a complete frame.
        do {
            _ = try ZstdReader(MemoryByteSource(sink.bytes + Array("garbage!".utf8))).ioDrain(chunk: 65536)
            Issue.record("trailing garbage accepted")
        } catch let InputError.corrupt(codec, offset, _) {
            #expect(codec == "zstd")
            #expect(offset >= Int64(sink.bytes.count) && offset <= Int64(sink.bytes.count + 8), "\(offset)")
        }
        // Damage inside the frame.
        var damaged = sink.bytes
        let at = damaged.count / 2
        for k in at..<(at + 200) { damaged[k] = UInt8(truncatingIfNeeded: k &* 31) }
        do {
            _ = try ZstdReader(MemoryByteSource(damaged)).ioDrain(chunk: 65536)
            Issue.record("damaged frame accepted")
        } catch let InputError.corrupt(codec, offset, detail) {
            #expect(codec == "zstd")
            #expect(offset > 0 && offset <= Int64(damaged.count), "\(offset) \(detail)")
        }
    }
}

@Suite struct DecompressionTests {
    @Test func passesOtherBytesThroughUnchanged() throws {
        for input in [[], [0x1F], [0x28, 0xB5, 0x2F], Array("{\"text\":\"x\"}\n".utf8), ioSampleText(100_000)] as [[UInt8]] {
            let source = try Decompression.open(IOTrickleSource(input, step: 1))
            #expect(try source.ioDrain(chunk: 3) == input)
        }
    }

    @Test func detectsByMagicBytes() {
        #expect(Decompression.detect([0x1F, 0x8B, 8, 0]) == .gzip)
        #expect(Decompression.detect([0x28, 0xB5, 0x2F, 0xFD]) == .zstd)
        #expect(Decompression.detect([0x50, 0x2A, 0x4D, 0x18]) == .zstd)
        #expect(Decompression.detect([0x28, 0xB5, 0x2F]) == .none)
        #expect(Decompression.detect(Array("{\"a\":1}".utf8)) == .none)
    }

    @Test func compressedSourcesReportCompressedOffsets() throws {
        let sink = MemorySink()
        let writer = try ZstdWriter(destination: sink, level: 3)
        try writer.write(ioSampleText(100_000))
        try writer.finish()
        let reader = try ZstdReader(MemoryByteSource(sink.bytes))
        _ = try reader.ioDrain(chunk: 65536)
        #expect(reader.compressedOffset == Int64(sink.bytes.count))
    }
}
