import ArgumentParser
import CorpusCore
import CorpusIO
import Foundation
import Inference
import QA

struct QACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qa",
        abstract: "Synthesize question-answer pairs from documents, or parse and validate model outputs.",
        subcommands: [QASynthesizeCommand.self, QAParseCommand.self])
}

/// `matcorpus qa synthesize`: the `qa_synthesis` stage over document JSONL files, outside a pipeline.
struct QASynthesizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synthesize",
        abstract: "Write QA pairs from the paragraphs of document JSONL files (and template questions for CIF documents).",
        discussion: """
        Reads documents (JSONL or JSONL.zst, as a run writes them to DIR/documents), writes qa/pairs, qa/chat, qa/alpaca and \
        qa/rejected under --output and checkpoints model outputs in --output/cache/qa, so a second run generates nothing again. \
        Prints one JSON summary: paragraphs, outputs, pairs parsed, kept and dropped by reason, pairs per minute and generated \
        tokens per second. --dump-prompts writes each paragraph's prompt ids, sampler seed and text as JSONL (for bench/qa).
        """)

    @Argument(help: "Document JSONL files.") var inputs: [String]
    @Option(help: "Output directory.") var output: String
    @Option(help: "The GGUF model (omit for CIF questions only).") var model: String?
    @Option(help: "Pairs asked for per paragraph.") var pairs = 3
    @Option(help: "Paragraphs generated together.") var batch = 8
    @Option(help: "Tokens the model may write per paragraph.") var maxTokens = 320
    @Option(help: "Positions per sequence.") var ctx = 1536
    @Option(help: "Threads (default: all cores).") var threads: Int?
    @Option(help: "Sampling temperature (0: greedy).") var temperature: Float = QASynthesisSettings.defaultSampling.temperature
    @Option(help: "Repetition penalty (1: off).") var repeatPenalty: Float = QASynthesisSettings.defaultSampling.repetitionPenalty
    @Option(help: "Seed of paragraph choice and sampling.") var seed: UInt64 = 0
    @Option(help: "Paragraphs chosen per document (0: all eligible).") var paragraphsPerDocument = 2
    @Option(help: "Paragraphs at most (0: no limit).") var maxParagraphs = 0
    @Option(help: "Write every paragraph's prompt as JSONL here.") var dumpPrompts: String?

    func run() throws {
        do { try synthesize() } catch let error as ExitCode { throw error } catch let error as ValidationError { throw error } catch {
            FileHandle.standardError.write(Data("matcorpus qa synthesize: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    private func synthesize() throws {
        var settings = QASynthesisSettings(model: model, pairsPerParagraph: pairs, batch: batch, maxTokens: maxTokens, contextLength: ctx,
                                           threads: threads ?? ProcessInfo.processInfo.activeProcessorCount, seed: seed, maxParagraphsPerTask: maxParagraphs)
        settings.sampling.temperature = temperature
        settings.sampling.repetitionPenalty = repeatPenalty
        settings.selection.perDocument = paragraphsPerDocument
        settings.selection.seed = seed
        let engine = try model.map {
            try QAEngine(path: $0, contextLength: ctx, sequences: batch, threads: settings.threads)
        }
        let files = try QAOutputFiles(directory: output, taskPrefix: "qa")
        let checkpoint = try engine.map { _ in try QACheckpoint(path: output + "/cache/qa/qa.jsonl") }
        let synthesizer = try QASynthesizer(settings: settings, engine: engine, checkpoint: checkpoint, sink: files)
        var promptLog: [Data] = []
        if dumpPrompts != nil {
            synthesizer.onPrompt = { key, prompt, seed, paragraph, document in
                let line: [String: Any] = ["key": key, "prompt_ids": prompt, "seed": NSNumber(value: seed), "doc_id": document.id,
                                           "paragraph": paragraph.text, "paragraph_start": paragraph.byteStart]
                if let data = try? JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes]) { promptLog.append(data) }
            }
        }
        var totals: [String: [String: Int]] = [:]
        func collect() {
            for (name, keys) in synthesizer.drainCounts() { for (k, n) in keys { totals[name, default: [:]][k, default: 0] += n } }
        }
        let clock = ContinuousClock(), start = clock.now
        var rejectedLines = 0
        for path in inputs {
            let reader = JSONLDocumentReader(source: try Decompression.open(try FileByteSource(path: path)))
            while let result = try reader.next() {
                switch result {
                case .success(let record): try synthesizer.add(record.document)
                case .failure(let error):
                    rejectedLines += 1
                    FileHandle.standardError.write(Data("matcorpus qa synthesize: \(path): \(error)\n".utf8))
                }
                collect()
            }
        }
        try synthesizer.finish()
        collect()
        _ = try files.finish()
        let seconds = Double((clock.now - start).components.attoseconds) * 1e-18 + Double((clock.now - start).components.seconds)
        if let dumpPrompts {
            var data = Data()
            for line in promptLog { data.append(line); data.append(UInt8(ascii: "\n")) }
            try AtomicFile.write(Array(data), to: dumpPrompts)
        }
        let qa = totals["qa"] ?? [:]
        let generationSeconds = Double(qa["generation_ms"] ?? 0) / 1000
        let kept = (qa["pairs_kept"] ?? 0) + (qa["cif_pairs"] ?? 0)
        let summary: [String: Any] = [
            "counts": qa, "dropped": totals["qa_dropped"] ?? [:], "unparseable": totals["qa_unparseable"] ?? [:],
            "formats": totals["qa_formats"] ?? [:], "rejected_lines": rejectedLines,
            "seconds": seconds, "generation_seconds": generationSeconds,
            "model_pairs_per_minute": generationSeconds > 0 ? Double(qa["pairs_kept"] ?? 0) / generationSeconds * 60 : 0,
            "generated_tokens_per_second": generationSeconds > 0 ? Double(qa["generated_tokens"] ?? 0) / generationSeconds : 0,
            "pairs_kept_total": kept,
        ]
        let data = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys, .prettyPrinted])
        print(String(decoding: data, as: UTF8.self))
    }
}

