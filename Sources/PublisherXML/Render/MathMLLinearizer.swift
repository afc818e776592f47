/// MathML rendered as one line of text.
///
/// Conventions (presentation MathML; content MathML falls back to its text):
/// * token elements (`mi`, `mn`, `mo`, `mtext`, `ms`) are concatenated: `x=2`; U+2061 (function
///   application) becomes a space (`sin x`), the other invisible operators disappear;
/// * `msub` → `x_2`, `x_{ab}`; `msup` → `x^2`, `x^{ab}`; `msubsup` → `x_i^2`; braces only when the script
///   is longer than one character;
/// * `mfrac` → `(a)/(b)`; `msqrt` → `sqrt(x)`; `mroot` → `sqrt[n](x)`;
/// * `mfenced` → its `open`, children joined by its `separators`, `close` (defaults `(`, `,`, `)`);
/// * `munder`/`mover`/`munderover` → scripts as `_{…}`/`^{…}`; an accent (`accent="true"` or a lone
///   accent character) follows its base: `x¯`;
/// * `mtable` → rows joined by `; `, cells by a space; `mspace` → a space; `mphantom`, annotations → nothing;
/// * `semantics` → its first child.
///
/// The tree is kept in flat arrays (nodes linked by index, text in one byte buffer), so reading a
/// formula allocates nothing once the buffers have grown.
struct MathMLLinearizer {
    enum Name: UInt8 {
        case container, token, text, space, phantom, sub, sup, subsup, frac, sqrt, root, fenced
        case under, over, underover, table, row, labeledRow, cell, semantics, annotation, multiscripts
        case prescripts, none, glyph
        /// A run of character data (a leaf).
        case piece
    }

    private struct Node {
        var name: Name
        var accent = false
        var firstChild: Int32 = -1
        var lastChild: Int32 = -1
        var next: Int32 = -1
        /// `piece`, `glyph`: the text; `fenced`: the `open` attribute.
        var text: Range<Int32> = 0..<0
        /// `fenced`: `close` and `separators` (-1 lower bound when absent; `text` likewise for `open`).
        var close: Range<Int32> = -1..<(-1)
        var separators: Range<Int32> = -1..<(-1)
        var hasOpen = false
    }

    private var nodes: [Node] = []
    private var stack: [Int32] = []
    private var bytes: [UInt8] = []
    private static let maxDepth = 120

    mutating func begin() {
        nodes.removeAll(keepingCapacity: true)
        stack.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        nodes.append(Node(name: .container))
        stack.append(0)
    }

    private static let table: NameTable = {
        let names: [(String, Name)] = [
            ("math", .container), ("mrow", .container), ("mstyle", .container), ("mpadded", .container), ("menclose", .container),
            ("merror", .container), ("maction", .container),
            ("mi", .token), ("mn", .token), ("mo", .token), ("ms", .token), ("mtext", .text),
            ("mspace", .space), ("mphantom", .phantom),
            ("msub", .sub), ("msup", .sup), ("msubsup", .subsup), ("mfrac", .frac), ("msqrt", .sqrt), ("mroot", .root),
            ("mfenced", .fenced), ("munder", .under), ("mover", .over), ("munderover", .underover),
            ("mtable", .table), ("mtr", .row), ("mlabeledtr", .labeledRow), ("mtd", .cell),
            ("semantics", .semantics), ("annotation", .annotation), ("annotation-xml", .annotation),
            ("mmultiscripts", .multiscripts), ("mprescripts", .prescripts), ("none", .none), ("mglyph", .glyph),
            ("maligngroup", .phantom), ("malignmark", .phantom),
        ]
        return NameTable(names.map { (ElementName(.mathML, $0.0), NameTable.Value(id: Int32($0.1.rawValue), first: 0, count: 0)) })
    }()

    private mutating func store(_ s: String) -> Range<Int32> {
        let start = Int32(bytes.count)
        bytes.append(contentsOf: s.utf8)
        return start..<Int32(bytes.count)
    }

