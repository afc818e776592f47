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
}

/// A cached verdict: the reading (nil: not a mention), or that the reading depends on the sentence's
/// variables or the mention's neighbours and must be looked up again with their signature.
struct ReadingEntry: Sendable {
    var text: [UInt8]
    var reading: FormulaReading?
    var dependency: ReadingDependency?
}

/// Readings shared by every annotator in the process, so a worker's next task starts warm: a
/// mention read once in any task is looked up, not read again. Bounded: emptied when full.
final class SharedReadingCache: @unchecked Sendable {
    /// The process-wide cache.
    static let shared = SharedReadingCache(limit: 200_000)

    private let lock = NSLock()
    private var entries: [ReadingKey: ReadingEntry] = [:]
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    func get(_ key: ReadingKey) -> ReadingEntry? {
        lock.lock()
        defer { lock.unlock() }
        return entries[key]
    }

    func put(_ key: ReadingKey, _ entry: ReadingEntry) {
        lock.lock()
        defer { lock.unlock() }
        if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
        entries[key] = entry
    }
}
