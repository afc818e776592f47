extension SentencePieceModelFile {
    /// The SentencePiece BPE model a GGUF `llama` vocabulary describes: pieces with their scores and
    /// types, byte fallback, the dummy prefix (`tokenizer.ggml.add_space_prefix`, default true), and
    /// no normalization, as llama.cpp's SPM tokenizer reads it.
    init(gguf v: GGUFVocabulary, addSpacePrefix: Bool) throws {
        guard let scores = v.scores else {
            throw TokenizerError.malformed(path: "<gguf>", offset: 0, reason: "a llama (SentencePiece) vocabulary without tokenizer.ggml.scores")
        }
        let types = v.tokenTypes ?? Array(repeating: 1, count: v.tokens.count)
        pieces = zip(v.tokens, zip(scores, types)).map { token, st in
            Piece(text: token, score: st.0, type: PieceType(rawValue: UInt8(clamping: st.1)) ?? .normal, offset: 0)
        }
        modelType = ModelType.bpe.rawValue
        byteFallback = types.contains(6)
        normalizerName = "identity"
        addDummyPrefix = addSpacePrefix
        removeExtraWhitespaces = false
        escapeWhitespaces = true
    }
}

extension SentencePieceEncoder {
    /// The SentencePiece encoder of a GGUF `llama` vocabulary.
    init(gguf v: GGUFVocabulary, addSpacePrefix: Bool, path: String) throws {
        vocabulary = try SentencePieceVocabulary(try SentencePieceModelFile(gguf: v, addSpacePrefix: addSpacePrefix), path: path)
    }
}
