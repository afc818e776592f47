/// A compiled path glob, matched against `/`-separated relative paths.
///
/// Syntax:
/// - `*` matches any run of characters inside one path segment (never `/`);
/// - `**` as a whole segment matches any number of segments, zero included (`a/**/b` matches `a/b`);
///   `**` inside a longer segment (`a**b`) behaves like `*`;
/// - `?` matches one character (one Unicode scalar), never `/`;
/// - `[abc]`, `[a-z]`, `[!x]` (or `[^x]`) match one character from, or not from, a class;
///   a `]` right after `[` or `[!` is a member; an unterminated `[` is a literal `[`;
/// - `{xml,nxml}` matches any one of the comma-separated alternatives, which may nest and may contain
///   `/` or other wildcards; `{x}` is `x`; `{}` and an unterminated `{` are literal;
/// - `\` makes the next character literal.
///
/// A pattern without `/` (after brace expansion, decided per alternative) matches the **basename** of
/// the path; a pattern with `/` matches the **whole relative path**. A leading `./` or `/` on pattern
/// or path is ignored, as are empty segments (`a//b` is `a/b`); a trailing `/` means "everything under
/// this folder" (`docs/` is `docs/**`). Matching is case-sensitive and works on the UTF-8 bytes of the
/// path without allocating.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let pattern: String
    private let alternatives: [Alternative]

    /// Brace expansion stops with an error beyond this many alternatives.
    public static let maximumAlternatives = 1024

    /// A pattern that cannot be compiled.
    public struct PatternError: Error, Sendable, Hashable, CustomStringConvertible {
        public var pattern: String
        public var reason: String
        public var description: String { "invalid glob '\(pattern)': \(reason)" }
    }

    /// Compiles `pattern`. Throws `Glob.PatternError` for an empty pattern or one whose braces
    /// expand to more than `maximumAlternatives` alternatives.
    public init(_ pattern: String) throws {
        self.pattern = pattern
        let scalars = Array(pattern.unicodeScalars)
        guard !scalars.isEmpty else { throw PatternError(pattern: pattern, reason: "the pattern is empty") }
        var parser = BraceExpander(source: scalars)
        let expanded: [[PatternChar]]
        do {
            expanded = try parser.expand()
        } catch let error as BraceExpander.TooMany {
            throw PatternError(pattern: pattern, reason: "braces expand to more than \(error.limit) alternatives")
        }
        var seen = Set<Alternative>()
        var alternatives: [Alternative] = []
        for chars in expanded {
            let alternative = Alternative(compiling: chars)
            if seen.insert(alternative).inserted { alternatives.append(alternative) }
        }
        self.alternatives = alternatives
    }

    public var description: String { pattern }

    /// Whether `path` (relative, `/`-separated) matches.
    public func matches(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            let components = PathComponents(bytes)
            for alternative in alternatives where alternative.matches(components, bytes) { return true }
            return false
        }
    }

    // MARK: - Compiled form

    /// One brace-free alternative: either a basename pattern or a list of segment patterns.
    private struct Alternative: Sendable, Hashable {
        var basenameOnly: Bool
        var segments: [Segment]

        init(compiling chars: [PatternChar]) {
            // Split on unescaped '/'.
            var rawSegments: [[PatternChar]] = [[]]
            var sawSlash = false
            for c in chars {
                if case .literal("/") = c {
                    sawSlash = true
                    rawSegments.append([])
                } else {
                    rawSegments[rawSegments.count - 1].append(c)
                }
            }
            basenameOnly = !sawSlash
            let endsWithSlash = sawSlash && rawSegments.last?.isEmpty == true
            // Drop empty segments (leading '/', '//', trailing '/') and '.' segments at the front.
            var kept = rawSegments.filter { !$0.isEmpty }
            while let first = kept.first, first == [.literal(".")] { kept.removeFirst() }
            var segments = kept.map(Segment.init(compiling:))
            if endsWithSlash { segments.append(.globstar) }
            // Consecutive '**' are one '**'.
            var collapsed: [Segment] = []
            for s in segments {
                if s == .globstar, collapsed.last == .globstar { continue }
                collapsed.append(s)
            }
            self.segments = collapsed
        }

        func matches(_ path: PathComponents, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            if basenameOnly {
                guard let last = path.last, segments.count == 1, case .pattern(let tokens) = segments[0] else {
                    // A basename pattern is one segment, unless it was only '**' (matches anything).
                    return segments == [.globstar]
                }
                return Glob.match(tokens, bytes, last)
            }
            return matchSegments(path, bytes)
        }

        /// `**` is to segments what `*` is to characters: the same single-backtrack-point algorithm.
        private func matchSegments(_ path: PathComponents, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            let components = path.ranges
            var si = 0, ci = 0
            var starSegment = -1, starComponent = 0
            while ci < components.count {
                if si < segments.count {
                    switch segments[si] {
                    case .globstar:
                        starSegment = si; starComponent = ci; si += 1
                        continue
                    case .pattern(let tokens):
                        if Glob.match(tokens, bytes, components[ci]) { si += 1; ci += 1; continue }
                    }
                }
                guard starSegment >= 0 else { return false }
                starComponent += 1
                ci = starComponent
                si = starSegment + 1
            }
            while si < segments.count, segments[si] == .globstar { si += 1 }
            return si == segments.count
        }
    }

    private enum Segment: Sendable, Hashable {
        case globstar
        case pattern([Token])

        init(compiling chars: [PatternChar]) {
            if chars == [.star, .star] { self = .globstar; return }
            var tokens: [Token] = []
            for c in chars {
                switch c {
                case .star:
                    if tokens.last != .star { tokens.append(.star) }
                case .any:
                    tokens.append(.any)
                case .set(let negated, let ranges):
                    tokens.append(.set(negated: negated, ranges: ranges))
                case .literal(let scalar):
                    let utf8 = Array(String(Character(scalar)).utf8)
                    if case .literal(let previous)? = tokens.last {
                        tokens[tokens.count - 1] = .literal(previous + utf8)
                    } else {
                        tokens.append(.literal(utf8))
                    }
                }
            }
            self = .pattern(tokens)
        }
    }

    private enum Token: Sendable, Hashable {
        case literal([UInt8])
        case any
        case star
        case set(negated: Bool, ranges: [ClosedRange<UInt32>])
    }

    // MARK: - Matching one segment

    /// Classic wildcard matching with one backtrack point (the last `*`): correct because every other
    /// token matches exactly one determined stretch at a given position.
    private static func match(_ tokens: [Token], _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var ti = 0, pi = range.lowerBound
        let end = range.upperBound
        var starToken = -1, starPosition = 0
        while pi < end {
            if ti < tokens.count {
                switch tokens[ti] {
                case .star:
                    starToken = ti; starPosition = pi; ti += 1
                    continue
                case .literal(let literal):
                    if hasPrefix(literal, bytes, pi, end) {
                        pi += literal.count; ti += 1
                        continue
                    }
                case .any:
                    pi += scalarLength(bytes, pi, end); ti += 1
                    continue
                case .set(let negated, let ranges):
                    let (scalar, length) = decodeScalar(bytes, pi, end)
                    if ranges.contains(where: { $0.contains(scalar) }) != negated {
                        pi += length; ti += 1
                        continue
                    }
                }
            }
            if starToken >= 0 {
                starPosition += scalarLength(bytes, starPosition, end)
                pi = starPosition
                ti = starToken + 1
                continue
            }
            return false
        }
        while ti < tokens.count, tokens[ti] == .star { ti += 1 }
        return ti == tokens.count
    }

    private static func hasPrefix(_ literal: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Bool {
        guard i + literal.count <= end else { return false }
        for k in 0..<literal.count where bytes[i + k] != literal[k] { return false }
        return true
    }

    /// Length of the UTF-8 sequence at `i` (1 for stray continuation or invalid bytes).
    private static func scalarLength(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int {
        decodeScalar(bytes, i, end).length
    }

    /// Decodes one scalar; invalid bytes decode as themselves with length 1 (U+FFFD would make `[!x]`
    /// ambiguous, and invalid bytes should not reach here from a Swift `String`).
    private static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> (scalar: UInt32, length: Int) {
        let b0 = bytes[i]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        let length: Int
        var value: UInt32
        switch b0 {
        case 0xC2...0xDF: length = 2; value = UInt32(b0 & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(b0 & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(b0 & 0x07)
        default: return (UInt32(b0), 1)
        }
        guard i + length <= end else { return (UInt32(b0), 1) }
        for k in 1..<length {
            let b = bytes[i + k]
            guard b & 0xC0 == 0x80 else { return (UInt32(b0), 1) }
            value = value << 6 | UInt32(b & 0x3F)
        }
        return (value, length)
    }
}

// MARK: - Path components

/// The non-empty, non-`.`-prefix segments of a path, as byte ranges into its UTF-8.
private struct PathComponents {
    private(set) var ranges: [Range<Int>]

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var storage: [Range<Int>] = []
        storage.reserveCapacity(8)
        var start = 0
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        for i in 0...bytes.count where i == bytes.count || bytes[i] == slash {
            if i > start {
                let isDot = i - start == 1 && bytes[start] == dot
                // A leading "./" (or "././") is ignored; a "." later in the path is kept as written.
                if !(isDot && storage.isEmpty) { storage.append(start..<i) }
            }
            start = i + 1
        }
        ranges = storage
    }

    var last: Range<Int>? { ranges.last }
}

// MARK: - Pattern parsing

/// One parsed pattern character, after escapes and classes are resolved.
private enum PatternChar: Hashable {
    case literal(Unicode.Scalar)
    case any
    case star
    case set(negated: Bool, ranges: [ClosedRange<UInt32>])
}

/// Parses the pattern into brace-free alternatives of `PatternChar`.
private struct BraceExpander {
    struct TooMany: Error { var limit: Int }

    let source: [Unicode.Scalar]
    var position = 0

    init(source: [Unicode.Scalar]) { self.source = source }

    mutating func expand() throws -> [[PatternChar]] {
        try sequence(topLevel: true)
    }

    /// Parses until end (top level) or until an unconsumed `,` or `}` inside braces.
    private mutating func sequence(topLevel: Bool) throws -> [[PatternChar]] {
        var results: [[PatternChar]] = [[]]
        func appendToAll(_ c: PatternChar) {
            for i in results.indices { results[i].append(c) }
        }
        while position < source.count {
            let c = source[position]
            switch c {
            case "\\":
                position += 1
                if position < source.count {
                    appendToAll(.literal(source[position])); position += 1
                } else {
                    appendToAll(.literal("\\"))
                }
            case "*":
                appendToAll(.star); position += 1
            case "?":
                appendToAll(.any); position += 1
            case "[":
                if let set = parseSet() { appendToAll(set) } else { appendToAll(.literal("[")); position += 1 }
            case "," where !topLevel, "}" where !topLevel:
                return results
            case "{":
                let start = position
                if let alternatives = try parseBraces() {
                    var combined: [[PatternChar]] = []
                    for prefix in results {
                        for alternative in alternatives {
                            combined.append(prefix + alternative)
                            if combined.count > Glob.maximumAlternatives { throw TooMany(limit: Glob.maximumAlternatives) }
                        }
                    }
                    results = combined
                } else {
                    position = start + 1
                    appendToAll(.literal("{"))
                }
            default:
                appendToAll(.literal(c)); position += 1
            }
        }
        return results
    }

    /// At `{`: parses `{a,b,...}`; returns nil (position unspecified) when unterminated or empty.
    private mutating func parseBraces() throws -> [[PatternChar]]? {
        position += 1  // '{'
        var alternatives: [[PatternChar]] = []
        var sawComma = false
        while true {
            let part = try sequence(topLevel: false)
            alternatives.append(contentsOf: part)
            if alternatives.count > Glob.maximumAlternatives { throw TooMany(limit: Glob.maximumAlternatives) }
            guard position < source.count else { return nil }
            if source[position] == "," {
                sawComma = true; position += 1
                continue
            }
            // '}'
            position += 1
            if !sawComma && alternatives == [[]] { return nil }  // "{}" is literal
            return alternatives
        }
    }

    /// At `[`: parses a class; returns nil, leaving `position` alone, when there is no closing `]`.
    private mutating func parseSet() -> PatternChar? {
        var i = position + 1
        var negated = false
        if i < source.count, source[i] == "!" || source[i] == "^" { negated = true; i += 1 }
        var ranges: [ClosedRange<UInt32>] = []
        var first = true
        while i < source.count {
            var c = source[i]
            if c == "]" && !first {
                position = i + 1
                return .set(negated: negated, ranges: ranges)
            }
            first = false
            if c == "\\", i + 1 < source.count { i += 1; c = source[i] }
            // A range a-z, unless the '-' is last before ']'.
            if i + 2 < source.count, source[i + 1] == "-", source[i + 2] != "]" {
                var upper = source[i + 2]
                var next = i + 3
                if upper == "\\", i + 3 < source.count { upper = source[i + 3]; next = i + 4 }
                let lo = min(c.value, upper.value), hi = max(c.value, upper.value)
                ranges.append(lo...hi)
                i = next
            } else {
                ranges.append(c.value...c.value)
                i += 1
            }
        }
        return nil
    }
}

// MARK: - Include/exclude lists

/// An include list and an exclude list of globs, compiled once.
///
/// A path is accepted when the include list is empty or one include pattern matches, and no exclude
/// pattern matches: exclude wins over include.
public struct GlobFilter: Sendable, Hashable {
    public let include: [Glob]
    public let exclude: [Glob]

    /// Compiles both lists; throws `Glob.PatternError` naming the first bad pattern.
    public init(include: [String] = [], exclude: [String] = []) throws {
        self.include = try include.map(Glob.init)
        self.exclude = try exclude.map(Glob.init)
    }

    /// Whether `path` passes both lists.
    public func accepts(_ path: String) -> Bool {
        if !include.isEmpty && !isIncluded(path) { return false }
        return !isExcluded(path)
    }

    /// Whether one include pattern matches (false when the include list is empty).
    public func isIncluded(_ path: String) -> Bool { include.contains { $0.matches(path) } }

    /// Whether one exclude pattern matches.
    public func isExcluded(_ path: String) -> Bool { exclude.contains { $0.matches(path) } }
}
