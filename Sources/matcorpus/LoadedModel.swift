import Foundation
import GGUF
import Inference
import Tokenizers

/// A model with its tokenizer, EOG set and chat template, as the generate and perplexity commands use it.
/// INTERIM glue until the prompt encoder, sampler and chat templates land.
struct LoadedModel {
    let model: LlamaModel
    let encoder: any TokenEncoder
    let vocabulary: GGUFVocabulary
    let endOfGeneration: Set<Int>

    init(path: String) throws {
        model = try LlamaModel(path: path)
        encoder = try TokenizerLoader.encoder(for: model.file)
        vocabulary = try GGUFVocabulary(file: model.file)
        var eog: Set<Int> = []
        if let e = vocabulary.eosID { eog.insert(e) }
        endOfGeneration = eog
    }

    func encode(_ text: String, parseSpecial: Bool) -> [Int] {
        guard parseSpecial else { return encoder.encode(text) }
        // Split on control-token text, longest first.
        let specials = (vocabulary.tokenTypes ?? []).enumerated().filter { $0.element == 3 || $0.element == 4 }.map { ($0.offset, vocabulary.tokens[$0.offset]) }
            .filter { !$0.1.isEmpty }.sorted { $0.1.utf8.count > $1.1.utf8.count }
        var ids: [Int] = []
        var rest = Substring(text)
        outer: while !rest.isEmpty {
            var earliest: (Range<Substring.Index>, Int)?
            for (id, s) in specials {
                if let r = rest.range(of: s), earliest == nil || r.lowerBound < earliest!.0.lowerBound { earliest = (r, id) }
            }
            guard let (r, id) = earliest else { ids += encoder.encode(String(rest)); break outer }
            if r.lowerBound > rest.startIndex { ids += encoder.encode(String(rest[..<r.lowerBound])) }
            ids.append(id)
            rest = rest[r.upperBound...]
        }
        return ids
    }

    func chatPrompt(user: String, system: String?, template: String?) throws -> String {
        let sys = system ?? "You are a helpful AI assistant named SmolLM, trained by Hugging Face"
        return "<|im_start|>system\n\(sys)<|im_end|>\n<|im_start|>user\n\(user)<|im_end|>\n<|im_start|>assistant\n"
    }

    func sampler(temperature: Float, topK: Int, topP: Float, minP: Float, repeatPenalty: Float, seed: UInt64) -> (inout [Float], [Int]) -> Int {
        return { logits, _ in
            var best = 0
            for i in logits.indices where logits[i] > logits[best] { best = i }
            return best
        }
    }

    func textStream(stop: [String]) -> TextStream { TextStream(encoder: encoder) }
}

struct TextStream {
    let encoder: any TokenEncoder
    var ids: [Int] = []
    var emitted = 0
    var text: String { encoder.decode(ids) }
    mutating func push(_ id: Int) -> ([UInt8], Bool) {
        ids.append(id)
        let all = Array(text.utf8)
        let new = all.count > emitted ? Array(all[emitted...]) : []
        emitted = all.count
        return (new, true)
    }
}
