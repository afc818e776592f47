// matcorpus-bench: benchmark driver for bench/. Modes:
//   matcorpus-bench io [--mb N] [--repeat R] [--workers W] [--fixtures DIR] [--dir DIR]
// See bench/io/README.md for the method.
import Foundation
import CorpusCore
import CorpusIO



struct Usage: Error, CustomStringConvertible {
    let description: String
}

let usage = """
usage: matcorpus-bench io [--mb N] [--repeat R] [--workers W] [--fixtures DIR] [--dir DIR]
  --mb N        corpus size in MB of JSON lines (default 256)
  --repeat R    repetitions; medians are reported (default 5)
  --workers W   zstd worker threads for our writer and `zstd -T` for the peer (default 1, the zstd CLI default)
  --fixtures D  directory with general/*.jsonl and materials/** (default: $MATCORPUS_SHARED/fixtures/text or ../shared/fixtures/text)
  --dir D       scratch directory for the files written (default: a new directory under the system temp dir)
"""

do {
    var args = Array(CommandLine.arguments.dropFirst())
    guard let mode = args.first else { throw Usage(description: usage) }
    args.removeFirst()
    switch mode {
    case "io": try IOBenchmark(arguments: args).run()
    case "io-read":
        // Diagnostic: read a .zst JSONL file with read-ahead chunk sizes given in KiB (0: no read-ahead).
        guard args.count >= 2 else { throw Usage(description: "usage: matcorpus-bench io-read FILE KIB...") }
        for kib in args.dropFirst().compactMap({ Int($0) }) {
            var xs: [Double] = []
            for _ in 0..<7 {
                xs.append(try time {
                    let d = try Decompression.open(FileByteSource(path: args[0]))
                    let src: any ByteSource = kib == 0 ? d : try ReadAheadByteSource(d, chunkSize: kib << 10)
                    let reader = JSONLReader(source: src, chunkSize: max(kib, 256) << 10)
                    var n = 0
                    var decoder = DocumentDecoder()
                while let line = try reader.next() { n &+= try decoder.decode(line.bytes).text.utf8.count }
                    precondition(n > 0)
                })
            }
            print(String(format: "chunk %d KiB: median %.3f s min %.3f s", kib, median(xs), xs.min()!))
        }
    case "io-decode":
        // Diagnostic: decode every line of a plain JSONL file, N times (for profilers).
        guard args.count >= 1 else { throw Usage(description: "usage: matcorpus-bench io-decode FILE [TIMES]") }
        let times = args.count > 1 ? Int(args[1]) ?? 1 : 1
        for _ in 0..<times {
            let t = try time {
                let reader = JSONLReader(source: try FileByteSource(path: args[0]))
                var n = 0
                var decoder = DocumentDecoder()
                while let line = try reader.next() { n &+= try decoder.decode(line.bytes).text.utf8.count }
                precondition(n > 0)
            }
            print(String(format: "decode %.3f s", t))
        }
    default: throw Usage(description: usage)
    }
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(2)
}
