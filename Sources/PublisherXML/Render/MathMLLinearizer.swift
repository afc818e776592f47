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
struct MathMLLinearizer {
    enum Name: UInt8 {
        case container, token, text, space, phantom, sub, sup, subsup, frac, sqrt, root, fenced
        case under, over, underover, table, row, labeledRow, cell, semantics, annotation, multiscripts
        case prescripts, none, glyph
    }

    private struct Node {
        var name: Name
        var children: [Int32] = []
        var text: [UInt8] = []
        /// mfenced open/close/separators; mover accent flag; mglyph alt.
        var open: [UInt8]? = nil
        var close: [UInt8]? = nil
        var separators: [UInt8]? = nil
        var accent = false
    }

    private var nodes: [Node] = []
    private var stack: [Int32] = []
    /// The `math` element's depth when nesting runs away; deeper elements are flattened into their ancestor.
    private static let maxDepth = 120

    var isActive: Bool { !stack.isEmpty }

    mutating func begin() {
        nodes.removeAll(keepingCapacity: true)
        stack.removeAll(keepingCapacity: true)
        nodes.append(Node(name: .container))
        stack.append(0)
    }

    static let names: [String: Name] = [
        "math": .container, "mrow": .container, "mstyle": .container, "mpadded": .container, "menclose": .container,
        "merror": .container, "maction": .container,
        "mi": .token, "mn": .token, "mo": .token, "ms": .token, "mtext": .text,
        "mspace": .space, "mphantom": .phantom,
        "msub": .sub, "msup": .sup, "msubsup": .subsup, "mfrac": .frac, "msqrt": .sqrt, "mroot": .root,
        "mfenced": .fenced, "munder": .under, "mover": .over, "munderover": .underover,
        "mtable": .table, "mtr": .row, "mlabeledtr": .labeledRow, "mtd": .cell,
        "semantics": .semantics, "annotation": .annotation, "annotation-xml": .annotation,
        "mmultiscripts": .multiscripts, "mprescripts": .prescripts, "none": .none, "mglyph": .glyph,
        "maligngroup": .phantom, "malignmark": .phantom,
    ]

    mutating func start(_ local: String, attribute: (String) -> String?) {
        let name = Self.names[local] ?? .container
        guard stack.count < Self.maxDepth else { stack.append(stack.last!); return }
        var node = Node(name: name)
        switch name {
        case .fenced:
            node.open = attribute("open").map { Array($0.utf8) }
            node.close = attribute("close").map { Array($0.utf8) }
            node.separators = attribute("separators").map { Array($0.utf8.filter { $0 != 0x20 }) }
        case .over, .underover:
            node.accent = attribute("accent") == "true"
        case .glyph:
            node.text = attribute("alt").map { Array($0.utf8) } ?? []
        default: break
        }
        let index = Int32(nodes.count)
        nodes.append(node)
        nodes[Int(stack.last!)].children.append(index)
        stack.append(index)
    }

