import Foundation
import CorpusCore
import CorpusIO

/// `matcorpus-bench io`: our JSONL + zstd path against the `zstd` command-line tool on the same bytes.
struct IOBenchmark {
    var megabytes = 256
    var repetitions = 5
    var workers = 1
    var fixtures: String?
    var directory: String?
    var breakdown = false
    var readAhead = true

    init(arguments: [String]) throws {
        var cursor = ArgumentCursor(arguments, usage: usage)
        while let option = cursor.next() {
            switch option {
            case "--mb": megabytes = Int(try cursor.value()) ?? -1
            case "--repeat": repetitions = Int(try cursor.value()) ?? -1
            case "--workers": workers = Int(try cursor.value()) ?? -1
            case "--fixtures": fixtures = try cursor.value()
            case "--dir": directory = try cursor.value()
            case "--breakdown": breakdown = true
            case "--no-read-ahead": readAhead = false
            default: throw cursor.unknown(option)
            }
        }
        guard megabytes > 0, repetitions > 0, workers >= 0 else { throw Usage(description: usage) }
    }

    func run() throws {
        let fixtureDir = try findFixtures()
        let scratch = directory ?? (NSTemporaryDirectory() + "matcorpus-bench-io-\(getpid())")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { if directory == nil { try? FileManager.default.removeItem(atPath: scratch) } }

        print("matcorpus-bench io: building a \(megabytes) MiB corpus from \(fixtureDir)")
        let base = try Corpus.loadFixtures(fixtureDir)
        let corpus = Corpus.replicate(base, toBytes: megabytes << 20)
        let inputPath = scratch + "/input.jsonl"
        let inputChecksum = try corpus.writeJSONL(to: inputPath)
        let bytes = Double(corpus.jsonlBytes)
        let mb = bytes / 1_000_000
        print(String(format: "corpus: %d documents (%d fixture documents), %.1f MB of JSON lines, XXH64 %@",
                     corpus.documents.count, base.count, mb, inputChecksum))
        let zstdVersion = (try? Shell.run("zstd --version").output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? "zstd: not found"
        print("peer: \(zstdVersion)")
        print(workers == 0
              ? "threads: write: ours one thread (ZSTD_c_nbWorkers=0); peer zstd --single-thread (I/O and compression on one thread)"
              : "threads: write: ours ZSTD_c_nbWorkers=\(workers) + the encoding thread; peer zstd -T\(workers) + its I/O thread")
        print("         read: ours \(readAhead ? "decompression on a read-ahead thread + the decoding thread; peer zstd -d with asynchronous output (the CLI default)" : "one thread; peer zstd -d --no-asyncio (one thread)")")
        print("cores: \(ProcessInfo.processInfo.activeProcessorCount)")

        // zstd -T0 means "one worker per core"; no worker at all is --single-thread.
        let peerThreads = workers == 0 ? "--single-thread" : "-T\(workers)"
        // Without read-ahead ours reads on one thread; so does zstd -d without asynchronous I/O.
        let peerReadFlags = readAhead ? "" : "--no-asyncio "
        let oursPath = scratch + "/ours.jsonl.zst"
        let peerPath = scratch + "/peer.jsonl.zst"
        var oursWrite: [Double] = [], oursRead: [Double] = [], peerWrite: [Double] = [], peerRead: [Double] = []
        for r in 1...repetitions {
            let w = try time { try corpus.writeZstd(to: oursPath, level: 3, workers: workers) }
            let (rd, readBack) = try timeResult { try Corpus.readBack(oursPath, readAhead: readAhead) }
            guard readBack.documents == corpus.documents.count, readBack.bytes == corpus.jsonlBytes else {
                throw Usage(description: "read back \(readBack.documents) documents / \(readBack.bytes) bytes, expected \(corpus.documents.count) / \(corpus.jsonlBytes)")
            }
            let pw = try time { try Shell.check("zstd -3 \(peerThreads) -q -f \(Shell.quote(inputPath)) -o \(Shell.quote(peerPath))") }
            let pr = try time { try Shell.check("zstd -d \(peerReadFlags)-q -c \(Shell.quote(peerPath)) > /dev/null") }
            oursWrite.append(w); oursRead.append(rd); peerWrite.append(pw); peerRead.append(pr)
            let ourSize = (try? FileManager.default.attributesOfItem(atPath: oursPath)[.size] as? Int) ?? 0
            let peerSize = (try? FileManager.default.attributesOfItem(atPath: peerPath)[.size] as? Int) ?? 0
            print(String(format: "run %d: ours write %.3f s read %.3f s (%d bytes) | zstd compress %.3f s decompress %.3f s (%d bytes)",
                         r, w, rd, ourSize, pw, pr, peerSize))
            if r == 1 {
                // Same bytes on both sides: our file decompresses to exactly the peer's input.
                let check = try Corpus.decompressedChecksum(oursPath)
                guard check == inputChecksum else { throw Usage(description: "our output decompresses to \(check), input is \(inputChecksum)") }
            }
        }
        if breakdown { try printBreakdown(oursPath: oursPath, inputPath: inputPath, corpus: corpus, mb: mb) }
        let ow = median(oursWrite), orr = median(oursRead), pw = median(peerWrite), pr = median(peerRead)
        let bw = oursWrite.min()!, br = oursRead.min()!, bpw = peerWrite.min()!, bpr = peerRead.min()!
        print("")
        print(String(format: "best of %d: write ours %.1f / zstd %.1f MB/s, read ours %.1f / zstd %.1f MB/s, total ratio ours/peer %.2f",
                     repetitions, mb / bw, mb / bpw, mb / br, mb / bpr, (bpw + bpr) / (bw + br)))
        print("medians over \(repetitions) runs, MB = 10^6 bytes of JSON lines:")
        print(String(format: "  write: ours %7.1f MB/s (encode+compress+write)   zstd -3 %7.1f MB/s   ratio %.2f", mb / ow, mb / pw, pw / ow))
        print(String(format: "  read:  ours %7.1f MB/s (decompress+split+decode)  zstd -d %7.1f MB/s   ratio %.2f", mb / orr, mb / pr, pr / orr))
        print(String(format: "  total: ours %7.1f MB/s                             zstd    %7.1f MB/s   ratio ours/peer %.2f",
                     mb / (ow + orr), mb / (pw + pr), (pw + pr) / (ow + orr)))
    }

    /// Times the stages of our paths separately (medians).
    private func printBreakdown(oursPath: String, inputPath: String, corpus: Corpus, mb: Double) throws {
        func med(_ body: () throws -> Void) rethrows -> Double {
            var xs: [Double] = []
            for _ in 0..<repetitions { xs.append(try time(body)) }
            return median(xs)
        }
        let encode = med {
            var line: [UInt8] = []
            var n = 0
            for d in corpus.documents {
                line.removeAll(keepingCapacity: true)
                DocumentJSON.encode(d, into: &line)
                n &+= line.count
            }
            precondition(n > 0)
        }
        let syncRead = try med { _ = try Corpus.readBack(oursPath, readAhead: false) }
        let aheadRead = try med { _ = try Corpus.readBack(oursPath, readAhead: true) }
        let decompress = try med { _ = try Corpus.decompressedChecksum(oursPath, hash: false) }
        let split = try med {
            let reader = JSONLReader(source: try FileByteSource(path: inputPath))
            var n = 0
            while let line = try reader.next() { n &+= line.bytes.count }
            precondition(n > 0)
        }
        let splitDecode = try med {
            let reader = JSONLReader(source: try FileByteSource(path: inputPath))
            var n = 0
            var decoder = DocumentDecoder()
                while let line = try reader.next() { n &+= try decoder.decode(line.bytes).text.utf8.count }
            precondition(n > 0)
        }
        print(String(format: "breakdown (MB/s): encode %.0f | zstd decompress %.0f | split plain file %.0f | split+decode plain file %.0f",
                     mb / encode, mb / decompress, mb / split, mb / splitDecode))
        print(String(format: "read path (MB/s): one thread %.0f | decompression read ahead on a second thread %.0f", mb / syncRead, mb / aheadRead))
    }

    private func findFixtures() throws -> String {
        var candidates: [String] = []
        if let fixtures { candidates.append(fixtures) }
        if let env = ProcessInfo.processInfo.environment["MATCORPUS_SHARED"] { candidates.append(env + "/fixtures/text") }
        candidates.append(FileManager.default.currentDirectoryPath + "/../shared/fixtures/text")
        for c in candidates where FileManager.default.fileExists(atPath: c + "/general") { return c }
        throw Usage(description: "no fixtures found (tried \(candidates)); pass --fixtures DIR")
    }
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func time(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func timeResult<T>(_ body: () throws -> T) rethrows -> (Double, T) {
    var result: T?
    let t = try time { result = try body() }
    return (t, result!)
}
