import CorpusCore

/// Transparent decompression chosen by magic bytes, never by file name.
public enum Decompression {
    /// The codec a stream's first bytes announce.
    public enum Codec: String, Sendable, Hashable {
        case none, gzip, zstd
    }

    /// The codec announced by `prefix`, the first bytes of a stream (at least 4 when the stream has them).
    public static func detect(_ prefix: some Collection<UInt8>) -> Codec {
        let b = Array(prefix.prefix(4))
        if b.count >= 2, GzipMagic.isMember(b[0], b[1]) { return .gzip }
        if b.count >= 4, ZstdMagic.isFrame(b[0], b[1], b[2], b[3]) || ZstdMagic.isSkippableFrame(b[0], b[1], b[2], b[3]) {
            return .zstd
        }
        return .none
    }

    /// Returns a source that yields the decompressed bytes of `source` when it starts with a gzip
    /// (`1f 8b`) or zstd (`28 b5 2f fd`, or a skippable frame) magic number, or the bytes unchanged
    /// otherwise. The bytes read to sniff the magic number are never lost.
    public static func open(_ source: any ByteSource) throws -> any ByteSource {
        var head = [UInt8](repeating: 0, count: 4)
        var got = 0
        while got < head.count {
            let n = try head.withUnsafeMutableBytes { buf in
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buf[got...]))
            }
            if n == 0 { break }
            got += n
        }
        head.removeLast(head.count - got)
        let rewound = PrefixedByteSource(prefix: head, rest: source)
        switch detect(head) {
        case .gzip: return try GzipReader(rewound)
        case .zstd: return try ZstdReader(rewound)
        case .none: return rewound
        }
    }
}