    private mutating func link(_ index: Int32, under parent: Int32) {
        let p = Int(parent)
        if nodes[p].lastChild >= 0 { nodes[Int(nodes[p].lastChild)].next = index } else { nodes[p].firstChild = index }
        nodes[p].lastChild = index
    }

    mutating func start(_ local: String, attribute: (String) -> String?) {
        let name = Self.table.lookup(.mathML, local).flatMap { Name(rawValue: UInt8($0.id)) } ?? .container
        guard stack.count < Self.maxDepth else { stack.append(stack.last!); return }
        var node = Node(name: name)
        switch name {
        case .fenced:
            if let v = attribute("open") { node.text = store(v); node.hasOpen = true }
            if let v = attribute("close") { node.close = store(v) }
            if let v = attribute("separators") { node.separators = store(v.filter { $0 != " " }) }
        case .over, .underover:
            node.accent = attribute("accent") == "true"
        case .glyph:
            if let v = attribute("alt") { node.text = store(v) }
        default: break
        }
        let index = Int32(nodes.count)
        nodes.append(node)
        link(index, under: stack.last!)
        stack.append(index)
    }

    mutating func end() {
        if stack.count > 1 { stack.removeLast() }
    }

    mutating func text(_ text: UnsafeBufferPointer<UInt8>) {
        guard let top = stack.last else { return }
        let start = Int32(bytes.count)
        bytes.append(contentsOf: text)
        let index = Int32(nodes.count)
        nodes.append(Node(name: .piece, text: start..<Int32(bytes.count)))
        link(index, under: top)
    }

