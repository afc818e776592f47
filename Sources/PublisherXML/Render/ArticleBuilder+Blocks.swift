/// Sinks, paragraphs, containers and headings.
extension ArticleBuilder {
    // MARK: Sinks

    mutating func pushSink(inline: Bool) {
        sinkTop += 1
        if sinkTop < sinks.count {
            sinks[sinkTop].reset(inline: inline)
        } else {
            var s = Sink()
            s.inline = inline
            sinks.append(s)
        }
    }

    /// Pops the top sink and returns its text: one line for inline sinks, blocks for block sinks.
    mutating func popSink() -> [UInt8] {
        guard sinkTop > 0 else { return [] }
        let bytes = sinks[sinkTop].inline ? sinks[sinkTop].flattened() : sinks[sinkTop].blocks()
        sinkTop -= 1
        return bytes
    }

    /// Ends the paragraph being written in sink `s`.
    mutating func commit(_ s: Int) {
        guard s >= 0, !sinks[s].paragraph.isEmpty else { return }
        if s == 0 { willWriteMainBlock() }
        sinks[s].commitParagraph()
    }

    /// Adds a finished block to sink `s` after its paragraph.
    mutating func appendBlock(_ block: [UInt8], to s: Int) {
        guard s >= 0 else { return }
        commit(s)
        guard !block.isEmpty else { return }
        if s == 0 { willWriteMainBlock() }
        sinks[s].appendBlock(block)
    }

    /// Before any block reaches the document: pending headings first, and note what the article has.
    mutating func willWriteMainBlock() {
        if !pendingHeadings.isEmpty {
            for h in pendingHeadings where !h.bytes.isEmpty { sinks[0].insertBlock(h.bytes) }
            for h in pendingHeadings where h.container < containers.count { containers[h.container].hasPendingHeading = false }
            pendingHeadings.removeAll(keepingCapacity: true)
        }
        if bodyDepth > 0 { bodyHasText = true }
        if abstractDepth > 0 { abstractHasText = true }
    }

    /// Text written before the next paragraph of the top sink (list markers, labels).
    mutating func setPrefix(_ prefix: [UInt8]) {
        guard sinkTop >= 0 else { return }
        if sinks[sinkTop].paragraph.isEmpty {
            sinks[sinkTop].prefix = prefix
        } else {
            sinks[sinkTop].paragraph.bytes.insert(contentsOf: prefix, at: 0)
        }
    }

    // MARK: Containers

    /// Roles whose titles are section headings.
    private func isSectionLike(_ role: ElementRole) -> Bool {
        role == .section || role == .abstract || role == .references || role == .article
    }

    mutating func pushContainer(_ role: ElementRole, defaultHeading: String? = nil) {
        var level = 2
        if isSectionLike(role) {
            if let parent = containers.last(where: { isSectionLike($0.role) && $0.titled }) { level = parent.level + 1 }
        }
        containers.append(Container(role: role, level: min(level, 6)))
        if let defaultHeading, !defaultHeading.isEmpty {
            setHeading(containers.count - 1, text: Array(defaultHeading.utf8), isDefault: true)
        }
    }

    mutating func popContainer() {
        guard let c = containers.popLast() else { return }
        if c.hasPendingHeading, let last = pendingHeadings.last, last.container == containers.count {
            if c.role == .section && !c.defaultHeading && mode == .render {
                // A titled section with nothing else (`<sec><title>Material and Methods</title></sec>`):
                // its heading is the article's text, written with those of the sections around it.
                willWriteMainBlock()
            } else {
                pendingHeadings.removeLast()
            }
        }
    }

    /// Sets (or replaces) a section-like container's heading; it is written before the container's
    /// first block; if none comes, a section's own title is still written when the section ends (see
    /// `popContainer`), a default heading is dropped.
    mutating func setHeading(_ index: Int, text: [UInt8], isDefault: Bool = false) {
        var c = containers[index]
        var line = Array(repeating: UInt8(0x23), count: c.level)  // #
        line.append(0x20)
        if !c.label.isEmpty && !isDefault {
            line += Self.headingLabel(c.label)
            if !text.isEmpty { line.append(0x20) }
        }
        line += text
        if text.isEmpty && (c.label.isEmpty || isDefault) { return }
        if c.hasPendingHeading, let i = pendingHeadings.lastIndex(where: { $0.container == index }) {
            pendingHeadings[i].bytes = line
        } else {
            pendingHeadings.append((index, line))
            c.hasPendingHeading = true
        }
        c.titled = true
        c.defaultHeading = isDefault
        containers[index] = c
    }

