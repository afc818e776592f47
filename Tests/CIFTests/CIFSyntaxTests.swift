import CorpusCore
import Testing
@testable import CIF

/// The CIF 1.1 / 2.0 grammar, rule by rule, on small inline files.
@Suite struct CIFSyntaxTests {
    func parse(_ text: String, _ grammar: CIFParseOptions.Grammar = .automatic) -> CIFDocument {
        CIFDocument(parsing: text, file: "t.cif", options: CIFParseOptions(grammar: grammar))
    }

    func onlyError(_ text: String, _ grammar: CIFParseOptions.Grammar = .automatic) throws -> CIFSyntaxError {
        let doc = parse(text, grammar)
        #expect(doc.errors.count == 1, "\(doc.errors)")
        return try #require(doc.errors.first)
    }

    @Test func blocksItemsAndCaseInsensitiveTags() throws {
        let doc = parse("data_one\n_Cell_Length_A 5.4310(2)\n_title 'x'\nDATA_two\n_a 1\n")
        #expect(doc.isValid)
        #expect(doc.blocks.map(\.name) == ["one", "two"])
        let one = doc.blocks[0]
        let a = try #require(one.value(for: "_cell_length_a"))
        #expect(a.text == "5.4310(2)")
        #expect(a.number == CIFNumber(value: 5.4310, standardUncertainty: 0.0002))
        #expect(a.location == CIFLocation(line: 2, column: 16, offset: 24))
        #expect(one.pairs.first?.tag == "_Cell_Length_A")
        #expect(doc.block(named: "TWO")?.value(for: "_A")?.number?.value == 1)
    }

    @Test func quotesCloseOnlyBeforeWhitespace() throws {
        let doc = parse("data_q\n_a 'it's fine'\n_b \"say \"hi\"now\"\n_c 'a'#comment\n_d ';x'\n")
        #expect(doc.isValid, "\(doc.errors)")
        let b = doc.blocks[0]
        #expect(b.value(for: "_a")?.text == "it's fine")
        #expect(b.value(for: "_a")?.kind == .singleQuoted)
        #expect(b.value(for: "_b")?.text == "say \"hi\"now")
        #expect(b.value(for: "_c")?.text == "a")
        #expect(b.value(for: "_d")?.text == ";x")
    }

    @Test func unknownAndInapplicableAreKindsOnlyUnquoted() {
        let b = parse("data_n\n_a ?\n_b .\n_c '?'\n_d .5\n").blocks[0]
        #expect(b.value(for: "_a")?.kind == .unknown)
        #expect(b.value(for: "_b")?.kind == .inapplicable)
        #expect(b.value(for: "_a")?.isNull == true)
        #expect(b.value(for: "_c")?.kind == .singleQuoted)
        #expect(b.value(for: "_c")?.isNull == false)
        #expect(b.value(for: "_d")?.number?.value == 0.5)
    }

    @Test func textFieldsKeepLinesAndReadCRLFAsLF() {
        let doc = parse("data_t\r\n_a\r\n;\r\nline one\r\n  line two\r\n;\r\n_b x\r\n")
        #expect(doc.isValid)
        #expect(doc.blocks[0].value(for: "_a")?.text == "line one\n  line two")
        #expect(doc.blocks[0].value(for: "_a")?.kind == .textField)
        #expect(doc.blocks[0].value(for: "_b")?.location.line == 7)
        let semicolonNotAtLineStart = parse("data_t\n_a x;y\n_b ;z\n")
        #expect(semicolonNotAtLineStart.blocks[0].value(for: "_b")?.text == ";z")
    }

    @Test func commentsAndNonASCIIWhereAllowed() {
        let doc = parse("# caf\u{e9}\ndata_x # \u{e9}t\u{e9}\n_a 'M\u{fc}ller'\n_b\n;\u{3b1}-Fe\n;\n")
        #expect(doc.isValid, "\(doc.errors)")
        #expect(doc.blocks[0].value(for: "_a")?.text == "M\u{fc}ller")
        #expect(doc.blocks[0].value(for: "_b")?.text == "\u{3b1}-Fe")
    }

    @Test func loopsRowsAndColumns() throws {
        let doc = parse("data_l\nloop_\n_atom_site_label\n_atom_site_fract_x\nFe1 0.1(1)\nO1 .5\nloop_ _x 1 2 3\n")
        #expect(doc.isValid)
        let loop = try #require(doc.blocks[0].loop(containing: "_ATOM_SITE_FRACT_X"))
        #expect(loop.rowCount == 2 && loop.columnCount == 2)
        #expect(loop[1, 0].text == "O1")
        #expect(loop.column(named: "_atom_site_fract_x")?.map { $0.number?.value } == [0.1, 0.5])
        #expect(doc.blocks[0].values(for: "_x")?.count == 3)
        #expect(doc.blocks[0].value(for: "_x") == nil, "a loop column with several rows has no single value")
    }

