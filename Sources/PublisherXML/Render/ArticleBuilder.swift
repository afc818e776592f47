import CorpusCore

/// An article read so far and finished: its text and metadata.
struct FinishedArticle {
    /// 1-based position of the article in its file.
    var index: Int
    var text: String
    var metadata: Metadata
    /// Line of the article's first element.
    var line: Int
    /// False when the article has no text besides its title (the reader drops it as `no_text`).
    var hasText: Bool
}

/// The one renderer: turns a stream of elements annotated with roles (by a `FormatProfile`) into
/// articles. It knows nothing of publishers.
///
/// Text conventions:
/// * `# Title` first; then abstracts, keywords, body, back matter in document order; blocks are
///   separated by a blank line and whitespace inside them is collapsed;
/// * headings are Markdown: `## Abstract`, `## 1. Introduction`, `### 1.1 Methods`; a section's level is
///   one more than the nearest titled section around it (untitled wrappers add no level), capped at 6;
/// * subscripts are joined (`Fe2O3`); superscripts are `^` and their text (`10^5`, `Fe^3+`, `cm^−1`);
/// * tables: `Table 1. caption`, then a pipe table (see `TableGrid`), then footnotes; figures: `Figure 2. caption`;
/// * display formulas are their own paragraph, with their label: `E=mc^2 (1)`; see `MathMLLinearizer` and
///   `TeXSource` for math;
/// * cross-references keep their text, tagged `[BIB_REF]…[/BIB_REF]` etc. when markers are `llamat`.
struct ArticleBuilder {
    enum Mode: UInt8 { case render, mute, skip }

    struct Pushed: OptionSet {
        let rawValue: UInt32
        static let sink = Pushed(rawValue: 1 << 0)
        static let container = Pushed(rawValue: 1 << 1)
        static let fragmentHost = Pushed(rawValue: 1 << 2)
        static let captureMask = Pushed(rawValue: 1 << 3)
        static let mainParagraph = Pushed(rawValue: 1 << 4)
        static let body = Pushed(rawValue: 1 << 5)
        static let article = Pushed(rawValue: 1 << 6)
        static let math = Pushed(rawValue: 1 << 7)
        static let mathChild = Pushed(rawValue: 1 << 8)
        static let tex = Pushed(rawValue: 1 << 9)
        static let grid = Pushed(rawValue: 1 << 10)
        static let cell = Pushed(rawValue: 1 << 11)
        static let sup = Pushed(rawValue: 1 << 12)
        static let crossRef = Pushed(rawValue: 1 << 13)
        static let separate = Pushed(rawValue: 1 << 14)
        static let author = Pushed(rawValue: 1 << 15)
        static let floatGroup = Pushed(rawValue: 1 << 16)
        static let reference = Pushed(rawValue: 1 << 17)
        static let abstract = Pushed(rawValue: 1 << 18)
        static let tablePart = Pushed(rawValue: 1 << 20)
        static let row = Pushed(rawValue: 1 << 21)
        /// `startRendering` ran for this frame.
        static let rendered = Pushed(rawValue: 1 << 22)
        static let structured = Pushed(rawValue: 1 << 23)
    }

    /// One open element.
    struct Frame {
        var role: ElementRole
        var id: Int32
        var savedMode: Mode
        var pushed: Pushed = []
        var captureCount: UInt8 = 0
        /// Table parts: the section (head, body, foot) to return to.
        var aux: Int32 = 0
    }

    /// An open container: section, abstract, list, figure, table, caption, footnote, formula, ...
    struct Container {
        var role: ElementRole
        /// Heading level of this container's own heading.
        var level: Int
        var titled = false
        var label: [UInt8] = []
        var title: [UInt8] = []
        var caption: [UInt8] = []
        /// The element's `id` (figures and tables, for placement by reference).
        var id: String?
        var ordered = false
        var itemCount = 0
        var items: [[UInt8]] = []
        /// This container's heading waits in `pendingHeadings` for the container's first block.
        var hasPendingHeading = false
        /// The heading is the role's default text ("Abstract"), not the document's.
        var defaultHeading = false
    }

    /// A text-valued metadata field being read.
    struct ActiveCapture {
        var field: MetadataField
        var priority: UInt8
        var mask: Int
        var bytes: [UInt8]
    }

    /// Something that picks one of several renderings of a formula.
    struct FragmentHost {
        var tex: [UInt8] = []
        var math: [UInt8] = []
        var display: Bool
    }

