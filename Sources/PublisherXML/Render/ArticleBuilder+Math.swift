/// Formulas: MathML and TeX renderings, and the choice between alternatives.
///
/// When a formula comes both as TeX and as MathML (JATS `alternatives`, Springer `EquationSource`),
/// the TeX is kept: it is what the authors wrote. TeX is written `$…$` inline and `$$…$$` in display
/// formulas, or `[TEX]…[/TEX]` with LLaMat markers; linearized MathML is written as it is.
extension ArticleBuilder {
    /// A rendered formula: into the innermost host that chooses among renderings, else into the text.
    mutating func deliverFragment(tex: Bool, _ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        if !fragmentHosts.isEmpty {
            let i = fragmentHosts.count - 1
            if tex {
                if !fragmentHosts[i].tex.isEmpty { fragmentHosts[i].tex.append(0x20) }
                fragmentHosts[i].tex += bytes
            } else {
                if !fragmentHosts[i].math.isEmpty { fragmentHosts[i].math.append(0x20) }
                fragmentHosts[i].math += bytes
            }
            return
        }
        write(tex: tex, bytes, display: false)
    }

    mutating func write(tex: Bool, _ bytes: [UInt8], display: Bool) {
        guard sinkTop >= 0, !bytes.isEmpty else { return }
        if tex {
            let wrapped: [UInt8]
            if options.markers == .llamat {
                wrapped = Array("[TEX]".utf8) + bytes + Array("[/TEX]".utf8)
            } else if display {
                wrapped = Array("$$".utf8) + bytes + Array("$$".utf8)
            } else {
                wrapped = [0x24] + bytes + [0x24]
            }
            sinks[sinkTop].paragraph.appendRaw(wrapped)
        } else {
            sinks[sinkTop].paragraph.appendRaw(bytes)
        }
    }

    /// An inline formula or `alternatives` ended: its preferred rendering moves on.
    mutating func endFragmentHost() {
        guard let host = fragmentHosts.popLast() else { return }
        let (tex, chosen) = host.tex.isEmpty ? (false, host.math) : (true, host.tex)
        guard !chosen.isEmpty else { return }
        if fragmentHosts.isEmpty {
            write(tex: tex, chosen, display: host.display)
        } else {
            deliverFragment(tex: tex, chosen)
        }
    }

    /// A display formula ended: its own paragraph, label appended as `(n)`.
    mutating func endDisplayMath() {
        if let host = fragmentHosts.popLast() {
            let (tex, chosen) = host.tex.isEmpty ? (false, host.math) : (true, host.tex)
            write(tex: tex, chosen, display: true)
        }
        var content = popSink()
        guard let c = containers.popLast() else { return }
        if !c.label.isEmpty {
            var label = c.label
            if label.first != 0x28 { label = [0x28] + label + [0x29] }
            if !content.isEmpty { content.append(0x20) }
            content += label
        }
        appendBlock(content, to: sinkTop)
    }
}
