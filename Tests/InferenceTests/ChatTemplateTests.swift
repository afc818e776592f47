import Foundation
import Testing
import _CorpusTestSupport
@testable import Inference

@Suite struct ChatTemplateTests {
    /// The user (and system) messages behind the reference prompts p2-p4.
    static let p2User = """
        Read the following paragraph and write three question-answer pairs about it.

        Paragraph: Metal halide perovskites such as methylammonium lead iodide (CH3NH3PbI3) have a direct band gap \
        of about 1.55 eV and strong optical absorption. Since 2009 the power conversion efficiency of perovskite solar \
        cells has risen from 3.8% to more than 25%, but their long-term stability is limited by moisture, heat and ion migration.
        """
    static let p3User = """
        Write two question-answer pairs based on this text. Use the format Q: ... A: ...

        Tricalcium silicate (Ca3SiO5, C3S) is the main phase of Portland cement clinker. When it reacts with water it \
        forms calcium silicate hydrate (C-S-H) gel and calcium hydroxide (portlandite). The reaction passes through an \
        induction period of a few hours before the main hydration peak, and C-S-H provides most of the strength of hardened concrete.
        """
    static let p4System = "You are an expert in materials science who writes exam questions."
    static let p4User = "Write one question and its answer about the Hall-Petch relation (σy = σ0 + k·d^-1/2) for grain size d = 10 µm."

    /// The LLaMA-2/3 test conversation of llama.cpp's test-chat-template.cpp (note the padded assistant turn).
    static let conversation: [ChatMessage] = [
        .system("You are a helpful assistant"), .user("Hello"), .assistant("Hi there"),
        .user("Who are you"), .assistant("   I am an assistant   "), .user("Another question"),
    ]

    @Test func smolLM2TemplateIsChatMLWithItsDefaultSystemPrompt() throws {
        guard let smol = SmolLM2.loaded else { print(Fixtures.smolLM2Missing); return }
        let template = ChatTemplate.of(smol.file)
        #expect(template == .chatML(defaultSystem: ChatTemplate.smolLM2DefaultSystem))
    }

