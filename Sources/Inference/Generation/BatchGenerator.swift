import Foundation

/// Several different prompts continued together: prompt `i` runs in sequence `i` of the context, and
/// every decoding step is one forward pass over the live sequences.
public struct BatchGenerationRequest: Sendable {
    public var prompts: [[Int]]
    public var maximumTokens: Int
    /// Tokens that end a sequence (the model's end-of-generation set); the ending token is kept in the ids.
    public var endOfGeneration: Set<Int>
    /// Evaluate the prompts' common leading tokens once and copy them to every sequence (the result is
    /// the same bit for bit: each token's computation depends only on its row and the cache).
    public var sharesPrefix: Bool

    public init(prompts: [[Int]], maximumTokens: Int, endOfGeneration: Set<Int>, sharesPrefix: Bool = true) {
        self.prompts = prompts
        self.maximumTokens = maximumTokens
        self.endOfGeneration = endOfGeneration
        self.sharesPrefix = sharesPrefix
    }
}

/// What a batch produced, with timings.
public struct BatchGenerationResult: Sendable {
    /// Generated ids per prompt (an end-of-generation token that stopped it included).
    public var ids: [[Int]]
    /// Prompt tokens evaluated (the shared prefix counted once).
    public var promptTokensEvaluated: Int
    /// Leading tokens common to all prompts, evaluated once.
    public var sharedPrefixTokens: Int
    public var promptSeconds: Double
    public var generationSeconds: Double

    /// Generated tokens over all prompts.
    public var generatedTokens: Int { ids.reduce(0) { $0 + $1.count } }
}

extension Generator {
    /// Evaluates every prompt (the common prefix once, then the rest of all prompts in one batch), then
    /// decodes all live sequences one token each per forward pass until each has `maximumTokens` tokens
    /// or ends.
    ///
    /// `choose(logits, history, prompt)` picks prompt `prompt`'s next token; `emit(prompt, id)` is called
    /// for each new token and may return false to stop that sequence. A prompt's tokens do not depend
    /// on the other prompts of the batch (the engine's logits are batch-invariant), so a caller that
    /// seeds its sampler per prompt gets the same text in any batch.
    public static func generate(
        _ request: BatchGenerationRequest, context: LlamaContext,
        choose: (_ logits: inout [Float], _ history: [Int], _ prompt: Int) -> Int,
        emit: (_ prompt: Int, _ id: Int) -> Bool = { _, _ in true }
    ) throws -> BatchGenerationResult {
        let prompts = request.prompts
        let n = prompts.count
        guard n >= 1, n <= context.sequenceCount else { throw InferenceError.badRequest("\(n) prompts, but the context holds \(context.sequenceCount) sequences") }
        guard prompts.allSatisfy({ !$0.isEmpty }) else { throw InferenceError.badRequest("a prompt is empty") }
        if let long = prompts.firstIndex(where: { $0.count + request.maximumTokens > context.contextLength }) {
            throw InferenceError.badRequest("prompt \(long) has \(prompts[long].count) tokens; with \(request.maximumTokens) to generate it needs more than the context's \(context.contextLength)")
        }
        context.reset()
        let clock = ContinuousClock()
        let promptStart = clock.now

        // The common prefix, leaving every prompt at least one token of its own (its logits are needed).
        var shared = 0
        if request.sharesPrefix && n > 1 {
            let shortest = prompts.map(\.count).min()! - 1
            while shared < shortest, prompts.allSatisfy({ $0[shared] == prompts[0][shared] }) { shared += 1 }
        }
        if shared > 0 {
            _ = try context.evaluate(tokens: Array(prompts[0][0..<shared]), logits: .none)
            for s in 1..<n { context.copySequence(from: 0, to: s) }
        }
        var tokens: [Int] = [], sequences: [Int] = []
        for (s, p) in prompts.enumerated() {
            tokens += p[shared...]
            sequences += repeatElement(s, count: p.count - shared)
        }
        var perSequence = try context.evaluate(tokens: tokens, sequences: sequences, logits: .lastPerSequence)
        let promptSeconds = Generator.seconds(clock.now - promptStart)

        let start = clock.now
        let generated = try Generator.decode(sequences: n, logits: &perSequence, prompt: { prompts[$0] }, maximumTokens: request.maximumTokens,
                                             ends: { request.endOfGeneration.contains($0) }, context: context, choose: choose, emit: emit)
        return BatchGenerationResult(ids: generated, promptTokensEvaluated: shared + tokens.count, sharedPrefixTokens: shared,
                                     promptSeconds: promptSeconds, generationSeconds: Generator.seconds(clock.now - start))
    }
}
