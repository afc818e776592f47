/// LLaMA-3 tiktoken BPE (placeholder until implemented).
public struct TiktokenEncoder {
    public static func load(path: String) throws -> any TokenEncoder {
        throw TokenizerError.unsupported(path: path, reason: "tiktoken files are not supported yet")
    }
}
