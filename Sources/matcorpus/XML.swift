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

        @Option(help: "full, or abstract (title, abstracts and keywords only).")
        var content = "full"

        @Option(help: "Cross-reference markers: none, or llamat ([BIB_REF]…[/BIB_REF], [FIG_REF], [TABLE_REF], [EQ_REF], [TEX]).")
        var markers = "none"

        @Option(help: "Figures and tables: inline (where the publisher puts them) or end.")
        var floats = "inline"

        @Flag(help: "Keep the reference list.")
        var references = false

        @Flag(help: "Leave out back matter (acknowledgements, appendices, funding, declarations).")
        var noBackMatter = false

        @Flag(help: "Leave out tables.")
        var noTables = false

        @Flag(help: "Leave out figure and table captions.")
        var noCaptions = false

        @Flag(help: "For malformed XML, also print the text read before the error (the file still counts as failed).")
        var keepRecovered = false

        func validate() throws {
            guard XMLExtractionOptions.Content(rawValue: content) != nil else { throw ValidationError("--content must be full or abstract") }
            guard XMLExtractionOptions.Markers(rawValue: markers) != nil else { throw ValidationError("--markers must be none or llamat") }
            guard XMLExtractionOptions.FloatPlacement(rawValue: floats) != nil else { throw ValidationError("--floats must be inline or end") }
        }

        var options: XMLExtractionOptions {
            XMLExtractionOptions(content: XMLExtractionOptions.Content(rawValue: content)!, tables: !noTables, captions: !noCaptions,
                                 references: references, backMatter: !noBackMatter,
                                 markers: XMLExtractionOptions.Markers(rawValue: markers)!,
                                 floats: XMLExtractionOptions.FloatPlacement(rawValue: floats)!, keepRecovered: keepRecovered)
        }

        func run() throws {
            var produced = 0
            var failed = 0
            let out = FileHandle.standardOutput
            for file in files {
                var reader = XMLDocumentReader(source: DocumentSource(source), options: options)
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
