import GGUF

/// One turn of a conversation.
public struct ChatMessage: Sendable, Hashable, Codable {
    /// `system`, `user` or `assistant` (other roles are passed through where a format allows them).
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }

    public static func system(_ content: String) -> ChatMessage { ChatMessage(role: "system", content: content) }
    public static func user(_ content: String) -> ChatMessage { ChatMessage(role: "user", content: content) }
    public static func assistant(_ content: String) -> ChatMessage { ChatMessage(role: "assistant", content: content) }
}

/// The chat formats the engine renders itself, as llama.cpp's built-in renderer (`llm_chat_apply_template`)
/// writes them. A model's Jinja template (`tokenizer.chat_template`) is not executed: it is recognized
/// by its distinctive markers, as llama.cpp's `llm_chat_detect_template` does, and mapped to one of these.
/// The rendered text is meant to be encoded with special-token parsing on (`PromptEncoder`); it
/// carries no BOS, which the encoder adds when the vocabulary asks for it.
public enum ChatTemplate: Sendable, Hashable {
    /// `<|im_start|>{role}\n{content}<|im_end|>\n` per message, `<|im_start|>assistant\n` as the
    /// generation prompt. `defaultSystem`, when set, is inserted as a system message when the first
    /// message is not one (as SmolLM2's and Qwen2's templates do).
    case chatML(defaultSystem: String?)
    /// LLaMA-2 chat: `[INST] <<SYS>>\n{system}\n<</SYS>>\n\n{user} [/INST]{assistant}</s>[INST] ...`
    /// (llama.cpp `llama2-sys`).
    case llama2
    /// LLaMA-2 without system-message support: the system text and a newline start the first turn (llama.cpp `llama2`).
    case llama2NoSystem
    /// `llama2` with `<s>` before every later `[INST]` (llama.cpp `llama2-sys-bos`).
    case llama2BOS
    /// `llama2` with each message's content trimmed of surrounding whitespace (llama.cpp `llama2-sys-strip`).
    case llama2Strip
    /// LLaMA-3: `<|start_header_id|>{role}<|end_header_id|>\n\n{content, trimmed}<|eot_id|>`, generation
    /// prompt `<|start_header_id|>assistant<|end_header_id|>\n\n`.
    case llama3
    /// Phi-3: `<|{role}|>\n{content}<|end|>\n`, generation prompt `<|assistant|>\n`.
    case phi3
    /// Gemma: `<start_of_turn>{user|model}\n{content, trimmed}<end_of_turn>\n`; system text is merged into
    /// the next user turn; generation prompt `<start_of_turn>model\n`.
    case gemma

    /// SmolLM2's default system prompt (what its template inserts when no system message is given).
    public static let smolLM2DefaultSystem = "You are a helpful AI assistant named SmolLM, trained by Hugging Face"

    /// The template a name selects (the `--chat-template` override): `chatml`, `llama2` (with `<<SYS>>`),
    /// `llama2-nosys` (llama.cpp's plain `llama2`), `llama2-sys`, `llama2-sys-bos`, `llama2-sys-strip`,
    /// `llama3`, `phi3`, `gemma`. `chatml` has no default system prompt.
    public static func named(_ name: String) -> ChatTemplate? {
        switch name.lowercased() {
        case "chatml": return .chatML(defaultSystem: nil)
        case "llama2", "llama2-sys": return .llama2
        case "llama2-nosys": return .llama2NoSystem
        case "llama2-sys-bos": return .llama2BOS
        case "llama2-sys-strip": return .llama2Strip
        case "llama3": return .llama3
        case "phi3": return .phi3
        case "gemma": return .gemma
        default: return nil
        }
    }

    /// The format of a model's Jinja chat template, recognized by its markers in llama.cpp's order,
    /// or nil when it is a format this renderer does not write (then the caller needs an override).
    /// A ChatML template that writes a literal system turn (`'<|im_start|>system\n...<|im_end|>'`)
    /// gets that text as its default system prompt.
    public static func recognize(_ jinja: String) -> ChatTemplate? {
        if let named = named(jinja) { return named }
        func has(_ s: String) -> Bool { jinja.contains(s) }
        if has("<|im_start|>") {
            if has("<|im_sep|>") || has("<end_of_utterance>") { return nil }  // Phi-4, SmolVLM: not ChatML
            return .chatML(defaultSystem: literalSystemTurn(jinja))
        }
        if jinja.hasPrefix("mistral") || has("[INST]") {
            // Mistral v1/v3/v7 use [INST] without the LLaMA-2 layout.
            if has("[SYSTEM_PROMPT]") || has("' [INST] ' + system_message") || has("[AVAILABLE_TOOLS]") { return nil }
            if has("content.strip()") { return .llama2Strip }
            if has("bos_token + '[INST]") { return .llama2BOS }
            return has("<<SYS>>") ? .llama2 : .llama2NoSystem
        }
        if has("<|assistant|>") && has("<|end|>") { return .phi3 }
        // Formats llama.cpp tests before LLaMA-3 and Gemma, none of which is rendered here.
        let earlier: [[String]] = [
            ["[gMASK]<sop>"], ["<|assistant|>", "<|user|>"], ["<|{{ item['role'] }}|>", "<|begin_of_image|>"],
            ["<|user|>", "<|endoftext|>"], ["bos_token + message['role']"],
        ]
        if earlier.contains(where: { $0.allSatisfy(has) }) { return nil }
        if has("<start_of_turn>") { return .gemma }
        let beforeLlama3: [[String]] = [
            ["'\\n\\nAssistant: ' + eos_token"], ["GPT4 Correct "], ["USER: ", "ASSISTANT: "],
            ["### Instruction:", "<|EOT|>"], ["<|START_OF_TURN_TOKEN|>", "<|USER_TOKEN|>"],
        ]
        if beforeLlama3.contains(where: { $0.allSatisfy(has) }) { return nil }
        if has("<|start_header_id|>") && has("<|end_header_id|>") { return .llama3 }
        return nil
    }

