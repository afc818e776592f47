import CorpusCore

/// Which split a document goes to: a stable hash of its id (XXH64 with `seed`), so the same
/// document lands in the same split in every run, whatever the task layout or worker count.
public struct SplitAssignment: Sendable, Hashable, Codable {
    public var valid: Double
    public var test: Double
    public var seed: UInt64

    public init(valid: Double = 0, test: Double = 0, seed: UInt64 = 0) {
        self.valid = valid; self.test = test; self.seed = seed
    }

    public func split(of id: String) -> String {
        let u = XXH64.unitInterval(id, seed: seed)
        if u < valid { return "valid" }
        if u < valid + test { return "test" }
        return "train"
    }
}
