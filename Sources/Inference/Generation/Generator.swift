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

        var generated = Array(repeating: [Int](), count: s)
        var live = request.maximumTokens > 0 ? Array(0..<s) : []
        var perSequence = Array(repeating: logits, count: s)
        let start = clock.now
        while !live.isEmpty {
            var next: [Int] = []
            var stillLive: [Int] = []
            for seq in live {
                let history = request.promptIDs + generated[seq]
                let id = choose(&perSequence[seq], history, seq)
                generated[seq].append(id)
                let keep = emit(seq, id)
                let ended = !request.ignoreEndOfGeneration && request.endOfGeneration.contains(id)
                if keep && !ended && generated[seq].count < request.maximumTokens {
                    stillLive.append(seq)
                    next.append(id)
                }
            }
            live = stillLive
            guard !live.isEmpty else { break }
            let rows = try context.evaluate(tokens: next, sequences: live, logits: .lastPerSequence)
            for (seq, row) in zip(live, rows) { perSequence[seq] = row }
        }
        return GenerationResult(promptIDs: request.promptIDs, ids: generated, topLogits: top,
                                promptSeconds: promptSeconds, generationSeconds: seconds(clock.now - start))
    }

    /// The `k` largest entries, highest first (ties: lower id first): the sampler's top-k selection.
    public static func highest(_ logits: [Float], _ k: Int) -> [(id: Int, logit: Float)] {
        logits.withUnsafeBufferPointer { Sampler.top(k, of: $0) }.map { ($0.id, $0.logit) }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
