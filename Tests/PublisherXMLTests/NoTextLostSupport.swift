import Foundation
import _CorpusTestSupport

/// Support for `NoTextLostTests`: the oracle's output, the word normalization it documents, the
/// comparison of an oracle paragraph with an extracted text, and which categories the reader's
/// options exclude.
///
/// The oracle is `scripts/xml-oracle/body_words.py` (Python + lxml, no code shared with the reader).
/// See `scripts/xml-oracle/README.md` for its rules.
enum NoTextLost {
    // MARK: Oracle output

    struct OracleFile: Decodable {
        var file: String
        var format: String
        var notes: [String]
        var paragraphs: [Paragraph]
    }

    struct Paragraph: Decodable {
        var element: String
        var kind: String
        var path: String
        var line: Int?
        var categories: [String]
        var words: [String]
        var unchecked: [String]
    }

    static var oracleScript: URL {
        Fixtures.repositoryRoot.appendingPathComponent("scripts/xml-oracle/body_words.py")
    }

    static var python: String { ProcessInfo.processInfo.environment["NO_TEXT_LOST_PYTHON"] ?? "python3" }

    /// Why the oracle cannot run here, or nil when it can (python3 with lxml).
    static func oracleUnavailableReason() -> String? {
        guard FileManager.default.fileExists(atPath: oracleScript.path) else {
            return "\(oracleScript.path) is missing: skipping the no-text-lost comparison"
        }
        let probe = try? CommandRunner.run([python, "-c", "import lxml.etree"], executable: URL(fileURLWithPath: "/usr/bin/env"))
        guard let probe else { return "\(python) could not be started: skipping the no-text-lost comparison" }
        if probe.status != 0 {
            return "\(python) with the lxml package is not available (pip install lxml): skipping the no-text-lost comparison"
        }
        return nil
    }

    /// Runs the oracle once over all files; one JSON object per line comes back, in argument order.
    static func runOracle(_ files: [String]) throws -> [String: OracleFile] {
        let result = try CommandRunner.run([python, oracleScript.path] + files, executable: URL(fileURLWithPath: "/usr/bin/env"))
        if result.status != 0 && result.status != 1 {
            throw OracleError(message: "the oracle exited with status \(result.status): \(result.stderr.prefix(2000))")
        }
        var out: [String: OracleFile] = [:]
        let decoder = JSONDecoder()
        for line in result.stdout.split(separator: "\n") where !line.isEmpty {
            let file = try decoder.decode(OracleFile.self, from: Data(line.utf8))
            out[file.file] = file
        }
        return out
    }

    struct OracleError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    // MARK: Normalization (the same steps as `normalize_words` in body_words.py)

