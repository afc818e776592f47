import Foundation
import Pipeline
import Testing

/// The typed-access layer configuration code builds on: type names, throwing accessors whose errors
/// point at the value, required keys and unknown-key checks.
@Suite("TOML typed access")
struct TOMLAccessTests {
    static let text = """
    name = "demo"
    count = 300
    ratio = 0.5
    whole = 2
    on = true
    when = 1979-05-27
    tags = ["a", "b", 3]
    big = 9007199254740993
    [filter]
    min_chars = 10
    max_chars = 20
    """

    static func document() throws -> TOMLTable { try TOMLParser.parse(text, file: "conf.toml") }

    @Test("type names for messages")
    func typeNames() throws {
        let doc = try Self.document()
        #expect(doc["name"]?.typeName == "string")
        #expect(doc["count"]?.typeName == "integer")
        #expect(doc["ratio"]?.typeName == "float")
        #expect(doc["on"]?.typeName == "boolean")
        #expect(doc["when"]?.typeName == "datetime")
        #expect(doc["tags"]?.typeName == "array")
        #expect(doc["filter"]?.typeName == "table")
        #expect(doc["count"]?.kind.typeNameWithArticle == "an integer")
        #expect(doc["name"]?.kind.typeNameWithArticle == "a string")
    }

    @Test("throwing accessors return values of the right type")
    func accessors() throws {
        let doc = try Self.document()
        #expect(try doc.required("name").string() == "demo")
        #expect(try doc.required("count").integer() == 300)
        #expect(try doc.required("count").int() == 300)
        #expect(try doc.required("count").integer(as: UInt16.self) == 300)
        #expect(try doc.required("count").integer(in: 1...1000) == 300)
        #expect(try doc.required("ratio").float() == 0.5)
        #expect(try doc.required("whole").float() == 2.0)
        #expect(try doc.required("on").bool() == true)
        #expect(try doc.required("when").datetime() == "1979-05-27")
        #expect(try doc.required("tags").array().count == 3)
        #expect(try doc.required("filter").table().keys == ["min_chars", "max_chars"])
        #expect(doc["count"]?.floatValue == nil)
        #expect(doc["name"]?.integerValue == nil)
    }

