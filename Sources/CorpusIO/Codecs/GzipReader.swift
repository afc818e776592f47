import CorpusCore

/// Decompresses a gzip stream (RFC 1952) as it is read.
///
/// Handles multi-member files (as written by `cat a.gz b.gz`, `pigz`, `bgzip`): members are
/// decoded one after another into one stream. Zero bytes after the last member (tape or block
/// padding) are ignored; anything else after a member must be another member.
///
/// Errors are `InputError.corrupt(codec: "gzip", ...)` for invalid data and
/// `InputError.truncated(codec: "gzip", ...)` when the input ends inside a member, both with the
/// compressed byte offset reached.
public final class GzipReader: ByteSource {
    private let input: CompressedInput
    private let inflater: GzipInflateStream
    private enum State { case inMember, betweenMembers, finished }
    private var state = State.inMember

    /// Wraps `source`, which must yield gzip bytes from its first byte on.
    public init(_ source: any ByteSource) throws {
        input = CompressedInput(source: source, capacity: 1 << 17)
        do { inflater = try GzipInflateStream() } catch {
            throw InputError.corrupt(codec: "gzip", offset: 0, detail: error.message)
        }
    }

    /// Compressed bytes consumed so far.
    public var compressedOffset: Int64 { input.offset }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        var produced = 0
        while produced == 0 {
            switch state {
            case .finished:
                return 0
            case .betweenMembers:
                // Skip zero padding; a non-zero byte starts the next member.
                while true {
                    guard try input.refill() else { state = .finished; return 0 }
                    let byte = input.peek!
                    if byte != 0 {
                        inflater.reset()
                        state = .inMember
                        break
                    }
                    input.consume(upTo: input.position + 1)
                }
            case .inMember:
                // At the end of the source zlib may still hold output (an earlier call ran out of
                // room), so inflate with no input before deciding the member is cut short.
                let hasInput = try input.refill()
                var inPos = input.position
                let status = inflater.inflate(input: input.buffer, inputPosition: &inPos,
                                              output: buffer, outputPosition: &produced)
                input.consume(upTo: inPos)
                switch status {
                case .ok:
                    if !hasInput && produced == 0 { throw InputError.truncated(codec: "gzip", offset: input.offset) }
                case .needsInput:
                    if !hasInput { throw InputError.truncated(codec: "gzip", offset: input.offset) }
                case .memberEnd:
                    state = .betweenMembers
                case .dataError(let message):
                    throw InputError.corrupt(codec: "gzip", offset: input.offset, detail: message)
                }
            }
        }
        return produced
    }
}
