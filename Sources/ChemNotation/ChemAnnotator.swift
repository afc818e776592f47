import Foundation

/// Finds chemical notation in running text and reads each mention.
///
/// A `MentionScanner` proposes spans in one pass over the bytes; each span is read by
/// `ChemicalNotation.read` in its sentence. Readings that did not look at their sentence are cached
/// by their text (and whether cement notation applies), so a corpus pays for each distinct formula
/// once. Cement notation applies in a document with at least `cementKeywordThreshold` cement
/// keywords (cement, clinker, mortar, C-S-H, …).
///
/// An annotator is not thread-safe; give each worker its own.
public final class ChemAnnotator {
    /// Readings keyed by text and cement, and those that depend on variables, neighbours or the next word
    /// keyed with their signature too.
    private var table: ReadingTable
    private let scanner = MentionScanner()
    /// The reading of each lone element symbol, by symbol code (see `loneSymbol`).
    private var elementReadings = [FormulaReading?](repeating: nil, count: 26 * 27)
    /// Cement keywords a document needs for cement notation (`C3S` = Ca3SiO5) to apply.
    public let cementKeywordThreshold: Int

    private let shared: LockedCache<ReadingKey, ReadingEntry>?

    /// `cacheLimit`: the most readings the annotator keeps; its cache is emptied when one more would exceed
    /// them. `sharedCache`: also keep readings in the process-wide cache, so that every annotator (every
    /// task of a run) benefits from what the others have read; false for an isolated annotator.
    public init(cacheLimit: Int = 100_000, cementKeywordThreshold: Int = 2, sharedCache: Bool = true) {
        table = ReadingTable(maximumEntries: max(1, cacheLimit))
        self.cementKeywordThreshold = cementKeywordThreshold
        shared = sharedCache ? SharedReadings.cache : nil
    }

    /// The mentions in `text`, in order, without overlaps.
    public func mentions(in text: String) -> [ChemMention] {
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { mentions(in: $0) } ?? []
    }

    private func mentions(in bytes: UnsafeBufferPointer<UInt8>) -> [ChemMention] {
        let scan = scanner.scan(bytes)
        // Cement notation: a cement document, or a cement sentence in a document that names cement once.
        let cementDocument = scan.cementKeywords >= cementKeywordThreshold
        let cementSentences = !cementDocument && scan.cementKeywords > 0
        var out: [ChemMention] = []
        var cursor = (byte: 0, scalar: 0)
        var lastEnd = 0
        var k = 0
        var candidates = scan.candidates
        while k < candidates.count {
            let c = candidates[k]
            k += 1
            guard c.start >= lastEnd else { continue }
            var found: (start: Int, end: Int, reading: FormulaReading)?
            let cement = cementDocument || (cementSentences && c.kind == .formula && cementShaped(bytes, c.start, c.end)
                && cementSentence(bytes, c.start, c.end))
            switch c.kind {
            case .name(let words):
                found = readName(bytes, c, words: words, cement: cement)
            case .formula:
                // A spaced sum (`K2O · 3Al2O3 · 6SiO2`, `20Na2O – 10CaO`) or a lost separator (`SnCl2 2H2O`)
                // joins the next formulas: the longest chain that reads wins.
                // The chain is `c` and the `links - 1` candidates after it (no array per candidate).
                var links = 1
                var chainEnd = c.end
                while k + links - 1 < candidates.count, links < 8 {
                    let next = candidates[k + links - 1]
                    guard next.kind == .formula, joinable(bytes, chainEnd, next.start) else { break }
                    chainEnd = next.end
                    links += 1
                }
                while links > 1 {
                    let end = basisEnd(bytes, candidates[k + links - 2].end)
                    if let joined = read(bytes, c.start, end, cement: cement), joined.canonical != nil || joined.kind == "chemical_system" {
                        found = (c.start, end, joined)
                        k += links - 1
                        break
                    }
                    links -= 1
                }
                if found != nil { break }
                // A mole percentage before a binary (`8 mol% Y2O3–ZrO2`) is part of the composition.
                if let p = molPrefixStart(bytes, c.start), let r = read(bytes, p, c.end, cement: cement), r.canonical != nil {
                    found = (p, c.end, r)
                    break
                }
                // A count before a lone formula (`3D`, `100K`, `18O`, `5H2O` alone) is no mention.
                if MentionScanner.isDigit(bytes[c.start]), !hasSeparator(bytes, c.start, c.end) { break }
                let end = basisEnd(bytes, c.end)
                if let r = read(bytes, c.start, end, cement: cement) {
                    found = (c.start, end, r)
                } else if !c.parts.isEmpty {
                    // `TiO2/graphene` is not one composition: try its parts as mentions of their own.
                    candidates.insert(contentsOf: c.parts, at: k)
                }
            }
            // Moved out of `found` (no copy of the reading's fields).
            guard let (s, e, reading) = found.take(), reading.kind != "not_a_formula" else { continue }
            // Scalar offsets: count the lead bytes since the last mention.
            let startScalar = cursor.scalar + scalars(bytes, cursor.byte, s)
            let endScalar = startScalar + scalars(bytes, s, e)
            cursor = (e, endScalar)
            lastEnd = e
            out.append(ChemMention(start: startScalar, end: endScalar, text: string(bytes, s, e), reading: reading))
        }
        return out
    }

