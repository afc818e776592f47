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
    let reading: FormulaReading?
    let dependency: ReadingDependency?

    init(text: [UInt8], reading: FormulaReading?, dependency: ReadingDependency? = nil) {
        self.text = text
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

/// An annotator's own first-level cache for readings keyed by text and cement alone (the common
/// case): open addressing on the byte hash, without rehashing the key. It starts small (a new annotator
/// per task should not pay for clearing a large table), doubles when half full, and is emptied when half
/// full at its largest size.
struct ReadingTable {
    private var keys: [UInt64]
    private var entries: [ReadingEntry?]
    private var count = 0
    private var mask: Int
    private let maximumSlots: Int

    init(slots: Int = 1 << 12, maximumSlots: Int = 1 << 15) {
        var size = 16
        while size < slots { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        entries = Array(repeating: nil, count: size)
        mask = size - 1
        self.maximumSlots = max(size, maximumSlots)
    }

    static func slotKey(_ key: ReadingKey) -> UInt64 {
        let k = key.cement ? key.hash ^ 0x9E37_79B9_7F4A_7C15 : key.hash
        return k == 0 ? 1 : k
    }

    func get(_ key: ReadingKey, _ span: Slice<UnsafeBufferPointer<UInt8>>) -> ReadingEntry? {
        let k = Self.slotKey(key)
        var i = Int(truncatingIfNeeded: k) & mask
        while true {
            let stored = keys[i]
            if stored == 0 { return nil }
            if stored == k, let entry = entries[i], entry.matches(span) { return entry }
            i = (i + 1) & mask
        }
    }

    mutating func put(_ key: ReadingKey, _ entry: ReadingEntry) {
        if count * 2 >= keys.count {
            if keys.count < maximumSlots { grow() } else {
                for i in keys.indices { keys[i] = 0; entries[i] = nil }
                count = 0
            }
        }
        let k = Self.slotKey(key)
        var i = Int(truncatingIfNeeded: k) & mask
        while keys[i] != 0 {
            if keys[i] == k, entries[i]?.text == entry.text { entries[i] = entry; return }
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