    /// Cross-reference markers the reader may insert (`[BIB_REF]…[/BIB_REF]`, `[FIG_REF]`, …): removed
    /// without a space, like the inline element they stand for.
    static func stripMarkers(_ text: String) -> String {
        guard text.contains("_REF]") else { return text }
        return text.replacingOccurrences(of: #"\[/?[A-Z]+_REF\]"#, with: "", options: .regularExpression)
    }

    /// NFKC, lower case (ς folded to σ), `^` and format characters (Cf) removed, split on Unicode White_Space,
    /// punctuation (P*) stripped from both ends of each word, empty words dropped.
    static func normalizedWords(_ text: String) -> [String] {
        let folded = stripMarkers(text).precomposedStringWithCompatibilityMapping.lowercased()
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if let word = stripPunctuation(current) { words.append(word) }
            current = String.UnicodeScalarView()
        }
        for scalar in folded.unicodeScalars {
            if scalar.properties.isWhitespace {
                if !current.isEmpty { flush() }
            } else if scalar == "^" || scalar.properties.generalCategory == .format {
                continue
            } else if scalar == "\u{03C2}" {   // final sigma: lower-casing libraries disagree on it
                current.append("\u{03C3}")
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { flush() }
        return words
    }

    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    static func stripPunctuation(_ scalars: String.UnicodeScalarView) -> String? {
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, isPunctuation(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isPunctuation(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        guard start < end else { return nil }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }

    // MARK: Comparison

    /// The extracted text as words, with an index from word to positions.
    struct Text {
        let words: [String]
        let positions: [String: [Int]]

        init(_ text: String) {
            words = NoTextLost.normalizedWords(text)
            var positions: [String: [Int]] = [:]
            for (i, w) in words.enumerated() { positions[w, default: []].append(i) }
            self.positions = positions
        }

        func count(_ word: String) -> Int { positions[word]?.count ?? 0 }
    }

    /// How far (in words) the extracted text may spread a paragraph: floats, display math and rendered
    /// inline math may sit between its words.
    static let spread = 3000

    /// Which words of `paragraph` are missing from `text`, by index.
    ///
    /// The paragraph is located where its rarer words occur (each occurrence of a word that is rare in
    /// the text votes for a start position; the densest cluster wins), then aligned with that stretch of
    /// the text by a longest common subsequence, so its words must appear in order, with anything in
    /// between. Words left over are given a second chance where word boundaries may legitimately differ
    /// (an element the oracle treats as a block that the reader joins, or the reverse): a run of them
    /// that equals one extracted word when concatenated, or one of them that equals a run of extracted
    /// words, between the matched neighbours, counts as found.
    static func missing(_ paragraph: [String], in text: Text) -> [Int] {
        let m = paragraph.count
        guard m > 0 else { return [] }
        let n = text.words.count
        guard n > 0 else { return Array(0..<m) }

        // 1. Where is the paragraph? Votes from its rarest words.
        var rare: [(index: Int, count: Int)] = []
        for (i, w) in paragraph.enumerated() {
            let c = text.count(w)
            if c > 0 { rare.append((i, c)) }
        }
        guard !rare.isEmpty else { return Array(0..<m) }
        rare.sort { $0.count < $1.count || ($0.count == $1.count && $0.index < $1.index) }
        var votes: [Int] = []
        for (i, c) in rare {
            if !votes.isEmpty && votes.count + c > 400 { break }
            for j in text.positions[paragraph[i]]! { votes.append(j - i) }
        }
        votes.sort()
        let width = max(64, m)
        var best = (lo: 0, hi: 0), lo = 0
        for hi in votes.indices {
            while votes[hi] - votes[lo] > width { lo += 1 }
            if hi - lo > best.hi - best.lo { best = (lo, hi) }
        }
        let windowStart = max(0, votes[best.lo] - spread)
        let windowEnd = min(n, votes[best.hi] + m + spread)

        // 2. All there, in order? Else a longest common subsequence with the window.
        if isSubsequence(paragraph, text, windowStart..<windowEnd) { return [] }
        let matchedAt = lcs(paragraph, text, windowStart..<windowEnd)

        // 3. Second chance across word boundaries.
        var found = matchedAt.map { $0 != nil }
        var i = 0
        while i < m {
            guard !found[i] else { i += 1; continue }
            var runEnd = i
            while runEnd + 1 < m && !found[runEnd + 1] { runEnd += 1 }
            let left = (i > 0 ? matchedAt[i - 1].map { $0 + 1 } : nil) ?? windowStart
            let right = (runEnd + 1 < m ? matchedAt[runEnd + 1] : nil) ?? windowEnd
            let lower = min(max(left, windowStart), windowEnd), upper = max(lower, min(right, lower + 400, windowEnd))
            joinFallback(paragraph, i...runEnd, text, lower..<upper, &found)
            i = runEnd + 1
        }
        return found.indices.filter { !found[$0] }
    }

    /// Positions of `word` in the text inside `window`, ascending.
    static func positions(_ word: String, _ text: Text, _ window: Range<Int>) -> ArraySlice<Int> {
        guard let all = text.positions[word] else { return [] }
        var lo = 0, hi = all.count
        while lo < hi { let mid = (lo + hi) / 2; if all[mid] < window.lowerBound { lo = mid + 1 } else { hi = mid } }
        var end = lo
        while end < all.count && all[end] < window.upperBound { end += 1 }
        return all[lo..<end]
    }

    /// Whether the paragraph is a subsequence of the window (earliest matches: fast, and exact for
    /// the common case where nothing is missing).
    static func isSubsequence(_ paragraph: [String], _ text: Text, _ window: Range<Int>) -> Bool {
        var pos = window.lowerBound
        for w in paragraph {
            let p = positions(w, text, pos..<window.upperBound)
            guard let first = p.first else { return false }
            pos = first + 1
        }
        return true
    }

    /// For each paragraph word, the text position it is matched to in one longest common subsequence
    /// (Hunt–Szymanski: thresholds[k] is the smallest text position that ends a common subsequence of
    /// length k + 1).
    static func lcs(_ paragraph: [String], _ text: Text, _ window: Range<Int>) -> [Int?] {
        var thresholds: [Int] = []
        var links: [Int] = []                       // node index ending the subsequence of length k + 1
        var nodeI: [Int] = [], nodeJ: [Int] = [], nodePrev: [Int] = []
        for (i, w) in paragraph.enumerated() {
            for j in positions(w, text, window).reversed() {
                var a = 0, b = thresholds.count
                while a < b { let mid = (a + b) / 2; if thresholds[mid] < j { a = mid + 1 } else { b = mid } }
                guard a == thresholds.count || j < thresholds[a] else { continue }
                nodeI.append(i); nodeJ.append(j); nodePrev.append(a > 0 ? links[a - 1] : -1)
                if a == thresholds.count { thresholds.append(j); links.append(nodeI.count - 1) } else {
                    thresholds[a] = j; links[a] = nodeI.count - 1
                }
            }
        }
        var result = [Int?](repeating: nil, count: paragraph.count)
        var node = links.last ?? -1
        while node >= 0 { result[nodeI[node]] = nodeJ[node]; node = nodePrev[node] }
        return result
    }

    static func joinFallback(_ paragraph: [String], _ run: ClosedRange<Int>, _ text: Text, _ span: Range<Int>,
                             _ found: inout [Bool]) {
        guard !span.isEmpty else { return }
        var i = run.lowerBound
        while i <= run.upperBound {
            var matched = 0
            // several paragraph words = one extracted word
            var joined = paragraph[i]
            for k in 1..<4 where i + k <= run.upperBound {
                joined += paragraph[i + k]
                if span.contains(where: { text.words[$0] == joined }) { matched = k + 1 }
            }
            // one paragraph word = several extracted words
            if matched == 0 {
                let target = paragraph[i]
                outer: for j in span {
                    guard target.hasPrefix(text.words[j]) else { continue }
                    var acc = text.words[j]
                    var k = j + 1
                    while acc.count < target.count && k < span.upperBound && k < j + 6 {
                        acc += text.words[k]
                        if acc == target { matched = 1; break outer }
                        k += 1
                    }
                }
            }
            if matched > 0 {
                for k in i..<(i + matched) { found[k] = true }
                i += matched
            } else {
                i += 1
            }
        }
    }

    // MARK: What the reader's options exclude

    /// Categories whose words are never checked: numbering labels, text inside display-math
    /// containers, Elsevier's unstructured `xocs:rawtext` copy.
    static let neverChecked: Set<String> = ["math", "label", "rawtext"]

    /// For each optional category, the option names (lower case, without `keep`/`include`) that
    /// govern it, and whether it is kept when no such option is found on the reader.
    static let optionalCategories: [(category: String, names: [String], defaultKept: Bool)] = [
        ("references", ["references", "reference", "referencelist", "bibliography"], false),
        ("table", ["tables", "table"], true),
        ("caption", ["captions", "caption", "figurecaptions", "figures"], true),
        ("footnote", ["footnotes", "footnote", "notes"], true),
        ("back", ["backmatter", "back"], true),
        ("abstract", ["abstract", "abstracts"], true),
        ("abstract-other", ["otherabstracts", "secondaryabstracts", "highlights", "abstract", "abstracts"], true),
        ("sub-article", ["subarticles", "subarticle", "backmatter", "back"], true),
        ("box", ["boxes", "boxedtext", "textboxes", "box"], true),
    ]

    /// Which optional categories the reader keeps, from its Bool properties (found by reflection, so
    /// this compiles against any version of the reader: `keepReferences`, `options.keepTables`, …),
    /// and where each answer came from.
    static func keptCategories(of reader: Any) -> (kept: [String: Bool], sources: [String: String]) {
        var flags: [String: (value: Bool, path: String)] = [:]
        func collect(_ value: Any, _ path: String, depth: Int) {
            for child in Mirror(reflecting: value).children {
                guard let label = child.label else { continue }
                let childPath = path.isEmpty ? label : "\(path).\(label)"
                if let b = child.value as? Bool {
                    var key = label.lowercased()
                    for prefix in ["keep", "include", "with"] where key.hasPrefix(prefix) { key.removeFirst(prefix.count) }
                    if flags[key] == nil { flags[key] = (b, childPath) }
                } else if depth < 2 {
                    collect(child.value, childPath, depth: depth + 1)
                }
            }
        }
        collect(reader, "", depth: 0)
        var kept: [String: Bool] = [:], sources: [String: String] = [:]
        for (category, names, fallback) in optionalCategories {
            if let hit = names.lazy.compactMap({ flags[$0] }).first {
                kept[category] = hit.value
                sources[category] = "\(hit.path) = \(hit.value)"
            } else {
                kept[category] = fallback
                sources[category] = "default \(fallback ? "kept" : "excluded") (no matching option on the reader)"
            }
        }
        return (kept, sources)
    }

    /// Whether a paragraph in these categories must be found in the extracted text.
    static func isChecked(_ categories: [String], kept: [String: Bool]) -> Bool {
        for c in categories {
            if neverChecked.contains(c) { return false }
            if let k = kept[c], !k { return false }
        }
        return true
    }
}