    /// The linear text of everything read since `begin()`.
    mutating func finish() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        render(0, into: &out, depth: 0)
        stack.removeAll(keepingCapacity: true)
        return Self.collapse(out)
    }

    // MARK: Rendering

    private func children(_ i: Int32) -> [Int32] {
        var result: [Int32] = []
        var c = nodes[Int(i)].firstChild
        while c >= 0 {
            if nodes[Int(c)].name != .piece || !isBlank(nodes[Int(c)].text) { result.append(c) }
            c = nodes[Int(c)].next
        }
        return result
    }

    private func isBlank(_ r: Range<Int32>) -> Bool {
        for k in r where !(bytes[Int(k)] == 0x20 || bytes[Int(k)] == 0x0A || bytes[Int(k)] == 0x09 || bytes[Int(k)] == 0x0D) { return false }
        return true
    }

    private func renderChildren(_ i: Int32, into out: inout [UInt8], depth: Int) {
        var c = nodes[Int(i)].firstChild
        while c >= 0 {
            render(c, into: &out, depth: depth + 1)
            c = nodes[Int(c)].next
        }
    }

    private func render(_ i: Int32, into out: inout [UInt8], depth: Int) {
        guard depth < 200 else { return }
        let node = nodes[Int(i)]
        switch node.name {
        case .piece:
            // Character data outside token elements (loose MathML): kept as it is.
            out += slice(node.text)
        case .container, .cell:
            renderChildren(i, into: &out, depth: depth)
        case .token:
            appendToken(i, into: &out)
        case .text:
            var c = node.firstChild
            while c >= 0 {
                if nodes[Int(c)].name == .piece { out += bytes[Int(nodes[Int(c)].text.lowerBound)..<Int(nodes[Int(c)].text.upperBound)] }
                else { render(c, into: &out, depth: depth + 1) }
                c = nodes[Int(c)].next
            }
        case .glyph:
            out += bytes[Int(node.text.lowerBound)..<Int(node.text.upperBound)]
        case .space:
            out.append(0x20)
        case .phantom, .annotation, .none, .prescripts:
            break
        case .semantics:
            if let first = children(i).first { render(first, into: &out, depth: depth + 1) }
        case .sub, .under:
            let k = children(i)
            renderAt(k, 0, into: &out, depth: depth)
            script(k, 1, marker: 0x5F, into: &out, depth: depth)
        case .sup:
            let k = children(i)
            renderAt(k, 0, into: &out, depth: depth)
            script(k, 1, marker: 0x5E, into: &out, depth: depth)
        case .over:
            let k = children(i)
            renderAt(k, 0, into: &out, depth: depth)
            let mark = out.count
            renderAt(k, 1, into: &out, depth: depth)
            if !(node.accent || isAccent(out[mark...])) {
                let over = Array(out[mark...])
                out.removeSubrange(mark...)
                appendScript(over, marker: 0x5E, into: &out)
            }
        case .subsup, .underover:
            let k = children(i)
            renderAt(k, 0, into: &out, depth: depth)
            script(k, 1, marker: 0x5F, into: &out, depth: depth)
            script(k, 2, marker: 0x5E, into: &out, depth: depth)
        case .frac:
            let k = children(i)
            out.append(0x28); renderAt(k, 0, into: &out, depth: depth)
            out += [0x29, 0x2F, 0x28]; renderAt(k, 1, into: &out, depth: depth); out.append(0x29)
        case .sqrt:
            out += Array("sqrt(".utf8)
            renderChildren(i, into: &out, depth: depth)
            out.append(0x29)
        case .root:
            let k = children(i)
            out += Array("sqrt[".utf8); renderAt(k, 1, into: &out, depth: depth)
            out += [0x5D, 0x28]; renderAt(k, 0, into: &out, depth: depth); out.append(0x29)
        case .fenced:
            if node.hasOpen { out += slice(node.text) } else { out.append(0x28) }
            let separators: [UInt8] = node.separators.lowerBound >= 0 ? Array(slice(node.separators)) : [0x2C]
            for (n, c) in children(i).enumerated() {
                if n > 0, !separators.isEmpty { out.append(separators[min(n - 1, separators.count - 1)]) }
                render(c, into: &out, depth: depth + 1)
            }
            if node.close.lowerBound >= 0 { out += slice(node.close) } else { out.append(0x29) }
        case .table:
            for (n, c) in children(i).enumerated() {
                if n > 0 { out += [0x3B, 0x20] }  // "; "
                render(c, into: &out, depth: depth + 1)
            }
        case .row:
            for (n, c) in children(i).enumerated() {
                if n > 0 { out.append(0x20) }
                render(c, into: &out, depth: depth + 1)
            }
        case .labeledRow:
            let k = children(i)
            for (n, c) in k.enumerated().dropFirst() {
                if n > 1 { out.append(0x20) }
                render(c, into: &out, depth: depth + 1)
            }
            if !k.isEmpty { out += [0x20, 0x28]; renderAt(k, 0, into: &out, depth: depth); out.append(0x29) }
        case .multiscripts:
            // base (sub sup)* [mprescripts (sub sup)*]
            let k = children(i)
            var post: [[UInt8]] = [], pre: [[UInt8]] = []
            var afterPrescripts = false
            for c in k.dropFirst() {
                if nodes[Int(c)].name == .prescripts { afterPrescripts = true; continue }
                var s: [UInt8] = []
                render(c, into: &s, depth: depth + 1)
                if afterPrescripts { pre.append(s) } else { post.append(s) }
            }
            func scripts(_ list: [[UInt8]], into out: inout [UInt8]) {
                var n = 0
                while n < list.count {
                    appendScript(list[n], marker: 0x5F, into: &out)
                    if n + 1 < list.count { appendScript(list[n + 1], marker: 0x5E, into: &out) }
                    n += 2
                }
            }
            scripts(pre, into: &out)
            renderAt(k, 0, into: &out, depth: depth)
            scripts(post, into: &out)
        }
    }

    private func slice(_ r: Range<Int32>) -> ArraySlice<UInt8> { bytes[Int(r.lowerBound)..<Int(r.upperBound)] }

    private func renderAt(_ kids: [Int32], _ k: Int, into out: inout [UInt8], depth: Int) {
        if k < kids.count { render(kids[k], into: &out, depth: depth + 1) }
    }

    /// `_x`, `^{xy}`: a script rendered in place, braced unless one character.
    private func script(_ kids: [Int32], _ k: Int, marker: UInt8, into out: inout [UInt8], depth: Int) {
        guard k < kids.count else { return }
        let mark = out.count
        render(kids[k], into: &out, depth: depth + 1)
        let s = Array(out[mark...])
        out.removeSubrange(mark...)
        appendScript(s, marker: marker, into: &out)
    }

    private func appendScript(_ s: [UInt8], marker: UInt8, into out: inout [UInt8]) {
        let t = Self.trim(s[...])
        guard !t.isEmpty else { return }
        out.append(marker)
        if Self.isSingleScalar(t) { out += t } else { out.append(0x7B); out += t; out.append(0x7D) }
    }

    private static func isSingleScalar(_ s: ArraySlice<UInt8>) -> Bool {
        guard let first = s.first else { return false }
        let length: Int
        switch first {
        case 0..<0x80: length = 1
        case 0xC0..<0xE0: length = 2
        case 0xE0..<0xF0: length = 3
        default: length = 4
        }
        return s.count == length
    }

    private static let accents: Set<[UInt8]> = Set(["¯", "^", "~", "˙", "→", "ˆ", "˜", "‾", "¨", "´", "`", "˘", "ˇ", "⃗", "̂", "̃", "̄", "̇", "̈", "←", "↔", "⏞", "⏟", "︷", "︸", "_"].map { Array($0.utf8) })

    private func isAccent(_ s: ArraySlice<UInt8>) -> Bool { Self.accents.contains(Array(Self.trim(s))) }

    /// A token's text: whitespace collapsed and trimmed, U+2061 as a space, other invisible operators dropped.
    private func appendToken(_ i: Int32, into out: inout [UInt8]) {
        let start = out.count
        var c = nodes[Int(i)].firstChild
        while c >= 0 {
            let child = nodes[Int(c)]
            if child.name == .piece {
                var k = Int(child.text.lowerBound)
                let end = Int(child.text.upperBound)
                while k < end {
                    let b = bytes[k]
                    // U+2061..U+2064 are E2 81 A1..A4; U+200B is E2 80 8B.
                    if b == 0xE2, k + 2 < end {
                        if bytes[k + 1] == 0x81, (0xA1...0xA4).contains(bytes[k + 2]) {
                            if bytes[k + 2] == 0xA1 { out.append(0x20) }
                            k += 3; continue
                        }
                        if bytes[k + 1] == 0x80, bytes[k + 2] == 0x8B { k += 3; continue }
                    }
                    out.append(b == 0x0A || b == 0x09 || b == 0x0D ? 0x20 : b)
                    k += 1
                }
            }
            c = child.next
        }
        // Trim, but a token that is only a function application stays one space.
        var lo = start, hi = out.count
        while lo < hi, out[lo] == 0x20 { lo += 1 }
        while hi > lo, out[hi - 1] == 0x20 { hi -= 1 }
        if lo == hi {
            let wasSpace = out.count > start
            out.removeSubrange(start...)
            if wasSpace { out.append(0x20) }
            return
        }
        out.removeSubrange(hi...)
        out.removeSubrange(start..<lo)
    }

    private static func trim(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var lo = s.startIndex, hi = s.endIndex
        while lo < hi, s[lo] == 0x20 || s[lo] == 0x0A { lo += 1 }
        while hi > lo, s[hi - 1] == 0x20 || s[hi - 1] == 0x0A { hi -= 1 }
        return s[lo..<hi]
    }

    /// Collapses runs of whitespace and trims.
    private static func collapse(_ s: [UInt8]) -> [UInt8] { MetadataCollector.collapse(bytes: s) }
}
