/// Builds the document model from tokens, following the CIF block grammar:
///
///     file   := [magic] block*                     (content before the first data_ is an error)
///     block  := (data_NAME | global_) entry*
///     entry  := tag value | loop | frame
///     loop   := loop_ tag+ value* [stop_]          (value count a multiple of the tag count)
///     frame  := save_NAME (tag value | loop)* save_
///     value  := unquoted | quoted | text field | CIF 2.0 list [value*] | table {key:value*}
///
/// Recovery, so that one broken line does not lose a structure: a tag without a value gets an
/// unknown (`?`) value; a stray value is skipped; a loop keeps its complete rows; a frame left
/// open is closed at the next block; content before the first header goes into a block named "";
/// a duplicate tag is kept but lookups see its first statement (gemmi's relaxed reading).
struct CIFParser {
    var lexer: CIFLexer
    var values: [CIFValueRecord] = []
    var children: [CIFValueRecord] = []
    var blocks: [CIFBlockBody] = []
    var missing: [CIFSyntaxError] = []
    var duplicates: [CIFSyntaxError] = []
    var warnings: [CIFSyntaxWarning] = []
    var pending: CIFToken? = nil
    var blockNames: [String: CIFLocation] = [:]

    struct Result {
        var source: CIFSource
        var version: CIFVersion
        var blocks: [CIFBlockBody]
        var errors: [CIFSyntaxError]
        var warnings: [CIFSyntaxWarning]
    }

    static func parse(_ bytes: [UInt8], file: String, options: CIFParseOptions) -> Result {
        var start = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
        let version: CIFVersion
        switch options.grammar {
        case .cif1_1: version = .cif1_1
        case .cif2_0: version = .cif2_0
        case .automatic: version = hasCIF2Magic(bytes, at: start) ? .cif2_0 : .cif1_1
        }
        guard bytes.count < Int(Int32.max) else {
            let error = CIFSyntaxError(file: file, location: CIFLocation(line: 1, column: 1, offset: 0), rule: .fileTooLarge(bytes: bytes.count))
            return Result(source: CIFSource(file: file, bytes: bytes, values: [], children: []), version: version,
                          blocks: [], errors: [error], warnings: [])
        }
        return bytes.withUnsafeBufferPointer { buffer in
            let empty: StaticString = " "
            let base = buffer.baseAddress ?? empty.utf8Start
            var parser = CIFParser(lexer: CIFLexer(base: base, count: buffer.count, start: start, file: file, cif2: version == .cif2_0))
            parser.values.reserveCapacity(buffer.count / 10)
            parser.run()
            let errors = parser.lexer.errors + parser.missing + parser.duplicates
            let source = CIFSource(file: file, bytes: bytes, values: parser.values, children: parser.children)
            return Result(source: source, version: version, blocks: parser.blocks, errors: errors, warnings: parser.warnings)
        }
    }

    static func hasCIF2Magic(_ bytes: [UInt8], at start: Int) -> Bool {
        let magic = Array("#\\#CIF_2.0".utf8)
        guard bytes.count >= start + magic.count, Array(bytes[start..<start + magic.count]) == magic else { return false }
        return bytes.count == start + magic.count || CIFLexer.isSpace(bytes[start + magic.count])
    }

    // MARK: tokens

    mutating func nextToken() -> CIFToken {
        if let token = pending {
            pending = nil
            return token
        }
        return lexer.next()
    }

    mutating func fail(_ rule: CIFSyntaxError.Rule, at location: CIFLocation) {
        lexer.fail(rule, at: location)
    }

