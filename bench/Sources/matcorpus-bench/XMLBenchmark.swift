import Foundation
import CorpusCore
import CorpusIO
import PublisherXML

/// `matcorpus-bench xml`: our XML reading against `xmllint --stream --noout` on the same files.
///
/// Every pass reads the same list of files from the page cache, one after the other, on one thread:
/// (a) xmllint, one process given the whole list; our pull reader calling only `next()`; (b) our pull
/// reader walking every node and touching every value's bytes; the same walk making a `String` of every
/// value; (b) with the built-in DTD answering documents' external DTDs; (c) full extraction with
/// `XMLDocumentReader`.
struct XMLBenchmark {
    var repetitions = 5
    var megabytes = 50
    var directory: String?

    init(arguments: [String]) throws {
        let options = try FileBenchOptions(arguments: arguments, usage: usage, megabytes: 50)
        repetitions = options.repetitions
        megabytes = options.megabytes
        directory = options.directory
    }

    func run() throws {
        let dir = try BenchSupport.fixtures("xml", explicit: directory, kind: "XML")
        var files: [(path: String, size: Int)] = []
        let fm = FileManager.default
        if let e = fm.enumerator(atPath: dir) {
            while let rel = e.nextObject() as? String {
                guard rel.hasSuffix(".xml") || rel.hasSuffix(".nxml") else { continue }
                let path = dir + "/" + rel
                files.append((path, (try fm.attributesOfItem(atPath: path)[.size] as? Int) ?? 0))
            }
        }
        files.sort { $0.path < $1.path }
        guard !files.isEmpty else { throw Usage(description: "no .xml or .nxml files under \(dir)") }
        let setBytes = files.reduce(0) { $0 + $1.size }
        // Replicate the list until one repetition reads at least --mb MB.
        let copies = max(1, Int((Double(megabytes) * 1e6 / Double(setBytes)).rounded(.up)))
        let work = Array(repeating: files, count: copies).flatMap { $0 }
        let bytes = Double(setBytes * copies)
        let mb = bytes / 1e6
        let version = (try? Shell.run("xmllint --version 2>&1 | head -1").output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? "xmllint: not found"
        print("matcorpus-bench xml: \(files.count) files, \(String(format: "%.2f", Double(setBytes) / 1e6)) MB, from \(dir)")
        print("work per repetition: the list \(copies) times = \(work.count) files, \(String(format: "%.1f", mb)) MB; \(repetitions) repetitions; one thread each")
        print("peer: \(version)")
        print("load average: \(BenchSupport.loadAverage())")

        // The peer gets the whole list as arguments of one process (well under ARG_MAX).
        guard let xmllint = Self.which("xmllint") else { throw Usage(description: "xmllint is required (apt-get install libxml2-utils)") }
        let peerArguments = ["xmllint", "--stream", "--noout"] + work.map(\.path)

        // Untimed warm-up: page cache, and a check that every pass reads every file.
        let check = try rawPass(files, entities: .textOnly)
        let extraction = try extractionPass(files)
        for (path, reason) in extraction.rejections { print("rejected by XMLDocumentReader: \(path): \(reason)") }
        print("check: pull reader \(check.nodes) nodes, \(check.valueBytes) value bytes per copy of the set; "
              + "extraction \(extraction.documents) documents, \(extraction.textBytes) text bytes, \(extraction.rejected) rejected")

        var peer: [Double] = [], bare: [Double] = [], raw: [Double] = [], strings: [Double] = [], dtd: [Double] = [], extract: [Double] = []
        for r in 1...repetitions {
            let p = try time { try Self.spawn(xmllint, peerArguments) }
            let a = try time { _ = try nextOnly(work) }
            let (b, rb) = try timeResult { try rawPass(work, entities: .textOnly) }
            let c = try time { _ = try stringPass(work) }
            let d = try time { _ = try rawPass(work, entities: .builtInDTD) }
            let (e, re) = try timeResult { try extractionPass(work) }
            guard rb.valueBytes == check.valueBytes * copies, re.documents == extraction.documents * copies else {
                throw Usage(description: "repetition \(r) read \(rb.valueBytes) value bytes and \(re.documents) documents")
            }
            peer.append(p); bare.append(a); raw.append(b); strings.append(c); dtd.append(d); extract.append(e)
            print(String(format: "run %d: xmllint %.3f s | pull reader next() only %.3f s, values %.3f s, strings %.3f s, built-in DTD %.3f s | extraction %.3f s",
                         r, p, a, b, c, d, e))
        }
        print("load average: \(BenchSupport.loadAverage())")
        let pm = median(peer)
        print("medians over \(repetitions) runs, MB = 10^6 bytes of XML input, one core each:")
        func pad(_ s: String) -> String { s + String(repeating: " ", count: max(0, 52 - s.count)) }
        func line(_ label: String, _ times: [Double]) {
            // The ratio of the medians, and the median of each run's ratio (steadier when the load moves).
            let perRun = median(zip(peer, times).map { $0 / $1 })
            print("  " + pad(label) + String(format: "%7.1f MB/s   ratio ours/xmllint %.2f (per run %.2f; best of each %.2f)",
                                             mb / median(times), pm / median(times), perRun, peer.min()! / times.min()!))
        }
        print("  " + pad("(a) xmllint --stream --noout (peer)") + String(format: "%7.1f MB/s   (best %.1f MB/s)", mb / pm, mb / peer.min()!))
        line("    pull reader: next() only", bare)
        line("(b) pull reader: every node, every value's bytes", raw)
        line("    same, a String per value (`value`)", strings)
        line("    same as (b), built-in DTD for external DTDs", dtd)
        line("(c) extraction: XMLDocumentReader", extract)
        // The issue's figure, on one line: extraction beside the peer's raw parse, per core.
        let ratio = pm / median(extract), perRun = median(zip(peer, extract).map { $0 / $1 })
        print(String(format: "extraction %.1f MB/s per core vs xmllint --stream --noout %.1f MB/s: ratio %.2f (per run %.2f); goal >= 0.50: ",
                     mb / median(extract), mb / pm, ratio, perRun) + (perRun >= 0.5 ? "met" : "not met"))
    }

    struct RawCounts { var nodes = 0; var valueBytes = 0 }

    /// Walks every node of every file, touching each value's bytes.
    func rawPass(_ files: [(path: String, size: Int)], entities: XMLPullReader.EntityResolution) throws -> RawCounts {
        var counts = RawCounts()
        var checksum: UInt8 = 0
        for file in files {
            let reader = try XMLPullReader(source: try FileByteSource(path: file.path), name: file.path, entities: entities)
            while try reader.next() {
                counts.nodes += 1
                _ = reader.localNameToken
                counts.valueBytes += reader.withValueBytes { bytes in
                    for b in bytes { checksum &+= b }
                    return bytes.count
                }
            }
        }
        if checksum == 1 { print("", terminator: "") }
        return counts
    }

    /// Only advances: the floor of any use of the reader.
    func nextOnly(_ files: [(path: String, size: Int)]) throws -> Int {
        var n = 0
        for file in files {
            let reader = try XMLPullReader(source: try FileByteSource(path: file.path), name: file.path)
            while try reader.next() { n += 1 }
        }
        return n
    }

    /// The same walk with the `String` accessors.
    func stringPass(_ files: [(path: String, size: Int)]) throws -> Int {
        var total = 0
        for file in files {
            let reader = try XMLPullReader(source: try FileByteSource(path: file.path), name: file.path)
            while try reader.next() {
                total &+= reader.localName.utf8.count
                if let v = reader.value { total &+= v.utf8.count }
            }
        }
        return total
    }

    struct ExtractionCounts {
        var documents = 0, textBytes = 0, rejected = 0
        var rejections: [(String, String)] = []
    }

    /// Full extraction through the `DocumentReader` protocol, as the pipeline runs it.
    func extractionPass(_ files: [(path: String, size: Int)]) throws -> ExtractionCounts {
        var counts = ExtractionCounts()
        for file in files {
            var reader = XMLDocumentReader(source: .paper)
            var context = ReaderContext(sink: { counts.documents += 1; counts.textBytes += $0.text.utf8.count })
            do {
                try reader.read(InputMember(file: file.path, relativePath: file.path, source: try FileByteSource(path: file.path)), into: &context)
            } catch {
                counts.rejected += 1
                counts.rejections.append((file.path, "\(error)"))
            }
            counts.rejected += context.rejections.count
            counts.rejections += context.rejections.map { (file.path, $0.reason) }
        }
        return counts
    }

    /// Runs `argv` (stderr to /dev/null: xmllint warns about some namespace URIs) and waits for it.
    static func spawn(_ executable: String, _ argv: [String]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        var pid = pid_t()
        let r = posix_spawn(&pid, executable, &actions, nil, cargs, environ)
        if r != 0 { throw Usage(description: "posix_spawn \(executable) failed: \(r)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { throw Usage(description: "waitpid failed: \(errno)") }
        }
        // Exit status 1 only says some file had a (recoverable) error; signals or statuses > 1 are failures.
        if status & 0x7F != 0 || (status >> 8) & 0xFF > 1 { throw Usage(description: "\(executable) failed (wait status \(status))") }
    }

    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

}
