/// One format family's vocabulary: element names mapped to roles. Profiles are tables; all
/// behaviour lives in the `ArticleBuilder`.
struct FormatProfile: Sendable {
    /// The rules for one element name, with the name's id (for ancestor conditions).
    struct Entry: Sendable {
        var id: Int32
        var rules: [CompiledRule]
    }

    /// A rule whose condition refers to element ids.
    /// The plain-data part of a rule.
    struct RuleSummary: Sendable {
        var role: ElementRole
        var flags: RuleFlags
        var hasCondition: Bool
        var hasCaptures: Bool
        /// -1 when the rule has no alias.
        var aliasID: Int32
    }

    struct CompiledRule: Sendable {
        var rule: ElementRule
        var condition: CompiledCondition?
        /// The id descendants' conditions see, when the rule has an alias.
        var aliasID: Int32?
    }

    indirect enum CompiledCondition: Sendable {
        case attribute(String, [String])
        case attributeAbsent(String)
        case inside(Int32)
        case notInside(Int32)
        case parent(Int32)
        case all([CompiledCondition])
    }

    let format: XMLFormat
    private(set) var entries: [ElementName: Entry] = [:]
    /// Every rule, grouped by element name (`table` points into it); filled by `frozen()`.
    private(set) var rules: [CompiledRule] = []
    /// What the builder reads of every rule for every element, without reference-counted fields.
    private(set) var summaries: [RuleSummary] = []
    private(set) var table = NameTable([])
    /// The role of elements a profile does not list, per namespace (`.inline` when absent).
    private(set) var namespaceDefaults: [XMLNamespace: ElementRole] = [:]
    /// Text for named glyphs (`ce:glyph name="sbnd"`).
    private(set) var glyphs: [String: String] = [:]
    /// The namespace of unqualified names given to `add` and to conditions.
    let defaultNamespace: XMLNamespace
    /// True when the root element wraps several articles (one document each).
    var isContainer = false

    init(format: XMLFormat, namespace: XMLNamespace = .none) {
        self.format = format
        self.defaultNamespace = namespace
    }

    /// The rule range of an element name.
    @inline(__always)
    func lookup(_ namespace: XMLNamespace, _ local: String) -> NameTable.Value? { table.lookup(namespace, local) }

    /// The profile ready for reading: rules laid out flat and names in a `NameTable`.
    func frozen() -> FormatProfile {
        var p = self
        p.rules = []
        var values: [(ElementName, NameTable.Value)] = []
        for (name, entry) in entries {
            values.append((name, NameTable.Value(id: entry.id, first: Int32(p.rules.count), count: Int32(entry.rules.count))))
            p.rules += entry.rules
        }
        p.table = NameTable(values)
        p.summaries = p.rules.map {
            RuleSummary(role: $0.rule.role, flags: $0.rule.flags, hasCondition: $0.condition != nil,
                        hasCaptures: !$0.rule.captures.isEmpty, aliasID: $0.aliasID ?? -1)
        }
        return p
    }
    func defaultRole(for namespace: XMLNamespace) -> ElementRole { namespaceDefaults[namespace] ?? .inline }
    func glyph(named name: String) -> String? { glyphs[name] }

    // MARK: Building

    /// Adds rules for `names` (in the default namespace) after any already listed: the first rule whose condition holds applies.
    mutating func add(_ names: String..., rules: ElementRule...) { add(names, in: defaultNamespace, rules: rules) }

    /// Adds rules for names in a given namespace.
    mutating func add(_ names: [String], in namespace: XMLNamespace, rules: [ElementRule]) {
        for local in names {
            let name = ElementName(namespace, local)
            _ = ensureID(name)
            let compiled = rules.map { compileRule($0, namespace: namespace) }
            entries[name]!.rules.append(contentsOf: compiled)
        }
    }

    /// Shorthand: one role, no condition, for several names.
    mutating func set(_ role: ElementRole, _ names: String..., flags: RuleFlags = []) {
        add(names, in: defaultNamespace, rules: [ElementRule(role, flags: flags)])
    }

    mutating func set(_ role: ElementRole, in namespace: XMLNamespace, _ names: [String], flags: RuleFlags = []) {
        add(names, in: namespace, rules: [ElementRule(role, flags: flags)])
    }

    /// The OASIS/CALS table model (`tgroup`, `colspec`, `spanspec`, `thead`, `tbody`, `tfoot`, `row`,
    /// `entry`), which Elsevier, RSC, Springer, BMC, Wiley, NPG and legacy IOP all use; in the
    /// profile's default namespace unless another is given.
    mutating func setCALSTables(in namespace: XMLNamespace? = nil) {
        let ns = namespace ?? defaultNamespace
        set(.grid, in: ns, ["tgroup"])
        set(.columnSpec, in: ns, ["colspec"])
        set(.spanSpec, in: ns, ["spanspec"])
        set(.tableHead, in: ns, ["thead"])
        set(.tableBody, in: ns, ["tbody"])
        set(.tableFoot, in: ns, ["tfoot"])
        set(.row, in: ns, ["row"])
        set(.cell, in: ns, ["entry"])
    }

    mutating func setDefault(_ role: ElementRole, for namespace: XMLNamespace) { namespaceDefaults[namespace] = role }
    mutating func setGlyphs(_ table: [String: String]) { glyphs.merge(table) { $1 } }

    private mutating func compileRule(_ rule: ElementRule, namespace: XMLNamespace) -> CompiledRule {
        CompiledRule(rule: rule, condition: rule.condition.map { compile($0) },
                     aliasID: rule.alias.map { ensureID(ElementName(namespace, $0)) })
    }

    private mutating func ensureID(_ name: ElementName) -> Int32 {
        if let e = entries[name] { return e.id }
        let id = Int32(entries.count)
        entries[name] = Entry(id: id, rules: [])
        return id
    }

    private mutating func compile(_ c: RuleCondition) -> CompiledCondition {
        switch c {
        case .attribute(let a, let values): return .attribute(a, values.map { $0.lowercased() })
        case .attributeAbsent(let a): return .attributeAbsent(a)
        case .inside(let n): return .inside(ensureID(n))
        case .notInside(let n): return .notInside(ensureID(n))
        case .parent(let n): return .parent(ensureID(n))
        case .all(let cs): return .all(cs.map { compile($0) })
        }
    }
}

extension RuleCondition {
    /// An ancestor with this local name in the profile's default namespace (`.none` here; profiles
    /// in other namespaces use the `ElementName` form).
    static func inside(_ local: String, _ ns: XMLNamespace = .none) -> RuleCondition { .inside(ElementName(ns, local)) }
    static func notInside(_ local: String, _ ns: XMLNamespace = .none) -> RuleCondition { .notInside(ElementName(ns, local)) }
    static func parent(_ local: String, _ ns: XMLNamespace = .none) -> RuleCondition { .parent(ElementName(ns, local)) }
    static func attribute(_ name: String, _ value: String) -> RuleCondition { .attribute(name, [value]) }
}