    @Test("a type mismatch names what was expected and what was found, at the value")
    func typeMismatch() throws {
        let doc = try Self.document()
        #expect {
            try doc.required("name").integer()
        } throws: { error in
            (error as? TOMLError)?.description == "conf.toml:1:8: expected an integer, found a string"
        }
        #expect {
            try doc.required("count").string()
        } throws: { error in
            (error as? TOMLError)?.description == "conf.toml:2:9: expected a string, found an integer"
        }
        #expect {
            try doc.required("name").float()
        } throws: { error in
            (error as? TOMLError)?.message == "expected a number, found a string"
        }
        #expect {
            try doc.required("filter").array()
        } throws: { error in
            guard let error = error as? TOMLError else { return false }
            return error.message == "expected an array, found a table" && error.line == 9 && error.column == 1
        }
        #expect {
            try doc.required("big").float()
        } throws: { error in
            (error as? TOMLError)?.message == "integer 9007199254740993 cannot be represented exactly as a float"
        }
    }

    @Test("integer ranges are checked")
    func integerRanges() throws {
        let doc = try Self.document()
        #expect {
            try doc.required("count").integer(as: UInt8.self)
        } throws: { error in
            (error as? TOMLError)?.description == "conf.toml:2:9: expected an integer between 0 and 255, found 300"
        }
        #expect {
            try doc.required("count").integer(in: 1...100)
        } throws: { error in
            (error as? TOMLError)?.message == "expected an integer between 1 and 100, found 300"
        }
    }

    @Test("array(of:) converts each element and reports the failing one at its position")
    func arrayOf() throws {
        let doc = try TOMLParser.parse("ok = ['x', \"y\"]\nbad = [\"a\",\n  \"b\",\n    3]\n", file: "a.toml")
        #expect(try doc.required("ok").array { v throws(TOMLError) in try v.string() } == ["x", "y"])
        #expect {
            try doc.required("bad").array { v throws(TOMLError) in try v.string() }
        } throws: { error in
            (error as? TOMLError)?.description == "a.toml:4:5: expected a string, found an integer"
        }
    }

    @Test("a missing required key is reported at the table")
    func requiredKey() throws {
        let doc = try Self.document()
        let filter = try doc.required("filter").table()
        #expect {
            try filter.required("kind")
        } throws: { error in
            (error as? TOMLError)?.description == "conf.toml:9:1: missing required key \"kind\""
        }
        #expect {
            try doc.required("two words")
        } throws: { error in
            (error as? TOMLError)?.description == "conf.toml:1:1: missing required key \"two words\""
        }
    }

    @Test("unknown keys are reported at the key, with a suggestion for likely typos")
    func unknownKeys() throws {
        let doc = try TOMLParser.parse("[filter]\nmin_chars = 1\n  max_char = 2\n", file: "p.toml")
        let filter = try doc.required("filter").table()
        #expect(throws: Never.self) { try filter.checkKeys(allowed: ["min_chars", "max_char", "kind"]) }
        #expect {
            try filter.checkKeys(allowed: ["min_chars", "max_chars"] as [String])
        } throws: { error in
            (error as? TOMLError)?.description
                == "p.toml:3:3: unknown key \"max_char\"; did you mean \"max_chars\"? (expected one of: max_chars, min_chars)"
        }
        #expect {
            try filter.checkKeys(allowed: ["min_chars", "threshold"])
        } throws: { error in
            (error as? TOMLError)?.message == "unknown key \"max_char\" (expected one of: min_chars, threshold)"
        }
        #expect {
            try filter.checkKeys(allowed: [String]())
        } throws: { error in
            (error as? TOMLError)?.message == "unknown key \"min_chars\" (no keys are allowed here)"
        }
    }

    @Test("errors can be made at any value, and read well everywhere")
    func errors() throws {
        let doc = try Self.document()
        let count = try doc.required("count")
        let error = count.error("must be at most 100")
        #expect(error.description == "conf.toml:2:9: must be at most 100")
        #expect(error.localizedDescription == "conf.toml:2:9: must be at most 100")
        #expect("\(error)" == "conf.toml:2:9: must be at most 100")
        #expect(error == TOMLError("must be at most 100", at: SourcePosition(file: "conf.toml", line: 2, column: 9)))
        #expect(count.typeMismatch(expected: "a string or an array").message == "expected a string or an array, found an integer")
    }

    @Test("tables keep definition order, reject duplicate appends and iterate in order")
    func tables() {
        let here = SourcePosition(file: "t", line: 1, column: 1)
        var table = TOMLTable(at: here)
        #expect(table.isEmpty)
        let addedB = table.append(.init(key: "b", keyPosition: here, value: TOMLValue(.integer(1), at: here)))
        let addedA = table.append(.init(key: "a", keyPosition: here, value: TOMLValue(.integer(2), at: here)))
        let addedAgain = table.append(.init(key: "b", keyPosition: here, value: TOMLValue(.integer(3), at: here)))
        #expect(addedB && addedA && !addedAgain)
        #expect(table.keys == ["b", "a"])
        #expect(table.map(\.key) == ["b", "a"])
        #expect(table["b"]?.integerValue == 1)
        #expect(table.contains("a") && !table.contains("c"))
        #expect(table.count == 2)
    }

    @Test("keys are quoted for messages only when they are not bare")
    func keyFormatting() {
        #expect(TOMLKeyFormatting.quotedIfNeeded("min_chars") == "min_chars")
        #expect(TOMLKeyFormatting.quotedIfNeeded("a b") == "\"a b\"")
        #expect(TOMLKeyFormatting.quotedIfNeeded("") == "\"\"")
        #expect(TOMLKeyFormatting.quotedIfNeeded("q\"\\\n") == #""q\"\\\n""#)
        #expect(TOMLKeyFormatting.path(["stages", "filter", "min chars"]) == "stages.filter.\"min chars\"")
    }
}
