/// A destination for a stream of bytes: a file, a compressor in front of a file, memory.
///
/// Writers push bytes in any sizes; sinks buffer so that the system sees large writes.
public protocol ByteSink: AnyObject {
    /// The file written, for messages (`<memory>` for in-memory sinks).
    var path: String { get }
    /// Appends `bytes` to the stream.
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Ends the stream: writes out everything buffered (a compressor first ends its frame and then
    /// finishes its destination). The sink accepts no more bytes afterwards.
    func finish() throws
}

extension ByteSink {
    /// Appends `bytes` to the stream.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Appends the UTF-8 bytes of `string` to the stream.
    public func write(_ string: String) throws {
        var s = string
        try s.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }
}
