/// What each role does when its element opens and closes (in render mode).
extension ArticleBuilder {
    mutating func startRendering<A: AttributeSource>(role: ElementRole, ri: Int, flags: RuleFlags, attributes: A, frame: inout Frame) {
        if flags.contains(.backMatter) || role == .references { enterBackMatter() }
        if flags.contains(.separate) || (role == .inline && ri < 0 && referenceDepth > 0) {
            topParagraphSoftSpace()
            frame.pushed.insert(.separate)
        }
        if flags.contains(.structured) {
            referenceDepth += 1
            frame.pushed.insert(.structured)
        }
        switch role {
        case .inline, .mute, .skip, .article, .author:
            break
        case .body:
            bodyDepth += 1
            sawBody = true
            frame.pushed.insert(.body)
        case .paragraph:
            commit(sinkTop)
            if sinkTop == 0 {
                mainParagraphDepth += 1
                frame.pushed.insert(.mainParagraph)
            }
            if let name = ruleLabelAttribute(ri), let label = attributes.attribute(name), !label.isEmpty {
                setPrefix(Array(label.utf8) + Array(": ".utf8))
            }
        case .block:
            commit(sinkTop)
        case .section:
            commit(sinkTop)
            pushContainer(.section, defaultHeading: ruleText(ri))
            frame.pushed.insert(.container)
        case .abstract:
            commit(sinkTop)
            abstractDepth += 1
            pushContainer(.abstract, defaultHeading: ruleText(ri) ?? "Abstract")
            frame.pushed.insert([.container, .abstract])
        case .references:
            commit(sinkTop)
            pushContainer(.references, defaultHeading: ruleText(ri) ?? "References")
            frame.pushed.insert(.container)
        case .reference:
            commit(sinkTop)
            pushContainer(.reference)
            referenceDepth += 1
            frame.pushed.insert([.container, .reference])
        case .heading, .label, .subtitle:
            pushSink(inline: true)
            frame.pushed.insert(.sink)
        case .title:
            if !titleDone {
                pushSink(inline: true)
                frame.pushed.insert(.sink)
            }
        case .list:
            commit(sinkTop)
            pushContainer(.list)
            containers[containers.count - 1].ordered = flags.contains(.ordered)
            frame.pushed.insert(.container)
        case .listItem:
            commit(sinkTop)
            var marker: [UInt8] = []
            if let list = containers.lastIndex(where: { $0.role == .list }) {
                containers[list].itemCount += 1
                let depth = containers.filter { $0.role == .list }.count
                marker = Array(repeating: 0x20, count: 2 * max(0, depth - 1))
                marker += containers[list].ordered ? Array("\(containers[list].itemCount). ".utf8) : Array("- ".utf8)
            } else {
                marker = Array("- ".utf8)
            }
            pushContainer(.listItem)
            frame.pushed.insert(.container)
            setPrefix(marker)
        case .figure, .table:
            pushContainer(role)
            containers[containers.count - 1].id = attributes.attribute("id")
            pushSink(inline: false)
            frame.pushed.insert([.container, .sink])
        case .caption:
            pushContainer(.caption)
            pushSink(inline: true)
            frame.pushed.insert([.container, .sink])
        case .footnote:
            pushContainer(.footnote)
            pushSink(inline: false)
            frame.pushed.insert([.container, .sink])
        case .floatGroup:
            floatGroupDepth += 1
            frame.pushed.insert(.floatGroup)
        case .floatAnchor:
            if let name = ruleTarget(ri), let ids = attributes.attribute(name) { markFloatsDue(ids) }
        case .grid:
            var grid = TableGrid()
            grid.isCALS = attributes.attribute("cols") != nil
            grids.append(grid)
            pushSink(inline: true)  // stray text between rows
            frame.pushed.insert([.grid, .sink])
        case .columnSpec:
            if !grids.isEmpty { grids[grids.count - 1].isCALS = true; grids[grids.count - 1].declareColumn(name: attributes.attribute("colname"), number: attributes.attribute("colnum")) }
        case .spanSpec:
            if !grids.isEmpty {
                grids[grids.count - 1].declareSpan(name: attributes.attribute("spanname"), start: attributes.attribute("namest"),
                                                   end: attributes.attribute("nameend"))
            }
        case .tableHead, .tableBody, .tableFoot:
            if !grids.isEmpty {
                let previous = grids[grids.count - 1].section
                frame.aux = previous == .head ? 0 : previous == .body ? 1 : 2
                grids[grids.count - 1].section = role == .tableHead ? .head : role == .tableBody ? .body : .foot
                frame.pushed.insert(.tablePart)
            }
        case .row:
            if !grids.isEmpty {
                grids[grids.count - 1].startRow()
                frame.pushed.insert(.row)
            }
        case .cell:
            guard !grids.isEmpty else { break }
            // XHTML cells span with colspan/rowspan; CALS entries are placed by column names.
            var cell = TableGrid.CellAttributes()
            if grids[grids.count - 1].isCALS {
                cell.colname = attributes.attribute("colname"); cell.namest = attributes.attribute("namest")
                if cell.namest != nil { cell.nameend = attributes.attribute("nameend") }
                cell.spanname = attributes.attribute("spanname"); cell.morerows = attributes.attribute("morerows")
            } else {
                cell.colspan = attributes.attribute("colspan"); cell.rowspan = attributes.attribute("rowspan")
            }
            cellAttributes.append((cell, header: flags.contains(.headerCell)))
            pushSink(inline: true)
            frame.pushed.insert([.cell, .sink])
        case .displayMath:
            pushContainer(.displayMath)
            pushSink(inline: true)
            fragmentHosts.append(FragmentHost(display: true))
            frame.pushed.insert([.container, .sink, .fragmentHost])
        case .inlineMath, .alternatives:
            fragmentHosts.append(FragmentHost(display: fragmentHosts.last?.display ?? false))
            frame.pushed.insert(.fragmentHost)
        case .mathML:
            math.begin()
            mathFrame = frames.count
            frame.pushed.insert(.math)
        case .tex:
            texDepth += 1
            if texDepth == 1 { texBuffer.removeAll(keepingCapacity: true) }
            frame.pushed.insert(.tex)
        case .sub:
            sinks[sinkTop].paragraph.dropSoftSpace()
        case .sup:
            sinks[sinkTop].paragraph.dropSoftSpace()
            sinks[sinkTop].paragraph.pendingCaret = true
            frame.pushed.insert(.sup)
        case .space:
            sinks[sinkTop].paragraph.appendHardSpace()
        case .lineBreak:
            if sinks[sinkTop].inline { sinks[sinkTop].paragraph.appendHardSpace() } else { sinks[sinkTop].paragraph.appendNewline() }
        case .crossRef:
            startCrossRef(ri: ri, attributes: attributes, frame: &frame)
        case .glyph:
            if let name = attributes.attribute("name") {
                if let text = profile.glyph(named: name) {
                    sinks[sinkTop].paragraph.append(text)
                } else if !unknownGlyphs.contains(name), unknownGlyphs.count < 100 {
                    unknownGlyphs.append(name)
                }
            }
        case .keywords:
            commit(sinkTop)
            pushContainer(.keywords)
            pushSink(inline: true)  // separators between keywords
            frame.pushed.insert([.container, .sink])
        case .keyword:
            pushSink(inline: true)
            frame.pushed.insert(.sink)
        }
        if role == .inline, ri >= 0, let text = ruleText(ri), sinkTop >= 0 {
            sinks[sinkTop].paragraph.append(text)
        }
    }

