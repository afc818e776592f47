import CorpusCore

/// Decompresses a zstd stream (RFC 8878) as it is read, with `ZSTD_decompressStream`.
///
/// A stream may hold several frames (as written by `cat a.zst b.zst` or by multi-frame writers)
/// and skippable frames; they are decoded one after another into one stream.
///
/// Errors are `InputError.corrupt(codec: "zstd", ...)` for invalid data (including trailing bytes
/// that are not a frame) and `InputError.truncated(codec: "zstd", ...)` when the input ends inside
/// a frame, both with the compressed byte offset reached.
public final class ZstdReader: ByteSource {
    private let input: CompressedInput
    private let context: ZstdDecompressionContext
    /// True while a frame has been started and not finished.
    private var inFrame = false
    private var finished = false

    /// Wraps `source`, which must yield zstd bytes from its first byte on.
    public init(_ source: any ByteSource) throws {
        input = CompressedInput(source: source, capacity: max(ZstdDecompressionContext.recommendedInputSize, 1 << 17))
        do { context = try ZstdDecompressionContext() } catch {
            throw InputError.corrupt(codec: "zstd", offset: 0, detail: error.message)
        }
    }

    /// Compressed bytes consumed so far.
    public var compressedOffset: Int64 { input.offset }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0, !finished else { return 0 }
        var produced = 0
        while produced < buffer.count {
            if input.pendingCount == 0 {
                // Hand over what is decoded rather than wait for more input.
                if produced > 0 { break }
                if try !input.refill() {
                    if inFrame {
                        // The decoder may still hold output from a call that ran out of room.
                        var inPos = input.position
                        inFrame = try decode(inputPosition: &inPos, output: buffer, produced: &produced) != 0
                        if produced > 0 { return produced }
                        throw InputError.truncated(codec: "zstd", offset: input.offset)
                    }
                    // An empty input is not a zstd stream.
                    if input.offset == 0 { throw InputError.truncated(codec: "zstd", offset: 0) }
                    finished = true
                    return 0
                }
            }
            var inPos = input.position
            let before = produced
            let hint = try decode(inputPosition: &inPos, output: buffer, produced: &produced)
            if inPos == input.position && produced == before {
                throw InputError.corrupt(codec: "zstd", offset: input.offset, detail: "decoder made no progress")
            }
            input.consume(upTo: inPos)
            inFrame = hint != 0
        }
        return produced
    }

    private func decode(inputPosition: inout Int, output: UnsafeMutableRawBufferPointer, produced: inout Int) throws -> Int {
        do {
            return try context.decompress(input: input.buffer, inputPosition: &inputPosition,
                                          output: output, outputPosition: &produced)
        } catch {
            input.consume(upTo: inputPosition)
            throw InputError.corrupt(codec: "zstd", offset: input.offset, detail: error.message)
        }
    }
}
