/// Figures, tables, footnotes and cross-references, and where floats are placed.
extension ArticleBuilder {
    /// A figure or table ended: its caption paragraph, then its other blocks (grid, footnotes).
    mutating func endFloat(_ role: ElementRole) {
        let body = popSink()
        guard let c = containers.popLast() else { return }
        var caption = c.title
        if !caption.isEmpty && !c.caption.isEmpty {
            caption += [0x2E, 0x3F, 0x21, 0x3A].contains(caption.last!) ? [0x20] : [0x2E, 0x20]
        }
        caption += c.caption
        var block = options.captions ? Self.captionParagraph(label: c.label, caption: caption, word: role == .table ? "Table" : "Figure") : []
        if !body.isEmpty {
            if !block.isEmpty { block += [0x0A, 0x0A] }
            block += body
        }
        guard !block.isEmpty else { return }
        placeFloat(block, id: c.id)
    }

    /// `Table 1. caption`, `Fig. 2. caption`; `Figure: caption` when there is no label.
    static func captionParagraph(label: [UInt8], caption: [UInt8], word: String) -> [UInt8] {
        if label.isEmpty && caption.isEmpty { return [] }
        if label.isEmpty { return Array(word.utf8) + Array(": ".utf8) + caption }
        if caption.isEmpty { return label }
        let last = label.last!
        let separator: [UInt8] = (last == 0x2E || last == 0x3A) ? [0x20] : [0x2E, 0x20]
        return label + separator + caption
    }

    /// A caption ended: its title and text go to the figure or table around it.
    mutating func endCaption() {
        let text = popSink()
        guard let c = containers.popLast() else { return }
        var caption = c.title
        if !caption.isEmpty && !text.isEmpty {
            let last = caption.last!
            caption += [0x2E, 0x3F, 0x21, 0x3A].contains(last) ? [0x20] : [0x2E, 0x20]  // . ? ! :
        }
        caption += text
        if let last = containers.indices.last, containers[last].role == .figure || containers[last].role == .table {
            if containers[last].label.isEmpty { containers[last].label = c.label }
            if containers[last].caption.isEmpty {
                containers[last].caption = caption
            } else if !caption.isEmpty {
                let end = containers[last].caption.last!
                containers[last].caption += [0x2E, 0x3F, 0x21, 0x3A].contains(end) ? [0x20] : [0x2E, 0x20]
                containers[last].caption += caption
            }
        } else {
            let block = c.label.isEmpty ? caption : Self.captionParagraph(label: c.label, caption: caption, word: "")
            appendBlock(block, to: sinkTop)
        }
    }

    /// A footnote ended: inside a paragraph of the body it follows that paragraph.
    mutating func endFootnote() {
        let blocks = popSink()
        _ = containers.popLast()
        guard !blocks.isEmpty else { return }
        if sinkTop == 0 && mainParagraphDepth > 0 {
            dueFloats.append(blocks)
        } else {
            appendBlock(blocks, to: sinkTop)
        }
    }

    mutating func endGrid() {
        let stray = popSink()
        guard var grid = grids.popLast() else { return }
        let (table, notes) = grid.render()
        appendBlock(table, to: sinkTop)
        for note in notes { appendBlock(note, to: sinkTop) }
        if !stray.isEmpty { appendBlock(stray, to: sinkTop) }
    }

    // MARK: Placement

    mutating func placeFloat(_ block: [UInt8], id: String?) {
        if sinkTop != 0 {
            appendBlock(block, to: sinkTop)
        } else if options.floats == .end {
            endFloats.append(block)
        } else if floatGroupDepth > 0 && bodyDepth == 0 && !sawBody {
            // Kept apart from the text (Elsevier `ce:floats`): placed at the first reference.
            let key = id ?? ""
            if !key.isEmpty { storedFloatIndex[key] = storedFloats.count }
            storedFloats.append((key, block, false))
        } else if mainParagraphDepth > 0 {
            dueFloats.append(block)
        } else {
            appendBlock(block, to: 0)
        }
    }

