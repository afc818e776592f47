import CorpusCore

/// A source that yields some bytes already taken from `rest`, then `rest` itself.
///
/// Lets a caller sniff the first bytes of a stream without losing them.
final class PrefixedByteSource: ByteSource {
    private var prefix: [UInt8]
    private var prefixPosition = 0
    private let rest: any ByteSource

    init(prefix: [UInt8], rest: any ByteSource) {
        self.prefix = prefix
        self.rest = rest
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        let left = prefix.count - prefixPosition
        if left > 0 {
            let n = min(left, buffer.count)
            prefix.withUnsafeBytes { src in
                buffer.baseAddress!.copyMemory(from: src.baseAddress!.advanced(by: prefixPosition), byteCount: n)
            }
            prefixPosition += n
            if prefixPosition == prefix.count { prefix = [] ; prefixPosition = 0 }
            return n
        }
        return try rest.read(into: buffer)
    }
}