    // MARK: - Reading

    private func read(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, cement: Bool) -> FormulaReading? {
        // One or two letters: a lone element symbol reads from its neighbours every time (`In this work` vs
        // `In foil`); a capital and at most one small letter that spell no element (`A`, `T`, `On`, `By`) are no
        // formula. `Mc`, `Hc`, `Ms` in cement text are cement phases (monocarbonate, not moscovium) and read below.
        if e - s <= 2, bytes[s] >= 65, bytes[s] <= 90, e - s == 1 || (bytes[s + 1] >= 97 && bytes[s + 1] <= 122),
           !(cement && MentionScanner.cementLowercase(bytes, s, e)) {
            return loneSymbol(bytes, s, e, cement: cement)
        }
        let span = bytes[s..<e]
        var key = ReadingKey(hash: Self.hash(span), cement: cement)
        // A reading that depends on its sentence: the context its signature was taken from, if one was built.
        var dependent = false
        var signed: ReadingContext?
        if let entry = lookup(key, span) {
            guard let dependency = entry.dependency else { return entry.reading }
            (key.variables, signed) = signature(dependency, bytes, s, e, cement: cement, context: nil)
            if let again = lookup(key, span) { return again.reading }
            dependent = true
        }
        let token = string(bytes, s, e)
        // The verdicts below depend on the text and the cement flag alone; a dependent entry was made only
        // after all of them had passed the text by, so they are not asked again.
        if !dependent {
            // Verdicts the reader would reach without its sentence: acronyms (`XRD`) and labels (`A1`, `S30`, `C11`).
            // Remembered like readings.
            if Rejection.isAcronym(token, cement: cement) || Rejection.isLabel(token) || Rejection.hasStrayCapital(token, cement: cement) {
                remember(key, ReadingEntry(text: Array(span), reading: nil))
                return nil
            }
            if let r = PlainFormula.read(token) {
                remember(key, ReadingEntry(text: Array(span), reading: r))
                return r
            }
        }
        // The signature's context has looked at the sentence only to make the key (it consulted nothing for a
        // reading), so the reader may use it and its sentence need not be built twice.
        let ctx = signed ?? context(bytes, s, e, cement: cement)
        let r = ChemicalNotation.read(token, ctx: ctx)
        let keep = r.kind == "not_a_formula" ? nil : r
        if !ctx.consulted {
            if ctx.consultedVariables || ctx.consultedNeighbours || ctx.consultedNextWord, key.variables.isEmpty {
                let dependency = ReadingDependency(variables: ctx.consultedVariables, neighbours: ctx.consultedNeighbours,
                                                   nextWord: ctx.consultedNextWord)
                remember(key, ReadingEntry(text: Array(span), reading: nil, dependency: dependency))
                key.variables = signature(dependency, bytes, s, e, cement: cement, context: ctx).key
            }
            remember(key, ReadingEntry(text: Array(span), signature: key.variables, reading: keep))
        }
        return keep
    }

