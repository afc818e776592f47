import CorpusCore
import CorpusIO

/// Reads the headers of llm.c token files.
public enum TokenFileReader {
    /// The token count and width in an llm.c file's 1,024-byte header, checked against its size.
    public static func llmcHeader(path: String) throws -> (tokens: Int, wide: Bool) {
        let source = try FileByteSource(path: path)
        let header = try source.readAll(limit: 1 << 40)
        guard header.count >= 1024 else { throw ShardError.malformed(path: path, offset: header.count, reason: "shorter than the 1,024-byte llm.c header") }
        func i32(_ k: Int) -> Int { Int(header.withUnsafeBytes { Int32(littleEndian: $0.loadUnaligned(fromByteOffset: 4 * k, as: Int32.self)) }) }
        let (magic, version, tokens) = (i32(0), i32(1), i32(2))
        let wide: Bool
        switch (magic, version) {
        case (20_240_520, 1): wide = false
        case (20_240_801, 7): wide = true
        default: throw ShardError.malformed(path: path, offset: 0, reason: "magic \(magic) version \(version) is not llm.c's (20240520 v1 or 20240801 v7)")
        }
        guard header.count == 1024 + tokens * (wide ? 4 : 2) else {
            throw ShardError.malformed(path: path, offset: 8, reason: "the header says \(tokens) tokens; the file holds \((header.count - 1024) / (wide ? 4 : 2))")
        }
        return (tokens, wide)
    }
}
