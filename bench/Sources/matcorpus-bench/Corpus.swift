import Foundation
import CorpusCore
import CorpusIO

/// The benchmark corpus: real text from the fixtures, replicated with distinct ids.
struct Corpus {
    var documents: [Document]
    /// Size of the documents as JSON lines.
    var jsonlBytes: Int

    /// Documents from `general/*.jsonl` and every `.jsonl`/`.txt` under `materials/`.
    static func loadFixtures(_ dir: String) throws -> [Document] {
        var docs: [Document] = []
        let fm = FileManager.default
        var files: [String] = []
        for sub in ["general", "materials"] {
            guard let e = fm.enumerator(atPath: dir + "/" + sub) else { continue }
            while let rel = e.nextObject() as? String {
                if rel.hasSuffix(".jsonl") || rel.hasSuffix(".txt") { files.append(sub + "/" + rel) }
            }
        }
        for rel in files.sorted() {
            let path = dir + "/" + rel
            let source: DocumentSource = rel.hasPrefix("general/") ? .general : .paper
            if rel.hasSuffix(".txt") {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                docs.append(Document(text: text, source: source, locator: rel, provenance: Provenance(file: rel)))
                continue
            }
            let reader = JSONLReader(source: try FileByteSource(path: path))
            while let line = try reader.next() {
                guard case .object(let fields) = try JSONValue.parse(line.bytes) else { continue }
                // Fixture sets name their text differently: "text", "paragraph_string", ...
                let text = fields["text"]?.stringValue ?? fields["paragraph_string"]?.stringValue
                    ?? fields.values.compactMap(\.stringValue).max { $0.utf8.count < $1.utf8.count } ?? ""
                var metadata = Metadata()
                if let doi = fields["doi"]?.stringValue { metadata.doi = doi }
                if let section = fields["section"] { metadata.extra["section"] = section }
                let locator = "\(rel):\(line.lineNumber)"
                docs.append(Document(text: text, source: source, locator: locator, metadata: metadata,
                                     provenance: Provenance(file: rel, byteStart: line.byteOffset,
                                                            byteEnd: line.byteOffset + Int64(line.bytes.count), line: line.lineNumber)))
            }
        }
        return docs
    }

    /// Copies of `base` with distinct ids until the JSON lines reach `target` bytes.
    static func replicate(_ base: [Document], toBytes target: Int) -> Corpus {
        var out: [Document] = []
        var total = 0
        var line: [UInt8] = []
        var copy = 0
        while total < target {
            for var d in base {
                d.id = DocumentID.make(source: d.source, locator: "\(d.provenance.file):\(d.provenance.line ?? 0)#\(copy)")
                d.metadata.extra["copy"] = .int(Int64(copy))
                line.removeAll(keepingCapacity: true)
                DocumentJSON.encode(d, into: &line)
                total += line.count + 1
                out.append(d)
                if total >= target { break }
            }
            copy += 1
        }
        return Corpus(documents: out, jsonlBytes: total)
    }

    /// Writes the JSON lines uncompressed (the peer's input); returns their XXH64.
    func writeJSONL(to path: String) throws -> String {
        let file = try FileWriter(path: path)
        var line: [UInt8] = []
        for d in documents {
            line.removeAll(keepingCapacity: true)
            DocumentJSON.encode(d, into: &line)
            line.append(0x0A)
            try file.write(line)
        }
        try file.finish()
        try file.close()
        return file.checksum.hex16
    }

    /// Our write path: encode each document, compress with zstd, write the file.
    func writeZstd(to path: String, level: Int, workers: Int) throws {
        let writer = try ZstdWriter(path: path, level: level, workers: workers)
        var line: [UInt8] = []
        line.reserveCapacity(1 << 20)
        for d in documents {
            line.removeAll(keepingCapacity: true)
            DocumentJSON.encode(d, into: &line)
            line.append(0x0A)
            try line.withUnsafeBytes { try writer.write($0) }
        }
        try writer.finish()
    }

    /// Our read path: decompress, split lines, decode every document.
    /// With `readAhead`, decompression runs on a second thread (`ReadAheadByteSource`).
    static func readBack(_ path: String, readAhead: Bool) throws -> (documents: Int, bytes: Int) {
        let decompressed = try Decompression.open(FileByteSource(path: path))
        let reader = JSONLReader(source: readAhead ? try ReadAheadByteSource(decompressed) : decompressed)
        var documents = 0
        var bytes = 0
        var textBytes = 0
        var decoder = DocumentDecoder()
        while let line = try reader.next() {
            let d = try decoder.decode(line.bytes)
            textBytes &+= d.text.utf8.count
            documents += 1
            bytes += line.bytes.count + 1
        }
        precondition(textBytes > 0)
        return (documents, bytes)
    }

    /// XXH64 of a compressed file's decompressed bytes.
    static func decompressedChecksum(_ path: String, hash: Bool = true) throws -> String {
        let source = try Decompression.open(FileByteSource(path: path))
        var hasher = XXH64()
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { chunk.deallocate() }
        while true {
            let n = try source.read(into: chunk)
            if n == 0 { break }
            if hash { hasher.update(UnsafeRawBufferPointer(rebasing: chunk[0..<n])) }
        }
        return hasher.finalize().hex16
    }
}
