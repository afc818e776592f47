/// How the next token is chosen from the logits: llama.cpp's default sampler chain
/// (repetition penalties → top-k → top-p → min-p → temperature → a draw from the distribution),
/// with llama.cpp's defaults. `temperature` 0 (or below) is greedy decoding: the exact argmax
/// of the (penalized) logits.
///
/// In JSON every field is optional; a missing one takes its default.
public struct SamplingParameters: Sendable, Codable, Hashable {
    /// Divides the logits before the draw; 0 or below: greedy. llama.cpp default 0.8.
    public var temperature: Float
    /// Keep the `topK` most likely tokens; 0 or below: off. Default 40.
    public var topK: Int
    /// Keep the most likely tokens until their probability reaches `topP`; 1 or above: off. Default 0.95.
    public var topP: Float
    /// Drop tokens less likely than `minP` times the most likely one; 0 or below: off. Default 0.05.
    public var minP: Float
    /// Logits of tokens seen in the last `repetitionWindow` tokens are divided by this when positive
    /// and multiplied when negative (CTRL's penalty as llama.cpp applies it); 1: off. Default 1.
    public var repetitionPenalty: Float
    /// Subtracted `count` times from the logit of a token seen `count` times in the window. Default 0.
    public var frequencyPenalty: Float
    /// Subtracted once from the logit of every token seen in the window. Default 0.
    public var presencePenalty: Float
    /// How many of the last tokens the penalties look at (llama.cpp `penalty_last_n`); 0: none,
    /// -1: the whole history. Default 64.
    public var repetitionWindow: Int
    /// Seed of the draw; the same seed, logits and history give the same tokens.
    public var seed: UInt64

    public init(temperature: Float = 0.8, topK: Int = 40, topP: Float = 0.95, minP: Float = 0.05,
                repetitionPenalty: Float = 1, frequencyPenalty: Float = 0, presencePenalty: Float = 0,
                repetitionWindow: Int = 64, seed: UInt64 = 0) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.minP = minP
        self.repetitionPenalty = repetitionPenalty
        self.frequencyPenalty = frequencyPenalty
        self.presencePenalty = presencePenalty
        self.repetitionWindow = repetitionWindow
        self.seed = seed
    }

    /// Greedy decoding (temperature 0) without penalties.
    public static let greedy = SamplingParameters(temperature: 0)

    /// Whether the penalties change anything.
    public var penalizes: Bool {
        repetitionWindow != 0 && (repetitionPenalty != 1 || frequencyPenalty != 0 || presencePenalty != 0)
    }

    enum CodingKeys: String, CodingKey {
        case temperature, topK = "top_k", topP = "top_p", minP = "min_p", repetitionPenalty = "repetition_penalty"
        case frequencyPenalty = "frequency_penalty", presencePenalty = "presence_penalty"
        case repetitionWindow = "repetition_window", seed
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = SamplingParameters()
        temperature = try c.decodeIfPresent(Float.self, forKey: .temperature) ?? d.temperature
        topK = try c.decodeIfPresent(Int.self, forKey: .topK) ?? d.topK
        topP = try c.decodeIfPresent(Float.self, forKey: .topP) ?? d.topP
        minP = try c.decodeIfPresent(Float.self, forKey: .minP) ?? d.minP
        repetitionPenalty = try c.decodeIfPresent(Float.self, forKey: .repetitionPenalty) ?? d.repetitionPenalty
        frequencyPenalty = try c.decodeIfPresent(Float.self, forKey: .frequencyPenalty) ?? d.frequencyPenalty
        presencePenalty = try c.decodeIfPresent(Float.self, forKey: .presencePenalty) ?? d.presencePenalty
        repetitionWindow = try c.decodeIfPresent(Int.self, forKey: .repetitionWindow) ?? d.repetitionWindow
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
    }
}
