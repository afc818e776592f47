import GGUF
import Tokenizers

/// When generation ends: an end-of-generation token (llama.cpp's EOG set, from the GGUF), or a stop
/// string in the decoded text (matched across token boundaries; the text before it is kept).
public struct StopCondition: Sendable, Hashable {
    /// Token ids that end generation; they are not part of the output.
    public var endOfGeneration: Set<Int>
    /// Texts that end generation where they appear in the output; they are not part of it. Empty ones are ignored.
    public var stopStrings: [String]

    public init(endOfGeneration: Set<Int>, stopStrings: [String] = []) {
        self.endOfGeneration = endOfGeneration
        self.stopStrings = stopStrings.filter { !$0.isEmpty }
    }

    /// The model's EOG set and `stopStrings`.
    public init(file: GGUFFile, vocabulary: GGUFVocabulary, stopStrings: [String] = []) {
        self.init(endOfGeneration: Self.endOfGenerationTokens(file: file, vocabulary: vocabulary), stopStrings: stopStrings)
    }

    public func isEndOfGeneration(_ id: Int) -> Bool { endOfGeneration.contains(id) }

    /// Token texts llama.cpp treats as end of generation wherever they are in a vocabulary
    /// (llama-vocab.cpp, `special_eog_ids`: ChatML, LLaMA-3, Phi, Gemma, DeepSeek, Granite, Kimi, ... turn ends).
    public static let endOfGenerationTexts: Set<String> = [
        "<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<|flush|>", "<|calls|>", "<end_of_turn>",
        "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]", "<|end_of_text|>",
        "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>", "<｜end▁of▁sentence｜>", "[e~[",
    ]
    /// Texts that identify the fill-in-the-middle pad, repository and file-separator tokens when the GGUF
    /// does not give their ids; llama.cpp ends generation at all three (a model that starts a new FIM
    /// document has left the answer).
    static let fimPadTexts: Set<String> = ["<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]"]
    static let fimRepoTexts: Set<String> = ["<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>"]
    static let fimSeparatorTexts: Set<String> = ["<|file_sep|>"]

    /// llama.cpp's end-of-generation set for a vocabulary:
    /// 1. the FIM pad, repository and file-separator tokens: from `tokenizer.ggml.fim_{pad,rep,sep}_token_id`,
    ///    else the lowest id whose text is a known spelling (SmolLM2: `<reponame>`, 4, the spelling Granite
    ///    uses, so it counts although SmolLM2's FIM repository token is `<repo_name>`, 3, which is not);
    /// 2. every token whose text is in `endOfGenerationTexts`;
    /// 3. EOS, and EOT/EOM when the GGUF names them (`tokenizer.ggml.eot_token_id`, `eom_token_id`);
    /// 4. llama.cpp's exceptions: `<|end|>` is dropped when `<|return|>` and `<|call|>` (or `<|calls|>` and
    ///    `<|flush|>`) are present; `</s>` is dropped when `<|tool_response>` or `<|plamo:eos|>` is.
    /// SmolLM2 gets {0 `<|endoftext|>`, 2 `<|im_end|>`, 4 `<reponame>`}.
    public static func endOfGenerationTokens(file: GGUFFile?, vocabulary: GGUFVocabulary) -> Set<Int> {
        let tokens = vocabulary.tokens
        func key(_ name: String) -> Int? {
            guard let i = file?["tokenizer.ggml.\(name)"]?.intValue, i >= 0, i < tokens.count else { return nil }
            return i
        }
        func firstWithText(in texts: Set<String>) -> Int? { tokens.firstIndex { texts.contains($0) } }

        var eog = Set<Int>()
        for (name, texts) in [("fim_pad_token_id", fimPadTexts), ("fim_rep_token_id", fimRepoTexts), ("fim_sep_token_id", fimSeparatorTexts)] {
            if let id = key(name) ?? firstWithText(in: texts) { eog.insert(id) }
        }
        for (id, text) in tokens.enumerated() where endOfGenerationTexts.contains(text) { eog.insert(id) }
        if let eos = vocabulary.eosID { eog.insert(eos) }
        if let eot = key("eot_token_id") { eog.insert(eot) }
        if let eom = key("eom_token_id") { eog.insert(eom) }

        func ids(_ text: String) -> [Int] { eog.filter { tokens[$0] == text } }
        let present = Set(eog.map { tokens[$0] })
        if (present.contains("<|return|>") && present.contains("<|call|>")) || (present.contains("<|calls|>") && present.contains("<|flush|>")) {
            for id in ids("<|end|>") { eog.remove(id) }
        }
        if present.contains("<|tool_response>") || present.contains("<|plamo:eos|>") {
            for id in ids("</s>") { eog.remove(id) }
        }
        return eog
    }
}

