import Foundation
import GGUF

/// Opens a tokenizer file of any supported kind, recognized by its content, not its name:
/// a SentencePiece `.model` (protobuf), a tiktoken ranks file (base64 token, space, rank per
/// line), a Hugging Face `tokenizer.json`, or a GGUF model's embedded vocabulary.
public enum TokenizerLoader {
    public enum Kind: String, Sendable { case sentencePiece, tiktoken, huggingFaceJSON, gguf }

    /// The kind of tokenizer file at `path`.
    public static func kind(of path: String) throws -> Kind {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw TokenizerError.unreadable(path: path, reason: "no such file") }
        defer { try? handle.close() }
        let head = Array((try? handle.read(upToCount: 256)) ?? Data())
        if head.starts(with: Array("GGUF".utf8)) { return .gguf }
        if let first = head.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }), first == UInt8(ascii: "{") { return .huggingFaceJSON }
        // tiktoken: printable base64, one space, digits.
        if let line = head.split(separator: 0x0A).first, line.contains(0x20),
           line.allSatisfy({ $0 == 0x20 || $0 == 0x2B || $0 == 0x2F || $0 == 0x3D || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) {
            return .tiktoken
        }
        if head.first == 0x0A { return .sentencePiece }  // protobuf field 1 (pieces), length-delimited
        throw TokenizerError.unsupported(path: path, reason: "not a SentencePiece model, tiktoken file, tokenizer.json or GGUF file")
    }

    /// Loads the tokenizer at `path`.
    public static func load(_ path: String) throws -> any TokenEncoder {
        switch try kind(of: path) {
        case .sentencePiece: return try SentencePieceEncoder.load(path: path)
        case .tiktoken: return try TiktokenEncoder.load(path: path)
        case .huggingFaceJSON: return try HuggingFaceBPE.load(path: path)
        case .gguf:
            return try encoder(for: GGUFFile(path: path))
        }
    }

    /// The tokenizer a mapped GGUF model carries.
    public static func encoder(for file: GGUFFile) throws -> any TokenEncoder {
        try encoder(for: file, vocabulary: GGUFVocabulary(file: file))
    }

    /// The tokenizer of `file`, from its already-read `vocabulary`.
    public static func encoder(for file: GGUFFile, vocabulary: GGUFVocabulary) throws -> any TokenEncoder {
        switch vocabulary.model {
        case "gpt2": return try GGUFByteLevelEncoder.make(vocabulary: vocabulary, path: file.path)
        case "llama":
            return try SentencePieceEncoder(gguf: vocabulary, addSpacePrefix: file["tokenizer.ggml.add_space_prefix"]?.boolValue ?? true, path: file.path)
        default: throw TokenizerError.unsupported(path: file.path, reason: "GGUF tokenizer model \(vocabulary.model) is not supported yet (gpt2 and llama are)")
        }
    }
}