    /// The text of a literal `<|im_start|>system` turn written by the template (a Jinja string
    /// literal, with `\n` written as an escape or as a newline), or nil.
    static func literalSystemTurn(_ jinja: String) -> String? {
        let open = "<|im_start|>system", close = "<|im_end|>"
        var rest = jinja[...]
        while let start = rest.range(of: open) {
            rest = rest[start.upperBound...]
            var body = rest
            if body.hasPrefix("\\n") { body = body.dropFirst(2) } else if body.hasPrefix("\n") { body = body.dropFirst() } else { continue }
            guard let end = body.range(of: close) else { return nil }
            let raw = body[..<end.lowerBound]
            // A literal only: no end of the string literal, no Jinja expression inside.
            guard !raw.isEmpty, !raw.contains("'"), !raw.contains("\""), !raw.contains("{{"), !raw.contains("{%") else { continue }
            return unescapeJinjaString(String(raw))
        }
        return nil
    }

    static func unescapeJinjaString(_ s: String) -> String {
        var out = "", escaped = false
        for c in s {
            if escaped {
                switch c {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                default: out.append(c)
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// The prompt text of `messages`, ending with the assistant's turn opening when `addGenerationPrompt`.
    public func render(_ messages: [ChatMessage], addGenerationPrompt: Bool) -> String {
        var s = ""
        switch self {
        case .chatML(let defaultSystem):
            if let system = defaultSystem, let first = messages.first, first.role != "system" {
                s += "<|im_start|>system\n\(system)<|im_end|>\n"
            }
            for m in messages { s += "<|im_start|>\(m.role)\n\(m.content)<|im_end|>\n" }
            if addGenerationPrompt { s += "<|im_start|>assistant\n" }

        case .llama2, .llama2NoSystem, .llama2BOS, .llama2Strip:
            // The generation prompt is implicit: a turn ends with " [/INST]".
            let systemTags = self != .llama2NoSystem
            var insideTurn = true
            s += "[INST] "
            for m in messages {
                let content = self == .llama2Strip ? Self.trim(m.content) : m.content
                if !insideTurn {
                    insideTurn = true
                    s += self == .llama2BOS ? "<s>[INST] " : "[INST] "
                }
                switch m.role {
                case "system": s += systemTags ? "<<SYS>>\n\(content)\n<</SYS>>\n\n" : "\(content)\n"
                case "user": s += "\(content) [/INST]"
                default:
                    s += "\(content)</s>"
                    insideTurn = false
                }
            }

        case .llama3:
            for m in messages { s += "<|start_header_id|>\(m.role)<|end_header_id|>\n\n\(Self.trim(m.content))<|eot_id|>" }
            if addGenerationPrompt { s += "<|start_header_id|>assistant<|end_header_id|>\n\n" }

        case .phi3:
            for m in messages { s += "<|\(m.role)|>\n\(m.content)<|end|>\n" }
            if addGenerationPrompt { s += "<|assistant|>\n" }

        case .gemma:
            var system = ""
            for m in messages {
                if m.role == "system" { system += Self.trim(m.content); continue }
                let role = m.role == "assistant" ? "model" : m.role
                s += "<start_of_turn>\(role)\n"
                if !system.isEmpty && role != "model" {
                    s += "\(system)\n\n"
                    system = ""
                }
                s += "\(Self.trim(m.content))<end_of_turn>\n"
            }
            if addGenerationPrompt { s += "<start_of_turn>model\n" }
        }
        return s
    }

    /// Whitespace trimmed at both ends, with C `isspace` (ASCII space, \t, \n, \v, \f, \r) as llama.cpp does.
    static func trim(_ s: String) -> String {
        let u = Array(s.utf8)
        func space(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }
        var start = 0, end = u.count
        while start < end, space(u[start]) { start += 1 }
        while end > start, space(u[end - 1]) { end -= 1 }
        return String(decoding: u[start..<end], as: UTF8.self)
    }
}

extension ChatTemplate {
    /// The format of `file`'s `tokenizer.chat_template`, or nil when it has none or it is not recognized.
    public static func of(_ file: GGUFFile) -> ChatTemplate? {
        file["tokenizer.chat_template"]?.stringValue.flatMap(recognize)
    }
}