    let profile: FormatProfile
    let options: XMLExtractionOptions
    /// Articles finished and not yet taken by the reader.
    var finished: [FinishedArticle] = []

    // Element state
    var frames: [Frame] = []
    /// Depth inside a skipped subtree that is passed over without looking at it (0: not in one).
    var opaqueDepth = 0
    var mode: Mode = .skip
    /// Incremented by subtrees whose text must not reach enclosing metadata captures (skipped
    /// elements, footnotes, TeX).
    var captureMask = 0
    var captures: [ActiveCapture] = []

    // Article state
    var inArticle = false
    var articleIndex = 0
    var articleLine = 0
    var meta = MetadataCollector()
    /// Fields read outside any article (a Springer A++ journal title before its `Article`): every
    /// article of the file starts with them.
    var fileMeta = MetadataCollector()
    var sinks: [Sink] = []
    var sinkTop = -1
    var containers: [Container] = []
    var pendingHeadings: [(container: Int, bytes: [UInt8])] = []
    var titleBytes: [UInt8]?
    var subtitleBytes: [UInt8]?
    var titleDone = false
    var mainParagraphDepth = 0
    var bodyDepth = 0
    var sawBody = false
    var bodyHasText = false
    var abstractDepth = 0
    var abstractHasText = false
    var referenceDepth = 0
    var floatGroupDepth = 0
    var backMatterStarted = false

    // Floats
    var storedFloats: [(id: String, block: [UInt8], placed: Bool)] = []
    var storedFloatIndex: [String: Int] = [:]
    var dueFloats: [[UInt8]] = []
    var endFloats: [[UInt8]] = []

    // Tables, math, TeX, authors
    var grids: [TableGrid] = []
    var cellAttributes: [(TableGrid.CellAttributes, header: Bool)] = []
    var fragmentHosts: [FragmentHost] = []
    var math = MathMLLinearizer()
    var mathFrame = -1
    var texBuffer: [UInt8] = []
    var texDepth = 0
    var authorStack: [(given: String, surname: String)] = []
    var crossRefs: [(snapshot: Paragraph.Snapshot, openedAt: Int, close: [UInt8], sink: Int)] = []

    // File-level findings reported in each document's metadata
    var unresolvedEntities: [String] = []
    var unknownGlyphs: [String] = []

    /// Hands over the finished articles.
    mutating func takeFinished() -> [FinishedArticle] {
        defer { finished.removeAll() }
        return finished
    }

    init(profile: FormatProfile, options: XMLExtractionOptions) {
        self.profile = profile
        self.options = options
    }

    // MARK: - Events

    mutating func startElement<A: AttributeSource>(namespace: XMLNamespace, local: String, attributes: A, isEmpty: Bool, line: () -> Int) throws {
        if mathFrame >= 0 {
            frames.append(Frame(role: .inline, id: -1, savedMode: mode, pushed: .mathChild))
            if mode == .render { math.start(local) { attributes.attribute($0) } }
            if isEmpty { try endElement() }
            return
        }
        var ri = -1
        var id: Int32 = -1
        var summary: FormatProfile.RuleSummary? = nil
        if let entry = profile.lookup(namespace, local) {
            id = entry.id
            var i = Int(entry.first)
            let end = i + Int(entry.count)
            while i < end {
                let candidate = profile.summaries[i]
                if !candidate.hasCondition || matches(profile.rules[i].condition, attributes) {
                    ri = i
                    summary = candidate
                    if candidate.aliasID >= 0 { id = candidate.aliasID }
                    break
                }
                i += 1
            }
        }
        let role: ElementRole
        if let summary {
            role = summary.role
        } else if namespace == .mathML && local == "math" {
            role = .mathML
        } else {
            role = profile.defaultRole(for: namespace)
        }
        let flags = summary?.flags ?? []
        var frame = Frame(role: role, id: id, savedMode: mode)

        if role == .article && !inArticle {
            startArticle(line: line())
            frame.pushed.insert(.article)
            mode = flags.contains(.mute) ? .mute : .render
        } else if inArticle {
            mode = nextMode(role: role, flags: flags)
            if mode == .skip && !isEmpty && (flags.contains(.opaque) || (frame.savedMode != .skip && skippedByOption(role, flags))) {
                opaqueDepth = 1
            }
        }

        if !inArticle, ri >= 0, summary?.hasCaptures == true {
            // Wrapper metadata before the first article (or between articles).
            startCaptures(ri, attributes, frame: &frame)
        }
        if inArticle {
            // Elements that hide their text from enclosing captures.
            if role == .footnote || role == .tex || (mode == .skip && frame.savedMode != .skip) {
                captureMask += 1
                frame.pushed.insert(.captureMask)
            }
            if summary?.hasCaptures == true { startCaptures(ri, attributes, frame: &frame) }
            if role == .title && mode != .skip && !titleDone && meta.wants(.title, priority: 0) {
                captures.append(ActiveCapture(field: .title, priority: 0, mask: captureMask, bytes: []))
                frame.captureCount += 1
            }
            if role == .subtitle && mode != .skip && !titleDone {
                captures.append(ActiveCapture(field: .subtitle, priority: 0, mask: captureMask, bytes: []))
                frame.captureCount += 1
            }
            if role == .author {
                authorStack.append(("", ""))
                frame.pushed.insert(.author)
            }
            if mode == .render {
                frame.pushed.insert(.rendered)
                startRendering(role: role, ri: ri, flags: flags, attributes: attributes, frame: &frame)
            }
        }
        frames.append(frame)
        if isEmpty { try endElement() }
    }

