import Foundation
import Testing
import CorpusCore
import _CorpusTestSupport
@testable import CorpusIO

@Suite struct RotatingJSONLWriterTests {
    func documents(_ n: Int, seed: UInt64 = 1) -> [Document] {
        var g = IOSeededGenerator(seed: seed)
        return (0..<n).map { k in
            var d = IORandomText.standard.document(&g)
            d.id = "doc-\(k)"
            return d
        }
    }

    func directoryNames(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    func xxh64(_ bytes: [UInt8]) -> String { bytes.withUnsafeBytes { XXH64.hash($0) }.hex16 }

    @Test func rotatesPlainFilesOnWholeLines() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let docs = documents(300)
        let writer = try RotatingJSONLWriter(directory: dir.path, prefix: "out", compression: .none, maxFileBytes: 4000)
        var expected: [UInt8] = []
        for d in docs {
            try writer.write(d)
            expected += DocumentJSON.encode(d) + [0x0A]
            // Nothing but temporary files is visible before a file is complete.
            for name in try directoryNames(dir) where !writer.completedFiles.map({ ($0.path as NSString).lastPathComponent }).contains(name) {
                #expect(name.hasPrefix(".out-") && name.hasSuffix(".jsonl.tmp"), "\(name)")
            }
        }
        let files = try writer.finish()
        #expect(files.count > 3)
        #expect(try directoryNames(dir) == files.map { ($0.path as NSString).lastPathComponent })
        #expect(files.first.map { ($0.path as NSString).lastPathComponent } == "out-0000.jsonl")
        var concatenated: [UInt8] = []
        var total = 0
        for (k, file) in files.enumerated() {
            let bytes = try ioReadFile(file.path)
            #expect(file.path == dir.appendingPathComponent(RotatingJSONLWriter.fileName(prefix: "out", part: k, compression: .none)).path)
            #expect(Int64(bytes.count) == file.bytes)
            #expect(bytes.last == 0x0A)
            #expect(file.checksum == xxh64(bytes))
            #expect(file.checksum.count == 16)
            #expect(try FileChecksum.xxh64(path: file.path) == (file.bytes, file.checksum))
            // Rotation happens right after the document that reached the limit.
            if k < files.count - 1 {
                #expect(file.bytes >= 4000)
                let withoutLast = bytes.dropLast().lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
                #expect(withoutLast < 4000)
            }
            let lines = bytes.split(separator: 0x0A)
            #expect(lines.count == file.documents)
            for line in lines { #expect((try? DocumentJSON.decode(Array(line))) != nil) }
            concatenated += bytes
            total += file.documents
        }
        #expect(total == docs.count)
        #expect(concatenated == expected)
        #expect(writer.documentsWritten == docs.count)
    }

    @Test func rotatesZstdFilesThatTheToolCanRead() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let docs = documents(3000, seed: 2)
        let writer = try RotatingJSONLWriter(directory: dir.path, prefix: "shard", compression: .zstd(level: 3), maxFileBytes: 150_000, compressionWorkers: 0)
        var expected: [UInt8] = []
        for d in docs {
            try writer.write(d)
            expected += DocumentJSON.encode(d) + [0x0A]
        }
        let files = try writer.finish()
        #expect(files.count >= 2)
        #expect(try directoryNames(dir) == files.map { ($0.path as NSString).lastPathComponent })
        var concatenated: [UInt8] = []
        for file in files {
            #expect(file.path.hasSuffix(".jsonl.zst"))
            let compressed = try ioReadFile(file.path)
            #expect(Int64(compressed.count) == file.bytes)
            #expect(file.checksum == xxh64(compressed))
            let plain = try ZstdReader(MemoryByteSource(compressed)).ioDrain(chunk: 1 << 16)
            #expect(plain.last == 0x0A)
            #expect(plain.split(separator: 0x0A).count == file.documents)
            if IOTools.hasZstd {
                let tool = try IOTools.shell("zstd -d -q -c \(IOTools.quote(file.path))")
                #expect(tool.status == 0 && tool.out == plain)
            }
            concatenated += plain
        }
        #expect(concatenated == expected)
        #expect(files.reduce(0) { $0 + $1.documents } == docs.count)
    }

