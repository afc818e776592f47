import ArgumentParser
import CIF
import CorpusCore
import CorpusIO
import Foundation

struct CIFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cif",
        abstract: "Crystallographic information file tools.",
        subcommands: [Inspect.self, Canonicalize.self])

    /// Reads and parses one file (gzip or zstd compressed files are fine).
    static func document(_ path: String) throws -> CIFDocument {
        try CIFDocument(reading: Decompression.open(FileByteSource(path: path)), file: path)
    }

    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report every data block: stated formula, computed reduced formula, space group, cell, sites.",
            discussion: "Exit status: 0 when every file could be read, 3 when some could not, 1 when none could.")

        @Argument(help: "CIF files.")
        var files: [String]

        @Flag(help: "One JSON object per data block.")
        var json = false

        func run() throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var unreadable = 0
            for file in files {
                let document: CIFDocument
                do {
                    document = try CIFCommand.document(file)
                } catch {
                    printError("\(file): \(error)")
                    unreadable += 1
                    continue
                }
                for error in document.errors { printError("\(error)") }
                for record in CIFInspection.inspect(document, file: file) {
                    if json {
                        FileHandle.standardOutput.write(try encoder.encode(record) + Data([0x0A]))
                    } else {
                        print(Self.readable(record))
                    }
                }
            }
            if unreadable > 0 { throw ExitCode(unreadable == files.count ? 1 : 3) }
        }

        static func readable(_ r: CIFInspection) -> String {
            var s = "\(r.file)#\(r.block)  [\(r.kind)]"
            if let f = r.reducedFormula { s += "  \(f)" }
            if let n = r.spacegroupNumber { s += "  \(r.spacegroupHM ?? "?") (\(n))" }
            if let c = r.cell {
                s += String(format: "  a=%.4f b=%.4f c=%.4f α=%.3f β=%.3f γ=%.3f V=%.2f", c.a, c.b, c.c, c.alpha, c.beta, c.gamma, c.volume)
            }
            if let n = r.nsites { s += "  \(n) sites" }
            for e in r.errors { s += "\n    \(e)" }
            return s
        }
    }

    struct Canonicalize: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the canonical CIF of every structure block (fixed tag order, rounded numbers, symmetry as operations).")

        @Argument(help: "A CIF file.")
        var file: String

        @Option(help: "Decimals for coordinates and cell parameters.")
        var decimals = 4

        @Flag(help: "Keep bibliographic and free-text fields.")
        var keepBibliography = false

        @Flag(help: "Print the short text rendering (formula, space group, lattice, sites) instead of CIF.")
        var text = false

        func run() throws {
            let document = try CIFCommand.document(file)
            for error in document.errors { printError("\(error)") }
            let options = CanonicalCIFOptions(decimals: decimals, keepsBibliography: keepBibliography)
            var written = 0
            for block in document.blocks where CIFBlockKind(block) == .structure {
                if text {
                    guard let rendered = StructureText.render(CrystalStructure(block: block), options: options) else { continue }
                    print(rendered)
                } else {
                    do {
                        print(try CanonicalCIF.render(block, options: options), terminator: "")
                    } catch {
                        printError("\(file)#\(block.name): \(error)")
                        continue
                    }
                }
                written += 1
            }
            if written == 0 {
                printError("\(file): no structure block to canonicalize")
                throw ExitCode(1)
            }
        }
    }
}
