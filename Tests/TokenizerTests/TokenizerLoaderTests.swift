import Foundation
import Testing
import _CorpusTestSupport
@testable import Tokenizers

@Suite struct TokenizerLoaderTests {
    @Test func recognizesTheSharedTokenizerFilesByContent() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        #expect(try TokenizerLoader.kind(of: shared.appendingPathComponent("tokenizers/llama2-tokenizer.model").path) == .sentencePiece)
        #expect(try TokenizerLoader.kind(of: shared.appendingPathComponent("tokenizers/llama3-tokenizer.tiktoken").path) == .tiktoken)
    }

    @Test func refusesOtherFilesNamingThem() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("x.bin").path
        try Data([0xFF, 0x00, 0x13]).write(to: URL(fileURLWithPath: path))
        #expect { try TokenizerLoader.kind(of: path) } throws: { "\($0)".contains("x.bin") }
    }
}
