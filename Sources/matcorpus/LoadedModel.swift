import ArgumentParser
import Foundation
import GGUF
import Inference
import Tokenizers

/// A model with what the generate and perplexity commands need around it: the prompt encoder
/// (special-token aware), the end-of-generation set and the chat template, all from the GGUF.
struct LoadedModel {
    let model: LlamaModel
    let prompt: PromptEncoder
    let vocabulary: GGUFVocabulary

    init(path: String) throws {
        model = try LlamaModel(path: path)
        vocabulary = try GGUFVocabulary(file: model.file)
        prompt = PromptEncoder(encoder: try TokenizerLoader.encoder(for: model.file, vocabulary: vocabulary), vocabulary: vocabulary)
    }

    /// Token ids of `text`; BOS as the vocabulary asks.
    func encode(_ text: String, parseSpecial: Bool) -> [Int] { prompt.encode(text, parseSpecial: parseSpecial) }

    /// The model's end-of-generation tokens, as llama.cpp derives them.
    func stopCondition(_ strings: [String]) -> StopCondition {
        StopCondition(file: model.file, vocabulary: vocabulary, stopStrings: strings)
    }

    /// `user` (and `system`) rendered with the named template, else the model's own.
    func chatPrompt(user: String, system: String?, template name: String?) throws -> String {
        let template: ChatTemplate
        if let name {
            guard let t = ChatTemplate.named(name) else { throw ValidationError("unknown chat template \(name)") }
            template = t
        } else {
            guard let t = ChatTemplate.of(model.file) else {
                throw ValidationError("\(model.file.path) has no chat template the engine recognizes; pass --chat-template")
            }
            template = t
        }
        var messages: [ChatMessage] = []
        if let system { messages.append(.system(system)) }
        messages.append(.user(user))
        return template.render(messages, addGenerationPrompt: true)
    }
}
