/// The split patterns of byte-level BPE tokenizers, implemented by hand over Unicode scalars.
///
/// Each pattern is an ordered alternation; a match is found at the current position by trying the
/// alternatives in order and taking the first that matches (leftmost-first, not longest), exactly as
/// Rust `fancy-regex` (tiktoken) and Oniguruma (Hugging Face `tokenizers`) do. The patterns match at
/// every position, so the pieces cover the text with no gaps. `\p{L}`, `\p{N}` and `\s` are the
/// Unicode general categories L and N and the `White_Space` property (see `ScalarClass`).
public enum BytePairPattern: String, Sendable, Hashable, CaseIterable {
    /// Meta's LLaMA-3 pattern (also OpenAI's cl100k_base): digits in groups of up to three.
    case llama3
    /// The LLaMA-3 pattern with `\p{N}` instead of `\p{N}{1,3}` (Qwen2 and others): one digit each.
    case llama3SingleDigits
    /// GPT-2's pattern (also r50k/p50k and the built-in regex of `tokenizers`' ByteLevel).
    case gpt2

    /// The regular expression each case implements, as written in tokenizer files.
    public var regex: String {
        switch self {
        case .llama3:
            return #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        case .llama3SingleDigits:
            return #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        case .gpt2:
            return #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#
        }
    }

    /// The pattern whose regular expression is exactly `regex`, or nil.
    public init?(regex: String) {
        guard let match = Self.allCases.first(where: { $0.regex == regex }) else { return nil }
        self = match
    }
}

/// Splits text into pre-tokens with one of the `BytePairPattern`s.
public struct PreTokenizer: Sendable {
    public let pattern: BytePairPattern

    public init(pattern: BytePairPattern) { self.pattern = pattern }

    /// The pieces of `text`, in order; concatenated they give `text` back.
    public func pieces(of text: String) -> [Substring] {
        var text = text
        let utf8 = text.withUTF8 { buffer in
            var ranges: [Range<Int>] = []
            forEachPiece(buffer) { ranges.append($0) }
            return ranges
        }
        let view = text.utf8
        return utf8.map { range in
            Substring(view[view.index(view.startIndex, offsetBy: range.lowerBound)..<view.index(view.startIndex, offsetBy: range.upperBound)])
        }
    }

    /// Calls `body` with the byte range of each piece of the UTF-8 text in `buffer`.
    public func forEachPiece(_ buffer: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
        var splitter = PreTokenSplitter(base: base, start: 0, end: buffer.count, pattern: pattern)
        while let range = splitter.next() { body(range) }
    }
}

/// The split state machine over one UTF-8 buffer: `next()` returns the byte range of the next piece.
struct PreTokenSplitter {
    let base: UnsafePointer<UInt8>
    let end: Int
    let pattern: BytePairPattern
    let classes: UnsafeMutablePointer<UInt8>
    var position: Int

        init(base: UnsafePointer<UInt8>, start: Int, end: Int, pattern: BytePairPattern) {
        self.base = base
        self.end = end
        self.pattern = pattern
        self.classes = ScalarClassTable.shared.bmp
        self.position = start
    }

    private static let L = ScalarClass.letter.rawValue
    private static let N = ScalarClass.number.rawValue
    private static let S = ScalarClass.whitespace.rawValue
    private static let CRLF = ScalarClass.lineBreak.rawValue

    @inline(__always)
    private func bits(_ v: UInt32) -> UInt8 { v < 0x10000 ? classes[Int(v)] : ScalarClass.compute(v) }

    /// The class bits and the end offset of the scalar at `i` (which must be below `end`).
    @inline(__always)
    private func scalar(at i: Int) -> (value: UInt32, bits: UInt8, next: Int) {
        let (v, n) = decodeScalar(base, i)
        return (v, bits(v), n)
    }

    /// The end of the run of scalars from `i` whose bits intersect `any` and avoid `none`.
    @inline(__always)
    private func scanRun(from i: Int, any: UInt8, none: UInt8 = 0, limit: Int = Int.max) -> Int {
        var j = i, count = 0
        while j < end && count < limit {
            let b0 = base[j]
            if b0 < 0x80 {  // ASCII fast path
                let b = classes[Int(b0)]
                guard b & any != 0 && b & none == 0 else { break }
                j += 1
            } else {
                let s = scalar(at: j)
                guard s.bits & any != 0 && s.bits & none == 0 else { break }
                j = s.next
            }
            count += 1
        }
        return j
    }

    /// The end of the run of "other" scalars (not `\s`, `\p{L}` or `\p{N}`) from `i`.
    @inline(__always)
    private func scanOther(from i: Int) -> Int {
        var j = i
        while j < end {
            let b0 = base[j]
            if b0 < 0x80 {
                guard classes[Int(b0)] & (Self.L | Self.N | Self.S) == 0 else { break }
                j += 1
            } else {
                let s = scalar(at: j)
                guard s.bits & (Self.L | Self.N | Self.S) == 0 else { break }
                j = s.next
            }
        }
        return j
    }