    mutating func endElement() throws {
        guard let frame = frames.popLast() else { return }
        if frame.pushed.contains(.mathChild) {
            if frame.savedMode == .render { math.end() }
            return
        }
        if !inArticle { endCaptures(frame) }
        if inArticle {
            if frame.pushed.contains(.rendered) { endRendering(frame) }
            endCaptures(frame)
            if frame.pushed.contains(.author), let a = authorStack.popLast() {
                meta.addAuthor([a.given, a.surname].filter { !$0.isEmpty }.joined(separator: " "))
            }
            if frame.pushed.contains(.captureMask) { captureMask -= 1 }
        }
        if frame.pushed.contains(.article) { try finishArticle() }
        mode = frame.savedMode
        if inArticle, !dueFloats.isEmpty, mainParagraphDepth == 0, sinkTop == 0 { flushDueFloats() }
    }

    mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { text(bytes: $0) }
    }

    /// A text node's UTF-8 bytes (valid only during the call).
    mutating func text(bytes buffer: UnsafeBufferPointer<UInt8>) {
        guard inArticle || !captures.isEmpty else { return }
        if !captures.isEmpty {
            for i in captures.indices where captures[i].mask == captureMask {
                captures[i].bytes.append(contentsOf: buffer)
            }
        }
        if mathFrame >= 0 {
            if mode == .render { math.text(buffer) }
            return
        }
        if texDepth > 0 {
            if mode == .render { texBuffer.append(contentsOf: buffer) }
            return
        }
        guard mode == .render, sinkTop >= 0 else { return }
        sinks[sinkTop].paragraph.append(buffer)
    }

    /// A whitespace-only text node.
    mutating func whitespace() {
        guard inArticle || !captures.isEmpty else { return }
        if !captures.isEmpty {
            for i in captures.indices where captures[i].mask == captureMask { captures[i].bytes.append(0x20) }
        }
        if mathFrame >= 0 { return }
        if texDepth > 0 { if mode == .render { texBuffer.append(0x20) }; return }
        guard mode == .render, sinkTop >= 0 else { return }
        sinks[sinkTop].paragraph.appendSoftSpace()
    }

    /// A processing instruction. IOP writes TeX as `<?CDATA …?>` inside `tex-math`, and legacy IOP
    /// XML gives formulas as `<?TeX …?>` inside `inline-eqn` and `display-eqn`.
    mutating func processingInstruction(target: String, value: String) {
        guard inArticle, mode == .render else { return }
        if texDepth > 0, target == "CDATA" {
            texBuffer.append(contentsOf: value.utf8)
        } else if target == "TeX" || target == "tex", !fragmentHosts.isEmpty {
            deliverFragment(tex: true, TeXSource.clean(Array(value.utf8)))
        }
    }

    /// An entity the parser could not resolve.
    mutating func unresolvedEntity(_ name: String) {
        if !name.isEmpty, !unresolvedEntities.contains(name), unresolvedEntities.count < 100 { unresolvedEntities.append(name) }
    }

    /// End of input: finishes an article left open (only after errors).
    mutating func finish() throws {
        if inArticle { try finishArticle() }
    }

    /// The article in progress, for `keep_recovered` after a parse error.
    mutating func abandon() -> FinishedArticle? {
        guard inArticle else { return nil }
        let article = assembleArticle()
        inArticle = false
        return article
    }

    // MARK: - Rules

    func matches(_ condition: FormatProfile.CompiledCondition?, _ attributes: some AttributeSource) -> Bool {
        guard let condition else { return true }
        switch condition {
        case .attribute(let name, let values):
            guard let v = attributes.attribute(name) else { return false }
            return values.contains(v) || values.contains(v.lowercased())
        case .attributeAbsent(let name):
            return (attributes.attribute(name) ?? "").isEmpty
        case .inside(let id):
            return frames.contains { $0.id == id }
        case .notInside(let id):
            return !frames.contains { $0.id == id }
        case .parent(let id):
            return frames.last?.id == id
        case .all(let conditions):
            return conditions.allSatisfy { matches($0, attributes) }
        }
    }

    /// True for elements dropped by an option: their subtrees hold nothing else of interest.
    func skippedByOption(_ role: ElementRole, _ flags: RuleFlags) -> Bool {
        switch role {
        case .references, .body, .floatGroup, .figure, .caption, .grid, .footnote, .table: return true
        default: return flags.contains(.backMatter)
        }
    }

    /// True when a text node can matter (rendered, or read by a metadata capture).
    var wantsText: Bool { (inArticle && mode == .render) || !captures.isEmpty }

    /// The mode of an element's subtree: options can drop parts, bookkeeping mutes, content unmutes.
    mutating func nextMode(role: ElementRole, flags: RuleFlags) -> Mode {
        if mode == .skip { return .skip }
        switch role {
        case .skip: return .skip
        case .body, .floatGroup:
            if options.content == .abstract { return .skip }
        case .references:
            if !options.references || options.content == .abstract { return .skip }
            return .render
        case .figure, .caption:
            if !options.captions { return .skip }
        case .grid:
            if !options.tables { return .skip }
        case .footnote:
            if !options.captions, containers.last?.role == .table { return .skip }
        default: break
        }
        if flags.contains(.backMatter) {
            if options.content == .abstract { return .skip }
            return options.backMatter ? .render : .mute
        }
        if mode == .mute && (role.unmutes || flags.contains(.unmute)) { return .render }
        if mode == .render && (role == .mute || flags.contains(.mute)) { return .mute }
        return mode
    }

    // MARK: - Captures

    mutating func startCaptures(_ ri: Int, _ attributes: some AttributeSource, frame: inout Frame) {
        for capture in profile.rules[ri].rule.captures {
            switch capture.source {
            case .attribute(let name):
                guard let v = attributes.attribute(name) else { continue }
                offer(capture.field, v, priority: capture.priority)
            case .text:
                guard authorPart(capture.field) || meta.wants(capture.field, priority: capture.priority) else { continue }
                captures.append(ActiveCapture(field: capture.field, priority: capture.priority, mask: captureMask, bytes: []))
                frame.captureCount += 1
            }
        }
    }

    // MARK: - Rule fields (read in place, by index into `profile.rules`; -1 is "no rule")

    func ruleText(_ ri: Int) -> String? { ri >= 0 ? profile.rules[ri].rule.text : nil }
    func ruleTarget(_ ri: Int) -> String? { ri >= 0 ? profile.rules[ri].rule.targetAttribute : nil }
    func ruleLabelAttribute(_ ri: Int) -> String? { ri >= 0 ? profile.rules[ri].rule.labelAttribute : nil }
    func ruleRefKind(_ ri: Int) -> ReferenceKindSource? { ri >= 0 ? profile.rules[ri].rule.refKind : nil }

    mutating func endCaptures(_ frame: Frame) {
        guard frame.captureCount > 0 else { return }
        for _ in 0..<frame.captureCount {
            guard let c = captures.popLast() else { break }
            offer(c.field, String(decoding: c.bytes, as: UTF8.self), priority: c.priority)
        }
    }

    private func authorPart(_ field: MetadataField) -> Bool { field == .givenName || field == .surname }

    mutating func offer(_ field: MetadataField, _ value: String, priority: UInt8) {
        switch field {
        case .givenName:
            if !authorStack.isEmpty { authorStack[authorStack.count - 1].given = MetadataCollector.collapse(value) }
        case .surname:
            if !authorStack.isEmpty { authorStack[authorStack.count - 1].surname = MetadataCollector.collapse(value) }
        default:
            meta.offer(field, value, priority: priority)
        }
    }
}
