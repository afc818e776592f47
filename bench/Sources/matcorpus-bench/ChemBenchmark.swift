import ChemNotation
import CorpusCore
import CorpusIO
import Foundation
import TextNormalization

/// `matcorpus-bench chem`: `chem_annotate` (annotate mode) against ICU NFKC on the same texts.
///
/// The texts are the materials fixtures: every `.txt` file is one document and every `text` or
/// `paragraph_string` field of a `.jsonl` line is one. Each repetition runs, on one thread:
/// ICU NFKC (`UnicodeNormalizer`) over every document; our science cleanup (`ScienceTextCleaner`);
/// annotation with a new `ChemAnnotator` (cold: every distinct formula read for the first time, as
/// at the start of a task); and annotation again with the same annotator (warm: the state of a task
/// that has seen these formulas before). MB are UTF-8 bytes of text, 10^6 per MB.
struct ChemBenchmark {
    var repetitions = 5
    var megabytes = 0
    var directory: String?

    static let usage = """
    usage: matcorpus-bench chem [--repeat R] [--mb N] [--files DIR]
      --repeat R    repetitions; medians are reported (default 5)
      --mb N        MB of text per repetition: the documents are repeated to reach it (default: one copy)
      --files D     materials text folder (default: $MATCORPUS_SHARED/fixtures/text/materials or ../shared/fixtures/text/materials)
    """

    init(arguments: [String]) throws {
        let options = try FileBenchOptions(arguments: arguments, usage: Self.usage, megabytes: 0, minimumMegabytes: 0)
        repetitions = options.repetitions
        megabytes = options.megabytes
        directory = options.directory
    }

    /// The documents of the materials fixtures, in path order.
    static func documents(in dir: String) throws -> [String] {
        var paths: [String] = []
        if let e = FileManager.default.enumerator(atPath: dir) {
            while let rel = e.nextObject() as? String { if rel.hasSuffix(".txt") || rel.hasSuffix(".jsonl") { paths.append(dir + "/" + rel) } }
        }
        var texts: [String] = []
        for path in paths.sorted() {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            if path.hasSuffix(".txt") { texts.append(String(decoding: data, as: UTF8.self)); continue }
            for line in data.split(separator: UInt8(ascii: "\n")) {
                guard let object = (try? JSONValue.parse(Array(line)))?.objectValue else { continue }
                if let t = object["text"]?.stringValue ?? object["paragraph_string"]?.stringValue { texts.append(t) }
            }
        }
        return texts
    }

    func run() throws {
        let dir = try BenchSupport.fixtures("text/materials", explicit: directory, kind: "materials text")
        let set = try Self.documents(in: dir)
        guard !set.isEmpty else { throw Usage(description: "no .txt or .jsonl texts under \(dir)") }
        let setBytes = set.reduce(0) { $0 + $1.utf8.count }
        let copies = megabytes == 0 ? 1 : max(1, Int((Double(megabytes) * 1e6 / Double(setBytes)).rounded(.up)))
        let work = Array(repeating: set, count: copies).flatMap { $0 }
        let mb = Double(setBytes * copies) / 1e6
        print("matcorpus-bench chem: \(set.count) documents, \(String(format: "%.2f", Double(setBytes) / 1e6)) MB, from \(dir)")
        print("work per repetition: \(copies) cop\(copies == 1 ? "y" : "ies") = \(work.count) documents, \(String(format: "%.2f", mb)) MB; \(repetitions) repetitions; one thread")
        print("load average: \(BenchSupport.loadAverage())")

        let nfkc = try UnicodeNormalizer(form: .nfkc)
        let cleaner = try ScienceTextCleaner(form: .nfkc)
        // Untimed check: what one pass finds.
        let probe = ChemAnnotator(sharedCache: false)
        var mentions = 0, canonicals = 0
        for t in set {
            let ms = probe.mentions(in: t)
            mentions += ms.count
            canonicals += ms.count { $0.reading.canonical != nil }
        }
        print("check: \(mentions) mentions per copy of the set, \(canonicals) with a canonical formula")

        var icu: [Double] = [], clean: [Double] = [], cold: [Double] = [], warm: [Double] = []
        for r in 1...repetitions {
            var sink = 0
            let a = try time { for t in work { sink &+= try nfkc.normalize(t).utf8.count } }
            let b = try time { for t in work { sink &+= try cleaner.clean(t).utf8.count } }
            let annotator = ChemAnnotator(sharedCache: false)
            let c = try time { for t in work { sink &+= annotator.mentions(in: t).count } }
            let d = try time { for t in work { sink &+= annotator.mentions(in: t).count } }
            precondition(sink > 0)
            icu.append(a); clean.append(b); cold.append(c); warm.append(d)
            print(String(format: "run %d: ICU NFKC %.3f s | cleanup %.3f s | annotate cold %.3f s, warm %.3f s", r, a, b, c, d))
        }
        let rate = { (xs: [Double]) in mb / median(xs) }
        print(String(format: "median MB/s per core: ICU NFKC %.1f | science cleanup %.1f | annotate cold %.1f, warm %.1f",
                     rate(icu), rate(clean), rate(cold), rate(warm)))
        print(String(format: "ratio annotate/ICU NFKC: cold %.3f, warm %.3f (goal: annotate ≥ 50 MB/s per core)",
                     rate(cold) / rate(icu), rate(warm) / rate(icu)))
    }
}
