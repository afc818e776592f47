extension ShardFormat {
    /// A writer of this format for the file set named `base` (`DIR/task-000003-0000`, `DIR/shuffled-0000`):
    /// Megatron writes `base_text_document.bin/.idx`, llm.c `base.bin`, datatrove `base.ds` with its
    /// index and metadata. Token widths follow each format's rule for `vocabularySize`.
    public func makeWriter(base: String, vocabularySize: Int, tokenizerName: String) throws -> any TokenShardWriter {
        switch self {
        case .megatron: return try MegatronWriter(prefix: base + "_text_document", dtype: .optimal(vocabularySize: vocabularySize))
        case .llmc: return try LLMCWriter(prefix: base, vocabularySize: vocabularySize)
        case .datatrove: return try DatatroveWriter(prefix: base, vocabularySize: vocabularySize, tokenizerName: tokenizerName)
        }
    }
}
