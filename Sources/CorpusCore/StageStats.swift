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
    }

    enum CodingKeys: String, CodingKey {
        case stage, seconds, dropped
        case documentsIn = "documents_in"
        case documentsOut = "documents_out"
        case bytesIn = "bytes_in"
        case bytesOut = "bytes_out"
    }
}
