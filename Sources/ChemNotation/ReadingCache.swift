import Foundation

/// A cache key: a hash of the mention's bytes (the entry keeps the text, so a collision is
/// detected, never trusted), whether cement notation applies, and what else the reading depends on.
struct ReadingKey: Hashable {
    var hash: UInt64
    var cement: Bool
    /// The variables stated in the sentence (`LaxSr1-xMnO3`) and the words around the mention
    /// (`perovskite solar cells`), for readings that use them; else "".
    var variables = ""

    /// The byte hash already mixes the text; the other fields are added only when they matter.
    func hash(into hasher: inout Hasher) {
        hasher.combine(cement ? hash ^ 0x9E37_79B9_7F4A_7C15 : hash)
        if !variables.isEmpty { hasher.combine(variables) }
    }
}

/// What a cached reading depends on.
struct ReadingDependency: Sendable {
    var variables = false
    var neighbours = false
    var nextWord = false
}

/// A cached verdict: the reading (nil: not a mention), or that the reading depends on the sentence's
/// variables or the mention's neighbours and must be looked up again with their signature.
///
/// A class, so the caches hand out a reference instead of copying the reading.
final class ReadingEntry: Sendable {
    let text: [UInt8]
    /// The key's `variables` (the signature of a dependent reading), "" for a reading by text alone.
    let signature: String
    let reading: FormulaReading?
    let dependency: ReadingDependency?

    init(text: [UInt8], signature: String = "", reading: FormulaReading?, dependency: ReadingDependency? = nil) {
        self.text = text
        self.signature = signature
        self.reading = reading
        self.dependency = dependency
    }

    /// Whether the entry's text is `span`, byte for byte.
    @inline(__always)
    func matches(_ span: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard text.count == span.count else { return false }
        return text.withUnsafeBufferPointer { t in
            guard let p = t.baseAddress, let q = span.base.baseAddress else { return t.isEmpty }
            return memcmp(p, q + span.startIndex, t.count) == 0
        }
    }
}

/// Readings shared by every annotator in the process, so a worker's next task starts warm: a
/// mention read once in any task is looked up, not read again. Bounded: emptied when full.
enum SharedReadings {
    static let cache = LockedCache<ReadingKey, ReadingEntry>(limit: 200_000)
}

/// An annotator's own cache of readings: open addressing on the byte hash, without rehashing the key. A
/// dependent reading's signature (`ReadingKey.variables`) is folded into the slot by FNV-1a, so it takes no
/// `Hasher` either; an entry answers only for its own text and signature, so a collision is detected. It
/// starts small (a new annotator per task should not pay for clearing a large table), doubles when half
/// full, and is emptied when it holds `maximumEntries`.
struct ReadingTable {
    private var keys: [UInt64]
    private var entries: [ReadingEntry?]
    private var count = 0
    private var mask: Int
    private let maximumEntries: Int

    /// `maximumEntries`: the most entries kept; the table is emptied when one more would exceed them.
    init(slots: Int = 1 << 12, maximumEntries: Int = 1 << 14) {
        var size = 16
        while size < slots { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        entries = Array(repeating: nil, count: size)
        mask = size - 1
        self.maximumEntries = max(1, maximumEntries)
    }

    /// The entries held.
    var entryCount: Int { count }

    static func slotKey(_ key: ReadingKey) -> UInt64 {
        var k = key.cement ? key.hash ^ 0x9E37_79B9_7F4A_7C15 : key.hash
        if !key.variables.isEmpty {
            let h = key.variables.utf8.reduce(MentionScanner.fnvOffset, MentionScanner.fnvStep)
            k ^= (h &+ 0x632B_E59B_D9B4_E019) &* 0xBF58_476D_1CE4_E5B9
        }
        return k == 0 ? 1 : k
    }

    func get(_ key: ReadingKey, _ span: Slice<UnsafeBufferPointer<UInt8>>) -> ReadingEntry? {
        let k = Self.slotKey(key)
        var i = Int(truncatingIfNeeded: k) & mask
        while true {
            let stored = keys[i]
            if stored == 0 { return nil }
            if stored == k, let entry = entries[i], entry.matches(span), entry.signature == key.variables { return entry }
            i = (i + 1) & mask
        }
    }

    mutating func put(_ key: ReadingKey, _ entry: ReadingEntry) {
        if count >= maximumEntries {
            for i in keys.indices { keys[i] = 0; entries[i] = nil }
            count = 0
        } else if count * 2 >= keys.count {
            grow()
        }
        let k = Self.slotKey(key)
        var i = Int(truncatingIfNeeded: k) & mask
        while keys[i] != 0 {
            if keys[i] == k, let old = entries[i], old.text == entry.text, old.signature == entry.signature { entries[i] = entry; return }
            i = (i + 1) & mask
        }
        keys[i] = k
        entries[i] = entry
        count += 1
    }

    /// Doubles the table, placing every entry again.
    private mutating func grow() {
        let oldKeys = keys, oldEntries = entries
        keys = Array(repeating: 0, count: oldKeys.count * 2)
        entries = Array(repeating: nil, count: oldKeys.count * 2)
        mask = keys.count - 1
        for (k, entry) in zip(oldKeys, oldEntries) where k != 0 {
            var i = Int(truncatingIfNeeded: k) & mask
            while keys[i] != 0 { i = (i + 1) & mask }
            keys[i] = k
            entries[i] = entry
        }
    }
}
