import CorpusCore
import Foundation
import Testing
import _CorpusTestSupport
@testable import PublisherXML

/// No text lost: for every publisher fixture, the words of the article's paragraphs, collected by an
/// independent route (`scripts/xml-oracle/body_words.py`, Python + lxml), must all be found, in order,
/// in the text `XMLDocumentReader` extracts with default options, unless the paragraph sits in
/// something the reader's options exclude (the reference list by default).
///
/// Environment:
/// - `NO_TEXT_LOST_REPORT=PATH` writes a JSON report of every file (checked, excluded and missing
///   words with the paragraph paths) to PATH.
/// - `NO_TEXT_LOST_FILES=a,b` checks only fixtures whose path contains one of the substrings.
/// - `NO_TEXT_LOST_DUMP=DIR` writes each fixture's extracted text to DIR/<fixture path>.txt.
/// - `NO_TEXT_LOST_PYTHON` names the Python interpreter (default `python3`; it needs lxml).
@Suite struct NoTextLostTests {
    // MARK: The comparison itself (no Python needed)

    @Test func wordsAreNormalizedAsTheOracleDocuments() {
        #expect(NoTextLost.normalizedWords("The (Fe2O3) film, at 10^5 Pa.") == ["the", "fe2o3", "film", "at", "105", "pa"])
        #expect(NoTextLost.normalizedWords("ﬁlm SO₄²⁻ x\u{00A0}y") == ["film", "so42−", "x", "y"])
        #expect(NoTextLost.normalizedWords("hy\u{00AD}phen zero\u{200B}width a\u{2009}b") == ["hyphen", "zerowidth", "a", "b"])
        #expect(NoTextLost.normalizedWords("“quoted” — ( ) [1]–[5] i.e. Ca2+") == ["quoted", "1]–[5", "i.e", "ca2+"])
        #expect(NoTextLost.normalizedWords("see [BIB_REF]12[/BIB_REF] and Fig.[FIG_REF]3[/FIG_REF]a") == ["see", "12", "and", "fig.3a"])
    }

    @Test func wordsMustAppearInOrderWithAnythingBetween() {
        let text = NoTextLost.Text("Title\n\nAlpha beta | table | cell gamma x + y = z delta.\n\nOther paragraph alpha.")
        #expect(NoTextLost.missing(["alpha", "beta", "gamma", "delta"], in: text).isEmpty)
        #expect(NoTextLost.missing(["alpha", "epsilon", "gamma", "delta"], in: text) == [1])
        #expect(NoTextLost.missing(["delta", "gamma"], in: text).count == 1, "order matters")
        #expect(NoTextLost.missing(["zeta", "eta"], in: text) == [0, 1])
        #expect(NoTextLost.missing(["a"], in: NoTextLost.Text("")) == [0])
    }

    @Test func aParagraphIsFoundWhereItsRareWordsAre() {
        var body = (0..<3000).map { "filler\($0 % 7) the" }.joined(separator: " ")
        body += " the quick brown fox jumps over the lazy dog "
        body += (0..<3000).map { "filler\($0 % 5) the" }.joined(separator: " ")
        let text = NoTextLost.Text("the fox " + body)
        #expect(NoTextLost.missing(["the", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog"], in: text).isEmpty)
        #expect(NoTextLost.missing(["the", "quick", "red", "fox", "jumps", "over", "the", "lazy", "dog"], in: text) == [2])
    }

    @Test func wordsFarApartDoNotCountUnlessBlocksSitBetween() {
        let filler = Array(repeating: "filler", count: 200).joined(separator: " ")
        let text = NoTextLost.Text("results \(filler) and \(filler) discussion")
        #expect(NoTextLost.missing(["results", "and", "discussion"], in: text).count == 2)
        // the oracle says a table sits inside this paragraph: the reader may have put it between the words
        #expect(NoTextLost.missing(["results", "and", "discussion"], in: text, nested: 1).isEmpty)
    }

    @Test func wordBoundariesMayDifferAtElementEdges() {
        // the oracle saw a block boundary where the reader joined, and the reverse
        #expect(NoTextLost.missing(["results", "first", "item", "end"], in: NoTextLost.Text("results firstitem end")).isEmpty)
        #expect(NoTextLost.missing(["the", "fe2o3", "film"], in: NoTextLost.Text("the fe2 o3 film")).isEmpty)
        #expect(NoTextLost.missing(["the", "fe2o3", "film"], in: NoTextLost.Text("the fe2 film")) == [1])
        // punctuation at the element edge: inside the word on one side, stripped on the other
        #expect(NoTextLost.missing(["j", "phys.04", "2015"], in: NoTextLost.Text("J. Phys. 04 2015")).isEmpty)
        #expect(NoTextLost.missing(["pages", "12", "15", "end"], in: NoTextLost.Text("pages 12–15 end")).isEmpty)
    }

