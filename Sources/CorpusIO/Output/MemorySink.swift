/// A sink that collects the bytes in memory: for small outputs and for tests.
public final class MemorySink: ByteSink {
    public let path = "<memory>"
    /// Everything written so far.
    public private(set) var bytes: [UInt8] = []
    /// True once `finish()` was called.
    public private(set) var isFinished = false

    public init() {}

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !isFinished else { throw OutputError.misuse(path: path, reason: "write after finish") }
        self.bytes.append(contentsOf: bytes)
    }

    public func finish() throws { isFinished = true }
}