/// Why a sequence ended.
public enum StopReason: Sendable, Hashable {
    case endOfGeneration(token: Int)
    case stopString(String)
    case maxTokens
}

/// The text of one generated sequence as it streams: feed each sampled token to `append`, print what
/// it returns. Characters split across tokens are held until complete; text that could be the start
/// of a stop string is held until it is clear whether the stop string follows. Once `stopReason` is
/// set the sequence is over and further tokens are ignored.
public struct GeneratedText: Sendable {
    public let encoder: PromptEncoder
    public let stop: StopCondition
    /// Whether control tokens appear in the text (llama.cpp `--special`).
    public let renderSpecial: Bool
    /// The text released so far (the output up to any stop string).
    public private(set) var text = ""
    /// The tokens fed, the stopping EOG token excluded.
    public private(set) var tokens: [Int] = []
    public private(set) var stopReason: StopReason?

    private var utf8 = UTF8StreamBuffer()
    private var held: [UInt8] = []
    private let stops: [[UInt8]]

    public init(encoder: PromptEncoder, stop: StopCondition, renderSpecial: Bool = false) {
        self.encoder = encoder
        self.stop = stop
        self.renderSpecial = renderSpecial
        stops = stop.stopStrings.map { Array($0.utf8) }
    }

    public var isFinished: Bool { stopReason != nil }

    /// Adds a sampled token; returns the text it releases (possibly empty).
    public mutating func append(_ token: Int) -> String {
        guard stopReason == nil else { return "" }
        if stop.isEndOfGeneration(token) {
            stopReason = .endOfGeneration(token: token)
            return release(all: true)
        }
        tokens.append(token)
        held.append(contentsOf: utf8.append(encoder.piece(token, renderSpecial: renderSpecial)).utf8)
        return release(all: false)
    }

    /// Ends the sequence without a stop (the token limit): releases the held text.
    public mutating func finish() -> String {
        guard stopReason == nil else { return "" }
        stopReason = .maxTokens
        return release(all: true)
    }

    private mutating func release(all: Bool) -> String {
        if all { held.append(contentsOf: utf8.flush().utf8) }
        // The earliest stop string in the held text ends the sequence.
        var earliest: (position: Int, index: Int)?
        for (k, s) in stops.enumerated() {
            if let p = Self.firstIndex(of: s, in: held), p < (earliest?.position ?? Int.max) { earliest = (p, k) }
        }
        var cut = held.count
        if let e = earliest {
            cut = e.position
            stopReason = .stopString(stop.stopStrings[e.index])
        } else if !all {
            // Keep back the longest tail that a stop string starts with.
            cut = Self.heldBackStart(held, stops)
        }
        let out = String(decoding: held[..<cut], as: UTF8.self)
        if stopReason != nil { held.removeAll() } else { held.removeFirst(cut) }
        text += out
        return out
    }

    static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, needle.count <= haystack.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
        }
        return nil
    }

    /// The first position from which the rest of `held` is a proper prefix of some stop string (held.count if none).
    static func heldBackStart(_ held: [UInt8], _ stops: [[UInt8]]) -> Int {
        let longest = stops.map(\.count).max() ?? 0
        guard longest > 1 else { return held.count }
        for i in max(0, held.count - longest + 1)..<held.count {
            let tail = held[i...]
            if stops.contains(where: { $0.count > tail.count && $0.starts(with: tail) }) { return i }
        }
        return held.count
    }
}
