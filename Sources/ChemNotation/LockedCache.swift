import Foundation

/// A dictionary behind a lock, shared by all threads: the process-wide reading cache, the compiled
/// patterns and the lexicon's parsed formulas. Bounded: emptied when it reaches `limit` entries.
final class LockedCache<Key: Hashable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [Key: Value] = [:]
    private let limit: Int

    init(limit: Int = .max) { self.limit = limit }

    func get(_ key: Key) -> Value? {
        lock.lock()
        defer { lock.unlock() }
        return entries[key]
    }

    func put(_ key: Key, _ value: Value) {
        lock.lock()
        defer { lock.unlock() }
        if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
        entries[key] = value
    }
}
