import CIF
import CorpusCore
import CorpusIO
import Foundation
import PublisherXML
import QualityFilters

/// `matcorpus-bench filters`: our quality filters against datatrove's `GopherQualityFilter` and
/// `GopherRepetitionFilter` on the same documents, in one run.
///
/// The documents are every fixture text: materials `.txt` files and `.jsonl` paragraphs, the general
/// samples, the XML papers (through `XMLDocumentReader`, default options) and the CIF fixtures'
/// text renderings (`CIFDocumentReader`, `render = "text"`), each in a named group. They are written
/// to a JSONL file that the peer script (`bench/filters/peer.py`) reads, with our verdicts and
/// languages beside them. Each repetition times, on one thread: `gopher_quality`,
/// `gopher_repetition`, `language_filter`, `boilerplate_remove` and `pii_redact` over all documents.
/// The peer times datatrove's two filters (default settings, spaCy's blank English tokenizer) over
/// the same texts. MB are UTF-8 bytes of text, 10^6 per MB; medians are reported.
struct FiltersBench {
    var repetitions = 5
    var python = "python3"
    var peerScript = "bench/filters/peer.py"
    var runPeer = true
    var directory: String?

    static let usage = """
    usage: matcorpus-bench filters [--repeat R] [--fixtures DIR] [--python PY] [--peer SCRIPT] [--no-peer]
      --repeat R     repetitions; medians are reported (default 5)
      --fixtures D   the shared fixtures folder (default: $MATCORPUS_SHARED/fixtures or ../shared/fixtures)
      --python PY    the Python that has datatrove, spacy, langid, langdetect (bench/filters/run.sh passes its venv's)
      --peer S       the peer script (default bench/filters/peer.py)
      --no-peer      time ours only
    """

    init(arguments: [String]) throws {
        var cursor = ArgumentCursor(arguments, usage: Self.usage)
        while let option = cursor.next() {
            switch option {
            case "--repeat": repetitions = Int(try cursor.value()) ?? -1
            case "--fixtures": directory = try cursor.value()
            case "--python": python = try cursor.value()
            case "--peer": peerScript = try cursor.value()
            case "--no-peer": runPeer = false
            default: throw cursor.unknown(option)
            }
        }
        guard repetitions > 0 else { throw Usage(description: Self.usage) }
    }

    struct Doc { var group: String; var text: String }

    /// Every fixture document, grouped.
    func documents(_ fixtures: String) throws -> [Doc] {
        var docs: [Doc] = []
        let fm = FileManager.default
        func files(_ sub: String, _ suffixes: [String]) -> [String] {
            let dir = fixtures + "/" + sub
            let all = (fm.enumerator(atPath: dir)?.allObjects as? [String]) ?? []
            return all.filter { p in suffixes.contains { p.hasSuffix($0) } }.sorted().map { dir + "/" + $0 }
        }
        for path in files("text/materials", [".txt"]) {
            docs.append(Doc(group: "materials-txt", text: try String(contentsOfFile: path, encoding: .utf8)))
        }
        for path in files("text/materials", [".jsonl"]) + files("text/general", [".jsonl"]) {
            let group = (path.split(separator: "/").last.map(String.init) ?? path).components(separatedBy: ".").first ?? path
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            for line in data.split(separator: UInt8(ascii: "\n")) {
                guard let object = (try? JSONValue.parse(Array(line)))?.objectValue,
                      let text = object["text"]?.stringValue ?? object["paragraph_string"]?.stringValue else { continue }
                docs.append(Doc(group: (path.contains("/general/") ? "general-" : "materials-") + group, text: text))
            }
        }
        func read(_ paths: [String], group: String, _ make: () -> any DocumentReader) {
            for path in paths {
                var reader = make()
                var context = ReaderContext(sink: { docs.append(Doc(group: group, text: $0.text)) })
                guard let source = try? FileByteSource(path: path) else { continue }
                try? reader.read(InputMember(file: path, relativePath: path, source: source), into: &context)
            }
        }
        // Hand-written non-English paragraphs (bench/filters/multilingual.jsonl), for the language check.
        if let data = fm.contents(atPath: "bench/filters/multilingual.jsonl") {
            for line in data.split(separator: UInt8(ascii: "\n")) {
                if let text = (try? JSONValue.parse(Array(line)))?.objectValue?["text"]?.stringValue { docs.append(Doc(group: "multilingual", text: text)) }
            }
        }
        read(files("xml", [".xml", ".nxml", ".html", ".htm"]), group: "papers-xml") { XMLDocumentReader(source: .paper) }
        read(files("cif", [".cif"]), group: "cif-text") { CIFDocumentReader(source: .cif, rendering: .text) }
        return docs
    }

