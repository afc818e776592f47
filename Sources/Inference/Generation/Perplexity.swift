import Foundation

/// Perplexity as `llama-perplexity` computes it: the tokens are cut into non-overlapping chunks of
/// `context` tokens (a shorter tail is dropped), each chunk is evaluated from an empty cache, and the
/// second half of each chunk is scored: the log-probability of token j+1 given logits at j, for j from
/// context/2 to context-2.
public enum Perplexity {
    public struct Result: Sendable {
        public var perplexity: Double
        /// Running perplexity after each chunk.
        public var perChunk: [Double]
        public var scoredTokens: Int
        public var seconds: Double
    }

    public static func compute(tokens: [Int], context: Int, on ctx: LlamaContext) throws -> Result {
        guard context >= 4 else { throw InferenceError.badRequest("perplexity needs a context of at least 4 tokens") }
        let chunks = tokens.count / context
        guard chunks > 0 else { throw InferenceError.badRequest("\(tokens.count) tokens do not fill one chunk of \(context)") }
        let clock = ContinuousClock(), start = clock.now
        var nll = 0.0, count = 0
        var running: [Double] = []
        let first = context / 2
        for c in 0..<chunks {
            let chunk = Array(tokens[c * context..<(c + 1) * context])
            ctx.reset()
            let logits = try ctx.evaluate(tokens: chunk, logits: .all)
            for j in first..<(context - 1) {
                let row = logits[j]
                var maximum = -Float.infinity
                for v in row { maximum = max(maximum, v) }
                var sum = 0.0
                for v in row { sum += exp(Double(v - maximum)) }
                nll += (log(sum) + Double(maximum)) - Double(row[chunk[j + 1]])
                count += 1
            }
            running.append(exp(nll / Double(count)))
        }
        return Result(perplexity: exp(nll / Double(count)), perChunk: running, scoredTokens: count,
                      seconds: Generator.seconds(clock.now - start))
    }
}
