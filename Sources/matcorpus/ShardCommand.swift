import ArgumentParser
import Foundation
import Shards
import Tokenizers

struct ShardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shard",
        abstract: "Token shards: inspect Megatron .bin/.idx datasets.",
        subcommands: [Inspect.self])

    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a Megatron dataset's counts, dtype and first documents decoded.",
            discussion: """
            PREFIX is the path without .bin/.idx. The tokenizer for decoding is --tokenizer, else the one named in the \
            manifest.json of the shards directory above PREFIX.
            """)

        @Argument(help: "Dataset prefix (PATH/task-000000-0000_text_document).")
        var prefix: String

        @Option(help: "Tokenizer to decode with (default: the manifest's).")
        var tokenizer: String?

        @Option(help: "Documents to decode.")
        var documents: Int = 3

        @Flag(help: "Print JSON.")
        var json = false

        func run() throws {
            let prefix = prefix.hasSuffix(".idx") || prefix.hasSuffix(".bin") ? String(self.prefix.dropLast(4)) : self.prefix
            // The index streams and only the documents shown are read, so any file size is fine.
            let data: MegatronIndexFile
            let shown: [(Int, [Int], String?)]
            do {
                data = try MegatronIndexFile(prefix: prefix)
                try data.validate()
                let encoder = try (tokenizer ?? Self.manifestTokenizer(near: prefix)).map { try TokenizerLoader.load($0) }
                shown = try (0..<min(documents, data.sequenceCount)).map { i -> (Int, [Int], String?) in
                    let ids = try data.sequence(i)
                    return (ids.count, ids, encoder?.decode(ids))
                }
            } catch {
                FileHandle.standardError.write(Data("matcorpus shard inspect: \(error)\n".utf8))
                throw ExitCode(1)
            }
            if json {
                var object: [String: Any] = [
                    "prefix": prefix, "format": "megatron MMIDIDX v1", "dtype": data.dtype.name,
                    "sequences": data.sequenceCount, "documents": data.documentCount, "tokens": data.tokenCount,
                    "bin_bytes": data.tokenCount * data.dtype.size,
                ]
                object["first_documents"] = shown.map { n, ids, text -> [String: Any] in
                    var d: [String: Any] = ["tokens": n, "ids": Array(ids.prefix(32))]
                    if let text { d["text"] = text }
                    return d
                }
                let out = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: out, as: UTF8.self))
                return
            }
            print("\(prefix): Megatron MMIDIDX v1, dtype \(data.dtype.name)")
            print("sequences \(data.sequenceCount), documents \(data.documentCount), tokens \(data.tokenCount)")
            for (i, (n, ids, text)) in shown.enumerated() {
                print("-- document \(i): \(n) tokens")
                if let text { print(text.count > 600 ? String(text.prefix(600)) + " …" : text) } else { print(ids.prefix(32).map(String.init).joined(separator: " ")) }
            }
        }

        /// The tokenizer path in the manifest.json of the nearest `shards` directory above `prefix`.
        static func manifestTokenizer(near prefix: String) -> String? {
            var dir = (prefix as NSString).deletingLastPathComponent
            for _ in 0..<4 {
                let candidate = dir + "/manifest.json"
                if let d = FileManager.default.contents(atPath: candidate),
                   let m = try? JSONSerialization.jsonObject(with: d) as? [String: Any],
                   let t = (m["tokenizer"] as? [String: Any])?["path"] as? String, FileManager.default.fileExists(atPath: t) {
                    return t
                }
                dir = (dir as NSString).deletingLastPathComponent
            }
            return nil
        }
    }
}