    func string(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: lexer.base + start, count: end - start), as: UTF8.self)
    }

    func text(of token: CIFToken) -> String { string(token.contentStart, token.contentEnd) }

    /// A tag's text and its lookup key (ASCII-lowered; the same string when already lower-case).
    func tagStrings(_ token: CIFToken) -> (tag: String, key: String) {
        let tag = text(of: token)
        return (tag, token.hasUppercase ? tag.asciiLowercased() : tag)
    }

    // MARK: blocks

    mutating func run() {
        var current: CIFBlockBody? = nil
        var complainedBeforeBlock = false
        while true {
            let token = nextToken()
            switch token.kind {
            case .end:
                if let block = current { blocks.append(block) }
                if blocks.isEmpty {
                    warnings.append(CIFSyntaxWarning(file: lexer.file, location: token.location, kind: .noDataBlocks))
                }
                return
            case .dataHeader, .globalKeyword:
                if let block = current { blocks.append(block) }
                let name = token.kind == .dataHeader ? text(of: token) : ""
                if token.kind == .globalKeyword {
                    warnings.append(CIFSyntaxWarning(file: lexer.file, location: token.location, kind: .globalBlock))
                } else if name.isEmpty {
                    warnings.append(CIFSyntaxWarning(file: lexer.file, location: token.location, kind: .emptyBlockName))
                }
                let key = token.hasUppercase ? name.asciiLowercased() : name
                if let first = blockNames[key] {
                    duplicates.append(CIFSyntaxError(file: lexer.file, location: token.location, rule: .duplicateBlockName(name, first: first)))
                } else {
                    blockNames[key] = token.location
                }
                current = CIFBlockBody(name: name, location: token.location)
            default:
                if current == nil {
                    if !complainedBeforeBlock && !token.hadError {
                        fail(.contentBeforeFirstBlock(string(token.start, token.end)), at: token.location)
                    }
                    complainedBeforeBlock = true
                    current = CIFBlockBody(name: "", location: token.location)
                }
                parseEntry(token, into: &current!, inFrame: false)
            }
        }
    }

    /// One entry of a block or frame, starting at `token`.
    mutating func parseEntry(_ token: CIFToken, into body: inout CIFBlockBody, inFrame: Bool) {
        switch token.kind {
        case .tag:
            parseItem(tag: token, into: &body)
        case .loopKeyword:
            parseLoop(keyword: token, into: &body)
        case .saveHeader:
            parseFrame(header: token, into: &body)
        case .saveEnd, .stopKeyword:
            fail(.unexpectedKeyword(string(token.start, token.end)), at: token.location)
        case .value, .listOpen, .tableOpen:
            let errorCount = lexer.errors.count
            _ = valueRecord(token)
            // The stray value is the first problem even when lexing it found another (an
            // unclosed quote inside it, say): report it first, as gemmi does.
            let stray = CIFSyntaxError(file: lexer.file, location: token.location,
                                       rule: .valueWithoutTag(string(token.start, min(token.end, token.start + 80))))
            if !token.hadError {
                lexer.errors.insert(stray, at: errorCount)
            } else if token.kind == .value, !lexer.errors.isEmpty, lexer.errors[lexer.errors.count - 1].location.offset > token.start {
                lexer.errors.insert(stray, at: lexer.errors.count - 1)
            }
        case .tableKey:
            fail(.unexpectedBracket(":"), at: token.location)
        case .listClose:
            fail(.unexpectedBracket("]"), at: token.location)
        case .tableClose:
            fail(.unexpectedBracket("}"), at: token.location)
        case .end, .dataHeader, .globalKeyword:
            pending = token
        }
    }

    mutating func parseItem(tag token: CIFToken, into body: inout CIFBlockBody) {
        let (tag, key) = tagStrings(token)
        let valueToken = nextToken()
        let index = Int32(values.count)
        if valueToken.isValueStart {
            values.append(valueRecord(valueToken))
        } else {
            missing.append(CIFSyntaxError(file: lexer.file, location: token.location, rule: .missingValue(tag: tag)))
            pending = valueToken
            values.append(CIFValueRecord(start: Int32(token.end), end: Int32(token.end), line: Int32(token.line),
                                         column: Int32(token.column), kind: .unknown))
        }
        let pairIndex = body.pairs.count
        body.pairs.append(CIFPairRecord(tag: tag, tagLocation: token.location, value: index))
        body.order.append(.pair(pairIndex))
        register(key: key, tag: tag, ref: .pair(pairIndex), at: token.location, in: &body)
    }

    mutating func parseLoop(keyword: CIFToken, into body: inout CIFBlockBody) {
        var tags: [String] = []
        var keys: [String] = []
        var locations: [CIFLocation] = []
        var token = nextToken()
        while token.kind == .tag {
            let (tag, key) = tagStrings(token)
            tags.append(tag)
            keys.append(key)
            locations.append(token.location)
            token = nextToken()
        }
        guard !tags.isEmpty else {
            if !token.hadError { fail(.loopWithoutTags, at: token.location) }
            pending = token
            return
        }
        let first = values.count
        while token.isValueStart {
            values.append(valueRecord(token))
            while let record = lexer.nextPlainValue() { values.append(record) }
            token = nextToken()
        }
        if token.kind != .stopKeyword { pending = token }
        let count = values.count - first
        if count % tags.count != 0 {
            fail(.loopValueCount(tags: tags, valueCount: count), at: keyword.location)
        } else if count == 0 {
            warnings.append(CIFSyntaxWarning(file: lexer.file, location: keyword.location, kind: .emptyLoop(tags: tags)))
        }
        let loopIndex = body.loops.count
        body.loops.append(CIFLoopRecord(tags: tags, keys: keys, tagLocations: locations, location: keyword.location,
                                        firstValue: first, rowCount: count / tags.count))
        body.order.append(.loop(loopIndex))
        for column in tags.indices {
            register(key: keys[column], tag: tags[column], ref: .loop(loopIndex, column: column), at: locations[column], in: &body)
        }
    }

    mutating func parseFrame(header: CIFToken, into block: inout CIFBlockBody) {
        let name = text(of: header)
        var frame = CIFBlockBody(name: name, location: header.location)
        loop: while true {
            let token = nextToken()
            switch token.kind {
            case .saveEnd:
                break loop
            case .end, .dataHeader, .globalKeyword:
                fail(.unterminatedSaveFrame(name: name), at: token.location)
                pending = token
                break loop
            case .saveHeader:
                fail(.nestedSaveFrame(name: text(of: token)), at: token.location)
                pending = token
                break loop
            default:
                parseEntry(token, into: &frame, inFrame: true)
            }
        }
        block.frames.append(frame)
        block.order.append(.frame(block.frames.count - 1))
    }

    /// Records the first statement of a tag; a second one is a duplicate.
    mutating func register(key: String, tag: String, ref: CIFTagRef, at location: CIFLocation, in body: inout CIFBlockBody) {
        if let existing = body.index[key] {
            let first: CIFLocation
            switch existing {
            case .pair(let i): first = body.pairs[i].tagLocation
            case .loop(let l, let c): first = body.loops[l].tagLocations[c]
            }
            duplicates.append(CIFSyntaxError(file: lexer.file, location: location, rule: .duplicateTag(tag, first: first)))
        } else {
            body.index[key] = ref
        }
    }

    // MARK: values

    /// The record of a value starting at `token` (a list or table is read to its end).
    mutating func valueRecord(_ token: CIFToken) -> CIFValueRecord {
        switch token.kind {
        case .listOpen: return parseContainer(open: token, table: false)
        case .tableOpen: return parseContainer(open: token, table: true)
        default:
            return CIFValueRecord(start: Int32(token.contentStart), end: Int32(token.contentEnd),
                                  line: Int32(token.line), column: Int32(token.column), kind: token.valueKind)
        }
    }

    /// A CIF 2.0 list (`[v v …]`) or table (`{'k':v …}`); a table's elements are stored as key,
    /// value, key, value.
    mutating func parseContainer(open: CIFToken, table: Bool) -> CIFValueRecord {
        var items: [CIFValueRecord] = []
        var end = open.end
        loop: while true {
            let token = nextToken()
            switch token.kind {
            case .listClose where !table, .tableClose where table:
                end = token.end
                break loop
            case .value, .listOpen, .tableOpen:
                if table {
                    if !token.hadError { fail(.unexpectedBracket(":"), at: token.location) }
                    _ = valueRecord(token)
                } else {
                    items.append(valueRecord(token))
                }
            case .tableKey:
                if !table {
                    fail(.unexpectedBracket(":"), at: token.location)
                    continue
                }
                let key = CIFValueRecord(start: Int32(token.contentStart), end: Int32(token.contentEnd),
                                         line: Int32(token.line), column: Int32(token.column), kind: token.valueKind)
                let valueToken = nextToken()
                if valueToken.isValueStart {
                    items.append(key)
                    items.append(valueRecord(valueToken))
                } else {
                    fail(.unexpectedBracket(":"), at: valueToken.location)
                    pending = valueToken
                }
            case .listClose, .tableClose:
                fail(.unexpectedBracket(token.kind == .listClose ? "]" : "}"), at: token.location)
            default:
                fail(table ? .unterminatedTable(opened: open.location) : .unterminatedList(opened: open.location), at: token.location)
                pending = token
                end = token.start
                break loop
            }
        }
        let childStart = Int32(children.count)
        children.append(contentsOf: items)
        return CIFValueRecord(start: Int32(open.start), end: Int32(end), line: Int32(open.line), column: Int32(open.column),
                              childStart: childStart, childCount: Int32(items.count), kind: table ? .table : .list)
    }
}
