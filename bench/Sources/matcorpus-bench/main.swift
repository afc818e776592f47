// matcorpus-bench: benchmark driver for bench/. Modes:
//   matcorpus-bench io [--mb N] [--repeat R] [--workers W] [--fixtures DIR] [--dir DIR]
//   matcorpus-bench xml [--repeat R] [--mb N] [--files DIR]     (bench/xml/README.md)
//   matcorpus-bench cif [--repeat R] [--mb N] [--files DIR] ...  (bench/cif/README.md)
//   matcorpus-bench chem [--repeat R] [--mb N] [--files DIR]     (bench/chem/README.md)
// See bench/io/README.md for the method.
import Foundation
import ChemNotation
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
usage: matcorpus-bench xml [--repeat R] [--mb N] [--files DIR]
  --repeat R    repetitions; medians are reported (default 5)
  --mb N        MB of XML read per repetition: the file list is repeated to reach it (default 50)
  --files D     directory searched for .xml/.nxml (default: $MATCORPUS_SHARED/fixtures/xml or ../shared/fixtures/xml)
usage: matcorpus-bench cif [--repeat R] [--mb N] [--files DIR] [--python PY] [--peers SCRIPT] [--no-peers] [--pymatgen-copies K]
  --repeat R    repetitions; medians are reported (default 5)
  --mb N        MB of CIF read per repetition by ours and gemmi: the file list is repeated to reach it (default 50)
  --files D     directory searched for .cif (default: $MATCORPUS_SHARED/fixtures/cif or ../shared/fixtures/cif)
  --python PY   the Python that has gemmi and pymatgen (default python3; bench/cif/run.sh passes the cache venv's)
  --peers S     the peer script (default bench/cif/peers.py)
  --no-peers    time ours only
  --pymatgen-copies K  copies of the file list pymatgen reads per repetition (default 1; 0: no pymatgen)
""" + "\n" + ChemBenchmark.usage

/// User + system CPU seconds of this process so far.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

do {
    var args = Array(CommandLine.arguments.dropFirst())
    guard let mode = args.first else { throw Usage(description: usage) }
    args.removeFirst()
    switch mode {
    case "io": try IOBenchmark(arguments: args).run()
    case "xml": try XMLBenchmark(arguments: args).run()
    case "cif": try CIFBenchmark(arguments: args).run()
    case "chem": try ChemBenchmark(arguments: args).run()
    case "filters": try FiltersBench(arguments: args).run()  // bench/filters/README.md
    case "chem-cold":
        // Diagnostic: annotate the materials texts 5 times, each with a fresh, unshared annotator (the cold path).
        let texts = try ChemBenchmark.documents(in: try BenchSupport.fixtures("text/materials", explicit: args.first, kind: "materials text"))
        var n = 0
        for _ in 0..<5 {
            let annotator = ChemAnnotator(sharedCache: false)
            for t in texts { n &+= annotator.mentions(in: t).count }
        }
        print("mentions: \(n)")
    case "chem-passes":
        // Diagnostic: fastest and median cold and warm pass in ms over 15 passes each (finer than `chem`'s seconds).
        let texts = try ChemBenchmark.documents(in: try BenchSupport.fixtures("text/materials", explicit: args.first, kind: "materials text"))
        var cold: [Double] = [], warm: [Double] = []
        var n = 0
        for _ in 0..<15 {
            let annotator = ChemAnnotator(sharedCache: false)
            cold.append(try time { for t in texts { n &+= annotator.mentions(in: t).count } } * 1000)
            warm.append(try time { for t in texts { n &+= annotator.mentions(in: t).count } } * 1000)
        }
        print(String(format: "cold min %.2f median %.2f ms | warm min %.2f median %.2f ms | %d", cold.min()!, median(cold), warm.min()!, median(warm), n))
    case "chem-warm":
        // Diagnostic: annotate the materials texts N times with one annotator (for profiling the warm path).
        let texts = try ChemBenchmark.documents(in: try BenchSupport.fixtures("text/materials", explicit: args.first, kind: "materials text"))
        let annotator = ChemAnnotator()
        var n = 0
        for _ in 0..<20 { for t in texts { n &+= annotator.mentions(in: t).count } }
        print("mentions: \(n)")
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
    case "io-write":
        // Diagnostic: encode + compress the documents of a plain JSONL file N times; prints wall and CPU time.
        guard args.count >= 1 else { throw Usage(description: "usage: matcorpus-bench io-write FILE [TIMES] [WORKERS]") }
        let times = args.count > 1 ? Int(args[1]) ?? 1 : 1
        let workers = args.count > 2 ? Int(args[2]) ?? 1 : 1
        var docs: [Document] = []
        let reader = JSONLDocumentReader(source: try FileByteSource(path: args[0]))
        try reader.forEach { docs.append(try $0.get().document) }
        let corpus = Corpus(documents: docs, jsonlBytes: 0)
        for _ in 0..<times {
            let cpu0 = cpuSeconds()
            let t = try time { try corpus.writeZstd(to: args[0] + ".diag.zst", level: 3, workers: workers) }
            print(String(format: "write %.3f s wall, %.3f s CPU", t, cpuSeconds() - cpu0))
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
