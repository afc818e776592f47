import ArgumentParser
import CorpusCore
import CorpusIO
import Foundation
import Tokenizers

struct TokenizerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenizer",
        abstract: "Encode and decode with a base model's tokenizer (SentencePiece .model, tiktoken, tokenizer.json, GGUF).",
        subcommands: [Encode.self, Decode.self, Train.self])

    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print {\"ids\": [...]} for each input line {\"text\": ...}, in order (special-token text is plain text).")

        @Option(help: "A tokenizer.json, SentencePiece .model, tiktoken ranks file or .gguf model.")
        var tokenizer: String

        @Option(help: "JSON lines of {\"text\": ...} (default: standard input).")
        var jsonl: String?

        func run() throws {
            let encoder = try TokenizerCommand.load(tokenizer)
            var out = BufferedOutput()
            try TokenizerCommand.forEachObject(in: jsonl) { object, place in
                guard let text = object["text"]?.stringValue else { throw ValidationError("\(place): no string \"text\"") }
                out.line("{\"ids\":[" + encoder.encode(text).map(String.init).joined(separator: ",") + "]}")
            }
            out.flush()
        }
    }

    struct Decode: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print {\"text\": ...} for each input line {\"ids\": [...]}, in order.")

        @Option(help: "A tokenizer.json, SentencePiece .model, tiktoken ranks file or .gguf model.")
        var tokenizer: String

        @Option(help: "JSON lines of {\"ids\": [...]} (default: standard input).")
        var jsonl: String?

        func run() throws {
            let encoder = try TokenizerCommand.load(tokenizer)
            var out = BufferedOutput()
            try TokenizerCommand.forEachObject(in: jsonl) { object, place in
                guard case .array(let values)? = object["ids"] else { throw ValidationError("\(place): no \"ids\" array") }
                var ids: [Int] = []
                for v in values {
                    guard case .int(let i) = v, i >= 0, i < encoder.vocabularySize else {
                        throw ValidationError("\(place): ids must be integers below \(encoder.vocabularySize)")
                    }
                    ids.append(Int(i))
                }
                var json = [UInt8]()
                JSONValue.string(encoder.decode(ids)).serialize(into: &json)
                out.line("{\"text\":" + String(decoding: json, as: UTF8.self) + "}")
            }
            out.flush()
        }
    }

    static func load(_ path: String) throws -> any TokenEncoder {
        do { return try TokenizerLoader.load(path) } catch { throw ValidationError("\(error)") }
    }

    /// Calls `body` with each non-blank line of `path` (or standard input) as a JSON object, and its
    /// `FILE:LINE` for messages; a line that is not an object stops with that place.
    static func forEachObject(in path: String?, _ body: ([String: JSONValue], String) throws -> Void) throws {
        let data = try path.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } ?? FileHandle.standardInput.readDataToEndOfFile()
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            guard !line.allSatisfy({ $0 == 32 || $0 == 13 || $0 == 9 }) else { continue }
            let place = "\(path ?? "<stdin>"):\(lineNumber)"
            guard let object = (try? JSONValue.parse(Array(line)))?.objectValue else { throw ValidationError("\(place): not a JSON object") }
            try body(object, place)
        }
    }
}