    /// The end of a contraction (`'s 't 're 've 'm 'll 'd`) at `i`, which holds an apostrophe, or nil.
    /// Case-insensitive matching uses simple case folding, so `ſ` (U+017F) matches `s`, as in
    /// Rust `regex` and Oniguruma.
    @inline(__always)
    private func contraction(at i: Int, caseInsensitive: Bool) -> Int? {
        let j = i + 1
        guard j < end else { return nil }
        var c = base[j]
        if caseInsensitive {
            if c == 0xC5, j + 1 < end, base[j + 1] == 0xBF { return j + 2 }  // ſ
            if c >= 0x41 && c <= 0x5A { c |= 0x20 }
        }
        switch c {
        case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "d"): return j + 1
        case UInt8(ascii: "r"), UInt8(ascii: "v"), UInt8(ascii: "l"):
            guard j + 1 < end else { return nil }
            var c2 = base[j + 1]
            if caseInsensitive && c2 >= 0x41 && c2 <= 0x5A { c2 |= 0x20 }
            return c2 == (c == UInt8(ascii: "l") ? UInt8(ascii: "l") : UInt8(ascii: "e")) ? j + 2 : nil
        default: return nil
        }
    }

        mutating func next() -> Range<Int>? {
        guard position < end else { return nil }
        let start = position
        let stop: Int
        switch pattern {
        case .llama3: stop = matchLlama3(at: start, maxDigits: 3)
        case .llama3SingleDigits: stop = matchLlama3(at: start, maxDigits: 1)
        case .gpt2: stop = matchGPT2(at: start)
        }
        position = stop
        return start..<stop
    }

    /// `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
    private func matchLlama3(at i: Int, maxDigits: Int) -> Int {
        let first = scalar(at: i)
        // (?i:'s|'t|'re|'ve|'m|'ll|'d)
        if first.value == 0x27, let stop = contraction(at: i, caseInsensitive: true) { return stop }
        // [^\r\n\p{L}\p{N}]?\p{L}+
        if first.bits & Self.L != 0 { return scanRun(from: first.next, any: Self.L) }
        if first.bits & (Self.N | Self.CRLF) == 0, first.next < end {
            let second = scalar(at: first.next)
            if second.bits & Self.L != 0 { return scanRun(from: second.next, any: Self.L) }
        }
        // \p{N}{1,3}
        if first.bits & Self.N != 0 { return scanRun(from: first.next, any: Self.N, limit: maxDigits - 1) }
        // ` ?[^\s\p{L}\p{N}]+[\r\n]*`
        var otherStart = -1
        if first.bits & (Self.L | Self.N | Self.S) == 0 {
            otherStart = first.next
        } else if first.value == 0x20, first.next < end {
            let second = scalar(at: first.next)
            if second.bits & (Self.L | Self.N | Self.S) == 0 { otherStart = second.next }
        }
        if otherStart >= 0 {
            var j = scanOther(from: otherStart)
            while j < end && (base[j] == 0x0A || base[j] == 0x0D) { j += 1 }
            return j
        }
        // The first scalar is whitespace. Scan the whole run, noting the last line break and the
        // start of the last scalar.
        var j = i, afterLastBreak = -1, lastStart = i
        while j < end {
            let s = scalar(at: j)
            guard s.bits & Self.S != 0 else { break }
            if s.bits & Self.CRLF != 0 { afterLastBreak = s.next }
            lastStart = j
            j = s.next
        }
        // \s*[\r\n]+ : up to and including the last line break of the run.
        if afterLastBreak >= 0 { return afterLastBreak }
        return whitespaceTail(from: i, runEnd: j, lastStart: lastStart)
    }

    /// `\s+(?!\S)|\s+` over the whitespace run `i..<runEnd` whose last scalar starts at `lastStart`.
    @inline(__always)
    private func whitespaceTail(from i: Int, runEnd: Int, lastStart: Int) -> Int {
        // At the end of the text the whole run matches; before a non-space, the run less its last
        // scalar (when that leaves at least one); otherwise `\s+` takes the single scalar.
        if runEnd == end { return runEnd }
        return lastStart > i ? lastStart : runEnd
    }

    /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
    private func matchGPT2(at i: Int) -> Int {
        let first = scalar(at: i)
        if first.value == 0x27, let stop = contraction(at: i, caseInsensitive: false) { return stop }
        // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+` with the optional space present ...
        if first.value == 0x20, first.next < end {
            let second = scalar(at: first.next)
            if second.bits & Self.L != 0 { return scanRun(from: second.next, any: Self.L) }
            if second.bits & Self.N != 0 { return scanRun(from: second.next, any: Self.N) }
            if second.bits & (Self.L | Self.N | Self.S) == 0 { return scanOther(from: second.next) }
        }
        // ... and absent (a space is whitespace, so these only apply to other first scalars).
        if first.bits & Self.L != 0 { return scanRun(from: first.next, any: Self.L) }
        if first.bits & Self.N != 0 { return scanRun(from: first.next, any: Self.N) }
        if first.bits & (Self.L | Self.N | Self.S) == 0 { return scanOther(from: first.next) }
        // Whitespace run.
        var j = i, lastStart = i
        while j < end {
            let s = scalar(at: j)
            guard s.bits & Self.S != 0 else { break }
            lastStart = j
            j = s.next
        }
        return whitespaceTail(from: i, runEnd: j, lastStart: lastStart)
    }
}
