// The only file that imports CZlib. It fences zlib's `z_stream` in one small class; everything else
// in CorpusIO talks to it, never to the C API.
import CZlib

/// Gzip magic bytes (RFC 1952): `1f 8b`.
enum GzipMagic {
    static func isMember(_ b0: UInt8, _ b1: UInt8) -> Bool { b0 == 0x1F && b1 == 0x8B }
}

/// One zlib inflate stream set up for gzip members (`inflateInit2` with window bits 15 + 16).
///
/// The `z_stream` lives at a fixed heap address because zlib keeps a pointer back to it.
final class GzipInflateStream {
    /// What one call to `inflate` ended with.
    enum Status {
        /// Progress was made, or more input/output space is needed.
        case ok
        /// The end of a gzip member was reached (trailer checked).
        case memberEnd
        /// Nothing could be done without more input.
        case needsInput
        /// The data is not valid gzip/deflate.
        case dataError(String)
    }

    private let stream: UnsafeMutablePointer<z_stream>

    init() throws(GzipCodecError) {
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let r = inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        if r != Z_OK {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw GzipCodecError(message: "inflateInit2 failed (\(r))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Prepares for the next gzip member.
    func reset() { inflateReset(stream) }

    /// Inflates from `input[inputPosition...]` into `output[outputPosition...]`, advancing both positions.
    func inflate(input: UnsafeRawBufferPointer, inputPosition: inout Int,
                 output: UnsafeMutableRawBufferPointer, outputPosition: inout Int) -> Status {
        let inAvailable = input.count - inputPosition
        let outAvailable = output.count - outputPosition
        stream.pointee.next_in = inAvailable > 0
            ? UnsafeMutablePointer(mutating: input.baseAddress!.advanced(by: inputPosition).assumingMemoryBound(to: Bytef.self))
            : nil
        stream.pointee.avail_in = uInt(inAvailable)
        stream.pointee.next_out = output.baseAddress!.advanced(by: outputPosition).assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(outAvailable)
        let r = CZlib.inflate(stream, Z_NO_FLUSH)
        inputPosition += inAvailable - Int(stream.pointee.avail_in)
        outputPosition += outAvailable - Int(stream.pointee.avail_out)
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        switch r {
        case Z_OK: return .ok
        case Z_STREAM_END: return .memberEnd
        case Z_BUF_ERROR: return .needsInput
        case Z_NEED_DICT: return .dataError("deflate stream needs a preset dictionary")
        case Z_MEM_ERROR: return .dataError("out of memory")
        default:
            let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(r)"
            return .dataError(message)
        }
    }
}

/// A zlib failure outside the data itself (setup).
struct GzipCodecError: Error {
    let message: String
}
