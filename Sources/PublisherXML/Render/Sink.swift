/// Where rendered text goes: the document body, or a part being assembled apart (a figure, a
/// table cell, a heading) before it is placed.
///
/// A sink holds finished blocks and the paragraph being written. Block sinks separate blocks with
/// a blank line; inline sinks (cells, headings, captions, labels) join them with a space.
struct Sink {
    /// (bytes) finished blocks, separated by "\n\n" (block sinks) or " " (inline sinks).
    var out: [UInt8] = []
    var paragraph = Paragraph()
    var inline = false
    /// Written before the next paragraph's first character (a list item's `- `, a footnote's label).
    var prefix: [UInt8] = []

    mutating func reset(inline: Bool) {
        out.removeAll(keepingCapacity: true)
        paragraph.reset()
        prefix.removeAll(keepingCapacity: true)
        self.inline = inline
    }

    var isEmpty: Bool { out.isEmpty && paragraph.isEmpty }

    /// Moves the paragraph into `out`; true when there was one.
    @discardableResult
    mutating func commitParagraph() -> Bool {
        guard !paragraph.isEmpty else { return false }
        Self.trimNoBreakSpaces(&paragraph.bytes)
        guard !paragraph.isEmpty else { return false }
        appendSeparator()
        if !prefix.isEmpty && !inline { out.append(contentsOf: prefix) }
        prefix.removeAll(keepingCapacity: true)
        out.append(contentsOf: paragraph.bytes)
        paragraph.reset()
        return true
    }

    /// No-break spaces (U+00A0) used as indentation at either end of a paragraph.
    static func trimNoBreakSpaces(_ b: inout [UInt8]) {
        guard let first = b.first, let last = b.last, first == 0xC2 || last == 0xA0 else { return }
        var lo = 0, hi = b.count
        while lo + 1 < hi, b[lo] == 0xC2, b[lo + 1] == 0xA0 { lo += 2; while lo < hi, b[lo] == 0x20 { lo += 1 } }
        while hi - 2 >= lo, b[hi - 2] == 0xC2, b[hi - 1] == 0xA0 { hi -= 2; while hi > lo, b[hi - 1] == 0x20 { hi -= 1 } }
        if lo > 0 || hi < b.count { b = Array(b[lo..<hi]) }
    }

    /// Appends a finished block (a table, a caption) after committing the paragraph.
    mutating func appendBlock(_ block: [UInt8]) {
        commitParagraph()
        guard !block.isEmpty else { return }
        appendSeparator()
        out.append(contentsOf: block)
    }

    /// Appends a finished block ahead of the paragraph being written (headings due before it).
    mutating func insertBlock(_ block: [UInt8]) {
        guard !block.isEmpty else { return }
        appendSeparator()
        out.append(contentsOf: block)
    }

    private mutating func appendSeparator() {
        guard !out.isEmpty else { return }
        if inline { out.append(0x20) } else { out.append(0x0A); out.append(0x0A) }
    }

    /// Everything written, paragraph included, as one line of text (blocks joined by spaces).
    func flattened() -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(out.count + paragraph.bytes.count + 1)
        var i = 0
        while i < out.count {
            let b = out[i]
            if b == 0x0A {
                if result.last != 0x20 && !result.isEmpty { result.append(0x20) }
            } else {
                result.append(b)
            }
            i += 1
        }
        if !paragraph.isEmpty {
            if !result.isEmpty && result.last != 0x20 { result.append(0x20) }
            result.append(contentsOf: paragraph.bytes)
        }
        while result.last == 0x20 { result.removeLast() }
        Self.trimNoBreakSpaces(&result)
        return result
    }

    /// Everything written as blocks: `out` plus the paragraph.
    mutating func blocks() -> [UInt8] {
        commitParagraph()
        return out
    }
}