    @Test func optionsComeFromTheReader() {
        let (kept, sources) = NoTextLost.keptCategories(of: XMLDocumentReader(source: .paper))
        #expect(kept["references"] == false, "the reference list is dropped by default: \(sources["references"] ?? "")")
        #expect(NoTextLost.isChecked(["body"], kept: kept))
        #expect(!NoTextLost.isChecked(["back", "references"], kept: kept))
        #expect(!NoTextLost.isChecked(["body", "label"], kept: kept))
        struct Options { var keepTables = false; var keepReferences = true }
        struct Reader { var source = "paper"; var options = Options() }
        let (k2, s2) = NoTextLost.keptCategories(of: Reader())
        #expect(k2["table"] == false && k2["references"] == true && k2["caption"] == true)
        #expect(s2["table"] == "options.keepTables = false")
    }

    @Test func normalizationAgreesWithTheOracle() throws {
        if let reason = NoTextLost.oracleUnavailableReason() { print(reason); return }
        let sample = "The (Fe₂O₃) film, at 10^5 Pa — ﬁne, ΣΑΣ İstanbul ß 1\u{00A0}000\u{202F}000 x\u{00AD}y “q” ‘s’ Å Å ½ ™ e\u{301} ǅ"
        let dir = try Fixtures.temporaryDirectory("no-text-lost")
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("sample.txt")
        try Data(sample.utf8).write(to: input)
        let result = try CommandRunner.run(["sh", "-c", "\"$0\" \"$1\" --normalize < \"$2\"", NoTextLost.python,
                                            NoTextLost.oracleScript.path, input.path],
                                           executable: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(result.status == 0, "\(result.stderr)")
        let python = result.stdout.split(separator: "\n").map(String.init)
        #expect(python == NoTextLost.normalizedWords(sample))
    }

    // MARK: Every fixture

    @Test func noBodyTextIsLost() throws {
        guard let shared = Fixtures.shared else {
            print(Fixtures.sharedMissing)
            return
        }
        if let reason = NoTextLost.oracleUnavailableReason() {
            print(reason)
            return
        }
        let root = shared.appendingPathComponent("fixtures")
        let env = ProcessInfo.processInfo.environment
        let filters = (env["NO_TEXT_LOST_FILES"] ?? "").split(separator: ",").map(String.init).filter { !$0.isEmpty }
        var files: [String] = []
        let enumerator = FileManager.default.enumerator(at: root.appendingPathComponent("xml"), includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard ["xml", "nxml", "html"].contains(url.pathExtension.lowercased()) else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            if filters.isEmpty || filters.contains(where: { relative.contains($0) }) { files.append(relative) }
        }
        files.sort()
        guard !files.isEmpty else {
            Issue.record("no fixtures under \(root.path)/xml match \(filters)")
            return
        }
        let oracle = try NoTextLost.runOracle(files.map { root.appendingPathComponent($0).path })

        let (kept, sources) = NoTextLost.keptCategories(of: XMLDocumentReader(source: .paper))
        print("no text lost: categories excluded by the reader's options: "
              + kept.filter { !$0.value }.keys.sorted().joined(separator: ", ")
              + "; never checked: \(NoTextLost.neverChecked.sorted().joined(separator: ", "))")
        for (c, s) in sources.sorted(by: { $0.key < $1.key }) { print("  \(c): \(s)") }

        var reports: [FileReport] = []
        for relative in files {
            let path = root.appendingPathComponent(relative).path
            guard let o = oracle[path] else {
                Issue.record("the oracle printed nothing for \(relative)")
                continue
            }
            let report = try check(relative: relative, path: path, oracle: o, kept: kept)
            reports.append(report)
            if report.missingWords > 0 {
                Issue.record(Comment(rawValue: report.failureMessage()))
            }
            if o.format == "error" {
                Issue.record("the oracle failed on \(relative): \(o.notes.joined(separator: "; "))")
            }
        }

        let failing = reports.filter { $0.missingWords > 0 }
        let checked = reports.reduce(0) { $0 + $1.checkedWords }, missing = reports.reduce(0) { $0 + $1.missingWords }
        print("no text lost: \(reports.count) files, \(checked) words checked, \(missing) missing in \(failing.count) files"
              + (failing.isEmpty ? "" : ": " + failing.map { "\($0.file) (\($0.missingWords))" }.joined(separator: ", ")))

        if let out = env["NO_TEXT_LOST_REPORT"], !out.isEmpty {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let full = FullReport(keptCategories: kept, optionSources: sources, neverChecked: NoTextLost.neverChecked.sorted(),
                                  files: reports, failingFiles: failing.map(\.file), checkedWords: checked, missingWords: missing)
            try encoder.encode(full).write(to: URL(fileURLWithPath: out))
            print("no text lost: report written to \(out)")
        }
    }

    // MARK: One file

    struct FullReport: Encodable {
        var keptCategories: [String: Bool]
        var optionSources: [String: String]
        var neverChecked: [String]
        var files: [FileReport]
        var failingFiles: [String]
        var checkedWords: Int
        var missingWords: Int
    }

    struct FileReport: Encodable {
        var file: String
        var format: String
        var oracleNotes: [String]
        var documents: Int
        var extractedCharacters: Int
        var readerProblem: String?
        var checkedParagraphs = 0
        var checkedWords = 0
        var missingWords = 0
        var uncheckedWords = 0
        var excludedWords: [String: Int] = [:]
        var failures: [ParagraphFailure] = []

        func failureMessage(maxParagraphs: Int = 8, maxWords: Int = 15) -> String {
            let failed = failures.count
            var lines = ["\(file) (\(format)): \(missingWords) of \(checkedWords) checked words missing in \(failed) of "
                         + "\(checkedParagraphs) paragraphs; the reader gave \(documents) document(s), \(extractedCharacters) characters"]
            if let readerProblem { lines.append("  reader: \(readerProblem)") }
            for f in failures.prefix(maxParagraphs) {
                let shown = f.missing.prefix(maxWords).map { "«\($0)»" }.joined(separator: " ")
                let where_ = "  \(f.path) (line \(f.line.map(String.init) ?? "?"), \(f.categories.joined(separator: "/")), \(f.element))"
                if f.absent {
                    lines.append(where_ + ": the whole paragraph (\(f.words) words) is missing")
                } else {
                    lines.append(where_ + ": \(f.missing.count) of \(f.words) missing: \(shown)\(f.missing.count > maxWords ? " …" : "")")
                }
                lines.append("      \(f.context)")
            }
            if failed > maxParagraphs {
                lines.append("  … and \(failed - maxParagraphs) more paragraphs (set NO_TEXT_LOST_REPORT=path for all)")
            }
            return lines.joined(separator: "\n")
        }
    }

    struct ParagraphFailure: Encodable {
        var path: String
        var line: Int?
        var element: String
        var kind: String
        var categories: [String]
        var words: Int
        var missing: [String]
        /// Most of the paragraph is missing: it is reported as absent, all its words missing.
        var absent: Bool
        /// The paragraph's words around the first missing ones, missing words in ⟦ ⟧.
        var context: String
    }

    func check(relative: String, path: String, oracle o: NoTextLost.OracleFile, kept: [String: Bool]) throws -> FileReport {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        var documents: [Document] = []
        var context = ReaderContext(sink: { documents.append($0) })
        var reader = XMLDocumentReader(source: .paper)
        var problem: [String] = []
        do {
            try reader.read(InputMember(file: relative, relativePath: relative, source: MemoryByteSource(bytes)), into: &context)
        } catch {
            problem.append("threw \(error)")
        }
        if !context.rejections.isEmpty { problem.append("rejected: " + context.rejections.map(\.reason).joined(separator: "; ")) }
        if !context.dropped.isEmpty { problem.append("dropped: " + context.dropped.map { "\($0.key) × \($0.value)" }.joined(separator: ", ")) }
        let extracted = documents.map(\.text).joined(separator: "\n\n")
        if let dump = ProcessInfo.processInfo.environment["NO_TEXT_LOST_DUMP"], !dump.isEmpty {
            let url = URL(fileURLWithPath: dump).appendingPathComponent(relative + ".txt")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(extracted.utf8).write(to: url)
        }
        let text = NoTextLost.Text(extracted)

        var report = FileReport(file: relative, format: o.format, oracleNotes: o.notes, documents: documents.count,
                                extractedCharacters: extracted.count, readerProblem: problem.isEmpty ? nil : problem.joined(separator: "; "))
        for p in o.paragraphs {
            report.uncheckedWords += p.unchecked.count
            guard NoTextLost.isChecked(p.categories, kept: kept) else {
                let reason = p.categories.first { NoTextLost.neverChecked.contains($0) || kept[$0] == false } ?? "?"
                report.excludedWords[reason, default: 0] += p.words.count
                continue
            }
            guard !p.words.isEmpty else { continue }
            report.checkedParagraphs += 1
            report.checkedWords += p.words.count
            var missing = NoTextLost.missing(p.words, in: text, nested: p.nested ?? 0, dropped: p.dropped ?? 0)
            guard !missing.isEmpty else { continue }
            // when most of a paragraph is missing, the words "found" are common words matched by chance
            // nearby: report the paragraph as absent
            let absent = missing.count * 2 > p.words.count
            if absent { missing = Array(p.words.indices) }
            report.missingWords += missing.count
            report.failures.append(ParagraphFailure(
                path: p.path, line: p.line, element: p.element, kind: p.kind, categories: p.categories,
                words: p.words.count, missing: missing.map { p.words[$0] }, absent: absent,
                context: absent ? "not in the extracted text: " + p.words.prefix(16).joined(separator: " ") + (p.words.count > 16 ? " …" : "")
                                : Self.context(p.words, missing)))
        }
        return report
    }

    /// The words around the first missing ones, missing words marked.
    static func context(_ words: [String], _ missing: [Int]) -> String {
        guard let first = missing.first else { return "" }
        let marked = Set(missing)
        let lo = max(0, first - 6), hi = min(words.count, first + 14)
        let shown = (lo..<hi).map { marked.contains($0) ? "⟦\(words[$0])⟧" : words[$0] }.joined(separator: " ")
        return (lo > 0 ? "… " : "") + shown + (hi < words.count ? " …" : "")
    }
}
