import ArgumentParser
import Foundation
import GGUF
import Inference
import Tokenizers

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate text with a GGUF LLaMA-family model on the CPU.",
        discussion: """
        Special-token text in the prompt (<|im_start|>) is read as control tokens unless --no-parse-special. \
        --chat wraps the prompt as the user message in the model's chat template (or --chat-template chatml|llama2|llama3). \
        With --json, one object: prompt_ids, ids, text, prompt_tokens_per_second, generated_tokens_per_second, and \
        top_logits ([id, logit] pairs at the last prompt position) with --top-logits K.
        """)

    @Option(help: "The GGUF model file.") var model: String
    @Option(help: "The prompt text.") var prompt: String?
    @Option(help: "A file holding the prompt text.") var promptFile: String?
    @Flag(help: "Apply the model's chat template, with the prompt as the user message.") var chat = false
    @Option(help: "System message for --chat (default: the template's own).") var system: String?
    @Option(help: "Chat template override: chatml, llama2 or llama3.") var chatTemplate: String?
    @Flag(help: "Encode special-token text in the prompt as plain text.") var noParseSpecial = false
    @Option(help: "Tokens to generate per sequence.") var maxTokens = 128
    @Option(help: "Sampling temperature (0: greedy).") var temperature: Float = 0.8
    @Option(help: "Keep the K most likely tokens (0: all).") var topK = 40
    @Option(help: "Nucleus sampling mass (1: off).") var topP: Float = 0.95
    @Option(help: "Drop tokens below this fraction of the top probability (0: off).") var minP: Float = 0.05
    @Option(help: "Repetition penalty over the last 64 tokens (1: off).") var repeatPenalty: Float = 1.0
    @Option(help: "Random seed.") var seed: UInt64 = 42
    @Option(help: "Stop when the text contains this string (repeatable).") var stop: [String] = []
    @Flag(help: "Keep generating past end-of-generation tokens.") var ignoreEos = false
    @Option(help: "Independent sequences decoded together in one batch.") var parallel = 1
    @Option(help: "Context length per sequence (default: prompt + max tokens).") var ctx: Int?
    @Option(help: "Threads (default: all cores).") var threads: Int?
    @Option(help: "Report the K highest logits at the last prompt position.") var topLogits = 0
    @Flag(help: "Print one JSON object instead of streaming text.") var json = false

    func run() throws {
        do { try generate() } catch let error as ExitCode { throw error } catch {
            FileHandle.standardError.write(Data("matcorpus generate: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    private func generate() throws {
        guard (prompt == nil) != (promptFile == nil) else { throw ValidationError("give exactly one of --prompt and --prompt-file") }
        let text = try prompt ?? String(contentsOfFile: promptFile!, encoding: .utf8)
        let loaded = try LoadedModel(path: model)
        let promptText = chat ? try loaded.chatPrompt(user: text, system: system, template: chatTemplate) : text
        let ids = loaded.encode(promptText, parseSpecial: !noParseSpecial)
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        let context = try LlamaContext(model: loaded.model, contextLength: ctx ?? ids.count + maxTokens + 1,
                                       sequences: parallel, threads: threadCount, maximumBatch: 512)
        let stop = loaded.stopCondition(self.stop)
        let request = GenerationRequest(promptIDs: ids, maximumTokens: maxTokens, endOfGeneration: stop.endOfGeneration,
                                        ignoreEndOfGeneration: ignoreEos, topLogits: topLogits, sequences: parallel)
        var samplers = (0..<parallel).map { i in
            Sampler(SamplingParameters(temperature: temperature, topK: topK, topP: topP, minP: minP,
                                       repetitionPenalty: repeatPenalty, seed: seed &+ UInt64(i)))
        }
        // With --ignore-eos, EOG tokens are text like any other.
        let textStop = ignoreEos ? StopCondition(endOfGeneration: [], stopStrings: self.stop) : stop
        var streams = (0..<parallel).map { _ in GeneratedText(encoder: loaded.prompt, stop: textStop) }
        let streaming = !json && parallel == 1
        let out = FileHandle.standardOutput
        let result = try Generator.generate(request, context: context, choose: { logits, history, seq in
            samplers[seq].sample(logits: &logits, history: history)
        }, emit: { seq, id in
            let piece = streams[seq].append(id)
            if streaming, !piece.isEmpty { out.write(Data(piece.utf8)) }
            return !streams[seq].isFinished
        })
        for i in streams.indices {
            let rest = streams[i].finish()
            if streaming, !rest.isEmpty { out.write(Data(rest.utf8)) }
        }
        if json {
            let texts = streams.map(\.text)
            var object: [String: Any] = [
                "prompt_ids": ids,
                "ids": parallel == 1 ? result.ids[0] as Any : result.ids as Any,
                "text": parallel == 1 ? texts[0] as Any : texts as Any,
                "prompt_tokens": ids.count,
                "generated_tokens": result.ids.reduce(0) { $0 + $1.count },
                "prompt_tokens_per_second": result.promptTokensPerSecond,
                "generated_tokens_per_second": result.generatedTokensPerSecond,
                "threads": context.pool.threadCount,
                "kernels": "\(context.kernels)",
            ]
            if topLogits > 0 { object["top_logits"] = result.topLogits.map { [$0.id, Double($0.logit)] as [Any] } }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            if !streaming { for t in streams.map(\.text) { print(t); print("---") } } else { print() }
            FileHandle.standardError.write(Data(String(format: "prompt: %d tokens, %.1f tokens/s; generated: %d tokens, %.1f tokens/s\n",
                                                      ids.count, result.promptTokensPerSecond,
                                                      result.ids.reduce(0) { $0 + $1.count }, result.generatedTokensPerSecond).utf8))
        }
    }
}

struct PerplexityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perplexity",
        abstract: "Perplexity of a text file as llama-perplexity computes it.",
        discussion: "Non-overlapping chunks of --ctx tokens; the second half of each chunk is scored.")

    @Option(help: "The GGUF model file.") var model: String
    @Option(help: "Chunk length in tokens.") var ctx = 512
    @Option(help: "Threads (default: all cores).") var threads: Int?
    @Flag(help: "Print {\"ppl\": ...}.") var json = false
    @Argument(help: "The text file.") var file: String

    func run() throws {
        do {
            let loaded = try LoadedModel(path: model)
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let ids = loaded.encode(text, parseSpecial: false)
            let context = try LlamaContext(model: loaded.model, contextLength: ctx, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount,
                                           maximumBatch: ctx)
            let r = try Perplexity.compute(tokens: ids, context: ctx, on: context)
            if json {
                let object: [String: Any] = ["ppl": r.perplexity, "chunks": r.perChunk.count, "per_chunk": r.perChunk,
                                             "scored_tokens": r.scoredTokens, "tokens": ids.count, "ctx": ctx, "seconds": r.seconds]
                print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
            } else {
                for (i, p) in r.perChunk.enumerated() { print("[\(i + 1)] \(String(format: "%.4f", p))") }
                print(String(format: "perplexity %.4f over %d tokens (%d chunks of %d)", r.perplexity, r.scoredTokens, r.perChunk.count, ctx))
            }
        } catch let error as ExitCode { throw error } catch {
            FileHandle.standardError.write(Data("matcorpus perplexity: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
