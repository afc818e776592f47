// The only file that imports CZstd. It fences libzstd's contexts and buffer structs in two small
// classes; everything else in CorpusIO talks to these, never to the C API.
import CZstd

/// A libzstd failure, carrying the library's error name.
struct ZstdCodecError: Error {
    let message: String
    init(code: Int) { message = String(cString: ZSTD_getErrorName(code)) }
    init(message: String) { self.message = message }
}

/// Frame magic numbers of the zstd format (RFC 8878), as they appear on disk.
enum ZstdMagic {
    /// `28 b5 2f fd`: a zstd frame.
    static func isFrame(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8) -> Bool {
        b0 == 0x28 && b1 == 0xB5 && b2 == 0x2F && b3 == 0xFD
    }
    /// `5? 2a 4d 18`: a skippable frame, which a zstd stream may start with.
    static func isSkippableFrame(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8) -> Bool {
        b0 & 0xF0 == 0x50 && b1 == 0x2A && b2 == 0x4D && b3 == 0x18
    }
}

/// One streaming decompression context (`ZSTD_DCtx`).
final class ZstdDecompressionContext {
    private let context: OpaquePointer

    init() throws(ZstdCodecError) {
        guard let c = ZSTD_createDCtx() else { throw ZstdCodecError(message: "ZSTD_createDCtx failed") }
        context = c
    }

    deinit { ZSTD_freeDCtx(context) }

    /// The input chunk size libzstd recommends.
    static var recommendedInputSize: Int { ZSTD_DStreamInSize() }

    /// Decompresses from `input[inputPosition...]` into `output[outputPosition...]`, advancing both
    /// positions. Returns 0 when a frame has just been fully decoded and flushed, otherwise a hint
    /// of the input still expected.
    func decompress(input: UnsafeRawBufferPointer, inputPosition: inout Int,
                    output: UnsafeMutableRawBufferPointer, outputPosition: inout Int) throws(ZstdCodecError) -> Int {
        var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: inputPosition)
        var outBuffer = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: outputPosition)
        let r = ZSTD_decompressStream(context, &outBuffer, &inBuffer)
        inputPosition = inBuffer.pos
        outputPosition = outBuffer.pos
        if ZSTD_isError(r) != 0 { throw ZstdCodecError(code: r) }
        return r
    }
}

/// One streaming compression context (`ZSTD_CCtx`).
final class ZstdCompressionContext {
    /// What a call to `compress` should do after consuming its input.
    enum Directive {
        /// Buffer as the compressor likes.
        case `continue`
        /// Write out everything consumed so far (ends the current block).
        case flush
        /// Finish the frame.
        case end
    }

    private let context: OpaquePointer
    /// Compression worker threads actually in use (0: compression runs on the calling thread).
    let workers: Int

    /// Creates a context at `level`, asking for `workers` background threads. When the library was
    /// built without thread support, falls back to 0 workers. With `checksum`, each frame ends
    /// with a checksum of its content that decoders verify (as the `zstd` tool writes by default).
    init(level: Int, workers: Int, checksum: Bool) throws(ZstdCodecError) {
        guard let c = ZSTD_createCCtx() else { throw ZstdCodecError(message: "ZSTD_createCCtx failed") }
        context = c
        let r = ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, Int32(clamping: level))
        if ZSTD_isError(r) != 0 {
            ZSTD_freeCCtx(c)
            throw ZstdCodecError(code: r)
        }
        let k = ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, checksum ? 1 : 0)
        if ZSTD_isError(k) != 0 {
            ZSTD_freeCCtx(c)
            throw ZstdCodecError(code: k)
        }
        var used = 0
        if workers > 0 {
            let w = ZSTD_CCtx_setParameter(c, ZSTD_c_nbWorkers, Int32(clamping: workers))
            if ZSTD_isError(w) == 0 { used = workers }
        }
        self.workers = used
    }

    deinit { ZSTD_freeCCtx(context) }

    /// The output chunk size libzstd recommends (one full block can always be flushed into it).
    static var recommendedOutputSize: Int { ZSTD_CStreamOutSize() }

    /// The valid range of compression levels.
    static var levelRange: ClosedRange<Int> { Int(ZSTD_minCLevel())...Int(ZSTD_maxCLevel()) }

    /// Compresses `input[inputPosition...]` into `output[outputPosition...]`, advancing both
    /// positions. Returns the number of bytes the compressor still holds for `.flush` and `.end`
    /// (0 means done); for `.continue` a hint.
    func compress(input: UnsafeRawBufferPointer, inputPosition: inout Int,
                  output: UnsafeMutableRawBufferPointer, outputPosition: inout Int,
                  directive: Directive) throws(ZstdCodecError) -> Int {
        var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: inputPosition)
        var outBuffer = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: outputPosition)
        let op: ZSTD_EndDirective
        switch directive {
        case .continue: op = ZSTD_e_continue
        case .flush: op = ZSTD_e_flush
        case .end: op = ZSTD_e_end
        }
        let r = ZSTD_compressStream2(context, &outBuffer, &inBuffer, op)
        inputPosition = inBuffer.pos
        outputPosition = outBuffer.pos
        if ZSTD_isError(r) != 0 { throw ZstdCodecError(code: r) }
        return r
    }
}