    /// Floats referred to by `ids` (space-separated) follow the current paragraph.
    mutating func markFloatsDue(_ ids: String) {
        guard bodyDepth > 0, !storedFloats.isEmpty else { return }
        for id in ids.split(separator: " ") {
            var key = String(id)
            if key.hasPrefix("#") { key.removeFirst() }
            guard let i = storedFloatIndex[key], !storedFloats[i].placed else { continue }
            storedFloats[i].placed = true
            dueFloats.append(storedFloats[i].block)
        }
    }

    mutating func flushDueFloats() {
        guard !dueFloats.isEmpty else { return }
        let due = dueFloats
        dueFloats.removeAll()
        for block in due { appendBlock(block, to: 0) }
    }

    /// The end of the body (or the start of back matter): every float not yet placed.
    mutating func flushAllFloats() {
        guard sinkTop >= 0 else { return }
        commit(0)
        flushDueFloats()
        for i in storedFloats.indices where !storedFloats[i].placed {
            storedFloats[i].placed = true
            appendBlock(storedFloats[i].block, to: 0)
        }
        for block in endFloats { appendBlock(block, to: 0) }
        endFloats.removeAll()
    }

    // MARK: Cross-references

    static let openMarkers: [ReferenceKind: [UInt8]] = [
        .bibliography: Array("[BIB_REF]".utf8), .figure: Array("[FIG_REF]".utf8),
        .table: Array("[TABLE_REF]".utf8), .equation: Array("[EQ_REF]".utf8),
    ]
    static let closeMarkers: [ReferenceKind: [UInt8]] = [
        .bibliography: Array("[/BIB_REF]".utf8), .figure: Array("[/FIG_REF]".utf8),
        .table: Array("[/TABLE_REF]".utf8), .equation: Array("[/EQ_REF]".utf8),
    ]

    mutating func startCrossRef<A: AttributeSource>(ri: Int, attributes: A, frame: inout Frame) {
        var targets: String? = nil
        if let name = ruleTarget(ri) { targets = attributes.attribute(name) }
        if let targets { markFloatsDue(targets) }
        guard options.markers == .llamat else { return }
        let kind = Self.referenceKind(ruleRefKind(ri), attributes: attributes, targets: targets)
        guard let open = Self.openMarkers[kind], let close = Self.closeMarkers[kind] else { return }
        let snapshot = sinks[sinkTop].paragraph.snapshot
        sinks[sinkTop].paragraph.appendRaw(open)
        crossRefs.append((snapshot, sinks[sinkTop].paragraph.bytes.count, close, sinkTop))
        frame.pushed.insert(.crossRef)
    }

    mutating func endCrossRef() {
        guard let ref = crossRefs.popLast(), ref.sink == sinkTop else { return }
        if sinks[sinkTop].paragraph.bytes.count == ref.openedAt {
            sinks[sinkTop].paragraph.restore(ref.snapshot)  // an empty reference: no markers
        } else {
            sinks[sinkTop].paragraph.appendClosing(ref.close)
        }
    }

    static func referenceKind(_ source: ReferenceKindSource?, attributes: some AttributeSource, targets: String?) -> ReferenceKind {
        guard let source else { return .other }
        switch source {
        case .fixed(let kind):
            return kind
        case .attribute(let name, let map):
            guard let v = attributes.attribute(name) else { return .other }
            return map[v] ?? map[v.lowercased()] ?? .other
        case .idPrefix(let name, let map):
            guard let v = attributes.attribute(name) ?? targets else { return .other }
            let first = v.split(separator: " ").first.map(String.init) ?? v
            let letters = String(first.lowercased().prefix { !$0.isNumber }).trimmingCharacters(in: "#_-")
            return map[letters] ?? .other
        case .substring(let name, let patterns):
            guard let v = attributes.attribute(name)?.lowercased() else { return .other }
            return patterns.first { v.contains($0.0) }?.1 ?? .other
        }
    }
}