    /// FNV-1a of the bytes as they are (case matters: `Co` is not `CO`).
    private static func hash(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// What a dependent reading looked at, as a key: the variables, the neighbours, the next word. The
    /// next word comes straight from the bytes (ASCII letters folded, other bytes as they are), so
    /// element names do not build their sentence on every occurrence. Returns the context built for the key
    /// (none when `given` or when the bytes sufficed), for the reader to use.
    private func signature(_ dependency: ReadingDependency, _ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int,
                           cement: Bool, context given: ReadingContext?) -> (key: String, context: ReadingContext?) {
        var key = ""
        var built: ReadingContext?
        if dependency.variables, !dependency.neighbours, given == nil, !sentenceHasEquals(bytes, s, e) {
            // No `=` in the sentence: no variables stated, the signature `ReadingContext.variableSignature` gives.
            key = "\u{2}"
        } else if dependency.neighbours, !dependency.variables, let verdict = neighbourVerdict(bytes, s, e) {
            key = "\u{2}" + verdict
        } else if dependency.variables || dependency.neighbours {
            let ctx = given ?? context(bytes, s, e, cement: cement)
            if given == nil { built = ctx }
            let token = string(bytes, s, e)
            key = (dependency.variables ? ctx.variableSignature : "") + "\u{2}" + (dependency.neighbours ? Names.neighbourSignature(of: token, ctx: ctx) : "")
        }
        if dependency.nextWord {
            key += "\u{2}" + nextWordSignature(bytes, e)
        }
        return (key, built)
    }

    /// `Names.neighbourSignature` of the mention at `s..<e` in the reading context the annotator would build,
    /// from the bytes: for a one-word name of ASCII letters that `Names.rejectedByNeighbours` judges, with ASCII
    /// bytes on both sides of it, an ASCII word before it and ASCII after it (no carriage return) for 48 bytes
    /// and one more, so that the context's Characters are its bytes. Nil otherwise (the context decides then).
    func neighbourVerdict(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> String? {
        guard e - s <= 24 else { return nil }
        for k in s..<e where (bytes[k] | 0x20) &- 97 >= 26 { return nil }
        guard let name = Names.normalizedName(string(bytes, s, e)), Names.judgedByNeighbours(name) else { return nil }
        let (a, z) = sentenceBounds(bytes, s, e)
        guard a <= s, e <= z, s == a || bytes[s - 1] < 0x80 else { return nil }
        // The word before: back over spaces, then to the previous space or the sentence's start.
        var end = s
        while end > a, bytes[end - 1] == 0x20 { end -= 1 }
        var start = end
        while start > a, bytes[start - 1] != 0x20 {
            if bytes[start - 1] >= 0x80 { return nil }
            start -= 1
        }
        let previous = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]).map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self)
        for k in e..<min(z, e + 49) where bytes[k] >= 0x80 || bytes[k] == 0x0D { return nil }
        let after = UnsafeBufferPointer(rebasing: bytes[e..<min(z, e + 48)])
        guard let rejected = Names.asciiRejectedByNeighbours(name, previous: previous, after: after) else { return nil }
        return rejected ? "+" : "-"
    }

    /// Whether the sentence around `s..<e` (`sentenceBounds`, as the reading context takes it) holds a `=`.
    private func sentenceHasEquals(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        // The sentence lies within 400 bytes each way: without a `=` there, there is none in it.
        let lo = max(0, s - 400), hi = min(bytes.count, e + 400)
        guard memchr(bytes.baseAddress! + lo, 0x3D, hi - lo) != nil else { return false }
        let (a, z) = sentenceBounds(bytes, s, e)
        guard a < z else { return false }
        return memchr(bytes.baseAddress! + a, 0x3D, z - a) != nil
    }

    /// The next-word part of a signature. The reader uses the word after a mention only through
    /// `Names.startsCompoundName`, so when that word is ASCII letters ended by another ASCII byte (or the
    /// text's end), which `ReadingContext.nextWord` reads the same way, the signature is the verdict (`+`
    /// or `-`): `copper oxide`, `copper foil` and `copper was` share one entry. Other words key by their bytes.
    private func nextWordSignature(_ bytes: UnsafeBufferPointer<UInt8>, _ e: Int) -> String {
        guard e < bytes.count, bytes[e] == 0x20 else { return "" }
        var k = e + 1
        while k < bytes.count, k - e <= 32, (bytes[k] | 0x20) &- 97 < 26 { k += 1 }
        guard k - e <= 32, k == bytes.count || bytes[k] < 0x80 else { return nextWordBytes(bytes, e) }
        let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[(e + 1)..<k]).map { $0 | 0x20 }, as: UTF8.self)
        return Names.startsCompoundName(word) ? "+" : "-"
    }

    /// The word after `e` when a space separates it: ASCII letters (folded) and non-ASCII bytes.
    private func nextWordBytes(_ bytes: UnsafeBufferPointer<UInt8>, _ e: Int) -> String {
        guard e < bytes.count, bytes[e] == 0x20 else { return "" }
        var word: [UInt8] = []
        var k = e + 1
        while k < bytes.count, word.count < 32 {
            let b = bytes[k]
            if b >= 65, b <= 90 { word.append(b | 0x20) } else if (b >= 97 && b <= 122) || b >= 0x80 { word.append(b) } else { break }
            k += 1
        }
        return String(decoding: word, as: UTF8.self)
    }

    private func readName(_ bytes: UnsafeBufferPointer<UInt8>, _ c: MentionScanner.Candidate, words: Int, cement: Bool) -> (Int, Int, FormulaReading)? {
        // The ends of the first `words` words, separated by single spaces.
        var ends = [c.end]
        var j = c.end
        while ends.count < words, j + 1 < bytes.count, bytes[j] == UInt8(ascii: " ") {
            var k = j + 1
            while k < bytes.count, isWordByte(bytes[k]) { k += 1 }
            guard k > j + 1 else { break }
            ends.append(k)
            j = k
        }
        for end in ends.reversed() {
            guard isName(bytes, c.start, end) else { continue }
            if let r = read(bytes, c.start, end, cement: cement) { return (c.start, end, r) }
            return nil
        }
        return nil
    }

    /// `Names.isName` of the phrase at `s..<e`, by bytes when it is ASCII without a hyphen.
    private func isName(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        for k in s..<e where bytes[k] >= 0x80 || bytes[k] == UInt8(ascii: "-") { return Names.isName(string(bytes, s, e)) }
        return Names.isASCIIName(bytes, s, e)
    }

    private func isWordByte(_ b: UInt8) -> Bool {
        (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || b == UInt8(ascii: "'") || b >= 0x80
    }

    private func remember(_ key: ReadingKey, _ entry: ReadingEntry) {
        store(key, entry)
        shared?.put(key, entry)
    }

    /// The entry for `key` whose text is `span`: from this annotator's cache, else from the shared one.
    private func lookup(_ key: ReadingKey, _ span: Slice<UnsafeBufferPointer<UInt8>>) -> ReadingEntry? {
        if let entry = table.get(key, span) { return entry }
        guard let shared, let entry = shared.get(key), entry.matches(span) else { return nil }
        store(key, entry)
        return entry
    }

    private func store(_ key: ReadingKey, _ entry: ReadingEntry) {
        table.put(key, entry)
    }

    /// A span of one capital and at most one small letter (not a cement phase in cement text): nil unless it
    /// is exactly one element symbol, not rejected by the token rules, and a material in its sentence
    /// (`ElementContextScan`). The token verdicts are kept per symbol and cement flag, so the common case
    /// is the context scan alone.
    private func loneSymbol(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, cement: Bool) -> FormulaReading? {
        guard MentionScanner.elementSymbolLength(bytes, at: s, end: e) == e - s else { return nil }
        let code = (Int(bytes[s]) - 65) * 27 + (e - s == 2 ? Int(bytes[s + 1]) - 97 : 26)
        let slot = cement ? code + 26 * 27 : code
        var verdict = loneVerdicts[slot]
        if verdict == 0 {
            let token = string(bytes, s, e)
            let rejected = Rejection.isAcronym(token, cement: cement) || Rejection.isLabel(token) || Rejection.hasStrayCapital(token, cement: cement)
                || Rejection.units.contains(token)
            verdict = rejected ? 1 : 2
            loneVerdicts[slot] = verdict
        }
        guard verdict == 2 else { return nil }
        // The element rules look at most twelve characters back and a word ahead: 48 bytes suffice.
        let (a, z) = sentenceBounds(bytes, s, e, radius: 48)
        guard ElementContextScan.isMaterial(bytes, sentence: a, s, e, sentenceEnd: z) else { return nil }
        if let r = elementReadings[code] { return r }
        let r = Canon.make([string(bytes, s, e): 1], kind: "element_symbol")
        elementReadings[code] = r
        return r
    }

    /// Per element symbol (capital × small letter or none) and cement flag: 0 not yet judged, 1 rejected by the
    /// token rules (acronym, label, unit), 2 a candidate that its sentence decides.
    private var loneVerdicts = [UInt8](repeating: 0, count: 2 * 26 * 27)

    /// Whether a span holds a sum, adduct or prefix separator (`·`, `.`, `*`, `-`, `–`, `−`, `+`, `/`, `:`, `@`).
    private func hasSeparator(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        for k in s..<e {
            let b = bytes[k]
            if b >= 0x80 || b == UInt8(ascii: ".") || b == UInt8(ascii: "*") || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
                || b == UInt8(ascii: "/") || b == UInt8(ascii: ":") || b == UInt8(ascii: "@") { return true }
        }
        return false
    }

    /// The start of `8 mol% ` (or `8mol% `, `8 mol.% `) right before `s`, if it is there.
    private func molPrefixStart(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int) -> Int? {
        var k = s
        guard k >= 6, bytes[k - 1] == 0x20, bytes[k - 2] == UInt8(ascii: "%") else { return nil }
        k -= 2
        if bytes[k - 1] == UInt8(ascii: ".") { k -= 1 }
        guard k >= 4, bytes[k - 3] == UInt8(ascii: "m"), bytes[k - 2] == UInt8(ascii: "o"), bytes[k - 1] == UInt8(ascii: "l") else { return nil }
        k -= 3
        if k > 0, bytes[k - 1] == 0x20 { k -= 1 }
        let numberEnd = k
        while k > 0, MentionScanner.isDigit(bytes[k - 1]) || bytes[k - 1] == UInt8(ascii: ".") { k -= 1 }
        guard k < numberEnd, k == 0 || !(bytes[k - 1] >= 65 && bytes[k - 1] <= 122) else { return nil }
        return k
    }

    /// The end of a basis marker written after a composition (` (wt%)`, ` (at.%)`, ` (mol%)`), or `end`.
    private func basisEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ end: Int) -> Int {
        // Every marker starts with ` (` and is at least six bytes long.
        guard end + 6 <= bytes.count, bytes[end] == 0x20, bytes[end + 1] == UInt8(ascii: "(") else { return end }
        for marker in Self.basisMarkers where end + marker.count <= bytes.count && bytes[end..<(end + marker.count)].elementsEqual(marker) {
            return end + marker.count
        }
        return end
    }

    private static let basisMarkers: [[UInt8]] = [" (wt%)", " (wt.%)", " (at.%)", " (at%)", " (mol%)", " (mol.%)"].map { Array($0.utf8) }

    /// Whether the sentence around a span names cement chemistry (remembered for the last sentence).
    private func cementSentence(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let bounds = sentenceBounds(bytes, s, e)
        if let last = lastCementSentence, last.a == bounds.0, last.z == bounds.1 { return last.cement }
        let cement = Cement.isCementSentence(bytes, bounds.0, bounds.1)
        lastCementSentence = (bounds.0, bounds.1, cement)
        return cement
    }

    private var lastCementSentence: (a: Int, z: Int, cement: Bool)?

    /// Whether a span could be cement shorthand: only the oxide letters (C S A F M K N T P H), `$`,
    /// the combining bar, digits, `.` and `-`, or one of the phases written with small letters.
    private func cementShaped(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        if MentionScanner.cementLowercase(bytes, s, e) { return true }
        var k = s
        while k < e {
            let b = bytes[k]
            if Self.cementBytes[Int(b & 0x7F)] && b < 0x80 { k += 1; continue }
            if b == 0xCC, k + 1 < e, bytes[k + 1] == 0x84 { k += 2; continue }
            // Greek phase prefixes (`β-C2S`).
            if b == 0xCE || b == 0xCF { k += 2; continue }
            return false
        }
        return true
    }

    private static let cementBytes: [Bool] = MentionScanner.table("CSAFMKNTPH$0123456789.-")

    /// Whether two formula spans are one spaced adduct: ` · `, `·` with spaces, or one space before a
    /// coefficient (`SnCl2 2H2O`).
    private func joinable(_ bytes: UnsafeBufferPointer<UInt8>, _ end: Int, _ next: Int) -> Bool {
        let gap = bytes[end..<next]
        if gap.count > 5 { return false }
        if Self.separatorGaps.contains(where: { $0.elementsEqual(gap) }) { return true }
        // `Na2O 3SiO2`: one space before a coefficient glued to a formula.
        guard gap.count == 1, gap.first == 0x20, next + 1 < bytes.count, MentionScanner.isDigit(bytes[next]) else { return false }
        var k = next
        while k < bytes.count, MentionScanner.isDigit(bytes[k]) || bytes[k] == UInt8(ascii: ".") { k += 1 }
        return k < bytes.count && bytes[k] >= 65 && bytes[k] <= 90
    }

    /// ` · `, ` • `, ` ⋅ `, ` ∙ `, ` * `, ` – `, ` − `, ` - ` (not ` + `: reaction equations are not sums).
    private static let separatorGaps: [[UInt8]] = [" · ", " • ", " ⋅ ", " ∙ ", " * ", " – ", " − ", " - "].map { Array($0.utf8) }

    // MARK: - Text helpers

    /// The sentence around `s..<e` (at most about 400 bytes each way) with the mention located in it.
    private func context(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, cement: Bool) -> ReadingContext {
        // The reader runs before `bytes` goes out of scope, so the closure may read them.
        ReadingContext(cement: cement) { [self] in
            let (a, z) = sentenceBounds(bytes, s, e)
            let sentence = string(bytes, a, z)
            let lower = sentence.utf8.index(sentence.startIndex, offsetBy: s - a)
            let upper = sentence.utf8.index(lower, offsetBy: e - s)
            return (sentence, lower..<upper)
        }
    }

    /// The byte bounds of the sentence around `s..<e`: back to a newline or a `. ` before a capital,
    /// forward through the next `. ` or to a newline, at most about 400 bytes each way. Eight bytes without a
    /// newline or a full stop are passed over at once (`sentenceBoundsReference` is the byte-by-byte twin).
    func sentenceBounds(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, radius: Int = 400) -> (Int, Int) {
        let raw = UnsafeRawBufferPointer(bytes)
        var a = s
        let floor = max(0, s - radius)
        while a > floor {
            // No break at a, a − 1, …, a − 6 when bytes a − 8 ..< a hold no newline and no full stop.
            if a - 8 >= floor, !Self.holdsNewlineOrStop(raw.loadUnaligned(fromByteOffset: a - 8, as: UInt64.self)) {
                a -= 7
                continue
            }
            let b = bytes[a - 1]
            if b == 10 { break }
            if b == UInt8(ascii: " "), a >= 2, bytes[a - 2] == UInt8(ascii: "."), a < s, bytes[a] >= 65, bytes[a] <= 90 { break }
            a -= 1
        }
        while a < s, bytes[a] & 0xC0 == 0x80 { a += 1 }
        var z = e
        let ceiling = min(bytes.count, e + radius)
        while z < ceiling {
            if z + 8 <= ceiling, !Self.holdsNewlineOrStop(raw.loadUnaligned(fromByteOffset: z, as: UInt64.self)) {
                z += 8
                continue
            }
            let b = bytes[z]
            if b == 10 { break }
            if b == UInt8(ascii: "."), z + 1 < bytes.count, bytes[z + 1] == UInt8(ascii: " ") { z += 1; break }
            z += 1
        }
        while z > e, z < bytes.count, bytes[z] & 0xC0 == 0x80 { z -= 1 }
        return (a, z)
    }

    /// Whether one of eight bytes is a newline or a `.` (a byte equal to `c` is a zero byte of `x ^ c…c`).
    @inline(__always)
    static func holdsNewlineOrStop(_ x: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let newline = x ^ (ones &* 0x0A), stop = x ^ (ones &* 0x2E)
        return ((newline &- ones) & ~newline | (stop &- ones) & ~stop) & highs != 0
    }

    /// `sentenceBounds` byte by byte: the reference it is tested against.
    func sentenceBoundsReference(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, radius: Int = 400) -> (Int, Int) {
        var a = s
        let floor = max(0, s - radius)
        while a > floor {
            let b = bytes[a - 1]
            if b == 10 { break }
            if b == UInt8(ascii: " "), a >= 2, bytes[a - 2] == UInt8(ascii: "."), a < s, bytes[a] >= 65, bytes[a] <= 90 { break }
            a -= 1
        }
        while a < s, bytes[a] & 0xC0 == 0x80 { a += 1 }
        var z = e
        let ceiling = min(bytes.count, e + radius)
        while z < ceiling {
            let b = bytes[z]
            if b == 10 { break }
            if b == UInt8(ascii: "."), z + 1 < bytes.count, bytes[z + 1] == UInt8(ascii: " ") { z += 1; break }
            z += 1
        }
        while z > e, z < bytes.count, bytes[z] & 0xC0 == 0x80 { z -= 1 }
        return (a, z)
    }

    private func string(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[s..<e]), as: UTF8.self)
    }

    /// The Unicode scalars in `s..<e`: the bytes that are not UTF-8 continuation bytes (`10xxxxxx`),
    /// counted eight at a time.
    func scalars(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int {
        var continuation = 0
        var k = s
        let raw = UnsafeRawBufferPointer(bytes)
        while k + 8 <= e {
            let x = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k, as: UInt64.self))
            // Bit 7 set and bit 6 clear in a byte: a continuation byte.
            continuation += ((x & ~(x << 1)) & 0x8080_8080_8080_8080).nonzeroBitCount
            k += 8
        }
        while k < e {
            if bytes[k] & 0xC0 == 0x80 { continuation += 1 }
            k += 1
        }
        return (e - s) - continuation
    }
}
