import ArgumentParser
import CorpusCore
import CorpusIO
import Foundation
import Pipeline
import PublisherXML

struct XML: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xml",
        abstract: "Publisher XML tools.",
        subcommands: [Extract.self])

    struct Extract: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Extract documents from publisher XML or HTML files.",
            discussion: """
            Prints one document per article: readable text by default, one JSON object per line with --json. \
            Problems go to standard error as FILE: reason. Exit status: 0 when every file gave a document, \
            3 when some did not, 1 when none did.
            """)

        @Argument(help: "XML, NXML or HTML files (gzip or zstd compressed files are fine).")
        var files: [String]

        @Flag(help: "Print documents as JSON lines.")
        var json = false

        @Option(help: "The documents' source label.")
        var source = "paper"

        func run() throws {
            var produced = 0
            var failed = 0
            let out = FileHandle.standardOutput
            for file in files {
                var reader = XMLDocumentReader(source: DocumentSource(source))
                let result = FileExtraction.read(path: file, with: &reader, source: DocumentSource(source))
                for r in result.rejections { printError("\(r)") }
                for (reason, count) in result.dropped.sorted(by: { $0.key < $1.key }) {
                    printError("\(file): \(count) document\(count == 1 ? "" : "s") dropped: \(reason)")
                }
                if result.documents.isEmpty { failed += 1 } else { produced += 1 }
                for document in result.documents {
                    if json {
                        var line: [UInt8] = []
                        DocumentJSON.encode(document, into: &line)
                        line.append(0x0A)
                        out.write(Data(line))
                    } else {
                        out.write(Data(Self.readable(document).utf8))
                    }
                }
            }
            if failed > 0 { throw ExitCode(produced == 0 ? 1 : 3) }
        }

        static func readable(_ d: Document) -> String {
            var s = "=== \(d.id)"
            if let doi = d.metadata.doi { s += "  doi:\(doi)" }
            if let format = d.metadata.extra["format"]?.stringValue { s += "  format:\(format)" }
            s += "\n"
            if let title = d.metadata.title { s += "title: \(title)\n" }
            return s + "\n" + d.text + "\n\n"
        }
    }
}
