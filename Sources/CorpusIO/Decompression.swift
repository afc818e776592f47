import CorpusCore

/// Transparent decompression chosen by magic bytes, never by file name.
public enum Decompression {
    /// Returns a source that yields the decompressed bytes of `source` when it starts with a gzip
    /// or zstd frame, or the bytes unchanged otherwise.
    /// PLACEHOLDER until the codecs land: passes bytes through unchanged.
    public static func open(_ source: any ByteSource) throws -> any ByteSource {
        source
    }
}
