import Foundation

/// What to generate from a prompt.
public struct GenerationRequest: Sendable {
    public var promptIDs: [Int]
    public var maximumTokens: Int
    /// Tokens that end a sequence (the model's end-of-generation set); ignored with `ignoreEndOfGeneration`.
    public var endOfGeneration: Set<Int>
    public var ignoreEndOfGeneration = false
    /// How many of the highest logits at the last prompt position to report.
    public var topLogits = 0
    /// Independent continuations of the same prompt, decoded together in one batch.
    public var sequences = 1

    public init(promptIDs: [Int], maximumTokens: Int, endOfGeneration: Set<Int>, ignoreEndOfGeneration: Bool = false, topLogits: Int = 0, sequences: Int = 1) {
        self.promptIDs = promptIDs
        self.maximumTokens = maximumTokens
        self.endOfGeneration = endOfGeneration
        self.ignoreEndOfGeneration = ignoreEndOfGeneration
        self.topLogits = topLogits
        self.sequences = sequences
    }
}

/// What generation produced, with timings.
public struct GenerationResult: Sendable {
    public var promptIDs: [Int]
    /// Generated ids per sequence (an end-of-generation token that stopped a sequence is included).
    public var ids: [[Int]]
    /// The highest logits at the last prompt position, `[id, logit]`, highest first.
    public var topLogits: [(id: Int, logit: Float)]
    public var promptSeconds: Double
    public var generationSeconds: Double

    public var promptTokensPerSecond: Double { promptSeconds > 0 ? Double(promptIDs.count) / promptSeconds : 0 }
    /// Generated tokens per second over all sequences together.
    public var generatedTokensPerSecond: Double {
        let n = ids.reduce(0) { $0 + $1.count }
        return generationSeconds > 0 ? Double(n) / generationSeconds : 0
    }
}

/// Runs the prompt-then-decode loop on a context.
public enum Generator {
    /// Processes the prompt once, copies it to every sequence, then decodes all live sequences one
    /// token each per forward pass until each has `maximumTokens` tokens or ends.
    ///
    /// `choose(logits, history, sequence)` picks the next token (a sampler); `emit(sequence, id)` is
    /// called for each new token as soon as it is chosen and may return false to stop that sequence
    /// (a stop string matched).
    public static func generate(
        _ request: GenerationRequest, context: LlamaContext,
        choose: (_ logits: inout [Float], _ history: [Int], _ sequence: Int) -> Int,
        emit: (_ sequence: Int, _ id: Int) -> Bool = { _, _ in true }
    ) throws -> GenerationResult {
        let s = request.sequences
        guard s >= 1, s <= context.sequenceCount else { throw InferenceError.badRequest("\(s) sequences, but the context holds \(context.sequenceCount)") }
        guard !request.promptIDs.isEmpty else { throw InferenceError.badRequest("the prompt is empty") }
        context.reset()
        let clock = ContinuousClock()
        let promptStart = clock.now
        let logits = try context.evaluate(tokens: request.promptIDs, logits: .lastPerSequence)[0]
        for t in 1..<s { context.copySequence(from: 0, to: t) }
        let promptSeconds = seconds(clock.now - promptStart)
        let top = request.topLogits > 0 ? highest(logits, request.topLogits) : []

        var perSequence = Array(repeating: logits, count: s)
        let start = clock.now
        let generated = try decode(sequences: s, logits: &perSequence, prompt: { _ in request.promptIDs }, maximumTokens: request.maximumTokens,
                                   ends: { !request.ignoreEndOfGeneration && request.endOfGeneration.contains($0) },
                                   context: context, choose: choose, emit: emit)
        return GenerationResult(promptIDs: request.promptIDs, ids: generated, topLogits: top,
                                promptSeconds: promptSeconds, generationSeconds: seconds(clock.now - start))
    }

    /// The decoding loop of both entry points: sequence `s` starts from `logits[s]` (its prompt
    /// `prompt(s)` evaluated); each step chooses one token per live sequence, reports it, and decodes the
    /// tokens of the sequences still live in one forward pass, until each has `maximumTokens` tokens,
    /// chose a token for which `ends` holds, or was stopped by `emit`. The generated ids per sequence.
    static func decode(
        sequences n: Int, logits perSequence: inout [[Float]], prompt: (Int) -> [Int], maximumTokens: Int, ends: (Int) -> Bool,
        context: LlamaContext, choose: (_ logits: inout [Float], _ history: [Int], _ sequence: Int) -> Int,
        emit: (_ sequence: Int, _ id: Int) -> Bool
    ) throws -> [[Int]] {
        var generated = Array(repeating: [Int](), count: n)
        var live = maximumTokens > 0 ? Array(0..<n) : []
        while !live.isEmpty {
            var next: [Int] = []
            var stillLive: [Int] = []
            for seq in live {
                let id = choose(&perSequence[seq], prompt(seq) + generated[seq], seq)
                generated[seq].append(id)
                if emit(seq, id) && !ends(id) && generated[seq].count < maximumTokens {
                    stillLive.append(seq)
                    next.append(id)
                }
            }
            live = stillLive
            guard !live.isEmpty else { break }
            let rows = try context.evaluate(tokens: next, sequences: live, logits: .lastPerSequence)
            for (seq, row) in zip(live, rows) { perSequence[seq] = row }
        }
        return generated
    }

    /// The `k` largest entries, highest first (ties: lower id first): the sampler's top-k selection.
    public static func highest(_ logits: [Float], _ k: Int) -> [(id: Int, logit: Float)] {
        logits.withUnsafeBufferPointer { Sampler.top(k, of: $0) }.map { ($0.id, $0.logit) }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
