import CorpusCore

extension FormulaReading {
    /// The reading as JSON fields: `canonical` (null when none), `kind`, and, when present,
    /// `elements`, `chemsys`, `charge`, `phase`, `dopants`, `components`, `host_canonical`.
    public func jsonFields(elements includeElements: Bool = true) -> [String: JSONValue] {
        var o: [String: JSONValue] = ["kind": .string(kind), "canonical": canonical.map(JSONValue.string) ?? .null]
        if includeElements { o["elements"] = .object(elements.mapValues(JSONValue.number)) }
        if let chemsys { o["chemsys"] = .string(chemsys) }
        if let charge { o["charge"] = .int(Int64(charge)) }
        if let phase { o["phase"] = .string(phase) }
        if let dopants { o["dopants"] = .array(dopants.map(JSONValue.string)) }
        if let components { o["components"] = .array(components.map(JSONValue.string)) }
        if let hostCanonical { o["host_canonical"] = .string(hostCanonical) }
        return o
    }
}

extension ChemMention {
    /// The mention as a JSON object: `start`, `end` (Unicode scalar offsets), `text` and the reading's
    /// fields without `elements`.
    public var jsonObject: JSONValue {
        var o = reading.jsonFields(elements: false)
        o["start"] = .int(Int64(start))
        o["end"] = .int(Int64(end))
        o["text"] = .string(text)
        return .object(o)
    }
}
