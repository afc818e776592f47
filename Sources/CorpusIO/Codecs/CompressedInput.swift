import CorpusCore

/// A read buffer over a compressed source, shared by the decompressing readers.
///
/// Tracks how many compressed bytes the decoder has consumed, which is the offset errors report.
final class CompressedInput {
    private let source: any ByteSource
    private let storage: UnsafeMutableRawBufferPointer
    /// Consumed up to here.
    private(set) var position = 0
    /// Valid bytes end here.
    private(set) var end = 0
    /// Compressed offset of `storage[0]`.
    private var base: Int64 = 0
    /// True once the source returned 0.
    private(set) var sourceEnded = false

    init(source: any ByteSource, capacity: Int) {
        self.source = source
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(capacity, 16), alignment: 16)
    }

    deinit { storage.deallocate() }

    /// The whole buffer; bytes `position..<end` are pending.
    var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: storage[0..<end]) }

    /// Bytes read but not yet consumed.
    var pendingCount: Int { end - position }

    /// Compressed bytes consumed so far: the offset of the next byte to decode.
    var offset: Int64 { base + Int64(position) }

    /// Marks bytes up to `newPosition` (an index into `buffer`) consumed.
    func consume(upTo newPosition: Int) {
        precondition(newPosition >= position && newPosition <= end)
        position = newPosition
    }

    /// The next pending byte, if any, without consuming it.
    var peek: UInt8? { position < end ? storage[position] : nil }

    /// Reads more when everything pending has been consumed. Returns false at the end of the source.
    func refill() throws -> Bool {
        if position < end { return true }
        if sourceEnded { return false }
        base += Int64(end)
        position = 0
        end = 0
        let n = try source.read(into: storage)
        if n == 0 { sourceEnded = true; return false }
        end = n
        return true
    }
}