    @Test func saveFramesAndGlobal() throws {
        let doc = parse("data_d\n_a 1\nsave_frame1\n_a 2\nloop_ _b 1 2\nsave_\n_c 3\nglobal_\n_g 1\n")
        #expect(doc.isValid)
        #expect(doc.blocks.map(\.name) == ["d", ""])
        let frame = try #require(doc.blocks[0].frame(named: "FRAME1"))
        #expect(frame.value(for: "_a")?.text == "2")
        #expect(doc.blocks[0].value(for: "_a")?.text == "1")
        #expect(doc.blocks[0].value(for: "_c")?.text == "3")
        #expect(doc.warnings.map(\.kind) == [.globalBlock])
    }

    @Test func numbersWithUncertainties() {
        #expect(CIFNumber("5.4310(2)") == CIFNumber(value: 5.431, standardUncertainty: 0.0002))
        #expect(CIFNumber("-12(3)") == CIFNumber(value: -12, standardUncertainty: 3))
        #expect(CIFNumber("1.23e-5(4)")?.standardUncertainty.map { abs($0 - 4e-7) < 1e-20 } == true)
        #expect(CIFNumber("1E3")?.value == 1000)
        #expect(CIFNumber("+.25")?.value == 0.25)
        #expect(CIFNumber("0.1234567890123456789")?.value == 0.1234567890123456789)
        // Long numbers take the slow path, which must keep the sign once (Dans_Diffraction writes 16-17 digits).
        #expect(CIFNumber("-0.06666686666666667")?.value == -0.06666686666666667)
        #expect(CIFNumber("-1.9999999994128028e-07")?.value == -1.9999999994128028e-07)
        #expect(CIFNumber("-0.1234567890123456789(2)")?.value == -0.1234567890123456789)
        #expect(CIFNumber("1.")?.value == 1)
        for bad in ["", ".", "abc", "1.2.3", "1e", "0.25(3", "1(2)x", "--1"] { #expect(CIFNumber(bad) == nil, "\(bad)") }
        let lenient = parse("data_n\n_a 0.25(3\n_b 0.5(1)extra\n").blocks[0]
        #expect(lenient.value(for: "_a")?.lenientNumber == 0.25)
        #expect(lenient.value(for: "_b")?.lenientNumber == 0.5)
    }

    @Test func cif2ContainersAndTripleQuotes() throws {
        let text = "#\\#CIF_2.0\ndata_c\n_list [1 'two' [3 4]]\n_table {'k':v \"n\":[5]}\n_s '''a\n'b'\n'''\n_q 'it's'x\n"
        let doc = parse(text)
        #expect(doc.version == .cif2_0)
        #expect(doc.errors.map(\.rule.name) == ["missing-whitespace"], "CIF 2.0 closes a quote at the first match")
        let b = doc.blocks[0]
        let list = try #require(b.value(for: "_list")?.elements)
        #expect(list.map(\.kind) == [.unquoted, .singleQuoted, .list])
        #expect(list[2].elements?.map(\.text) == ["3", "4"])
        let table = try #require(b.value(for: "_table")?.entries)
        #expect(table.map(\.key) == ["k", "n"])
        #expect(table[1].value.elements?.first?.number?.value == 5)
        #expect(b.value(for: "_s")?.text == "a\n'b'\n")
        #expect(b.value(for: "_s")?.kind == .tripleSingleQuoted)
        // Read as CIF 1.1 (gemmi's behaviour), the same file is an error.
        #expect(!parse(text, .cif1_1).isValid)
    }

    // MARK: errors: file, line, column and rule

    @Test func unterminatedQuote() throws {
        let e = try onlyError("data_a\n_t 'abc'd\n_u 1\n")
        #expect(e.rule == .unterminatedQuotedString(quote: "'", opened: CIFLocation(line: 2, column: 4, offset: 10)))
        #expect(e.location.line == 2 && e.location.column == 10)
        #expect(e.description.hasPrefix("t.cif:2:10: unterminated 'string'"))
        #expect(parse("data_a\n_t 'abc'd\n_u 1\n").blocks[0].value(for: "_u")?.text == "1", "recovers at the end of the line")
    }

    @Test func unterminatedTextField() throws {
        let e = try onlyError("data_a\n_t\n;abc\n")
        #expect(e.rule.name == "unterminated-text-field")
        #expect(e.location.line == 4 && e.location.column == 1)
    }

    @Test func loopValueCount() throws {
        let e = try onlyError("data_a\nloop_\n_atom_site_label\n_atom_site_fract_x\nFe1 0.1\nO1\n_b 2\n")
        #expect(e.rule == .loopValueCount(tags: ["_atom_site_label", "_atom_site_fract_x"], valueCount: 3))
        #expect(e.location == CIFLocation(line: 2, column: 1, offset: 7))
        #expect(e.rule.message.hasPrefix("wrong number of values in loop _atom_site_*"))
        let doc = parse("data_a\nloop_\n_x\n_y\n1 2 3\n")
        #expect(doc.blocks[0].loops[0].rowCount == 1, "the partial row is left out")
    }

    @Test func duplicatesComeAfterGrammarErrors() throws {
        let doc = parse("data_a\n_t 1\n_T 2\n_u 'x\ndata_A\n")
        #expect(doc.errors.map(\.rule.name) == ["unterminated-quoted-string", "duplicate-tag", "duplicate-block-name"])
        #expect(doc.errors[1].rule == .duplicateTag("_T", first: CIFLocation(line: 2, column: 1, offset: 7)))
        #expect(doc.errors[1].location.line == 3)
        #expect(doc.blocks[0].value(for: "_t")?.text == "1", "the first statement wins")
        #expect(throws: CIFSyntaxError.self) { try doc.validated() }
    }

    @Test func missingValueAndValueWithoutTag() throws {
        let missing = try onlyError("data_a\n_t\n_u 1\n")
        #expect(missing.rule == .missingValue(tag: "_t"))
        #expect(missing.location.line == 2)
        let stray = try onlyError("data_a\n_t 'R 3' ccc\n")
        #expect(stray.rule == .valueWithoutTag("ccc"))
        #expect(stray.location.line == 2 && stray.location.column == 10)
    }

    @Test func invalidCharactersOutsideQuotes() throws {
        let e = try onlyError("data_a\n_t ab\u{e9}\n")
        #expect(e.rule == .invalidCharacter(0xC3))
        #expect(e.location.column == 6)
        #expect(parse("data_a\n_t ab\u{e9}\n").blocks[0].value(for: "_t")?.text == "ab\u{e9}", "kept in the value")
        let control = parse("data_a\n_t\u{0b}1\n")
        #expect(control.errors.first?.rule == .invalidCharacter(0x0B))
        #expect(control.errors.first?.location.column == 3)
        #expect(parse("#\\#CIF_2.0\ndata_a\n_t ab\u{e9}\n").isValid, "CIF 2.0 is UTF-8")
    }

    @Test func structuralErrors() throws {
        #expect(try onlyError("_a 1\ndata_x\n").rule == .contentBeforeFirstBlock("_a"))
        #expect(try onlyError("data_a\nloop_\ndata_b\n").rule == .loopWithoutTags)
        #expect(try onlyError("data_a\nsave_\n").rule == .unexpectedKeyword("save_"))
        #expect(try onlyError("data_a\nsave_f\n_a 1\n").rule == .unterminatedSaveFrame(name: "f"))
        #expect(try onlyError("data_a\n_t $x\n").rule == .reservedCharacter("$"))
        #expect(try onlyError("data_a\n_t\n;x\n;y\n").rule == .missingWhitespace(after: ";x\n;", found: UInt8(ascii: "y")))
        #expect(try onlyError("#\\#CIF_2.0\ndata_a\n_t [1 2\n_u 3\n").rule == .unterminatedList(opened: CIFLocation(line: 3, column: 4, offset: 21)))
    }

    @Test func warnings() {
        #expect(parse("# only a comment\n").warnings.map(\.kind) == [.noDataBlocks])
        #expect(parse("data_\n_a 1\n").warnings.map(\.kind) == [.emptyBlockName])
        #expect(parse("data_a\nloop_ _x\n").warnings.map(\.kind) == [.emptyLoop(tags: ["_x"])])
    }

    @Test func readsAByteSource() throws {
        let doc = try CIFDocument(reading: MemoryByteSource(Array("data_m\n_a 1\n".utf8)), file: "m.cif")
        #expect(doc.file == "m.cif" && doc.blocks.first?.value(for: "_a")?.number?.value == 1)
    }

    @Test func byteOrderMarkAndEmptyInput() {
        #expect(CIFDocument(parsing: [0xEF, 0xBB, 0xBF] + Array("data_a\n_x 1\n".utf8)).blocks.first?.name == "a")
        #expect(CIFDocument(parsing: [UInt8]()).blocks.isEmpty)
    }
}
