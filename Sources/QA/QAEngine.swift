import CorpusCore
import CorpusIO
import Foundation
import Inference
import Synchronization
import Tokenizers

/// The model as QA synthesis uses it: loaded once per process and shared by every task, with one
/// context whose sequences hold a batch of prompts. Tasks take turns: a batch holds the engine
/// (and all its threads) until it is done, so parallel tasks never oversubscribe the cores.
public final class QAEngine: @unchecked Sendable {
    /// Who wrote the pairs: recorded with every model-written pair.
    public struct Identity: Sendable, Hashable, Codable {
        /// The file's name (not its directory, which differs between machines).
        public var file: String
        /// XXH64 of the file's bytes, 16 hex digits.
        public var xxh64: String
        public var bytes: Int64
        /// `general.name` from the GGUF metadata, when present.
        public var name: String?
    }

    public let path: String
    public let identity: Identity
    public let model: LlamaModel
    public let prompt: PromptEncoder
    public let chatTemplate: ChatTemplate
    /// The model's end-of-generation tokens (llama.cpp's rule).
    public let endOfGeneration: Set<Int>
    /// Prompts decoded together at most.
    public var sequences: Int { context.sequenceCount }
    public var contextLength: Int { context.contextLength }
    private let context: LlamaContext
    private let turn = Mutex(())

    /// Loads `path` with a context of `sequences` × `contextLength` positions and `threads` threads.
    /// `chatTemplate` names a template (`chatml`, `llama3`, ...); nil: the model's own.
    public init(path: String, contextLength: Int, sequences: Int, threads: Int, chatTemplate: String? = nil) throws {
        self.path = path
        model = try LlamaModel(path: path)
        let vocabulary = try GGUFVocabulary(file: model.file)
        prompt = PromptEncoder(encoder: try TokenizerLoader.encoder(for: model.file, vocabulary: vocabulary), vocabulary: vocabulary)
        if let chatTemplate {
            guard let t = ChatTemplate.named(chatTemplate) else { throw QAError.invalidSetting(name: "chat_template", reason: "unknown template \(chatTemplate)") }
            self.chatTemplate = t
        } else {
            guard let t = ChatTemplate.of(model.file) else {
                throw QAError.invalidSetting(name: "chat_template", reason: "\(path) has no chat template the engine recognizes; name one")
            }
            self.chatTemplate = t
        }
        endOfGeneration = StopCondition.endOfGenerationTokens(file: model.file, vocabulary: vocabulary)
        let (bytes, hash) = try FileChecksum.xxh64(path: path)
        identity = Identity(file: (path as NSString).lastPathComponent, xxh64: hash, bytes: bytes, name: model.file["general.name"]?.stringValue)
        context = try LlamaContext(model: model, contextLength: contextLength, sequences: sequences, threads: threads)
    }

    private static let loaded = Mutex<[String: QAEngine]>([:])

    /// The process's engine for these settings, loaded on first use.
    public static func shared(path: String, contextLength: Int, sequences: Int, threads: Int, chatTemplate: String? = nil) throws -> QAEngine {
        let key = [path, String(contextLength), String(sequences), String(threads), chatTemplate ?? ""].joined(separator: "\u{1F}")
        return try loaded.withLock { engines in
            if let e = engines[key] { return e }
            let e = try QAEngine(path: path, contextLength: contextLength, sequences: sequences, threads: threads, chatTemplate: chatTemplate)
            engines[key] = e
            return e
        }
    }

    /// The token ids of a conversation, rendered with the chat template and ending in the generation prompt.
    public func encode(_ messages: [ChatMessage]) -> [Int] {
        prompt.encode(chatTemplate.render(messages, addGenerationPrompt: true), parseSpecial: true)
    }

    /// One finished continuation.
    public struct Completion: Sendable, Hashable {
        /// The generated text (end-of-generation token not included).
        public var text: String
        /// Tokens generated (the end-of-generation token included).
        public var tokens: Int
        /// Whether it ended at `maximumTokens` rather than at an end-of-generation token.
        public var truncated: Bool
    }

    /// Continues every prompt, `samplers[i]` choosing prompt `i`'s tokens; waits for the engine when
    /// another task holds it. At most `sequences` prompts.
    public func complete(_ prompts: [[Int]], samplers: [Sampler], maximumTokens: Int) throws -> (completions: [Completion], result: BatchGenerationResult) {
        precondition(prompts.count == samplers.count, "one sampler per prompt")
        return try turn.withLock { _ in
            var samplers = samplers
            let result = try Generator.generate(
                BatchGenerationRequest(prompts: prompts, maximumTokens: maximumTokens, endOfGeneration: endOfGeneration),
                context: context, choose: { logits, history, s in samplers[s].sample(logits: &logits, history: history) })
            let completions = result.ids.map { ids -> Completion in
                let ended = ids.last.map { endOfGeneration.contains($0) } ?? false
                return Completion(text: prompt.decode(ended ? Array(ids.dropLast()) : ids), tokens: ids.count, truncated: !ended)
            }
            return (completions, result)
        }
    }
}