    mutating func endRendering(_ frame: Frame) {
        let role = frame.role
        switch role {
        case .heading:
            let bytes = popSink()
            placeHeading(bytes)
        case .label:
            let bytes = popSink()
            placeLabel(bytes)
        case .title:
            if frame.pushed.contains(.sink) {
                let bytes = popSink()
                if !bytes.isEmpty { titleBytes = bytes; titleDone = true }
            }
        case .subtitle:
            let bytes = popSink()
            if !bytes.isEmpty && subtitleBytes == nil { subtitleBytes = bytes }
        case .paragraph:
            commit(sinkTop)
            if frame.pushed.contains(.mainParagraph) { mainParagraphDepth -= 1 }
        case .block:
            commit(sinkTop)
        case .section, .abstract, .references, .reference, .list, .listItem:
            commit(sinkTop)
            if frame.pushed.contains(.reference) { referenceDepth -= 1 }
            if frame.pushed.contains(.abstract) { abstractDepth -= 1 }
            popContainer()
        case .body:
            if frame.pushed.contains(.body) {
                commit(sinkTop)
                bodyDepth -= 1
                if bodyDepth == 0 { flushAllFloats() }
            }
        case .figure, .table:
            endFloat(role)
        case .caption:
            endCaption()
        case .footnote:
            endFootnote()
        case .floatGroup:
            if frame.pushed.contains(.floatGroup) { floatGroupDepth -= 1 }
        case .grid:
            endGrid()
        case .tableHead, .tableBody, .tableFoot:
            // IOP writes each table note as a `tfoot` with text and no rows: one paragraph per note
            if role == .tableFoot, mode == .render { commit(sinkTop) }
            if frame.pushed.contains(.tablePart), !grids.isEmpty {
                grids[grids.count - 1].endRow()
                grids[grids.count - 1].section = frame.aux == 0 ? .head : frame.aux == 1 ? .body : .foot
            }
        case .row:
            if frame.pushed.contains(.row), !grids.isEmpty { grids[grids.count - 1].endRow() }
        case .cell:
            if frame.pushed.contains(.cell) {
                let text = popSink()
                let (attributes, header) = cellAttributes.removeLast()
                grids[grids.count - 1].addCell(text: text, header: header, attributes: attributes)
            }
        case .displayMath:
            endDisplayMath()
        case .inlineMath, .alternatives:
            endFragmentHost()
        case .mathML:
            if frame.pushed.contains(.math) {
                mathFrame = -1
                let linear = math.finish()
                deliverFragment(tex: false, linear)
            }
        case .tex:
            if frame.pushed.contains(.tex) {
                texDepth -= 1
                if texDepth == 0 { deliverFragment(tex: true, TeXSource.clean(texBuffer)) }
            }
        case .sup:
            if frame.pushed.contains(.sup) { sinks[sinkTop].paragraph.pendingCaret = false }
        case .crossRef:
            if frame.pushed.contains(.crossRef) { endCrossRef() }
        case .keywords:
            _ = popSink()  // separators
            endKeywords()
        case .keyword:
            let bytes = popSink()
            if !bytes.isEmpty, let k = containers.lastIndex(where: { $0.role == .keywords }) {
                containers[k].items.append(bytes)
            } else if !bytes.isEmpty {
                sinks[sinkTop].paragraph.appendRaw(bytes)
            }
            if !bytes.isEmpty { meta.addKeyword(String(decoding: bytes, as: UTF8.self)) }
        default:
            break
        }
        if frame.pushed.contains(.structured) { referenceDepth -= 1 }
        if frame.pushed.contains(.separate) { topParagraphSoftSpace() }
    }

    private mutating func topParagraphSoftSpace() {
        if sinkTop >= 0 { sinks[sinkTop].paragraph.appendSoftSpace() }
    }
}
