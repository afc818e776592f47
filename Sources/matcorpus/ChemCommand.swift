import ArgumentParser
import ChemNotation
import CorpusCore
import CorpusIO
import Foundation

struct ChemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chem",
        abstract: "Chemical notation: canonical formulas and mentions in text.",
        subcommands: [Canon.self, Annotate.self])

    struct Canon: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the canonical formula (pymatgen reduced_formula) of each string as one JSON object per line.")

        @Argument(help: "Strings to read.")
        var strings: [String] = []

        @Option(help: "A JSON lines file of {\"input\": ..., \"context\": ...} objects.")
        var jsonl: String?

        @Option(help: "The context sentence for the STRING arguments.")
        var context: String?

        func run() throws {
            var out = BufferedOutput()
            if let jsonl {
                let data = try Data(contentsOf: URL(fileURLWithPath: jsonl))
                var lineNumber = 0
                for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                    lineNumber += 1
                    guard !line.allSatisfy({ $0 == 32 || $0 == 13 || $0 == 9 }) else { continue }
                    let object: [String: JSONValue]
                    do {
                        guard let o = try JSONValue.parse(Array(line)).objectValue else { throw ValidationError("not a JSON object") }
                        object = o
                    } catch {
                        throw ValidationError("\(jsonl):\(lineNumber): \(error)")
                    }
                    guard let input = object["input"]?.stringValue else { throw ValidationError("\(jsonl):\(lineNumber): no string \"input\"") }
                    emit(input, context: object["context"]?.stringValue, to: &out)
                }
            }
            for s in strings { emit(s, context: context, to: &out) }
            out.flush()
        }

        func emit(_ input: String, context: String?, to out: inout BufferedOutput) {
            let reading = ChemicalNotation.canonicalize(input, context: context) ?? FormulaReading(canonical: nil, kind: "not_a_formula")
            var o = reading.jsonFields()
            o["input"] = .string(input)
            out.line(JSONValue.object(o).jsonString)
        }
    }

    struct Annotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read text on standard input and print its chemical mentions, one JSON object per line.",
            discussion: """
            Each line has start and end (Unicode code point offsets into the input), text, kind, canonical \
            (null when the mention is not one definite composition) and, when present, chemsys, charge, \
            phase, dopants, components and host_canonical. With --jsonl, each input line is a document \
            {"text": ...} and each output line is {"mentions": [...]} for it, in order.
            """)

        @Flag(help: "Read JSON lines documents ({\"text\": ...}) instead of plain text.")
        var jsonl = false

        func run() throws {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            let annotator = ChemAnnotator()
            var out = BufferedOutput()
            if jsonl {
                var lineNumber = 0
                for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                    lineNumber += 1
                    guard !line.allSatisfy({ $0 == 32 || $0 == 13 || $0 == 9 }) else { continue }
                    guard let text = (try? JSONValue.parse(Array(line)))?.objectValue?["text"]?.stringValue else {
                        throw ValidationError("standard input:\(lineNumber): not a JSON object with a string \"text\"")
                    }
                    let mentions = annotator.mentions(in: text).map(\.jsonObject)
                    out.line(JSONValue.object(["mentions": .array(mentions)]).jsonString)
                }
            } else {
                for m in annotator.mentions(in: String(decoding: data, as: UTF8.self)) { out.line(m.jsonObject.jsonString) }
            }
            out.flush()
        }
    }
}

/// Standard output in large writes.
struct BufferedOutput {
    private var buffer: [UInt8] = []

    mutating func line(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        buffer.append(0x0A)
        if buffer.count > 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
