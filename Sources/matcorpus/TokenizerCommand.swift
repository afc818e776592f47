import ArgumentParser
import CorpusCore
import CorpusIO
import Foundation
import Tokenizers

struct TokenizerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenizer",
        abstract: "Encode and decode with a base model's tokenizer (SentencePiece .model, tiktoken, tokenizer.json, GGUF).",
        subcommands: [Encode.self, Decode.self])

    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print {\"ids\": [...]} for each input line {\"text\": ...}, in order (special-token text is plain text).")

        @Option(help: "A tokenizer.json, SentencePiece .model, tiktoken ranks file or .gguf model.")
        var tokenizer: String

        @Option(help: "JSON lines of {\"text\": ...} (default: standard input).")
        var jsonl: String?

        func run() throws {
            let encoder: any TokenEncoder
            do { encoder = try TokenizerLoader.load(tokenizer) } catch { throw ValidationError("\(error)") }
            let data = try jsonl.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } ?? FileHandle.standardInput.readDataToEndOfFile()
            var out = BufferedOutput()
            var lineNumber = 0
            for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                lineNumber += 1
                guard !line.allSatisfy({ $0 == 32 || $0 == 13 || $0 == 9 }) else { continue }
                guard let text = (try? JSONValue.parse(Array(line)))?.objectValue?["text"]?.stringValue else {
                    throw ValidationError("\(jsonl ?? "<stdin>"):\(lineNumber): not a JSON object with a string \"text\"")
                }
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
            let encoder: any TokenEncoder
            do { encoder = try TokenizerLoader.load(tokenizer) } catch { throw ValidationError("\(error)") }
            let data = try jsonl.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } ?? FileHandle.standardInput.readDataToEndOfFile()
            var out = BufferedOutput()
            var lineNumber = 0
            for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                lineNumber += 1
                guard !line.allSatisfy({ $0 == 32 || $0 == 13 || $0 == 9 }) else { continue }
                guard case .array(let values)? = (try? JSONValue.parse(Array(line)))?.objectValue?["ids"] else {
                    throw ValidationError("\(jsonl ?? "<stdin>"):\(lineNumber): not a JSON object with an \"ids\" array")
                }
                var ids: [Int] = []
                for v in values {
                    guard case .int(let i) = v, i >= 0, i < encoder.vocabularySize else {
                        throw ValidationError("\(jsonl ?? "<stdin>"):\(lineNumber): ids must be integers below \(encoder.vocabularySize)")
                    }
                    ids.append(Int(i))
                }
                var object = [UInt8]()
                JSONValue.string(encoder.decode(ids)).serialize(into: &object)
                out.line("{\"text\":" + String(decoding: object, as: UTF8.self) + "}")
            }
            out.flush()
        }
    }
}