    mutating func end() {
        if stack.count > 1 { stack.removeLast() }
    }

    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let top = stack.last else { return }
        nodes[Int(top)].text.append(contentsOf: bytes)
    }

    /// The linear text of everything read since `begin()`.
    mutating func finish() -> [UInt8] {
        var out: [UInt8] = []
        render(0, into: &out, depth: 0)
        stack.removeAll(keepingCapacity: true)
        return collapse(out)
    }

    private func render(_ i: Int32, into out: inout [UInt8], depth: Int) {
        guard depth < 200 else { return }
        let node = nodes[Int(i)]
        let kids = node.children
        func child(_ k: Int) -> [UInt8] {
            guard k < kids.count else { return [] }
            var s: [UInt8] = []
            render(kids[k], into: &s, depth: depth + 1)
            return s
        }
        switch node.name {
        case .container, .cell:
            appendToken(node.text, into: &out)
            for k in kids { render(k, into: &out, depth: depth + 1) }
        case .token:
            appendToken(node.text, into: &out)
            for k in kids { render(k, into: &out, depth: depth + 1) }
        case .text:
            out.append(contentsOf: node.text)  // spaces inside mtext are kept (collapsed later)
            for k in kids { render(k, into: &out, depth: depth + 1) }
        case .glyph:
            out.append(contentsOf: node.text)
        case .space:
            out.append(0x20)
        case .phantom, .annotation, .none, .prescripts:
            break
        case .semantics:
            if let first = kids.first { render(first, into: &out, depth: depth + 1) }
        case .sub, .under:
            out += child(0); out.append(0x5F); out += group(child(1))
        case .sup:
            out += child(0); out.append(0x5E); out += group(child(1))
        case .over:
            let base = child(0), over = child(1)
            if node.accent || isAccent(over) { out += base + over } else { out += base; out.append(0x5E); out += group(over) }
        case .subsup, .underover:
            out += child(0)
            let a = child(1), b = child(2)
            if !a.isEmpty { out.append(0x5F); out += group(a) }
            if !b.isEmpty { out.append(0x5E); out += group(b) }
        case .frac:
            out.append(0x28); out += child(0); out += Array(")/(".utf8); out += child(1); out.append(0x29)
        case .sqrt:
            out += Array("sqrt(".utf8)
            for k in kids { render(k, into: &out, depth: depth + 1) }
            out.append(0x29)
        case .root:
            out += Array("sqrt[".utf8); out += child(1); out += Array("](".utf8); out += child(0); out.append(0x29)
        case .fenced:
            out += node.open ?? [0x28]
            let separators = node.separators ?? [0x2C]
            for (n, k) in kids.enumerated() {
                if n > 0, !separators.isEmpty {
                    // One separator per gap; the last one repeats (MathML rule). Separators are ASCII in practice.
                    out.append(separators[min(n - 1, separators.count - 1)])
                }
                render(k, into: &out, depth: depth + 1)
            }
            out += node.close ?? [0x29]
        case .table:
            for (n, k) in kids.enumerated() {
                if n > 0 { out += [0x3B, 0x20] }  // "; "
                render(k, into: &out, depth: depth + 1)
            }
        case .row:
            for (n, k) in kids.enumerated() {
                if n > 0 { out.append(0x20) }
                render(k, into: &out, depth: depth + 1)
            }
        case .labeledRow:
            for (n, k) in kids.enumerated().dropFirst() {
                if n > 1 { out.append(0x20) }
                render(k, into: &out, depth: depth + 1)
            }
            if !kids.isEmpty { out += [0x20, 0x28]; out += child(0); out.append(0x29) }
        case .multiscripts:
            // base (sub sup)* [mprescripts (sub sup)*]
            var post: [[UInt8]] = [], pre: [[UInt8]] = []
            var afterPrescripts = false
            for k in kids.dropFirst() {
                if nodes[Int(k)].name == .prescripts { afterPrescripts = true; continue }
                var s: [UInt8] = []
                render(k, into: &s, depth: depth + 1)
                if afterPrescripts { pre.append(s) } else { post.append(s) }
            }
            func scripts(_ list: [[UInt8]], into out: inout [UInt8]) {
                var n = 0
                while n < list.count {
                    if !list[n].isEmpty { out.append(0x5F); out += group(list[n]) }
                    if n + 1 < list.count, !list[n + 1].isEmpty { out.append(0x5E); out += group(list[n + 1]) }
                    n += 2
                }
            }
            scripts(pre, into: &out)
            out += child(0)
            scripts(post, into: &out)
        }
    }

    /// A script: braces unless it is a single character.
    private func group(_ s: [UInt8]) -> [UInt8] {
        let trimmed = trim(s)
        if trimmed.isEmpty { return [] }
        if isSingleScalar(trimmed) { return trimmed }
        return [0x7B] + trimmed + [0x7D]
    }

    private func isSingleScalar(_ s: [UInt8]) -> Bool {
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

    private func isAccent(_ s: [UInt8]) -> Bool { Self.accents.contains(trim(s)) }

    /// Token text: whitespace collapsed and trimmed, U+2061 as a space, other invisible operators dropped.
    private func appendToken(_ text: [UInt8], into out: inout [UInt8]) {
        guard !text.isEmpty else { return }
        var i = 0
        var s: [UInt8] = []
        s.reserveCapacity(text.count)
        while i < text.count {
            let b = text[i]
            // U+2061..U+2064 are E2 81 A1..A4; U+200B is E2 80 8B.
            if b == 0xE2, i + 2 < text.count {
                if text[i + 1] == 0x81, (0xA1...0xA4).contains(text[i + 2]) {
                    if text[i + 2] == 0xA1 { s.append(0x20) }
                    i += 3; continue
                }
                if text[i + 1] == 0x80, text[i + 2] == 0x8B { i += 3; continue }
            }
            s.append(b == 0x0A || b == 0x09 || b == 0x0D ? 0x20 : b)
            i += 1
        }
        out += trimKeepingFunctionSpace(s)
    }

    private func trimKeepingFunctionSpace(_ s: [UInt8]) -> [UInt8] {
        // A lone U+2061 token renders as one space; otherwise trim.
        if !s.isEmpty, s.allSatisfy({ $0 == 0x20 }) { return [0x20] }
        return trim(s)
    }

    private func trim(_ s: [UInt8]) -> [UInt8] {
        var lo = 0, hi = s.count
        while lo < hi, s[lo] == 0x20 || s[lo] == 0x0A { lo += 1 }
        while hi > lo, s[hi - 1] == 0x20 || s[hi - 1] == 0x0A { hi -= 1 }
        return Array(s[lo..<hi])
    }

    /// Collapses runs of whitespace and trims.
    private func collapse(_ s: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var space = false
        for b in s {
            if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D {
                space = !out.isEmpty
            } else {
                if space { out.append(0x20); space = false }
                out.append(b)
            }
        }
        return out
    }
}