/// `matcorpus qa parse`: the parser and validator over model outputs written elsewhere (bench/qa
/// feeds it llama.cpp's outputs for the same prompts).
struct QAParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse and validate model outputs: JSONL lines with `output`, `paragraph` and optionally `doc_id`.",
        discussion: "Prints one JSON summary: outputs, outputs with pairs, pairs parsed, kept, dropped by reason. With --pairs, also one line per kept pair.")

    @Argument(help: "JSONL file of outputs.") var file: String
    @Flag(help: "Print each kept pair as a JSON line before the summary.") var pairs = false

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        var judge = QAJudge()
        var counts: [String: Int] = [:], dropped: [String: Int] = [:], unparseable: [String: Int] = [:]
        for (n, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
                  let output = object["output"] as? String, let paragraph = object["paragraph"] as? String else {
                FileHandle.standardError.write(Data("matcorpus qa parse: \(file): line \(n + 1): not an object with output and paragraph\n".utf8))
                counts["bad_lines", default: 0] += 1
                continue
            }
            counts["outputs", default: 0] += 1
            switch judge.judge(output, paragraph: paragraph, document: object["doc_id"] as? String ?? "line-\(n)") {
            case .unparseable(let reason):
                unparseable[reason, default: 0] += 1
            case .judged(_, let verdicts):
                counts["outputs_with_pairs", default: 0] += 1
                counts["pairs_parsed", default: 0] += verdicts.count
                for verdict in verdicts {
                    if let reason = verdict.reason { dropped[reason, default: 0] += 1; continue }
                    counts["pairs_kept", default: 0] += 1
                    if pairs, let json = try? JSONEncoder().encode(verdict.pair) { print(String(decoding: json, as: UTF8.self)) }
                }
            }
        }
        let summary: [String: Any] = ["counts": counts, "dropped": dropped, "unparseable": unparseable]
        let out = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
        print(String(decoding: out, as: UTF8.self))
    }
}