    func run() throws {
        var candidates: [String] = []
        if let directory { candidates.append(directory) }
        if let env = ProcessInfo.processInfo.environment["MATCORPUS_SHARED"] { candidates.append(env + "/fixtures") }
        candidates.append(FileManager.default.currentDirectoryPath + "/../shared/fixtures")
        guard let fixtures = candidates.first(where: { FileManager.default.fileExists(atPath: $0 + "/text") }) else {
            throw Usage(description: "no fixtures found (tried \(candidates)); pass --fixtures DIR")
        }
        let docs = try documents(fixtures)
        let bytes = docs.reduce(0) { $0 + $1.text.utf8.count }
        let mb = Double(bytes) / 1e6
        print("matcorpus-bench filters: \(docs.count) documents, \(String(format: "%.2f", mb)) MB of text, from \(fixtures)")
        print("load average: \(BenchSupport.loadAverage()); \(repetitions) repetitions; one thread")

        // Untimed: verdicts by group, for the pass-rate table and for the peer file.
        var repetition = GopherRepetitionFilter()
        let detector = LanguageIdentifier()
        let language = try LanguageFilter()
        let boilerplate = try BoilerplateRemover()
        let pii = PIIRedactor()
        var groups: [String] = []
        var counts: [String: [String: Int]] = [:]  // group → column → count
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("matcorpus-bench-filters-\(getpid())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var jsonl = Data()
        for doc in docs {
            if counts[doc.group] == nil { groups.append(doc.group) }
            var c = counts[doc.group] ?? [:]
            c["docs", default: 0] += 1
            let q = GopherQualityFilter.verdict(doc.text, GopherQualityThresholds())
            let r = repetition.verdict(doc.text)
            let guess = detector.identify(doc.text)
            var lang: DropReason? = nil
            if let code = guess.language {
                if !language.languages.contains(code) { lang = "wrong_language" } else if guess.score < language.minScore { lang = "low_language_score" }
            }
            let removed = boilerplate.clean(doc.text).removed.values.reduce(0, +)
            let redacted = pii.spans(in: doc.text).count
            if q != nil { c["gopher_quality", default: 0] += 1 }
            if r != nil { c["gopher_repetition", default: 0] += 1 }
            if lang != nil { c["language_filter", default: 0] += 1 }
            if removed > 0 { c["boilerplate_docs", default: 0] += 1; c["boilerplate_paragraphs", default: 0] += removed }
            c["pii", default: 0] += redacted
            counts[doc.group] = c
            let record: [String: Any] = ["group": doc.group, "text": doc.text, "language": guess.language ?? "und", "score": guess.score,
                                         "quality": q?.rawValue ?? "", "repetition": r?.rawValue ?? ""]
            jsonl.append(try JSONSerialization.data(withJSONObject: record))
            jsonl.append(0x0A)
        }
        let docsFile = scratch.appendingPathComponent("docs.jsonl").path
        try jsonl.write(to: URL(fileURLWithPath: docsFile))

        print("\ndocuments dropped by each filter with its defaults (boilerplate: documents touched / paragraphs removed; pii: spans):")
        print("group".padding(toLength: 26, withPad: " ", startingAt: 0) + " docs  gopher_quality  gopher_repetition  language_filter  boilerplate  pii")
        for g in groups {
            let c = counts[g]!
            let n = c["docs"]!
            func pct(_ k: String) -> String { String(format: "%4d (%5.1f%%)", c[k] ?? 0, 100 * Double(c[k] ?? 0) / Double(n)) }
            print(g.padding(toLength: 26, withPad: " ", startingAt: 0) + String(format: "%5d", n) + "  " + pct("gopher_quality") + "    "
                  + pct("gopher_repetition") + "     " + pct("language_filter") + "   "
                  + "\(c["boilerplate_docs"] ?? 0)/\(c["boilerplate_paragraphs"] ?? 0)".padding(toLength: 11, withPad: " ", startingAt: 0) + "  \(c["pii"] ?? 0)")
        }

        // Timed: ours.
        let texts = docs.map(\.text)
        var tq: [Double] = [], tr: [Double] = [], tl: [Double] = [], tb: [Double] = [], tp: [Double] = []
        for i in 1...repetitions {
            var sink = 0
            tq.append(time { for t in texts where GopherQualityFilter.verdict(t, GopherQualityThresholds()) == nil { sink &+= 1 } })
            var rep = GopherRepetitionFilter()
            tr.append(time { for t in texts where rep.verdict(t) == nil { sink &+= 1 } })
            tl.append(time { for t in texts { sink &+= detector.identify(t).evidence } })
            tb.append(time { for t in texts { sink &+= boilerplate.clean(t).text.utf8.count } })
            tp.append(time { for t in texts { sink &+= pii.redact(t).text.utf8.count } })
            precondition(sink > 0)
            print(String(format: "run %d: gopher_quality %.3f s | gopher_repetition %.3f s | language %.3f s | boilerplate %.3f s | pii %.3f s",
                         i, tq.last!, tr.last!, tl.last!, tb.last!, tp.last!))
        }
        let rate = { (xs: [Double]) in mb / median(xs) }
        print(String(format: "ours, median MB/s: gopher_quality %.1f | gopher_repetition %.1f | language_filter %.1f | boilerplate_remove %.1f | pii_redact %.1f",
                     rate(tq), rate(tr), rate(tl), rate(tb), rate(tp)))
        guard runPeer else { return }

        // Timed: the peer, on the same file.
        let command = [python, peerScript, docsFile, "--repeat", String(repetitions)].map(Shell.quote).joined(separator: " ")
        let result = try Shell.run(command)
        guard result.status == 0, let line = result.output.split(separator: "\n").last,
              let peer = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw Usage(description: "peer failed (status \(result.status)):\n\(result.output)")
        }
        for l in result.output.split(separator: "\n").dropLast() { print(l) }
        let pq = peer["quality_seconds"] as? Double ?? .nan, pr = peer["repetition_seconds"] as? Double ?? .nan
        print(String(format: "peer (datatrove %@), median MB/s: GopherQualityFilter %.2f | GopherRepetitionFilter %.2f",
                     peer["version"] as? String ?? "?", mb / pq, mb / pr))
        print(String(format: "ratio ours/peer: gopher_quality %.1f | gopher_repetition %.1f | both %.1f",
                     rate(tq) / (mb / pq), rate(tr) / (mb / pr), (pq + pr) / (median(tq) + median(tr))))
    }
}
