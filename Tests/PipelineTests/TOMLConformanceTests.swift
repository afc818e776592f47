import Foundation
import Pipeline
import Testing

/// Valid documents must parse to what Python's `tomllib` produces; invalid ones must be rejected at
/// the right line and column with a message that says what was expected.
@Suite("TOML conformance")
struct TOMLConformanceTests {
    /// Each valid document in its LF form and with CRLF line ends, as file names for the reference.
    static let variants: [String: String] = {
        var result: [String: String] = [:]
        for (name, text) in TOMLValidDocuments.all {
            result["\(name)-lf.toml"] = text
            result["\(name)-crlf.toml"] = text.replacingOccurrences(of: "\n", with: "\r\n")
        }
        return result
    }()

    /// `tomllib`'s reading of every variant, computed once for all test cases.
    static let reference: Result<[String: TOMLReference.Outcome], TOMLReference.ReferenceFailure> = {
        do {
            return .success(try TOMLReference.run(variants.mapValues { Array($0.utf8) }))
        } catch let failure as TOMLReference.ReferenceFailure {
            return .failure(failure)
        } catch {
            return .failure(TOMLReference.ReferenceFailure(message: "\(error)"))
        }
    }()

    @Test("valid document parses as tomllib parses it (LF and CRLF)",
          .enabled(if: TOMLReference.isAvailable, "python3 with tomllib is absent: skipping the comparison with the reference parser"),
          arguments: TOMLValidDocuments.all.map(\.name))
    func validDocumentMatchesReference(_ name: String) throws {
        let reference = try Self.reference.get()
        for variant in ["lf", "crlf"] {
            let file = "\(name)-\(variant).toml"
            let text = try #require(Self.variants[file])
            let ours: TOMLTable
            do {
                ours = try TOMLParser.parse(text, file: file)
            } catch {
                Issue.record("rejected a valid document: \(error)")
                continue
            }
            let outcome = try #require(reference[file])
            guard case .parsed(let expected) = outcome else {
                Issue.record("tomllib rejected \(file), so it is not a valid test document: \(outcome)")
                continue
            }
            #expect(PlainTOML(ours) == expected, "\(file)")
        }
    }

    @Test("every valid document parses, also without the reference")
    func validDocumentsParse() {
        for (name, text) in TOMLValidDocuments.all {
            #expect(throws: Never.self, "\(name)") { try TOMLParser.parse(text, file: name) }
        }
    }

