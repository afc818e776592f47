import ArgumentParser
import ChemNotation
import Foundation

struct ChemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chem",
        abstract: "Chemical notation: canonical formulas.",
        subcommands: [Canon.self])

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
            var out = FileHandle.standardOutput
            if let jsonl {
                let data = try Data(contentsOf: URL(fileURLWithPath: jsonl))
                for line in data.split(separator: UInt8(ascii: "\n")) where !line.allSatisfy({ $0 == 32 || $0 == 13 }) {
                    let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] ?? [:]
                    let input = object["input"] as? String ?? ""
                    emit(input, context: object["context"] as? String, to: &out)
                }
            }
            for s in strings { emit(s, context: context, to: &out) }
        }

        func emit(_ input: String, context: String?, to out: inout FileHandle) {
            let r = ChemicalNotation.canonicalize(input, context: context)
            var object: [String: Any] = ["input": input, "kind": r?.kind ?? "not_a_formula"]
            object["canonical"] = r?.canonical ?? NSNull()
            var elements: [String: Any] = [:]
            for (k, v) in r?.elements ?? [:] { elements[k] = v == v.rounded() && abs(v) < 1e15 ? Int(v) as Any : v as Any }
            object["elements"] = elements
            if let c = r?.charge { object["charge"] = c }
            if let p = r?.phase { object["phase"] = p }
            if var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) {
                data.append(UInt8(ascii: "\n"))
                out.write(data)
            }
        }
    }
}
