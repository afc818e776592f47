/// Hugging Face byte-level BPE `tokenizer.json` (placeholder until implemented).
public struct HuggingFaceBPE {
    public static func load(path: String) throws -> any TokenEncoder {
        throw TokenizerError.unsupported(path: path, reason: "tokenizer.json files are not supported yet")
    }
}
