import Foundation

/// Counts distinct pre-tokens over a stream of texts on several threads.
///
/// Texts arrive in batches from `next` (called under a lock, so the source is read by one thread
/// at a time and never held whole); each thread splits and counts its batches into its own table,
/// and the tables are summed at the end. Memory grows with the number of distinct pre-tokens,
/// not with the text.
public struct PreTokenCounter: Sendable {
    public var workers: Int
    /// Calls its second argument with each pre-token of the text, in order.
    public var split: @Sendable (String, (Substring) -> Void) -> Void

    public init(workers: Int, split: @escaping @Sendable (String, (Substring) -> Void) -> Void) {
        self.workers = max(1, workers)
        self.split = split
    }

    /// Counts the pieces of a byte-level BPE pre-tokenizer.
    public init(workers: Int, preTokenizer: PreTokenizer) {
        self.init(workers: workers) { text, body in
            var text = text
            let ranges = text.withUTF8 { buffer -> [Range<Int>] in
                var ranges: [Range<Int>] = []
                preTokenizer.forEachPiece(buffer) { ranges.append($0) }
                return ranges
            }
            let utf8 = text.utf8
            for r in ranges { body(Substring(utf8[utf8.index(utf8.startIndex, offsetBy: r.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: r.upperBound)])) }
        }
    }

    /// Pre-token bytes → occurrences over every batch `next` returns (nil ends the stream).
    public func count(_ next: @escaping @Sendable () throws -> [String]?) throws -> [[UInt8]: Int] {
        let source = LockedSource(next)
        let tables = TableBox(count: workers)
        let split = self.split
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var local: [[UInt8]: Int] = [:]
            while let batch = source.next() {
                for text in batch { split(text) { local[Array($0.utf8), default: 0] += 1 } }
            }
            tables.store(w, local)
        }
        if let error = source.error { throw error }
        var total: [[UInt8]: Int] = [:]
        for table in tables.all { total.merge(table, uniquingKeysWith: +) }
        return total
    }
}

private final class LockedSource: @unchecked Sendable {
    private let lock = NSLock()
    private let body: () throws -> [String]?
    private(set) var error: (any Error)?
    init(_ body: @escaping () throws -> [String]?) { self.body = body }
    func next() -> [String]? {
        lock.withLock {
            guard error == nil else { return nil }
            do { return try body() } catch { self.error = error; return nil }
        }
    }
}

private final class TableBox: @unchecked Sendable {
    private let lock = NSLock()
    private var tables: [[[UInt8]: Int]]
    init(count: Int) { tables = Array(repeating: [:], count: count) }
    func store(_ i: Int, _ t: [[UInt8]: Int]) { lock.withLock { tables[i] = t } }
    var all: [[[UInt8]: Int]] { lock.withLock { tables } }
}
