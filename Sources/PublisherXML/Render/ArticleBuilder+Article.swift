import CorpusCore

/// Where articles begin and end, and how the document is assembled.
extension ArticleBuilder {
    mutating func startArticle(line: Int) {
        inArticle = true
        articleIndex += 1
        articleLine = line
        fileMeta = meta
        meta = fileMeta
        sinkTop = -1
        pushSink(inline: false)
        containers.removeAll(keepingCapacity: true)
        containers.append(Container(role: .article, level: 1, titled: true))
        pendingHeadings.removeAll()
        titleBytes = nil; subtitleBytes = nil; titleDone = false
        mainParagraphDepth = 0; bodyDepth = 0; sawBody = false; bodyHasText = false
        abstractDepth = 0; abstractHasText = false; referenceDepth = 0; floatGroupDepth = 0; backMatterStarted = false
        storedFloats.removeAll(); storedFloatIndex.removeAll(); dueFloats.removeAll(); endFloats.removeAll()
        grids.removeAll(); cellAttributes.removeAll(); fragmentHosts.removeAll()
        mathFrame = -1; texDepth = 0; authorStack.removeAll(); crossRefs.removeAll()
        captures.removeAll(); captureMask = 0
    }

    mutating func finishArticle() throws {
        flushAllFloats()
        let article = assembleArticle()
        inArticle = false
        sinkTop = -1
        meta = fileMeta
        captures.removeAll(); captureMask = 0
        finished.append(article)
    }

    /// The document so far: `# Title`, a fallback abstract if no structured one had text, the blocks.
    mutating func assembleArticle() -> FinishedArticle {
        if sinkTop >= 0 { commit(0) }
        var metadata = meta.metadata(format: profile.format)
        var text: [UInt8] = []
        var title = titleBytes
        if title == nil, let t = metadata.title { title = Array(t.utf8) }
        if let title {
            text += Array("# ".utf8) + title
            if let sub = subtitleBytes { text += Array(": ".utf8) + sub }
        }
        var hasText = sinkTop >= 0 && !sinks[0].out.isEmpty
        if !abstractHasText, let fallback = meta[.fallbackAbstract] {
            var abstract = Substring(fallback)
            if abstract.hasPrefix("Abstract") { abstract = abstract.dropFirst("Abstract".count).drop { $0 == " " || $0 == ":" } }
            if !abstract.isEmpty {
                if !text.isEmpty { text += [0x0A, 0x0A] }
                text += Array("## Abstract\n\n".utf8) + Array(abstract.utf8)
                hasText = true
            }
        }
        if sinkTop >= 0, !sinks[0].out.isEmpty {
            if !text.isEmpty { text += [0x0A, 0x0A] }
            text += sinks[0].out
        }
        if hasText && !bodyHasText { metadata.extra["abstract_only"] = .bool(true) }
        if !unresolvedEntities.isEmpty { metadata.extra["unresolved_entities"] = .array(unresolvedEntities.map(JSONValue.string)) }
        if !unknownGlyphs.isEmpty { metadata.extra["unknown_glyphs"] = .array(unknownGlyphs.map(JSONValue.string)) }
        return FinishedArticle(index: articleIndex, text: String(decoding: text, as: UTF8.self), metadata: metadata,
                               line: articleLine, hasText: hasText)
    }
}