    @Test func renderingReproducesTheReferencePrompts() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        let template = ChatTemplate.chatML(defaultSystem: ChatTemplate.smolLM2DefaultSystem)
        let cases: [(String, [ChatMessage])] = [
            ("p2_chatml_perovskite", [.user(Self.p2User)]),
            ("p3_chatml_c3s", [.user(Self.p3User)]),
            ("p4_chatml_custom_system", [.system(Self.p4System), .user(Self.p4User)]),
        ]
        for (name, messages) in cases {
            let want = try String(contentsOf: shared.appendingPathComponent("inference/prompts/\(name).txt"), encoding: .utf8)
            #expect(template.render(messages, addGenerationPrompt: true) == want, "\(name)")
        }
        // And the rendered text encodes to llama.cpp's prompt ids.
        if let smol = SmolLM2.loaded {
            let ids = try SmolLM2.prompts(shared).first { $0.name == "p4_chatml_custom_system" }!.ids
            #expect(smol.encoder.encode(template.render([.system(Self.p4System), .user(Self.p4User)], addGenerationPrompt: true)) == ids)
        }
    }

    @Test func chatMLDefaultSystemOnlyWithoutASystemMessage() {
        let t = ChatTemplate.chatML(defaultSystem: "D")
        #expect(t.render([.user("u")], addGenerationPrompt: false) == "<|im_start|>system\nD<|im_end|>\n<|im_start|>user\nu<|im_end|>\n")
        #expect(t.render([.system("S"), .user("u")], addGenerationPrompt: false) == "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nu<|im_end|>\n")
        #expect(t.render([], addGenerationPrompt: true) == "<|im_start|>assistant\n")
        #expect(ChatTemplate.chatML(defaultSystem: nil).render([.user("u")], addGenerationPrompt: true) == "<|im_start|>user\nu<|im_end|>\n<|im_start|>assistant\n")
    }

    @Test func recognitionUsesMarkersNotExactText() {
        // Qwen2-style: a default system literal with an escaped newline in the Jinja source.
        let qwen = "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}{% endif %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
        #expect(ChatTemplate.recognize(qwen) == .chatML(defaultSystem: "You are a helpful assistant."))
        // Plain ChatML (OpenHermes): the system turn is built from the message, not a literal.
        let hermes = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
        #expect(ChatTemplate.recognize(hermes) == .chatML(defaultSystem: nil))
        let sysLiteralFromMessage = "{{ '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>' }}"
        #expect(ChatTemplate.recognize(sysLiteralFromMessage) == .chatML(defaultSystem: nil))
        #expect(ChatTemplate.recognize("{{ '<|im_start|>' }}<|im_sep|>") == nil)  // Phi-4
        #expect(ChatTemplate.recognize("{% if x %}[INST] <<SYS>>{% endif %}") == .llama2)
        #expect(ChatTemplate.recognize("{{ '[INST] ' + message['content'] }}") == .llama2NoSystem)
        #expect(ChatTemplate.recognize("<<SYS>> {{ bos_token + '[INST] ' + content.strip() }}") == .llama2Strip)
        #expect(ChatTemplate.recognize("<<SYS>> {{ bos_token + '[INST] ' + content }}") == .llama2BOS)
        #expect(ChatTemplate.recognize("[SYSTEM_PROMPT] [INST]") == nil)  // Mistral v7
        #expect(ChatTemplate.recognize("{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' }}") == .llama3)
        #expect(ChatTemplate.recognize("<|user|>\n{{ m }}<|end|>\n<|assistant|>") == .phi3)
        #expect(ChatTemplate.recognize("{{ '<start_of_turn>' + role }}") == .gemma)
        #expect(ChatTemplate.recognize("### Instruction: <|EOT|> <|start_header_id|><|end_header_id|>") == nil)  // DeepSeek wins
        #expect(ChatTemplate.recognize("{{ messages }}") == nil)
        #expect(ChatTemplate.recognize("llama3") == .llama3)
    }

    @Test func namedOverrides() {
        #expect(ChatTemplate.named("chatml") == .chatML(defaultSystem: nil))
        #expect(ChatTemplate.named("llama2") == .llama2)
        #expect(ChatTemplate.named("LLaMA3") == .llama3)
        #expect(ChatTemplate.named("llama2-nosys") == .llama2NoSystem)
        #expect(ChatTemplate.named("vicuna") == nil)
    }

    @Test func llama2RendersAsLlamaCpp() {
        // System block inside the first [INST]; assistant turns end with </s>; the prompt ends with " [/INST]".
        let sys = "[INST] <<SYS>>\nYou are a helpful assistant\n<</SYS>>\n\nHello [/INST]Hi there</s>"
        #expect(ChatTemplate.llama2.render(Self.conversation, addGenerationPrompt: true)
                == sys + "[INST] Who are you [/INST]   I am an assistant   </s>[INST] Another question [/INST]")
        #expect(ChatTemplate.llama2BOS.render(Self.conversation, addGenerationPrompt: true)
                == sys + "<s>[INST] Who are you [/INST]   I am an assistant   </s><s>[INST] Another question [/INST]")
        #expect(ChatTemplate.llama2Strip.render(Self.conversation, addGenerationPrompt: true)
                == sys + "[INST] Who are you [/INST]I am an assistant</s>[INST] Another question [/INST]")
        #expect(ChatTemplate.llama2NoSystem.render(Self.conversation, addGenerationPrompt: true)
                == "[INST] You are a helpful assistant\nHello [/INST]Hi there</s>[INST] Who are you [/INST]   I am an assistant   </s>[INST] Another question [/INST]")
    }

    @Test func llama3RendersAsLlamaCpp() {
        func turn(_ role: String, _ text: String) -> String { "<|start_header_id|>\(role)<|end_header_id|>\n\n\(text)<|eot_id|>" }
        let body = turn("system", "You are a helpful assistant") + turn("user", "Hello") + turn("assistant", "Hi there")
            + turn("user", "Who are you") + turn("assistant", "I am an assistant") + turn("user", "Another question")
        #expect(ChatTemplate.llama3.render(Self.conversation, addGenerationPrompt: true) == body + "<|start_header_id|>assistant<|end_header_id|>\n\n")
        #expect(ChatTemplate.llama3.render(Self.conversation, addGenerationPrompt: false) == body)
    }

    @Test func phi3AndGemmaRenderAsLlamaCpp() {
        #expect(ChatTemplate.phi3.render([.system("S"), .user("u")], addGenerationPrompt: true)
                == "<|system|>\nS<|end|>\n<|user|>\nu<|end|>\n<|assistant|>\n")
        #expect(ChatTemplate.gemma.render(Self.conversation, addGenerationPrompt: true)
                == "<start_of_turn>user\nYou are a helpful assistant\n\nHello<end_of_turn>\n<start_of_turn>model\nHi there<end_of_turn>\n"
                + "<start_of_turn>user\nWho are you<end_of_turn>\n<start_of_turn>model\nI am an assistant<end_of_turn>\n"
                + "<start_of_turn>user\nAnother question<end_of_turn>\n<start_of_turn>model\n")
    }
}
