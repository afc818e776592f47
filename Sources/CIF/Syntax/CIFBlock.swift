/// A data block (or a save frame inside one): tag-value pairs, loops and frames, in file order.
///
/// Tags are case-insensitive: `value(for: "_CELL_LENGTH_A")` finds `_cell_length_a`. When a tag
/// is stated twice (an error), lookups see the first statement, as gemmi's relaxed reading does.
public struct CIFBlock: Sendable {
    let source: CIFSource
    let body: CIFBlockBody

    init(source: CIFSource, body: CIFBlockBody) {
        self.source = source
        self.body = body
    }

    /// The name after `data_` (or `save_` for a frame), as written; "" for `global_`.
    public var name: String { body.name }

    /// Where the header is.
    public var location: CIFLocation { body.location }

    /// Tag-value pairs outside loops, in file order.
    public var pairs: [CIFPair] {
        body.pairs.map { CIFPair(tag: $0.tag, tagLocation: $0.tagLocation, value: CIFValue(source: source, record: source.values[Int($0.value)])) }
    }

    /// Loops, in file order.
    public var loops: [CIFLoop] { body.loops.map { CIFLoop(source: source, record: $0) } }

    /// Save frames, in file order (a frame has no frames).
    public var frames: [CIFBlock] { body.frames.map { CIFBlock(source: source, body: $0) } }

    /// One entry of a block.
    public enum Entry: Sendable {
        /// A tag and its value.
        case pair(CIFPair)
        /// A loop.
        case loop(CIFLoop)
        /// A save frame.
        case frame(CIFBlock)
    }

    /// Pairs, loops and frames interleaved in file order.
    public var entries: [Entry] {
        body.order.map { ref in
            switch ref {
            case .pair(let i):
                let p = body.pairs[i]
                return .pair(CIFPair(tag: p.tag, tagLocation: p.tagLocation, value: CIFValue(source: source, record: source.values[Int(p.value)])))
            case .loop(let i): return .loop(CIFLoop(source: source, record: body.loops[i]))
            case .frame(let i): return .frame(CIFBlock(source: source, body: body.frames[i]))
            }
        }
    }

    /// Every tag of the block (pairs and loop columns), as written, in file order.
    public var tags: [String] {
        var out: [String] = []
        for ref in body.order {
            switch ref {
            case .pair(let i): out.append(body.pairs[i].tag)
            case .loop(let i): out.append(contentsOf: body.loops[i].tags)
            case .frame: break
            }
        }
        return out
    }

    /// True when the block states `tag` (as a pair or a loop column).
    public func contains(_ tag: String) -> Bool { body.index[tag.asciiLowercased()] != nil }

    /// The value of `tag` when it is a pair, or a loop column with exactly one row; nil otherwise.
    public func value(for tag: String) -> CIFValue? { value(forKey: tag.asciiLowercased()) }

    /// `value(for:)` with an already lower-cased tag.
    func value(forKey key: String) -> CIFValue? {
        switch body.index[key] {
        case .pair(let i)?:
            return CIFValue(source: source, record: source.values[Int(body.pairs[i].value)])
        case .loop(let l, let column)?:
            let loop = body.loops[l]
            guard loop.rowCount == 1 else { return nil }
            return CIFValue(source: source, record: source.values[loop.firstValue + column])
        case nil:
            return nil
        }
    }

    /// All values of `tag`: one for a pair, a column for a loop; nil when the tag is absent.
    public func values(for tag: String) -> [CIFValue]? { values(forKey: tag.asciiLowercased()) }

    /// `values(for:)` with an already lower-cased tag.
    func values(forKey key: String) -> [CIFValue]? {
        switch body.index[key] {
        case .pair(let i)?:
            return [CIFValue(source: source, record: source.values[Int(body.pairs[i].value)])]
        case .loop(let l, let column)?:
            return CIFLoop(source: source, record: body.loops[l]).column(column)
        case nil:
            return nil
        }
    }

    /// The loop that has `tag` as a column.
    public func loop(containing tag: String) -> CIFLoop? { loop(containingKey: tag.asciiLowercased()) }

    /// `loop(containing:)` with an already lower-cased tag.
    func loop(containingKey key: String) -> CIFLoop? {
        guard case .loop(let l, _)? = body.index[key] else { return nil }
        return CIFLoop(source: source, record: body.loops[l])
    }

    /// The save frame named `name` (case-insensitive).
    public func frame(named name: String) -> CIFBlock? {
        let key = name.asciiLowercased()
        return body.frames.first { $0.name.asciiLowercased() == key }.map { CIFBlock(source: source, body: $0) }
    }
}

/// A tag and its value outside a loop.
public struct CIFPair: Sendable {
    /// The tag as written, with its leading `_`.
    public let tag: String
    /// Where the tag is.
    public let tagLocation: CIFLocation
    /// The value.
    public let value: CIFValue
}

/// A `loop_`: tags (columns) and rows of values.
public struct CIFLoop: Sendable {
    let source: CIFSource
    let record: CIFLoopRecord

    /// The column tags as written.
    public var tags: [String] { record.tags }
    /// Where `loop_` is.
    public var location: CIFLocation { record.location }
    /// Number of columns.
    public var columnCount: Int { record.tags.count }
    /// Number of complete rows (a partial last row, an error, is left out).
    public var rowCount: Int { record.rowCount }

    /// The index of the column named `tag` (case-insensitive).
    public func columnIndex(of tag: String) -> Int? {
        let key = tag.asciiLowercased()
        return record.keys.firstIndex(of: key)
    }

    /// The value at a row and column.
    public subscript(row: Int, column: Int) -> CIFValue {
        precondition(row >= 0 && row < rowCount && column >= 0 && column < columnCount, "CIFLoop index out of range")
        return CIFValue(source: source, record: source.values[record.firstValue + row * record.tags.count + column])
    }

    /// A column's values, row by row.
    public func column(_ column: Int) -> [CIFValue] {
        let width = record.tags.count
        return (0..<rowCount).map { CIFValue(source: source, record: source.values[record.firstValue + $0 * width + column]) }
    }

    /// The values of the column named `tag`, or nil.
    public func column(named tag: String) -> [CIFValue]? { columnIndex(of: tag).map { column($0) } }
}

/// Where a tag is stated in a block.
enum CIFTagRef: Sendable {
    case pair(Int)
    case loop(Int, column: Int)
}

/// An item in file order.
enum CIFEntryRef: Sendable {
    case pair(Int)
    case loop(Int)
    case frame(Int)
}

struct CIFPairRecord: Sendable {
    var tag: String
    var tagLocation: CIFLocation
    var value: Int32
}

struct CIFLoopRecord: Sendable {
    var tags: [String]
    var keys: [String]
    var tagLocations: [CIFLocation]
    var location: CIFLocation
    var firstValue: Int
    var rowCount: Int
}

/// What the parser builds for a block or frame.
struct CIFBlockBody: Sendable {
    var name: String
    var location: CIFLocation
    var pairs: [CIFPairRecord] = []
    var loops: [CIFLoopRecord] = []
    var frames: [CIFBlockBody] = []
    var order: [CIFEntryRef] = []
    /// Lower-cased tag → its first statement.
    var index: [String: CIFTagRef] = [:]
}

extension String {
    /// ASCII letters lowered; other characters unchanged (CIF tag and block-name comparison).
    func asciiLowercased() -> String {
        if !utf8.contains(where: { $0 &- 65 < 26 }) { return self }
        return String(decoding: utf8.map { $0 &- 65 < 26 ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
