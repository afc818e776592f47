/// LLaMA-2 SentencePiece BPE (placeholder until implemented).
public struct SentencePieceEncoder {
    public static func load(path: String) throws -> any TokenEncoder {
        throw TokenizerError.unsupported(path: path, reason: "SentencePiece models are not supported yet")
    }
}
