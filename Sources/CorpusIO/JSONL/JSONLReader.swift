#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CorpusCore

/// One line of a JSON-lines stream.
///
/// `bytes` points into the reader's buffer and is valid only until the reader's next call to
/// `next()` (or until the reader goes away); copy with `array` to keep it.
public struct JSONLLine {
    /// The line's bytes, without the newline (and without a CR before it).
    public let bytes: UnsafeRawBufferPointer
    /// 1-based line number, counting every line (blank ones included).
    public let lineNumber: Int
    /// Offset of the line's first byte in the (decompressed) stream.
    public let byteOffset: Int64

    /// A copy of the line's bytes.
    public var array: [UInt8] { Array(bytes) }
}

/// Splits a byte stream into lines without loading it whole.
///
/// Reads the source in chunks into one buffer; lines may span chunks, and a line longer than the
/// buffer grows it. Handles `\n` and `\r\n` endings and a last line without a newline. Blank lines
/// (empty or only spaces and tabs) are skipped but still counted in line numbers.
public final class JSONLReader {
    private let source: any ByteSource
    private var storage: UnsafeMutableRawPointer
    private var capacity: Int
    /// Start of the next line.
    private var start = 0
    /// End of valid bytes.
    private var end = 0
    /// Bytes `start..<scanned` are known to hold no newline.
    private var scanned = 0
    /// Stream offset of `storage[0]`.
    private var base: Int64 = 0
    private var lineNumber = 0
    private var sourceEnded = false

    /// Reads from `source` in chunks of `chunkSize` bytes (the buffer grows for longer lines).
    public init(source: any ByteSource, chunkSize: Int = 1 << 20) {
        self.source = source
        capacity = max(chunkSize, 64)
        storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
    }

    deinit { storage.deallocate() }

    /// The number of the last line returned (0 before the first).
    public var currentLineNumber: Int { lineNumber }

    /// The next non-blank line, or nil at the end of the stream. Throws what the source throws.
    public func next() throws -> JSONLLine? {
        while true {
            if let newline = findNewline() {
                let lineStart = start
                start = newline + 1
                scanned = start
                lineNumber += 1
                if let line = makeLine(from: lineStart, to: newline) { return line }
                continue
            }
            if sourceEnded {
                guard start < end else { return nil }
                let lineStart = start
                start = end
                scanned = end
                lineNumber += 1
                if let line = makeLine(from: lineStart, to: end) { return line }
                return nil
            }
            try fill()
        }
    }

    @inline(__always)
    private func findNewline() -> Int? {
        guard scanned < end else { return nil }
        if let p = memchr(storage + scanned, 0x0A, end - scanned) {
            return UnsafeMutableRawPointer(p) - storage
        }
        scanned = end
        return nil
    }

    /// The line `from..<to` (newline excluded), or nil when it is blank.
    @inline(__always)
    private func makeLine(from: Int, to: Int) -> JSONLLine? {
        var stop = to
        if stop > from && storage.load(fromByteOffset: stop - 1, as: UInt8.self) == 0x0D { stop -= 1 }
        var k = from
        while k < stop {
            let c = storage.load(fromByteOffset: k, as: UInt8.self)
            if c != 0x20 && c != 0x09 && c != 0x0D { break }
            k += 1
        }
        if k == stop { return nil }
        return JSONLLine(bytes: UnsafeRawBufferPointer(start: storage + from, count: stop - from),
                         lineNumber: lineNumber, byteOffset: base + Int64(from))
    }

    /// Makes room and reads one more chunk.
    private func fill() throws {
        if start > 0 {
            // Move the partial line to the front.
            let pending = end - start
            if pending > 0 { storage.copyMemory(from: storage + start, byteCount: pending) }
            base += Int64(start)
            scanned -= start
            end = pending
            start = 0
        }
        if end == capacity {
            let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 64)
            bigger.copyMemory(from: storage, byteCount: end)
            storage.deallocate()
            storage = bigger
            capacity *= 2
        }
        let n = try source.read(into: UnsafeMutableRawBufferPointer(start: storage + end, count: capacity - end))
        if n == 0 { sourceEnded = true } else { end += n }
    }
}
