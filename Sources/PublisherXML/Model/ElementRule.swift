/// An element name in a profile's vocabulary: namespace plus local name.
struct ElementName: Hashable, Sendable {
    var namespace: XMLNamespace
    var local: String
    init(_ namespace: XMLNamespace, _ local: String) { self.namespace = namespace; self.local = local }
}

/// What one element means: its role plus what to capture from it. A profile lists, per element
/// name, one or more rules; the first whose condition holds applies.
struct ElementRule: Sendable {
    var role: ElementRole
    var condition: RuleCondition?
    var captures: [FieldCapture]
    var flags: RuleFlags
    /// Containers: the heading used when the element has no title of its own ("Abstract").
    /// Definition parts: text written before the content (": ").
    var text: String?
    /// Cross-references: how to tell a citation from a figure reference.
    var refKind: ReferenceKindSource?
    /// Cross-references and float anchors: the attribute naming the target ids (space-separated).
    var targetAttribute: String?
    /// An attribute whose value prefixes the paragraph as `Value: ` (MEDLINE `AbstractText@Label`).
    var labelAttribute: String?
    /// A name under which descendants' conditions see this element (`publicationMeta` with
    /// `level="unit"` as `unit-meta`), when one element name plays several parts.
    var alias: String?

    init(_ role: ElementRole, when condition: RuleCondition? = nil, capture captures: [FieldCapture] = [],
         flags: RuleFlags = [], text: String? = nil, refKind: ReferenceKindSource? = nil,
         target targetAttribute: String? = nil, labelAttribute: String? = nil, alias: String? = nil) {
        self.role = role; self.condition = condition; self.captures = captures; self.flags = flags
        self.text = text; self.refKind = refKind; self.targetAttribute = targetAttribute
        self.labelAttribute = labelAttribute
        self.alias = alias
    }
}

/// Modifiers of a rule.
struct RuleFlags: OptionSet, Sendable, Hashable {
    let rawValue: UInt16
    /// Also mute the subtree (an `article` root whose direct text is bookkeeping).
    static let mute = RuleFlags(rawValue: 1 << 0)
    /// Render the subtree even inside a muted container.
    static let unmute = RuleFlags(rawValue: 1 << 1)
    /// Back matter (acknowledgments, appendices, declarations): dropped when `back_matter = false`.
    static let backMatter = RuleFlags(rawValue: 1 << 2)
    /// A header cell (`th`).
    static let headerCell = RuleFlags(rawValue: 1 << 3)
    /// An ordered list.
    static let ordered = RuleFlags(rawValue: 1 << 4)
    /// Part of a structured record (an author name, a citation field): spaces around it.
    static let separate = RuleFlags(rawValue: 1 << 5)
    /// When skipped, nothing inside matters (no metadata, no articles): the reader passes over
    /// the subtree without looking at names or text.
    static let opaque = RuleFlags(rawValue: 1 << 6)
    /// A structured record (a citation outside the reference list): its unmapped children are kept
    /// apart by spaces, as in reference entries.
    static let structured = RuleFlags(rawValue: 1 << 7)
}

/// When a rule applies. Names refer to elements of the same profile.
indirect enum RuleCondition: Sendable {
    /// The attribute's value is one of these (ASCII case-insensitive).
    case attribute(String, [String])
    /// The attribute is absent or empty.
    case attributeAbsent(String)
    /// Some ancestor has this name.
    case inside(ElementName)
    /// No ancestor has this name.
    case notInside(ElementName)
    /// The parent has this name.
    case parent(ElementName)
    /// Both conditions hold.
    case all([RuleCondition])
}

/// A metadata field filled from an element's text or one of its attributes.
struct FieldCapture: Sendable {
    enum Source: Sendable { case text, attribute(String) }
    var field: MetadataField
    var source: Source
    /// Lower wins; among equal priorities the first value found wins.
    var priority: UInt8

    static func text(_ field: MetadataField, priority: UInt8 = 0) -> FieldCapture {
        FieldCapture(field: field, source: .text, priority: priority)
    }
    static func attribute(_ field: MetadataField, _ name: String, priority: UInt8 = 0) -> FieldCapture {
        FieldCapture(field: field, source: .attribute(name), priority: priority)
    }
}

/// How a cross-reference's kind is found.
enum ReferenceKindSource: Sendable {
    case fixed(ReferenceKind)
    /// From an attribute's value (JATS `ref-type`); unknown values are `.other`.
    case attribute(String, [String: ReferenceKind])
    /// From the letters before the first digit of the first target id (Elsevier `bib5`, `fig2`, `tbl1`),
    /// compared in lowercase.
    case idPrefix(String, [String: ReferenceKind])
    /// From substrings of an attribute (Wiley `href="#…-bib-0001"`), first match wins.
    case substring(String, [(String, ReferenceKind)])
}
