import Tokenizers

/// Prompt text to token ids as llama.cpp's `llama_tokenize(add_special:, parse_special:)` does it, and
/// token ids back to the bytes generated text shows.
///
/// With `parseSpecial` the text of every control (type 3), unknown (2) and user-defined (4) token is
/// split out of the text and becomes that token's id; the text between is encoded by the ordinary
/// encoder, which treats control-token text as plain text. Without `parseSpecial` only user-defined
/// tokens are split out (llama.cpp pre-splits them always, like Hugging Face `added_tokens`).
///
/// The split follows llama.cpp's `tokenizer_st_partition`: the special tokens are taken one after
/// another, longest text first (equal lengths by id), and each one splits every text fragment left
/// by the ones before it at each of its non-overlapping occurrences, left to right. Whitespace next
/// to a special token stays in the neighbouring text (GGUF files carry no lstrip/rstrip attributes;
/// llama.cpp sets them only for a few models by name, none of them LLaMA-family chat models here).
public struct PromptEncoder: Sendable {
    public let encoder: any TokenEncoder
    /// BOS id and whether the vocabulary asks for it (`tokenizer.ggml.add_bos_token`; absent: SentencePiece yes, BPE no).
    public let bosID: Int?
    public let addsBOS: Bool
    /// Split-out tokens in the order the partition visits them: (UTF-8 text, id, is control/unknown).
    private let specials: [(text: [UInt8], id: Int, control: Bool)]
    /// The bytes each id renders as (`pieceStart[i]..<pieceStart[i+1]` in `pieceBytes`), and the ids
    /// that render only when special rendering is asked for (control and unknown tokens).
    private let pieceBytes: [UInt8]
    private let pieceStart: [Int]
    private let hidden: [Bool]

    public init(encoder: any TokenEncoder, vocabulary: GGUFVocabulary) {
        self.encoder = encoder
        bosID = vocabulary.bosID
        addsBOS = vocabulary.addBOS ?? (vocabulary.model == "llama")
        let types = vocabulary.tokenTypes ?? []
        func type(_ id: Int) -> Int { id < types.count ? types[id] : 1 }

        var specials: [(text: [UInt8], id: Int, control: Bool)] = []
        for (id, token) in vocabulary.tokens.enumerated() where !token.isEmpty {
            switch type(id) {
            case 2, 3: specials.append((Array(token.utf8), id, true))
            case 4: specials.append((Array(token.utf8), id, false))
            default: break
            }
        }
        specials.sort { $0.text.count != $1.text.count ? $0.text.count > $1.text.count : $0.id < $1.id }
        self.specials = specials

        // Pieces as llama.cpp's token_to_piece renders them.
        let byteLevel = vocabulary.model == "gpt2"
        var bytes: [UInt8] = [], starts = [0], hidden: [Bool] = []
        bytes.reserveCapacity(vocabulary.tokens.count * 6)
        for (id, token) in vocabulary.tokens.enumerated() {
            let t = type(id)
            switch t {
            case 2, 3, 4:  // unknown, control, user-defined: the token text itself
                bytes.append(contentsOf: token.utf8)
            case 6:  // byte token <0xNN>
                if let b = Self.byteTokenValue(token) { bytes.append(b) } else { bytes.append(contentsOf: token.utf8) }
            case 5:  // unused: renders as nothing
                break
            default:
                if byteLevel {
                    bytes.append(contentsOf: ByteLevelDecoding.bytes(of: token))
                } else {
                    for b in token.utf8 { bytes.append(b) }
                    Self.unescapeSentencePieceSpace(&bytes, from: starts[starts.count - 1])
                }
            }
            starts.append(bytes.count)
            hidden.append(t == 2 || t == 3)
        }
        pieceBytes = bytes
        pieceStart = starts
        self.hidden = hidden
    }

    /// Number of ids.
    public var vocabularySize: Int { hidden.count }

    /// The ids of `text`: BOS first when `addBOS` (default: the vocabulary's `add_bos_token`) and a BOS id exists.
    public func encode(_ text: String, parseSpecial: Bool = true, addBOS: Bool? = nil) -> [Int] {
        var out: [Int] = []
        if addBOS ?? addsBOS, let bos = bosID { out.append(bos) }
        for fragment in partition(text, parseSpecial: parseSpecial) {
            switch fragment {
            case .token(let id): out.append(id)
            case .text(let piece): out.append(contentsOf: encoder.encode(piece))
            }
        }
        return out
    }

    /// A piece of the partition: ordinary text, or a special token's id.
    public enum Fragment: Sendable, Hashable {
        case text(String)
        case token(Int)
    }