    @Test("spot checks of parsed values, independent of the reference")
    func spotChecks() throws {
        let doc = try TOMLParser.parse(#"""
        hex = 0xDEAD_beef
        oct = 0o755
        bin = 0b1101
        min = -9223372036854775808
        exp = -2E-2
        neg-zero = -0.0
        esc = "tab\there \u00E9\U0001F600 \"q\" \\"
        lit = 'C:\path\n'
        ml = """
        one \
           two
        three"""
        mll = '''
        raw \n'''
        quotes = """a""""
        dt = 1979-05-27 07:32:00.5-07:00
        t = 00:32:00.999999
        nested = { a.b = [1, 'x', { c = true }] }
        [x.y]
        z = 1
        [[arr]]
        [[arr]]
        n = 2
        """#, file: "spot.toml")
        #expect(doc["hex"]?.integerValue == 0xDEADBEEF)
        #expect(doc["oct"]?.integerValue == 0o755)
        #expect(doc["bin"]?.integerValue == 13)
        #expect(doc["min"]?.integerValue == Int64.min)
        #expect(doc["exp"]?.floatValue == -0.02)
        let negativeZero = try #require(doc["neg-zero"]?.floatValue)
        #expect(negativeZero == 0 && negativeZero.sign == .minus)
        #expect(doc["esc"]?.stringValue == "tab\there é😀 \"q\" \\")
        #expect(doc["lit"]?.stringValue == #"C:\path\n"#)
        #expect(doc["ml"]?.stringValue == "one two\nthree")
        #expect(doc["mll"]?.stringValue == #"raw \n"#)
        #expect(doc["quotes"]?.stringValue == "a\"")
        #expect(doc["dt"]?.datetimeValue == "1979-05-27 07:32:00.5-07:00")
        #expect(doc["t"]?.datetimeValue == "00:32:00.999999")
        let nested = try #require(doc["nested"]?.tableValue?["a"]?.tableValue?["b"]?.arrayValue)
        #expect(nested.count == 3)
        #expect(nested[0].integerValue == 1)
        #expect(nested[1].stringValue == "x")
        #expect(nested[2].tableValue?["c"]?.boolValue == true)
        #expect(doc["x"]?.tableValue?["y"]?.tableValue?["z"]?.integerValue == 1)
        let arr = try #require(doc["arr"]?.arrayValue)
        #expect(arr.count == 2)
        #expect(arr[0].tableValue?.isEmpty == true)
        #expect(arr[1].tableValue?["n"]?.integerValue == 2)
        #expect(doc.keys == ["hex", "oct", "bin", "min", "exp", "neg-zero", "esc", "lit", "ml", "mll", "quotes", "dt", "t", "nested", "x", "arr"])
    }

    // MARK: Invalid documents

    struct InvalidCase: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var line: Int
        var column: Int
        var message: String
        /// `tomllib` accepts these: it allows integers beyond 64 bits (TOML requires rejecting them) and
        /// has no nesting limit (ours guards the stack).
        var tomllibAccepts = false
        var testDescription: String { name }
    }

    static let invalidCases: [InvalidCase] = [
        // Keys and structure.
        InvalidCase(name: "duplicate key", text: "a = 1\nb = 2\na = 3\n", line: 3, column: 1, message: "duplicate key \"a\" (first defined at line 1)"),
        InvalidCase(name: "duplicate key in table", text: "[filter]\nmin_chars = 1\n\n  min_chars = 2\n", line: 4, column: 3, message: "duplicate key \"min_chars\" (first defined at line 2)"),
        InvalidCase(name: "duplicate quoted key", text: "a = 1\n\"a\" = 2\n", line: 2, column: 1, message: "duplicate key \"a\""),
        InvalidCase(name: "duplicate key, literal vs bare", text: "'b c' = 1\n\"b c\" = 2\n", line: 2, column: 1, message: "duplicate key \"b c\""),
        InvalidCase(name: "duplicate dotted key", text: "a.b = 1\na.b = 2\n", line: 2, column: 3, message: "duplicate key \"a.b\""),
        InvalidCase(name: "missing equals", text: "key\n", line: 1, column: 4, message: "expected '=' after key \"key\", found newline"),
        InvalidCase(name: "space inside bare key", text: "a b = 1\n", line: 1, column: 3, message: "expected '=' after key \"a\", found 'b'"),
        InvalidCase(name: "missing key", text: "= 1\n", line: 1, column: 1, message: "expected a key, found '='"),
        InvalidCase(name: "non-ASCII bare key", text: "é = 1\n", line: 1, column: 1, message: "expected a key, found 'é'"),
        InvalidCase(name: "empty dotted key part", text: "a..b = 1\n", line: 1, column: 3, message: "expected a key before '.'"),
        InvalidCase(name: "multi-line string as key", text: "\"\"\"k\"\"\" = 1\n", line: 1, column: 1, message: "a multi-line string cannot be used as a key"),
        InvalidCase(name: "missing value", text: "a = \n", line: 1, column: 5, message: "expected a value, found newline"),
        InvalidCase(name: "missing value at end", text: "a =", line: 1, column: 4, message: "expected a value, found end of file"),
        InvalidCase(name: "two values on a line", text: "a = 1 b = 2\n", line: 1, column: 7, message: "expected a newline after a key/value pair, found 'b'"),
        InvalidCase(name: "two strings", text: "a = \"x\" \"y\"\n", line: 1, column: 9, message: "expected a newline after a key/value pair"),
        InvalidCase(name: "key after header", text: "[a] b = 1\n", line: 1, column: 5, message: "expected a newline after a table header, found 'b'"),
        InvalidCase(name: "unquoted string value", text: "a = hello\n", line: 1, column: 5, message: "invalid value 'hello'"),
        InvalidCase(name: "misspelt boolean", text: "a = tru\n", line: 1, column: 5, message: "invalid value 'tru'"),
        InvalidCase(name: "capitalised boolean", text: "a = True\n", line: 1, column: 5, message: "booleans are lowercase"),
        // Headers.
        InvalidCase(name: "unclosed header", text: "[a\n", line: 1, column: 3, message: "expected ']' to close the table header, found newline"),
        InvalidCase(name: "unclosed array header", text: "[[a]\n", line: 1, column: 4, message: "expected ']]' to close the array-of-tables header"),
        InvalidCase(name: "split array header brackets", text: "[[a] ]\n", line: 1, column: 4, message: "expected ']]'"),
        InvalidCase(name: "empty header", text: "[]\n", line: 1, column: 2, message: "expected a key, found ']'"),
        // Redefinitions.
        InvalidCase(name: "table defined twice", text: "[a]\nx = 1\n[a]\n", line: 3, column: 2, message: "table [a] is defined twice (first defined at line 1)"),
        InvalidCase(name: "implied table defined twice", text: "[a.b]\n[a]\n[a]\n", line: 3, column: 2, message: "table [a] is defined twice (first defined at line 2)"),
        InvalidCase(name: "header redefines dotted table", text: "a.b = 1\n[a]\n", line: 2, column: 2, message: "table [a] is already defined by dotted keys (at line 1)"),
        InvalidCase(name: "header redefines nested dotted table", text: "[fruit]\napple.color = 'red'\n[fruit.apple]\n", line: 3, column: 8, message: "table [fruit.apple] is already defined by dotted keys"),
        InvalidCase(name: "dotted key extends header table", text: "[a.b]\nx = 1\n[a]\nb.y = 2\n", line: 4, column: 1, message: "cannot add to table [a.b] with the dotted key \"b.y\""),
        InvalidCase(name: "dotted key extends deeper header table", text: "[a.b.c.d]\nz = 9\n[a]\nb.c.d.k = 1\n", line: 4, column: 5, message: "cannot add to table [a.b.c.d]"),
        InvalidCase(name: "dotted key into array of tables", text: "[[a.b]]\n[a]\nb.c = 1\n", line: 3, column: 1, message: "cannot add to array of tables [[a.b]] (defined at line 1) with the dotted key \"b.c\""),
        InvalidCase(name: "table over array of tables", text: "[[a]]\n[b]\n[a]\n", line: 3, column: 2, message: "table [a] is already defined as an array of tables (first defined at line 1)"),
        InvalidCase(name: "array of tables over table", text: "[a]\n[[a]]\n", line: 2, column: 3, message: "cannot define array of tables [[a]]: table [a] is already defined (at line 1)"),
        InvalidCase(name: "append to static array", text: "fruits = []\n[[fruits]]\n", line: 2, column: 3, message: "cannot append to static array \"fruits\" (defined at line 1)"),
        InvalidCase(name: "header through value", text: "a = 1\n[a.b]\n", line: 2, column: 2, message: "cannot define [a.b]: key \"a\" already has a value (an integer at line 1)"),
        InvalidCase(name: "header redefines key", text: "[t]\nx = 1\n[t.x]\n", line: 3, column: 4, message: "cannot define table [t.x]: key \"t.x\" already has a value (an integer at line 2)"),
        InvalidCase(name: "header extends inline table", text: "a = {b = 1}\n[a.c]\n", line: 2, column: 2, message: "\"a\" is an inline table (defined at line 1), and inline tables cannot be extended"),
        InvalidCase(name: "header redefines inline table", text: "a = {}\n[a]\n", line: 2, column: 2, message: "key \"a\" already has a value (a table at line 1)"),
        InvalidCase(name: "header into static array of inline tables", text: "a = [{b = 1}]\n[a.c]\n", line: 2, column: 2, message: "key \"a\" already has a value (an array at line 1)"),
        InvalidCase(name: "dotted key extends inline table", text: "a = {b = 1}\na.c = 2\n", line: 2, column: 1, message: "cannot add to inline table \"a\" (defined at line 1): inline tables cannot be extended"),
        InvalidCase(name: "dotted key through value", text: "a = 1\na.b = 2\n", line: 2, column: 1, message: "cannot use \"a\" as a table: key \"a\" already has a value"),
        InvalidCase(name: "inline table duplicate key", text: "a = {b = 1, b = 2}\n", line: 1, column: 13, message: "duplicate key \"b\""),
        InvalidCase(name: "inline table dotted then plain", text: "a = {b.c = 1, b = 2}\n", line: 1, column: 15, message: "duplicate key \"b\""),
        InvalidCase(name: "inline table extends nested inline table", text: "a = {b = {c = 1}, b.d = 2}\n", line: 1, column: 19, message: "cannot add to inline table \"b\""),
        // Inline tables and arrays.
        InvalidCase(name: "newline in inline table", text: "a = {b = 1,\nc = 2}\n", line: 1, column: 12, message: "expected a key (an inline table must be on one line), found newline"),
        InvalidCase(name: "newline before closing brace", text: "a = {b = 1\n}\n", line: 1, column: 11, message: "expected ',' or '}' (an inline table must be on one line), found newline"),
        InvalidCase(name: "trailing comma in inline table", text: "a = {b = 1,}\n", line: 1, column: 12, message: "trailing commas are not allowed in inline tables"),
        InvalidCase(name: "unterminated inline table", text: "a = {b = 1", line: 1, column: 5, message: "unterminated inline table"),
        InvalidCase(name: "missing comma in array", text: "a = [1 2]\n", line: 1, column: 8, message: "expected ',' or ']' after an array element, found '2'"),
        InvalidCase(name: "double comma in array", text: "a = [1,,2]\n", line: 1, column: 8, message: "expected a value, found ','"),
        InvalidCase(name: "leading comma in array", text: "a = [,1]\n", line: 1, column: 6, message: "expected a value, found ','"),
        InvalidCase(name: "unterminated array", text: "a = [1,\n2,\n", line: 1, column: 5, message: "unterminated array: expected ']' before end of file"),
        InvalidCase(name: "nesting too deep", text: "a = " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200), line: 1, column: 5 + 127, message: "nesting is too deep", tomllibAccepts: true),
        // Strings.
        InvalidCase(name: "unterminated string", text: "a = \"abc\nb = 1\n", line: 1, column: 5, message: "unterminated string: expected '\"' before end of line"),
        InvalidCase(name: "unterminated string at end of file", text: "a = \"abc", line: 1, column: 5, message: "unterminated string: expected '\"' before end of file"),
        InvalidCase(name: "unterminated literal string", text: "a = 'abc\n", line: 1, column: 5, message: "unterminated string"),
        InvalidCase(name: "unterminated multi-line string", text: "a = \"\"\"abc\n\ndef\n", line: 1, column: 5, message: "unterminated multi-line string: expected \"\"\" before end of file"),
        InvalidCase(name: "unterminated multi-line literal string", text: "a = '''abc\n", line: 1, column: 5, message: "unterminated multi-line string: expected '''"),
        InvalidCase(name: "invalid escape", text: "a = \"x\\qy\"\n", line: 1, column: 7, message: "invalid escape \\q"),
        InvalidCase(name: "invalid escape in multi-line string", text: "a = \"\"\"\nok\n  \\x41\"\"\"\n", line: 3, column: 3, message: "invalid escape \\x"),
        InvalidCase(name: "escaped space", text: "a = \"a\\ b\"\n", line: 1, column: 7, message: "invalid escape \\ "),
        InvalidCase(name: "backslash-space not at line end", text: "a = \"\"\"a\\  b\"\"\"\n", line: 1, column: 9, message: "invalid escape \\ "),
        InvalidCase(name: "short unicode escape", text: "a = \"\\u12\"\n", line: 1, column: 6, message: "invalid escape \\u12: expected 4 hexadecimal digits"),
        InvalidCase(name: "surrogate escape", text: "a = \"\\uD800\"\n", line: 1, column: 6, message: "invalid escape \\uD800: not a Unicode scalar value"),
        InvalidCase(name: "escape above U+10FFFF", text: "a = \"\\U00110000\"\n", line: 1, column: 6, message: "not a Unicode scalar value"),
        InvalidCase(name: "line-ending backslash in basic string", text: "a = \"abc\\\ndef\"\n", line: 1, column: 9, message: "invalid escape: '\\' at end of line"),
        InvalidCase(name: "control character in string", text: "a = \"a\u{01}b\"\n", line: 1, column: 7, message: "control character U+0001 is not allowed in a string"),
        InvalidCase(name: "DEL in literal string", text: "a = 'a\u{7F}b'\n", line: 1, column: 7, message: "control character U+007F is not allowed"),
        InvalidCase(name: "control character in multi-line string", text: "a = \"\"\"\n\u{08}\"\"\"\n", line: 2, column: 1, message: "control character U+0008"),
        InvalidCase(name: "too many closing quotes", text: "a = \"\"\"x\"\"\"\"\"\"\n", line: 1, column: 14, message: "expected a newline after a key/value pair, found '\"'"),
        // Integers.
        InvalidCase(name: "integer overflow", text: "a = 9223372036854775808\n", line: 1, column: 5, message: "integer overflow", tomllibAccepts: true),
        InvalidCase(name: "negative integer overflow", text: "a = -9223372036854775809\n", line: 1, column: 5, message: "integer overflow", tomllibAccepts: true),
        InvalidCase(name: "hexadecimal overflow", text: "a = 0x8000000000000000\n", line: 1, column: 5, message: "integer overflow", tomllibAccepts: true),
        InvalidCase(name: "leading zero", text: "a = 012\n", line: 1, column: 5, message: "leading zeros are not allowed"),
        InvalidCase(name: "leading zero, negative", text: "a = -01\n", line: 1, column: 6, message: "leading zeros are not allowed"),
        InvalidCase(name: "leading zero in float", text: "a = 03.14\n", line: 1, column: 5, message: "leading zeros are not allowed"),
        InvalidCase(name: "double underscore", text: "a = 1__2\n", line: 1, column: 6, message: "an underscore in a number must be between two digits"),
        InvalidCase(name: "trailing underscore", text: "a = 1_\n", line: 1, column: 6, message: "an underscore in a number must be between two digits"),
        InvalidCase(name: "leading underscore after prefix", text: "a = 0x_1\n", line: 1, column: 7, message: "an underscore in a number must be between two digits"),
        InvalidCase(name: "underscore before decimal point", text: "a = 1_.5\n", line: 1, column: 6, message: "underscore"),
        InvalidCase(name: "empty hex", text: "a = 0x\n", line: 1, column: 7, message: "expected hexadecimal digits after '0x'"),
        InvalidCase(name: "signed hex", text: "a = +0x1F\n", line: 1, column: 5, message: "a sign is not allowed on hexadecimal integers"),
        InvalidCase(name: "uppercase prefix", text: "a = 0X1F\n", line: 1, column: 6, message: "invalid character 'X' in number"),
        InvalidCase(name: "bad binary digit", text: "a = 0b102\n", line: 1, column: 9, message: "invalid binary digit '2'"),
        InvalidCase(name: "bad octal digit", text: "a = 0o78\n", line: 1, column: 8, message: "invalid octal digit '8'"),
        InvalidCase(name: "lone sign", text: "a = +\n", line: 1, column: 5, message: "expected a digit, 'inf' or 'nan' after the sign"),
        // Floats.
        InvalidCase(name: "trailing decimal point", text: "a = 1.\n", line: 1, column: 7, message: "expected a digit after the decimal point"),
        InvalidCase(name: "leading decimal point", text: "a = .5\n", line: 1, column: 5, message: "a float needs a digit before the decimal point"),
        InvalidCase(name: "decimal point before exponent", text: "a = 3.e+20\n", line: 1, column: 7, message: "expected a digit after the decimal point"),
        InvalidCase(name: "empty exponent", text: "a = 1e\n", line: 1, column: 7, message: "expected a digit in the exponent"),
        InvalidCase(name: "exponent sign only", text: "a = 1e+\n", line: 1, column: 8, message: "expected a digit in the exponent"),
        InvalidCase(name: "two decimal points", text: "a = 1.5.2\n", line: 1, column: 8, message: "invalid character '.' in number"),
        InvalidCase(name: "capitalised inf", text: "a = Inf\n", line: 1, column: 5, message: "invalid value 'Inf'"),
        InvalidCase(name: "infinity with digits", text: "a = inf1\n", line: 1, column: 5, message: "invalid value 'inf1'"),
        // Date-times.
        InvalidCase(name: "February 29 in a common year", text: "a = 2023-02-29\n", line: 1, column: 13, message: "day 29 is out of range 01-28"),
        InvalidCase(name: "February 29 in 1900", text: "a = 1900-02-29\n", line: 1, column: 13, message: "day 29 is out of range"),
        InvalidCase(name: "month 13", text: "a = 1979-13-01\n", line: 1, column: 10, message: "month 13 is out of range 01-12"),
        InvalidCase(name: "day 0", text: "a = 1979-01-00\n", line: 1, column: 13, message: "day 0 is out of range"),
        InvalidCase(name: "short year", text: "a = 979-01-01\n", line: 1, column: 8, message: "invalid character '-' in number '979-01-01'"),
        InvalidCase(name: "single-digit month", text: "a = 1979-1-01\n", line: 1, column: 5, message: "invalid date '1979-1-01': expected YYYY-MM-DD"),
        InvalidCase(name: "hour 24", text: "a = 24:00:00\n", line: 1, column: 5, message: "hour 24 is out of range 00-23"),
        InvalidCase(name: "minute 60", text: "a = 1979-05-27T07:60:00\n", line: 1, column: 19, message: "minute 60 is out of range 00-59"),
        InvalidCase(name: "second 60", text: "a = 07:32:60\n", line: 1, column: 11, message: "second 60 is out of range 00-59"),
        InvalidCase(name: "seconds required", text: "a = 07:32\n", line: 1, column: 5, message: "expected HH:MM:SS (seconds are required)"),
        InvalidCase(name: "date-time without seconds", text: "a = 1979-05-27 07:32\n", line: 1, column: 16, message: "seconds are required"),
        InvalidCase(name: "empty fraction", text: "a = 07:32:00.\n", line: 1, column: 14, message: "expected digits after '.'"),
        InvalidCase(name: "offset hour 25", text: "a = 1979-05-27T07:32:00+25:00\n", line: 1, column: 25, message: "hour 25 is out of range 00-23"),
        InvalidCase(name: "offset without colon", text: "a = 1979-05-27T07:32:00+0700\n", line: 1, column: 24, message: "expected Z or ±HH:MM"),
        InvalidCase(name: "offset on local time", text: "a = 07:32:00Z\n", line: 1, column: 13, message: "a local time cannot have a time-zone offset"),
        InvalidCase(name: "bad date-time separator", text: "a = 1979-05-27X07:32:00\n", line: 1, column: 15, message: "expected 'T' or a space between date and time"),
        InvalidCase(name: "junk after date-time", text: "a = 1979-05-27T07:32:00Zx\n", line: 1, column: 25, message: "unexpected 'x'"),
        // Comments, line ends and encoding.
        InvalidCase(name: "control character in comment", text: "a = 1 # bad \u{01} char\n", line: 1, column: 13, message: "control character U+0001 is not allowed in a comment"),
        InvalidCase(name: "lone carriage return", text: "a = 1\rb = 2\n", line: 1, column: 6, message: "carriage return must be followed by a line feed"),
        InvalidCase(name: "lone carriage return in comment", text: "# x\ry\n", line: 1, column: 4, message: "carriage return must be followed by a line feed"),
        InvalidCase(name: "error after CRLF lines", text: "a = 1\r\nb = 2\r\n  c\r\n", line: 3, column: 4, message: "expected '=' after key \"c\""),
        InvalidCase(name: "column counts scalars", text: "k = \"é日本🙂\" x\n", line: 1, column: 12, message: "expected a newline after a key/value pair, found 'x'"),
    ]

    @Test("invalid document is rejected at the right line and column", arguments: invalidCases)
    func invalidDocumentIsRejected(_ testCase: InvalidCase) {
        do {
            let table = try TOMLParser.parse(testCase.text, file: "pipelines/bad.toml")
            Issue.record("accepted: \(PlainTOML(table))")
        } catch {
            #expect(error.file == "pipelines/bad.toml")
            #expect(error.line == testCase.line, "\(error)")
            #expect(error.column == testCase.column, "\(error)")
            #expect(error.message.contains(testCase.message), "\(error)")
            #expect(error.description == "pipelines/bad.toml:\(error.line):\(error.column): \(error.message)")
        }
    }

    @Test("tomllib rejects the invalid documents too (except big integers and deep nesting, which it allows)",
          .enabled(if: TOMLReference.isAvailable, "python3 with tomllib is absent: skipping the comparison with the reference parser"))
    func invalidDocumentsAreInvalidForReference() throws {
        var documents: [String: [UInt8]] = [:]
        for (n, testCase) in Self.invalidCases.enumerated() { documents["\(n).toml"] = Array(testCase.text.utf8) }
        let outcomes = try TOMLReference.run(documents)
        for (n, testCase) in Self.invalidCases.enumerated() {
            let outcome = try #require(outcomes["\(n).toml"])
            if case .parsed = outcome {
                #expect(testCase.tomllibAccepts, "tomllib accepts \"\(testCase.name)\"")
            } else {
                #expect(!testCase.tomllibAccepts, "tomllib rejects \"\(testCase.name)\"")
            }
        }
    }

    @Test("the duplicate-key message reads like a compiler diagnostic")
    func duplicateKeyDiagnostic() {
        let text = """
        [filter]
        kind = "length"
        max_chars = 10

        min_chars = 1
        # …
        # …
        # …

        min_chars = 2
        """
        #expect {
            try TOMLParser.parse(text, file: "pipelines/demo.toml")
        } throws: { error in
            (error as? TOMLError)?.description == "pipelines/demo.toml:10:1: duplicate key \"min_chars\" (first defined at line 5)"
        }
    }

    @Test("invalid UTF-8 is rejected at the first bad byte")
    func invalidUTF8() throws {
        let bytes: [UInt8] = Array("a = 1\nb = \"x".utf8) + [0xFF] + Array("\"\n".utf8)
        #expect {
            try TOMLParser.parse(utf8: bytes, file: "bad.toml")
        } throws: { error in
            guard let error = error as? TOMLError else { return false }
            return error.line == 2 && error.column == 7 && error.message.contains("invalid UTF-8")
        }
        #expect {
            try TOMLParser.parse(utf8: [0xEF, 0xBB, 0xBF] + Array("a = \"".utf8) + [0xC3], file: "bom.toml")
        } throws: { error in
            (error as? TOMLError).map { $0.line == 1 && $0.column == 6 } ?? false
        }
        let good = try TOMLParser.parse(utf8: Array("s = \"é\"\n".utf8), file: "good.toml")
        #expect(good["s"]?.stringValue == "é")
    }

    @Test("a leading byte-order mark is ignored")
    func byteOrderMark() throws {
        let table = try TOMLParser.parse("\u{FEFF}a = 1\n", file: "bom.toml")
        #expect(table["a"]?.integerValue == 1)
        #expect(table.entry("a")?.keyPosition.column == 1)
    }
}