    /// Marks the innermost section's heading as one that is written only if a block follows, as
    /// default headings are: for a heading recognized as a dropped part (an HTML "References" heading
    /// whose list is skipped) only once its text has been read.
    mutating func dropInnermostSectionHeadingUnlessFollowed() {
        guard let index = containers.lastIndex(where: { $0.role == .section }) else { return }
        containers[index].defaultHeading = true
    }

    /// `1` → `1.`; `2.1`, `A`, `Appendix A` stay as they are.
    static func headingLabel(_ label: [UInt8]) -> [UInt8] {
        guard let last = label.last, (0x30...0x39).contains(last), !label.contains(0x2E) else { return label }
        return label + [0x2E]
    }

    /// A heading element ended: it titles the innermost container.
    mutating func placeHeading(_ bytes: [UInt8]) {
        guard !bytes.isEmpty, let index = containers.indices.last else { return }
        switch containers[index].role {
        case .section where index > 0 && containers[index - 1].role == .abstract && containers[index - 1].hasPendingHeading
            && Self.isAbstractWord(bytes):
            // `abs/sec/st` "Abstract" (BMC): the abstract's own title, not a subsection.
            setHeading(index - 1, text: bytes)
        case .section, .abstract, .references:
            setHeading(index, text: bytes)
        case .caption, .figure, .table, .keywords:
            if containers[index].title.isEmpty { containers[index].title = bytes }
        default:
            // A title of a list, a list item, a footnote: a paragraph of its own.
            appendBlock(bytes, to: sinkTop)
        }
    }

    static func isAbstractWord(_ bytes: [UInt8]) -> Bool {
        let t = String(decoding: bytes, as: UTF8.self).lowercased()
        return t == "abstract" || t == "summary"
    }

    /// A label element ended: it numbers the innermost container.
    mutating func placeLabel(_ bytes: [UInt8]) {
        guard !bytes.isEmpty, let index = containers.indices.last else { return }
        switch containers[index].role {
        case .section, .abstract, .references, .figure, .table, .displayMath:
            containers[index].label = bytes
        case .caption:
            // Springer's CaptionNumber sits inside the caption.
            if index > 0, containers[index - 1].role == .figure || containers[index - 1].role == .table {
                containers[index - 1].label = bytes
            } else {
                containers[index].label = bytes
            }
        case .listItem:
            let bullet: Set<String> = ["•", "·", "▪", "■", "□", "◦", "○", "●", "–", "—", "-", "*", "∗"]
            let text = String(decoding: bytes, as: UTF8.self)
            if !bullet.contains(text) { replaceItemMarker(bytes + [0x20]) }
        case .reference:
            // A bare number becomes `[n]`, the form citations use in the text.
            setPrefix((bytes.allSatisfy { (0x30...0x39).contains($0) } ? [0x5B] + bytes + [0x5D] : bytes) + [0x20])
        case .footnote:
            setPrefix(bytes + [0x20])
        default:
            sinks[sinkTop].paragraph.appendRaw(bytes)
            sinks[sinkTop].paragraph.appendHardSpace()
        }
    }

    /// Replaces a list item's `- ` by its own label, keeping the indentation.
    private mutating func replaceItemMarker(_ marker: [UInt8]) {
        guard sinkTop >= 0 else { return }
        var prefix = sinks[sinkTop].prefix
        let indent = prefix.prefix { $0 == 0x20 }.count
        prefix = Array(repeating: 0x20, count: indent) + marker
        if sinks[sinkTop].paragraph.isEmpty { sinks[sinkTop].prefix = prefix } else { sinks[sinkTop].paragraph.bytes.insert(contentsOf: marker, at: 0) }
    }

    /// `Keywords: a; b; c` (or the group's own title).
    mutating func endKeywords() {
        guard let c = containers.last, c.role == .keywords else { return }
        popContainer()
        guard !c.items.isEmpty else { return }
        var title = c.title
        while let last = title.last, last == 0x3A || last == 0x20 || last == 0x2E { title.removeLast() }  // ":" " " "."
        var block = title.isEmpty ? Array("Keywords".utf8) : title
        block += Array(": ".utf8)
        for (i, item) in c.items.enumerated() {
            if i > 0 { block += Array("; ".utf8) }
            block += item
        }
        appendBlock(block, to: sinkTop)
    }

    /// Back matter begins: floats still waiting close the body first.
    mutating func enterBackMatter() {
        guard !backMatterStarted, bodyDepth > 0 else { return }
        backMatterStarted = true
        flushAllFloats()
    }
}
