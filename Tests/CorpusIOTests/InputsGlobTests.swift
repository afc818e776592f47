import Testing
@testable import CorpusIO

@Suite("Inputs: globs")
struct InputsGlobTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var pattern: String
        var path: String
        var matches: Bool
        var testDescription: String { "\(pattern) \(matches ? "~" : "!~") \(path)" }
    }

    static let table: [Case] = [
        // Basename patterns (no '/') look at the last segment only.
        Case(pattern: "*.xml", path: "a.xml", matches: true),
        Case(pattern: "*.xml", path: "deep/er/a.xml", matches: true),
        Case(pattern: "*.xml", path: "a.xml.gz", matches: false),
        Case(pattern: "*.xml", path: "dir.xml/a.txt", matches: false),
        Case(pattern: "a*", path: "x/abc", matches: true),
        Case(pattern: "*", path: "anything/at/all", matches: true),
        Case(pattern: "*", path: ".hidden", matches: true),
        Case(pattern: "*.cif", path: "./x.cif", matches: true),
        // Path patterns (with '/') match the whole relative path.
        Case(pattern: "data/*.xml", path: "data/a.xml", matches: true),
        Case(pattern: "data/*.xml", path: "data/sub/a.xml", matches: false),
        Case(pattern: "data/*.xml", path: "other/data/a.xml", matches: false),
        Case(pattern: "./data/*.xml", path: "data/a.xml", matches: true),
        Case(pattern: "data/*.xml", path: "./data/a.xml", matches: true),
        Case(pattern: "/data/*.xml", path: "data/a.xml", matches: true),
        Case(pattern: "data//*.xml", path: "data/a.xml", matches: true),
        // '*' stays inside a segment.
        Case(pattern: "a/*", path: "a/b/c", matches: false),
        Case(pattern: "a*c/d", path: "ab/c/d", matches: false),
        Case(pattern: "*/*", path: "a/b", matches: true),
        Case(pattern: "*/*", path: "a", matches: false),
        // '**' spans any number of segments, zero included.
        Case(pattern: "**/*.xml", path: "a.xml", matches: true),
        Case(pattern: "**/*.xml", path: "a/b/c/d.xml", matches: true),
        Case(pattern: "a/**/b", path: "a/b", matches: true),
        Case(pattern: "a/**/b", path: "a/x/y/b", matches: true),
        Case(pattern: "a/**/b", path: "a/x/y/c", matches: false),
        Case(pattern: "a/**", path: "a/x/y", matches: true),
        Case(pattern: "a/**", path: "b/x", matches: false),
        Case(pattern: "**", path: "a/b/c", matches: true),
        Case(pattern: "a/**/**/b", path: "a/b", matches: true),
        Case(pattern: "**/x/**/y.cif", path: "p/x/q/r/y.cif", matches: true),
        Case(pattern: "**/x/**/y.cif", path: "p/q/r/y.cif", matches: false),
        Case(pattern: "a**b", path: "a/b", matches: false),  // '**' inside a segment is '*'
        Case(pattern: "x/a**b", path: "x/aXYb", matches: true),
        Case(pattern: "docs/", path: "docs/a/b.md", matches: true),
        // '?' is one character, never '/', and one Unicode scalar.
        Case(pattern: "?.cif", path: "a.cif", matches: true),
        Case(pattern: "?.cif", path: "ab.cif", matches: false),
        Case(pattern: "a?b", path: "x/a/b", matches: false),
        Case(pattern: "?.txt", path: "é.txt", matches: true),
        Case(pattern: "??.txt", path: "é.txt", matches: false),
        // Classes.
        Case(pattern: "[abc].x", path: "b.x", matches: true),
        Case(pattern: "[abc].x", path: "d.x", matches: false),
        Case(pattern: "file[0-9].x", path: "file7.x", matches: true),
        Case(pattern: "file[0-9].x", path: "fileA.x", matches: false),
        Case(pattern: "[!x]*", path: "abc", matches: true),
        Case(pattern: "[!x]*", path: "xbc", matches: false),
        Case(pattern: "[^x]*", path: "xbc", matches: false),
        Case(pattern: "[]]", path: "]", matches: true),
        Case(pattern: "[a-]", path: "-", matches: true),
        Case(pattern: "[α-ω].txt", path: "λ.txt", matches: true),
        Case(pattern: "[!é].txt", path: "é.txt", matches: false),
        Case(pattern: "a[/]b", path: "a/b", matches: false),
        Case(pattern: "[ab", path: "[ab", matches: true),  // unterminated class is literal
        // Braces.
        Case(pattern: "*.{xml,nxml}", path: "a.nxml", matches: true),
        Case(pattern: "*.{xml,nxml}", path: "a.xml", matches: true),
        Case(pattern: "*.{xml,nxml}", path: "a.html", matches: false),
        Case(pattern: "{a,b/c}/*.x", path: "b/c/d.x", matches: true),
        Case(pattern: "{a,b/c}/*.x", path: "a/d.x", matches: true),
        Case(pattern: "{*.cif,raw/*.txt}", path: "deep/a.cif", matches: true),   // basename alternative
        Case(pattern: "{*.cif,raw/*.txt}", path: "deep/raw/a.txt", matches: false), // path alternative
        Case(pattern: "x.{a,{b,c}}", path: "x.c", matches: true),
        Case(pattern: "x{,.bak}", path: "x", matches: true),
        Case(pattern: "x{,.bak}", path: "x.bak", matches: true),
        Case(pattern: "{a", path: "{a", matches: true),
        Case(pattern: "{}", path: "{}", matches: true),
        // Escapes and literals.
        Case(pattern: "\\*.txt", path: "*.txt", matches: true),
        Case(pattern: "\\*.txt", path: "a.txt", matches: false),
        Case(pattern: "a.xml", path: "a.xml", matches: true),
        Case(pattern: "a.xml", path: "A.XML", matches: false),  // case-sensitive
        Case(pattern: "x*y*z", path: "xaaybbyz", matches: true),
        Case(pattern: "x*y*z", path: "xaaybbyzq", matches: false),
        Case(pattern: "*a*a*a*b", path: String(repeating: "a", count: 200), matches: false),
        Case(pattern: "../*", path: "../x", matches: true),
    ]

    @Test(arguments: table)
    func matches(_ c: Case) throws {
        let glob = try Glob(c.pattern)
        #expect(glob.matches(c.path) == c.matches, "\(c.pattern) on \(c.path)")
    }

    @Test func badPatterns() {
        #expect(throws: Glob.PatternError.self) { try Glob("") }
        let explosive = String(repeating: "{a,b,c}", count: 8)  // 3^8 alternatives
        #expect(throws: Glob.PatternError.self) { try Glob(explosive) }
    }

    @Test func filterExcludeWinsAndEmptyIncludeTakesAll() throws {
        let all = try GlobFilter()
        #expect(all.accepts("x/y.bin"))
        let f = try GlobFilter(include: ["*.xml", "*.cif"], exclude: ["**/draft/**", "bad*"])
        #expect(f.accepts("a/b.xml"))
        #expect(f.accepts("c.cif"))
        #expect(!f.accepts("c.txt"))
        #expect(!f.accepts("a/draft/b.xml"))
        #expect(!f.accepts("bad.cif"))
        let onlyExclude = try GlobFilter(exclude: ["*.pdf"])
        #expect(onlyExclude.accepts("a.xml"))
        #expect(!onlyExclude.accepts("a.pdf"))
    }
}