    @Test func backgroundCompressionGivesTheSameContent() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let docs = documents(2000, seed: 3)
        let writer = try RotatingJSONLWriter(directory: dir.path, prefix: "w", compression: .zstd, compressionWorkers: 2)
        for d in docs { try writer.write(d) }
        let files = try writer.finish()
        #expect(files.count == 1)
        let reader = JSONLDocumentReader(source: try Decompression.open(FileByteSource(path: files[0].path)))
        var back: [Document] = []
        try reader.forEach { back.append(try $0.get().document) }
        #expect(back == docs)
        #expect(files[0].documents == docs.count)
    }

    @Test func noDocumentsMeansNoFilesAndFinishIsIdempotent() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try RotatingJSONLWriter(directory: dir.appendingPathComponent("new/sub").path, prefix: "x")
        #expect(try writer.finish().isEmpty)
        #expect(try writer.finish().isEmpty)
        #expect(throws: OutputError.self) { try writer.write(Document(id: "", text: "", source: "", provenance: Provenance(file: ""))) }
        #expect(try directoryNames(dir.appendingPathComponent("new/sub")).isEmpty)
    }

    @Test func droppedWriterLeavesNoTemporaryFile() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            let writer = try RotatingJSONLWriter(directory: dir.path, prefix: "x", compression: .none)
            try writer.write(documents(1)[0])
            #expect(try directoryNames(dir) == [".x-0000.jsonl.tmp"])
        }
        #expect(try directoryNames(dir).isEmpty)
    }

    @Test func discardsTemporaryFilesOfAKilledRun() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in [".out-0000.jsonl.tmp", ".out-0001.jsonl.zst.tmp", "out-0000.jsonl", ".other-0000.jsonl.tmp", "keep.tmp"] {
            try ioWriteFile(dir.appendingPathComponent(name).path, [1])
        }
        let removed = try RotatingJSONLWriter.discardTemporaryFiles(in: dir.path, prefix: "out")
        #expect(removed.map { ($0 as NSString).lastPathComponent } == [".out-0000.jsonl.tmp", ".out-0001.jsonl.zst.tmp"])
        #expect(try directoryNames(dir) == [".other-0000.jsonl.tmp", "keep.tmp", "out-0000.jsonl"])
        #expect(try RotatingJSONLWriter.discardTemporaryFiles(in: dir.appendingPathComponent("missing").path, prefix: "out").isEmpty)
    }

    @Test func rejectsBadSettings() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: OutputError.self) { try RotatingJSONLWriter(directory: dir.path, prefix: "a/b") }
        #expect(throws: OutputError.self) { try RotatingJSONLWriter(directory: dir.path, prefix: "a", maxFileBytes: 0) }
        #expect(throws: OutputError.self) { try RotatingJSONLWriter(directory: dir.path, prefix: "a", compression: .zstd(level: 1000)) }
        let writer = try RotatingJSONLWriter(directory: dir.path, prefix: "a", compression: .none)
        #expect(throws: OutputError.self) { try Array("{}\n{}".utf8).withUnsafeBytes { try writer.write(jsonLine: $0) } }
        try Array(#"{"text":"pre-encoded"}"#.utf8).withUnsafeBytes { try writer.write(jsonLine: $0) }
        let files = try writer.finish()
        #expect(try ioReadFile(files[0].path) == Array("{\"text\":\"pre-encoded\"}\n".utf8))
    }

    @Test func writtenFileIsCodable() throws {
        let file = WrittenFile(path: "/o/a-0000.jsonl.zst", bytes: 12, checksum: "00ff00ff00ff00ff", documents: 3)
        let data = try JSONEncoder().encode(file)
        #expect(try JSONDecoder().decode(WrittenFile.self, from: data) == file)
    }
}

@Suite struct AtomicFileTests {
    @Test func writesThroughATemporaryFileAndReplaces() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("state.json").path
        try AtomicFile.write(Array("first".utf8), to: path)
        try AtomicFile.write("second, longer", to: path)
        #expect(try ioReadFile(path) == Array("second, longer".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["state.json"])
        #expect(throws: OutputError.self) { try AtomicFile.write([1], to: dir.appendingPathComponent("no/such/dir/x").path) }
    }

    @Test func checksumStreamsLargeFiles() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bytes = ioSampleText(3_000_000)
        let path = dir.appendingPathComponent("big").path
        let writer = try FileWriter(path: path, bufferSize: 100_000)
        var i = 0
        while i < bytes.count {
            let n = min(bytes.count - i, [1, 50_000, 250_000, 7][i % 4])
            try bytes[i..<(i + n)].withUnsafeBytes { try writer.write($0) }
            i += n
        }
        try writer.finish()
        try writer.close()
        let expected = bytes.withUnsafeBytes { XXH64.hash($0) }
        #expect(writer.checksum == expected)
        #expect(writer.bytesWritten == Int64(bytes.count))
        #expect(try ioReadFile(path) == bytes)
        let (size, checksum) = try FileChecksum.xxh64(path: path)
        #expect(size == Int64(bytes.count) && checksum == expected.hex16)
        #expect(throws: InputError.self) { try FileChecksum.xxh64(path: dir.appendingPathComponent("absent").path) }
    }
}