    /// The text split at the special tokens (the first step of `encode`).
    public func partition(_ text: String, parseSpecial: Bool = true) -> [Fragment] {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty else { return [] }
        enum Part { case text(Range<Int>), token(Int) }
        var parts: [Part] = [.text(0..<utf8.count)]
        for special in specials where parseSpecial || !special.control {
            let needle = special.text
            guard let first = needle.first else { continue }
            var next: [Part] = []
            var changed = false
            for part in parts {
                guard case .text(let range) = part, range.count >= needle.count else { next.append(part); continue }
                var start = range.lowerBound, i = range.lowerBound
                let last = range.upperBound - needle.count
                while i <= last {
                    if utf8[i] == first && utf8[i..<(i + needle.count)].elementsEqual(needle) {
                        if i > start { next.append(.text(start..<i)) }
                        next.append(.token(special.id))
                        changed = true
                        i += needle.count
                        start = i
                    } else {
                        i += 1
                    }
                }
                if start < range.upperBound { next.append(.text(start..<range.upperBound)) }
            }
            if changed { parts = next }
        }
        return parts.map {
            switch $0 {
            case .token(let id): return .token(id)
            // Special-token text is whole UTF-8 characters, so every cut falls on a character boundary.
            case .text(let r): return .text(String(decoding: utf8[r], as: UTF8.self))
            }
        }
    }

    /// The bytes token `id` adds to generated text. Control and unknown tokens render as nothing
    /// unless `renderSpecial` (llama.cpp's `special` flag of `token_to_piece`); user-defined tokens
    /// always render as their text. A piece may end inside a UTF-8 character: use `UTF8StreamBuffer`
    /// to turn a stream of pieces into text.
    public func piece(_ id: Int, renderSpecial: Bool = false) -> ArraySlice<UInt8> {
        guard id >= 0, id < hidden.count, renderSpecial || !hidden[id] else { return [] }
        return pieceBytes[pieceStart[id]..<pieceStart[id + 1]]
    }

    /// Whether `id` is a control or unknown token (rendered only on request).
    public func isControl(_ id: Int) -> Bool { id >= 0 && id < hidden.count && hidden[id] }

    /// The text of `ids`, as llama.cpp's detokenizer renders generated output (invalid UTF-8 repaired with U+FFFD).
    public func decode(_ ids: [Int], renderSpecial: Bool = false) -> String {
        var bytes: [UInt8] = []
        for id in ids { bytes.append(contentsOf: piece(id, renderSpecial: renderSpecial)) }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func byteTokenValue(_ token: String) -> UInt8? {
        let u = Array(token.utf8)
        guard u.count == 6, u[0] == 0x3C, u[1] == 0x30, u[2] == 0x78, u[5] == 0x3E else { return nil }
        return UInt8(String(decoding: u[3..<5], as: UTF8.self), radix: 16)
    }

    /// Replaces U+2581 (E2 96 81) by a space in `bytes[from...]`.
    static func unescapeSentencePieceSpace(_ bytes: inout [UInt8], from: Int) {
        var out: [UInt8] = []
        var i = from
        while i < bytes.count {
            if i + 2 < bytes.count, bytes[i] == 0xE2, bytes[i + 1] == 0x96, bytes[i + 2] == 0x81 { out.append(0x20); i += 3 } else { out.append(bytes[i]); i += 1 }
        }
        bytes.replaceSubrange(from..., with: out)
    }
}

/// GPT-2's byte-to-character alphabet, inverted: byte-level BPE tokens to their bytes.
///
/// Bytes 0x21-0x7E, 0xA1-0xAC and 0xAE-0xFF stand for themselves; the other 68 bytes, in increasing
/// order, are written as U+0100, U+0101, ... . A character outside the alphabet is kept as its UTF-8
/// bytes.
enum ByteLevelDecoding {
    static let byteOfScalar: [UInt32: UInt8] = {
        var table: [UInt32: UInt8] = [:]
        var shifted: UInt32 = 256
        for b in 0...255 {
            if (0x21...0x7E).contains(b) || (0xA1...0xAC).contains(b) || (0xAE...0xFF).contains(b) {
                table[UInt32(b)] = UInt8(b)
            } else {
                table[shifted] = UInt8(b)
                shifted += 1
            }
        }
        return table
    }()

    static func bytes(of token: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(token.utf8.count)
        for scalar in token.unicodeScalars {
            if let b = byteOfScalar[scalar.value] { out.append(b) } else { out.append(contentsOf: String(scalar).utf8) }
        }
        return out
    }
}
