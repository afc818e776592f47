import Pipeline
import Testing

/// Every key and value remembers the line and column where it starts.
@Suite("TOML source positions")
struct TOMLPositionTests {
    static let sample = [
        "# pipeline",                   // 1
        "title = \"demo\"",             // 2
        "  indent.dotted = 42",         // 3
        "list = [",                     // 4
        "  1,",                         // 5
        "    \"two\",",                 // 6
        "  { k = true },",              // 7
        "]",                            // 8
        "text = \"\"\"",                // 9
        "spans",                        // 10
        "lines\"\"\"",                  // 11
        "after = 1979-05-27",           // 12
        "[server.http]",                // 13
        "port\t= 8080",                 // 14
        "[[stages]]",                   // 15
        "kind = 'read'",                // 16
        "  [[ stages ]]",               // 17
        "kind = \"filter\"",            // 18
        "[server]",                     // 19
        "\"ü\" = \"日本\" # comment",   // 20
        "z = -inf",                     // 21
    ].joined(separator: "\n") + "\n"

    /// `(line, column)` of a position, for compact expectations.
    static func lc(_ p: SourcePosition?) -> [Int] { p.map { [$0.line, $0.column] } ?? [] }

    @Test("keys and values carry their positions (LF and CRLF)", arguments: ["\n", "\r\n"])
    func positions(lineEnd: String) throws {
        let text = Self.sample.replacingOccurrences(of: "\n", with: lineEnd)
        let doc = try TOMLParser.parse(text, file: "pipelines/demo.toml")
        let lc = Self.lc

        #expect(doc.position == SourcePosition(file: "pipelines/demo.toml", line: 1, column: 1))
        #expect(doc.position.description == "pipelines/demo.toml:1:1")

        #expect(lc(doc.entry("title")?.keyPosition) == [2, 1])
        #expect(lc(doc["title"]?.position) == [2, 9])

        // A dotted key: the implied table starts at its key part; the value at its first character.
        #expect(lc(doc.entry("indent")?.keyPosition) == [3, 3])
        let indent = try #require(doc["indent"]?.tableValue)
        #expect(lc(doc["indent"]?.position) == [3, 3])
        #expect(lc(indent.entry("dotted")?.keyPosition) == [3, 10])
        #expect(lc(indent["dotted"]?.position) == [3, 19])

        // Array elements, an inline table and its key inside a multi-line array.
        #expect(lc(doc["list"]?.position) == [4, 8])
        let list = try #require(doc["list"]?.arrayValue)
        #expect(list.map { lc($0.position) } == [[5, 3], [6, 5], [7, 3]])
        let inline = try #require(list[2].tableValue)
        #expect(lc(inline.position) == [7, 3])
        #expect(lc(inline.entry("k")?.keyPosition) == [7, 5])
        #expect(lc(inline["k"]?.position) == [7, 9])

        // Lines are counted inside multi-line strings.
        #expect(lc(doc["text"]?.position) == [9, 8])
        #expect(doc["text"]?.stringValue == "spans\nlines")
        #expect(lc(doc.entry("after")?.keyPosition) == [12, 1])
        #expect(lc(doc["after"]?.position) == [12, 9])

        // [server.http]: `server` was implied there, then defined by [server] on line 19.
        #expect(lc(doc.entry("server")?.keyPosition) == [19, 2])
        let server = try #require(doc["server"]?.tableValue)
        #expect(lc(server.position) == [19, 1])
        #expect(lc(server.entry("http")?.keyPosition) == [13, 9])
        let http = try #require(server["http"]?.tableValue)
        #expect(lc(http.position) == [13, 1])
        #expect(lc(http.entry("port")?.keyPosition) == [14, 1])
        #expect(lc(http["port"]?.position) == [14, 8]) // the tab counts as one column
        #expect(lc(server.entry("ü")?.keyPosition) == [20, 1])
        #expect(lc(server["ü"]?.position) == [20, 7]) // columns count Unicode scalars

        // Arrays of tables: the array at its first header, each element at its own header.
        #expect(lc(doc.entry("stages")?.keyPosition) == [15, 3])
        #expect(lc(doc["stages"]?.position) == [15, 1])
        let stages = try #require(doc["stages"]?.arrayValue)
        #expect(stages.map { lc($0.position) } == [[15, 1], [17, 3]])
        #expect(lc(stages[1].tableValue?.entry("kind")?.keyPosition) == [18, 1])
        #expect(lc(stages[1].tableValue?["kind"]?.position) == [18, 8])
        #expect(lc(server.entry("z")?.keyPosition) == [21, 1])
        #expect(lc(server["z"]?.position) == [21, 5])
        #expect(server["z"]?.floatValue == -.infinity)

        #expect(doc.keys == ["title", "indent", "list", "text", "after", "server", "stages"])
        #expect(server.keys == ["http", "ü", "z"])
    }

    @Test("every position in a parsed document lies inside the document")
    func positionsAreInside() throws {
        let lines = Self.sample.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
        let doc = try TOMLParser.parse(Self.sample, file: "x.toml")
        var checked = 0
        func check(_ p: SourcePosition) {
            checked += 1
            #expect(p.file == "x.toml")
            #expect(p.line >= 1 && p.line <= lines.count)
            if p.line >= 1 && p.line <= lines.count {
                #expect(p.column >= 1 && p.column <= lines[p.line - 1].count, "\(p)")
            }
        }
        func visit(_ value: TOMLValue) {
            check(value.position)
            switch value.kind {
            case .array(let items): items.forEach(visit)
            case .table(let table): visitTable(table)
            default: break
            }
        }
        func visitTable(_ table: TOMLTable) {
            for entry in table {
                check(entry.keyPosition)
                visit(entry.value)
            }
        }
        visitTable(doc)
        #expect(checked > 30)
    }

    @Test("positions order by line, then column")
    func ordering() {
        let a = SourcePosition(file: "f", line: 2, column: 9)
        let b = SourcePosition(file: "f", line: 3, column: 1)
        #expect(a < b)
        #expect(!(b < a))
        #expect(SourcePosition(file: "f", line: 3, column: 2) > b)
    }
}
