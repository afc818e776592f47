/// Counters of one stage over one task, or merged over many.
public struct StageStats: Sendable, Hashable, Codable {
    public var stage: String
    public var documentsIn = 0
    public var documentsOut = 0
    /// UTF-8 bytes of text in and out.
    public var bytesIn: Int64 = 0
    public var bytesOut: Int64 = 0
    /// Wall-clock seconds spent inside the stage.
    public var seconds = 0.0
    /// Dropped documents by reason.
    public var dropped: [String: Int] = [:]
    /// Named tallies the stage counted with `StageOutput.tally`: tally name → key → count.
    ///
    /// Bounded by `tallyKeyLimit` keys per tally; see there for what is dropped. In JSON each tally
    /// is a list of `{"key", "count"}` objects, most frequent first, and the field is left out when empty.
    public var tallies: [String: [String: Int]] = [:]

    /// The most keys one tally keeps per task (and per merge of many). When a tally has more, the keys
    /// with the smallest counts are dropped, and with them their counts: there is no `other` bucket.
    /// Among equal counts the keys greatest in UTF-8 byte order go first, so the cut is deterministic.
    ///
    /// Adding counts cuts a tally back to the limit only once it has grown to twice the limit, which
    /// spreads the cost of the cut over many additions; `capTallies(to:)` makes the limit exact. A key
    /// dropped by a cut and seen again starts counting afresh, so counts near the cut can be low; the
    /// frequent keys a summary shows are exact unless a task had more distinct keys than the limit.
    public static let tallyKeyLimit = 10_000

    public init(stage: String) { self.stage = stage }

    public var droppedTotal: Int { dropped.values.reduce(0, +) }

    /// Adds another task's counters for the same stage.
    public mutating func merge(_ other: StageStats) {
        documentsIn += other.documentsIn
        documentsOut += other.documentsOut
        bytesIn += other.bytesIn
        bytesOut += other.bytesOut
        seconds += other.seconds
        for (k, v) in other.dropped { dropped[k, default: 0] += v }
        if !other.tallies.isEmpty { addTallies(other.tallies) }
    }

    /// Adds tally counts (name → key → count). A tally that reaches twice `limit` keys is cut back to
    /// `limit`, keeping the largest counts.
    public mutating func addTallies(_ counts: [String: [String: Int]], limit: Int = StageStats.tallyKeyLimit) {
        for (name, keys) in counts where !keys.isEmpty {
            // Taken out while it changes, so the update happens in place.
            var tally = tallies.removeValue(forKey: name) ?? [:]
            if tally.isEmpty {
                tally = keys
            } else {
                for (key, count) in keys { tally[key, default: 0] += count }
            }
            tallies[name] = tally
            if tally.count >= 2 * max(1, limit) { cut(name, to: limit) }
        }
    }

    /// Cuts every tally to at most `limit` keys, keeping the largest counts (see `tallyKeyLimit`).
    public mutating func capTallies(to limit: Int = StageStats.tallyKeyLimit) {
        for name in Array(tallies.keys) where tallies[name]!.count > limit { cut(name, to: limit) }
    }

    private mutating func cut(_ name: String, to limit: Int) {
        let kept = sortedTally(name, limit: max(0, limit))
        var cut: [String: Int] = [:]
        cut.reserveCapacity(kept.count)
        for entry in kept { cut[entry.key] = entry.count }
        tallies[name] = cut
    }

    /// The keys of one tally, most frequent first, equal counts by key in UTF-8 byte order (the order
    /// SQLite's `ORDER BY key` gives); at most `limit` of them.
    public func sortedTally(_ name: String, limit: Int = .max) -> [TallyCount] {
        guard let keys = tallies[name] else { return [] }
        return TallyCount.sorted(keys.map { TallyCount(key: $0.key, count: $0.value) }, limit: limit)
    }

    enum CodingKeys: String, CodingKey {
        case stage, seconds, dropped, tallies
        case documentsIn = "documents_in"
        case documentsOut = "documents_out"
        case bytesIn = "bytes_in"
        case bytesOut = "bytes_out"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        stage = try c.decode(String.self, forKey: .stage)
        documentsIn = try c.decode(Int.self, forKey: .documentsIn)
        documentsOut = try c.decode(Int.self, forKey: .documentsOut)
        bytesIn = try c.decode(Int64.self, forKey: .bytesIn)
        bytesOut = try c.decode(Int64.self, forKey: .bytesOut)
        seconds = try c.decode(Double.self, forKey: .seconds)
        dropped = try c.decode([String: Int].self, forKey: .dropped)
        // Absent in reports written before tallies existed.
        for (name, entries) in try c.decodeIfPresent([String: [TallyCount]].self, forKey: .tallies) ?? [:] {
            var keys: [String: Int] = [:]
            for entry in entries { keys[entry.key, default: 0] += entry.count }
            tallies[name] = keys
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(stage, forKey: .stage)
        try c.encode(documentsIn, forKey: .documentsIn)
        try c.encode(documentsOut, forKey: .documentsOut)
        try c.encode(bytesIn, forKey: .bytesIn)
        try c.encode(bytesOut, forKey: .bytesOut)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(dropped, forKey: .dropped)
        if !tallies.isEmpty {
            var lists: [String: [TallyCount]] = [:]
            for name in tallies.keys { lists[name] = sortedTally(name) }
            try c.encode(lists, forKey: .tallies)
        }
    }
}

/// One key of a tally and its count.
public struct TallyCount: Sendable, Hashable, Codable {
    public var key: String
    public var count: Int

    public init(key: String, count: Int) { self.key = key; self.count = count }

    /// Most frequent first; equal counts by key in UTF-8 byte order. At most `limit` entries.
    public static func sorted(_ entries: [TallyCount], limit: Int = .max) -> [TallyCount] {
        let sorted = entries.sorted { a, b in
            a.count != b.count ? a.count > b.count : a.key.utf8.lexicographicallyPrecedes(b.key.utf8)
        }
        return limit < sorted.count ? Array(sorted.prefix(max(0, limit))) : sorted
    }
}