extension TokenizerCommand {
    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train a byte-level BPE tokenizer (GPT-2 / LLaMA-3 style) on JSONL documents; write tokenizer.json and tokenizer.tiktoken.",
            discussion: """
            Every input line {"text": ...} is split with the pre-tokenizer pattern and counted on all workers (the text is \
            streamed, memory grows with distinct pre-tokens). Merges are learned with incremental pair counts; ties go to the \
            pair whose merged bytes sort first. With --extend, N merges are learned on top of an existing tokenizer.json.
            """)

        @Argument(help: "JSONL files of {\"text\": ...} (plain, .gz or .zst).")
        var inputs: [String]

        @Option(name: .shortAndLong, help: "Output directory (tokenizer.json, tokenizer.tiktoken).")
        var output: String

        @Option(help: "Vocabulary size: 256 bytes + merges + special tokens (ignored with --extend).")
        var vocabSize: Int = 32000

        @Option(help: "With --extend: merges to add.")
        var merges: Int = 1000

        @Option(help: "Merge only pairs seen at least this often.")
        var minFrequency: Int = 2

        @Option(help: "Pre-tokenizer: llama3 (default) or gpt2.")
        var pattern: String = "llama3"

        @Option(name: .customLong("special"), help: "A special token (repeatable), given ids after the learned tokens.")
        var specials: [String] = ["<|endoftext|>"]

        @Option(help: "A byte-level BPE tokenizer.json, or a tiktoken ranks file such as LLaMA-3's, to extend with --merges new merges.")
        var extend: String?

        @Option(help: "Worker threads (default: all cores).")
        var workers: Int = ProcessInfo.processInfo.activeProcessorCount

        func run() throws {
            guard let pattern = BytePairPattern(rawValue: pattern) else { throw ValidationError("--pattern must be llama3 or gpt2") }
            var initial: BPETrainer.Result? = nil
            var segment: (([UInt8]) -> [Int])? = nil
            var base: TiktokenEncoder? = nil
            if let extend {
                if try TokenizerLoader.kind(of: extend) == .tiktoken {
                    let encoder = try TiktokenEncoder(path: extend)
                    initial = BPETrainer.Result(tokens: encoder.baseTokens().tokens, merges: [])
                    segment = encoder.encodePiece
                    base = encoder
                } else {
                    initial = try Self.loadForExtension(extend)
                }
            }
            let merges = initial == nil ? vocabSize - 256 - specials.count : self.merges
            guard merges > 0 else { throw ValidationError("--vocab-size must exceed 256 + the special tokens") }
            let source = TextBatches(inputs: inputs)
            let started = Date()
            let counts = try PreTokenCounter(workers: workers, preTokenizer: PreTokenizer(pattern: pattern)).count { try source.next() }
            let counted = Date()
            let result = BPETrainer(merges: merges, minimumFrequency: minFrequency).train(counts, extending: initial, segment: segment)
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            if let base {
                // A tiktoken base: the written ranks keep tiktoken's rule (a pair merges at the rank of
                // the token it spells), so tokenizer.json lists every split of every token, base and
                // new, with ignore_merges. The special tokens keep their ids; new tokens follow them.
                let baseTokens = base.baseTokens()
                let json = TokenizerFiles.huggingFaceJSON(
                    tokens: result.tokens, merges: TokenizerFiles.mergesFromRanks(result.tokens),
                    pattern: pattern.regex, specialTokens: baseTokens.specials, ignoreMerges: true)
                try AtomicFile.write(json, to: output + "/tokenizer.json")
            } else {
                try AtomicFile.write(TokenizerFiles.huggingFaceJSON(result, pattern: pattern.regex, specialTokens: specials), to: output + "/tokenizer.json")
            }
            try AtomicFile.write(TokenizerFiles.tiktokenRanks(result), to: output + "/tokenizer.tiktoken")
            let done = Date()
            print("""
            \(source.documents) documents, \(counts.count) distinct pre-tokens (\(counts.values.reduce(0, +)) in all); \
            \(result.merges.count) merges, vocabulary \(result.tokens.count + (base == nil ? specials.count : 0))
            time: counting \(String(format: "%.2f", counted.timeIntervalSince(started))) s on \(workers) workers, \
            merging \(String(format: "%.2f", done.timeIntervalSince(counted))) s
            wrote \(output)/tokenizer.json and \(output)/tokenizer.tiktoken
            """)
        }

        /// Tokens and merges of a byte-level BPE tokenizer.json, for `--extend`.
        static func loadForExtension(_ path: String) throws -> BPETrainer.Result {
            let json = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
            guard let model = json.objectValue?["model"]?.objectValue, let vocab = model["vocab"]?.objectValue,
                  case .array(let mergeValues)? = model["merges"] else {
                throw ValidationError("\(path): not a BPE tokenizer.json (model.vocab and model.merges)")
            }
            var tokens = [[UInt8]](repeating: [], count: vocab.count)
            var idOf: [String: Int] = [:]
            for (token, value) in vocab {
                guard case .int(let id)? = Optional(value), id >= 0, Int(id) < vocab.count, let bytes = TokenizerFiles.bytes(ofByteLevel: token) else {
                    throw ValidationError("\(path): vocabulary entry \(token) is not a byte-level token with an id below \(vocab.count)")
                }
                tokens[Int(id)] = bytes
                idOf[token] = Int(id)
            }
            var merges: [(Int, Int)] = []
            for m in mergeValues {
                let parts: [String]
                if let s = m.stringValue { parts = s.split(separator: " ", maxSplits: 1).map(String.init) }
                else if case .array(let pair) = m { parts = pair.compactMap(\.stringValue) } else { parts = [] }
                guard parts.count == 2, let a = idOf[parts[0]], let b = idOf[parts[1]] else { throw ValidationError("\(path): merge \(m) names unknown tokens") }
                merges.append((a, b))
            }
            return BPETrainer.Result(tokens: tokens, merges: merges)
        }
    }
}

/// Streams the `text` fields of JSONL files in batches.
final class TextBatches: @unchecked Sendable {
    private let inputs: [String]
    private var index = 0
    private var reader: JSONLDocumentReader?
    private(set) var documents = 0

    init(inputs: [String]) { self.inputs = inputs }

    func next() throws -> [String]? {
        while index < inputs.count {
            if reader == nil { reader = JSONLDocumentReader(source: try Decompression.open(try FileByteSource(path: inputs[index]))) }
            var batch: [String] = []
            var bytes = 0
            while bytes < 1 << 20, let result = try reader!.next() {
                if case .success(let record) = result { batch.append(record.document.text); bytes += record.document.text.utf8.count }
            }
            if batch.isEmpty { reader = nil; index += 1; continue }
            documents += batch.count
            return batch
        }
        return nil
    }
}
