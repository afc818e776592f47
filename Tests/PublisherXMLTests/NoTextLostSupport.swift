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
        var nested: Int?
        var dropped: Int?
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
        // a `|` inside a Markdown pipe-table cell is written `\|`: the cell's text is `|`
        let text = text.contains("\\|") ? text.replacingOccurrences(of: "\\|", with: "|") : text
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

    /// How far (in words) the extracted text may spread a paragraph that has other blocks inside (a
    /// table, a figure, a list, a float anchor): the reader may put them between its words.
    static let spread = 3000

    /// How many more words than the paragraph's own the window around its likely place holds: a little
    /// for markers and rendering, more for each dropped item (inline math rendered as text), a lot when
    /// other blocks sit inside it. A tight window keeps common words from being "found" by chance in
    /// neighbouring text.
    static func slack(words m: Int, nested: Int, dropped: Int) -> Int {
        32 + m / 4 + 40 * dropped + (nested > 0 ? spread : 0)
    }

    /// Which words of `paragraph` are missing from `text`, by index.
    ///
    /// The paragraph is located where its rarer words occur (each occurrence of a word votes for a
    /// start position with weight 1 / its number of occurrences; the heaviest clusters are tried), then
    /// aligned with that stretch of the text (see `slack`) by a longest common subsequence, so its words
    /// must appear in order, close together unless the oracle says other material sits inside. Words left over are given a second chance where word boundaries may legitimately differ
    /// (an element the oracle treats as a block that the reader joins, or the reverse): a run of them
    /// that equals one extracted word when concatenated, or one of them that equals a run of extracted
    /// words, between the matched neighbours, counts as found (compared without punctuation, so
    /// `Phys.04` matches `Phys. 04` and `12`, `15` match `12–15`).
    static func missing(_ paragraph: [String], in text: Text, nested: Int = 0, dropped: Int = 0) -> [Int] {
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
        let slack = slack(words: m, nested: nested, dropped: dropped)
        // the common case first: everything is there around an occurrence of the rarest word
        if rare[0].count <= 8 {
            let i = rare[0].index
            for j in text.positions[paragraph[i]]! {
                let window = max(0, j - i - slack)..<max(0, min(n, j - i + m + slack))
                if isSubsequence(paragraph, text, window) { return [] }
            }
        }
        // each occurrence votes for a start position, weighted by the word's rarity
        var votes: [(start: Int, index: Int, weight: Double)] = []
        for (i, c) in rare {
            if !votes.isEmpty && votes.count + c > 1500 { break }
            for j in text.positions[paragraph[i]]! { votes.append((j - i, i, 1 / Double(c))) }
        }
        votes.sort { $0.start < $1.start }
        // a cluster's score counts each paragraph word once, however often it occurs there; the words of
        // the paragraph itself agree on its start (give or take rendered math), chance neighbours do not
        let width = 16 + m / 10
        var clusters: [(lo: Int, hi: Int, score: Double)] = [], lo = 0, score = 0.0
        var inWindow = [Int](repeating: 0, count: m)
        for hi in votes.indices {
            inWindow[votes[hi].index] += 1
            if inWindow[votes[hi].index] == 1 { score += votes[hi].weight }
            while votes[hi].start - votes[lo].start > width {
                inWindow[votes[lo].index] -= 1
                if inWindow[votes[lo].index] == 0 { score -= votes[lo].weight }
                lo += 1
            }
            clusters.append((lo, hi, score))
        }
        // the heaviest clusters first; a few distinct places are tried (a paragraph may repeat words
        // that also occur together elsewhere), and the one that leaves fewest words missing wins
        clusters.sort { $0.score > $1.score || ($0.score == $1.score && $0.lo < $1.lo) }
        var tried: [Int] = []
        var bestMissing: [Int]? = nil
        for cluster in clusters {
            let start = votes[cluster.lo].start
            if tried.contains(where: { abs($0 - start) <= width }) { continue }
            tried.append(start)
            let window = max(0, start - slack)..<max(0, min(n, votes[cluster.hi].start + m + slack))
            // 2. All there, in order? Else a longest common subsequence with the window.
            if isSubsequence(paragraph, text, window) { return [] }
            let missing = align(paragraph, text, window)
            if bestMissing == nil || missing.count < bestMissing!.count { bestMissing = missing }
            if tried.count == 10 { break }
        }
        return bestMissing ?? Array(0..<m)
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

    /// The paragraph words left over after a longest common subsequence with the window, and a second
    /// chance across word boundaries.
    static func align(_ paragraph: [String], _ text: Text, _ window: Range<Int>) -> [Int] {
        let m = paragraph.count
        let matchedAt = lcs(paragraph, text, window)
        var found = matchedAt.map { $0 != nil }
        let keys = paragraph.map(key)
        for i in 0..<m where matchedAt[i] == nil {
            // between the nearest matched neighbours (inclusive: a neighbour may be glued to this word)
            var before = i - 1
            while before >= 0 && matchedAt[before] == nil { before -= 1 }
            var after = i + 1
            while after < m && matchedAt[after] == nil { after += 1 }
            let lower = max(window.lowerBound, (before >= 0 ? matchedAt[before]! : window.lowerBound) - 2)
            let upper = min(window.upperBound, (after < m ? matchedAt[after]! + 3 : window.upperBound), lower + 400)
            guard lower < upper else { continue }
            if secondChance(i, paragraph, keys, text, lower..<upper) { found[i] = true }
        }
        return found.indices.filter { !found[$0] }
    }

    /// A word without any punctuation: the second chance compares these, since punctuation at an element
    /// edge ends up inside a word on one side and at its edge (stripped) on the other.
    static func key(_ word: String) -> String {
        var out = String.UnicodeScalarView()
        for s in word.unicodeScalars where !isPunctuation(s) { out.append(s) }
        return String(out)
    }

    /// Whether paragraph word `i` is in `span` of the text with other word boundaries: joined with up to
    /// three neighbouring paragraph words into one extracted word, or split into up to six extracted words.
    static func secondChance(_ i: Int, _ paragraph: [String], _ keys: [String], _ text: Text, _ span: Range<Int>) -> Bool {
        let spanKeys = span.map { key(text.words[$0]) }
        let target = keys[i]
        // several paragraph words (including this one) = one extracted word
        for length in 2...4 {
            for first in max(0, i - length + 1)...i where first + length <= keys.count {
                let joined = keys[first..<(first + length)].joined()
                if spanKeys.contains(joined) { return true }
            }
        }
        // this paragraph word = one or several extracted words
        guard !target.isEmpty else { return false }
        for j in spanKeys.indices where !spanKeys[j].isEmpty && target.hasPrefix(spanKeys[j]) {
            var acc = spanKeys[j]
            var k = j + 1
            while true {
                // (the very same word was available to the alignment: only other spellings count here)
                if acc == target && (k > j + 1 || text.words[span.lowerBound + j] != paragraph[i]) { return true }
                guard acc.count < target.count, k < spanKeys.count, k < j + 6 else { break }
                acc += spanKeys[k]
                k += 1
            }
        }
        return false
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
