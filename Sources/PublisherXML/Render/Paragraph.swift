/// The paragraph being written, as UTF-8 bytes, with whitespace collapsing.
///
/// Runs of XML whitespace (space, tab, CR, LF) become one space, written only between two
/// non-space characters, so a paragraph never starts or ends with a space. A space that came only
/// from layout (whitespace-only text nodes between elements, or runs containing a line break) is *soft*: a subscript or
/// superscript that follows drops it, so pretty-printed `<ce:italic>E</ce:italic>\n<ce:inf>OCP</ce:inf>`
/// reads `EOCP`, and a soft space before closing punctuation or after an opening bracket is dropped
/// (`Fig. 7</ref>\n.` reads `Fig. 7.`).
struct Paragraph {
    /// (length) UTF-8 of the text so far, no leading or trailing space.
    var bytes: [UInt8] = []
    /// A space is due before the next character.
    var pendingSpace = false
    /// The pending space came only from whitespace-only nodes or element boundaries.
    var softSpace = false
    /// A superscript started: `^` is due before its first character.
    var pendingCaret = false

    var isEmpty: Bool { bytes.isEmpty }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        pendingSpace = false; softSpace = false; pendingCaret = false
    }

    @inline(__always) private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }

    /// Appends text, collapsing whitespace.
    mutating func append(_ text: UnsafeBufferPointer<UInt8>) {
        // Fast path: words separated by single spaces (most text nodes), copied in one go.
        var lo = 0, hi = text.count
        while lo < hi, Self.isSpace(text[lo]) { lo += 1 }
        while hi > lo, Self.isSpace(text[hi - 1]) { hi -= 1 }
        guard lo < hi else {
            appendWhitespace(UnsafeBufferPointer(rebasing: text[0..<text.count]))
            return
        }
        var clean = true
        var k = lo
        while k < hi {
            let b = text[k]
            if b < 0x21 && (b != 0x20 || text[k + 1] == 0x20) { clean = false; break }
            k += 1
        }
        guard clean else { appendSlow(text); return }
        if lo > 0 { appendWhitespace(UnsafeBufferPointer(rebasing: text[0..<lo])) }
        if pendingSpace && softSpace && Self.closingPunctuation(text[lo]) { pendingSpace = false; softSpace = false }
        openContent()
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[lo..<hi]))
        if hi < text.count { appendWhitespace(UnsafeBufferPointer(rebasing: text[hi..<text.count])) }
    }

    /// A run of whitespace: a pending space, soft when it holds a line break.
    private mutating func appendWhitespace(_ run: UnsafeBufferPointer<UInt8>) {
        guard !bytes.isEmpty, !run.isEmpty else { return }
        let newline = run.contains(0x0A) || run.contains(0x0D)
        if !pendingSpace { softSpace = newline } else if !newline { softSpace = false }
        pendingSpace = true
    }

    private mutating func appendSlow(_ text: UnsafeBufferPointer<UInt8>) {
        var i = 0
        let n = text.count
        while i < n {
            let b = text[i]
            if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D {
                // A run with a line break is layout (soft); spaces alone are text (hard).
                var j = i, newline = false
                while j < n, text[j] == 0x20 || text[j] == 0x0A || text[j] == 0x09 || text[j] == 0x0D {
                    if text[j] == 0x0A || text[j] == 0x0D { newline = true }
                    j += 1
                }
                if !bytes.isEmpty {
                    if !pendingSpace { softSpace = newline } else if !newline { softSpace = false }
                    pendingSpace = true
                }
                i = j
                continue
            }
            // Copy the run of non-space bytes in one go.
            var j = i + 1
            while j < n {
                let c = text[j]
                if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D { break }
                j += 1
            }
            if pendingSpace && softSpace && Self.closingPunctuation(b) { pendingSpace = false; softSpace = false }
            openContent()
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[i..<j]))
            i = j
        }
    }

    mutating func append(_ text: String) {
        var s = text
        s.withUTF8 { append($0) }
    }

    /// `.` `,` `;` `:` `)` `]`: a soft space before them is indentation, not text.
    @inline(__always) static func closingPunctuation(_ b: UInt8) -> Bool {
        b == 0x2E || b == 0x2C || b == 0x3B || b == 0x3A || b == 0x29 || b == 0x5D
    }

    /// Whitespace between elements: a soft space.
    mutating func appendSoftSpace() {
        if !bytes.isEmpty && !pendingSpace { pendingSpace = true; softSpace = true }
    }

    /// A deliberate space (`ce:hsp`).
    mutating func appendHardSpace() {
        if !bytes.isEmpty { pendingSpace = true; softSpace = false }
    }

    /// Drops a pending soft space (before a subscript or superscript).
    mutating func dropSoftSpace() {
        if pendingSpace && softSpace { pendingSpace = false; softSpace = false }
    }

    /// Writes bytes as they are, after any pending space and caret (markers, rendered math).
    mutating func appendRaw(_ raw: [UInt8]) {
        guard !raw.isEmpty else { return }
        openContent()
        bytes.append(contentsOf: raw)
    }

    /// Writes bytes right after the last character, leaving a pending space pending (closing markers).
    mutating func appendClosing(_ raw: [UInt8]) {
        bytes.append(contentsOf: raw)
    }

    /// A newline (line break inside a paragraph).
    mutating func appendNewline() {
        guard !bytes.isEmpty else { return }
        bytes.append(0x0A)
        pendingSpace = false; softSpace = false
    }

    private mutating func openContent() {
        if pendingSpace {
            // A soft space right after an opening bracket is layout too: `(\n<xref>1</xref>)` reads `(1)`.
            let last = bytes.last
            if !bytes.isEmpty && last != 0x0A && !(softSpace && (last == 0x28 || last == 0x5B)) { bytes.append(0x20) }
            pendingSpace = false; softSpace = false
        }
        if pendingCaret {
            bytes.append(0x5E)  // ^
            pendingCaret = false
        }
    }

    /// State to return to when a tentative write (an opening marker) turns out to wrap nothing.
    struct Snapshot { var count: Int; var pendingSpace: Bool; var softSpace: Bool; var pendingCaret: Bool }
    var snapshot: Snapshot { Snapshot(count: bytes.count, pendingSpace: pendingSpace, softSpace: softSpace, pendingCaret: pendingCaret) }
    mutating func restore(_ s: Snapshot) {
        bytes.removeSubrange(s.count...)
        pendingSpace = s.pendingSpace; softSpace = s.softSpace; pendingCaret = s.pendingCaret
    }
}
