import CorpusCore
import CorpusIO
import Foundation
import PublisherXML
import RunStore

/// An error that ends a task (as opposed to bad input, which is recorded and skipped).
struct TaskAbort: Error, CustomStringConvertible {
    var description: String
}

/// Runs one task through one phase of the pipeline: reads its input units (first phase) or its
/// intermediate files (later phases), pushes every document through fresh stage instances, and
/// writes the survivors (final phase) or hands them to the next corpus-wide stage's collector and
/// keeps them in intermediate files. Knows nothing of other tasks; the executor decides what to run.
final class TaskRunner {
    let plan: TaskPlan
    let pipeline: PipelineSpec
    let layout: OutputLayout
    let board: ProgressBoard
    let phase: PhasePlan

    private var readers: [Int: any DocumentReader] = [:]
    private var stages: [any Stage]
    /// The stats position of each entry of `stages`.
    private var positions: [Int]
    private var outputs: [StageOutput]
    /// Position 0 is the reader, then the stages, then the writer.
    private var stats: [StageStats]
    private var rejections: [InputRejection] = []
    private var writer: RotatingJSONLWriter
    private var exclusions: RotatingJSONLWriter?
    private var collector: (any DocumentCollector)?
    private var bytesDone: Int64 = 0
    private var lastPublished = Date()

    init(plan: TaskPlan, pipeline: PipelineSpec, layout: OutputLayout, board: ProgressBoard, phase: PhasePlan? = nil,
         makeStage: (StageConfig) throws -> any Stage = LocalExecutor.registryStage) throws {
        self.plan = plan
        self.pipeline = pipeline
        self.layout = layout
        self.board = board
        let phase = phase ?? PhasePlan.single(pipeline)
        self.phase = phase
        stages = []
        positions = []
        if let applied = phase.appliedStage {
            stages.append(try applied.stage.makeApplier(workspace: applied.workspace, task: layout.prefix(task: plan.task)))
            positions.append(applied.index + 1)
        }
        for i in phase.stageRange {
            stages.append(try makeStage(pipeline.stages[i]))
            positions.append(i + 1)
        }
        outputs = Array(repeating: StageOutput(), count: stages.count)
        for i in stages.indices {
            guard var writing = stages[i] as? any FileWritingStage else { continue }
            try writing.open(directory: layout.root, taskPrefix: layout.prefix(task: plan.task))
            stages[i] = writing
        }
        if let carried = phase.carried {
            stats = carried.stages
            rejections = carried.rejections
        } else {
            stats = LocalExecutor.stageNames(pipeline).map { StageStats(stage: $0) }
        }
        let compression: Compression = pipeline.output.compression == "zstd" ? .zstd(level: pipeline.output.compressionLevel) : .none
        if let next = phase.collectingStage {
            writer = try RotatingJSONLWriter(directory: layout.intermediate(phase: phase.index), prefix: layout.prefix(task: plan.task),
                                             compression: .zstd(level: 1), maxFileBytes: pipeline.output.maxFileBytes)
            collector = try next.stage.makeCollector(workspace: next.workspace, task: layout.prefix(task: plan.task))
        } else {
            writer = try RotatingJSONLWriter(directory: layout.documents, prefix: layout.prefix(task: plan.task),
                                             compression: compression, maxFileBytes: pipeline.output.maxFileBytes)
        }
        if pipeline.output.exclusions {
            exclusions = try RotatingJSONLWriter(directory: layout.excluded, prefix: layout.exclusionPrefix(task: plan.task, phase: phase.index),
                                                 compression: compression, maxFileBytes: pipeline.output.maxFileBytes)
        }
    }

    deinit { collector?.abandon() }

    func run() throws -> TaskReport {
        let started = phase.carried?.started ?? Date().timeIntervalSince1970
        var inputs: [InputRecord] = []
        if let carried = phase.carried {
            inputs = carried.inputs
            for file in carried.outputs where file.path.hasPrefix(layout.relative(layout.intermediate(phase: phase.index - 1)) + "/") {
                try readIntermediate(layout.absolute(file.path))
            }
        } else {
            for record in plan.inputs {
                var record = record
                let (_, hash) = try FileChecksum.xxh64(path: record.path)
                record.hash = hash
                inputs.append(record)
                try read(record)
                bytesDone += record.size
                publish(force: true)
            }
        }
        for i in stages.indices {
            let t0 = DispatchTime.now().uptimeNanoseconds
            do { try stages[i].finish(into: &outputs[i]) } catch { throw TaskAbort(description: "stage \(stages[i].name): \(error)") }
            stats[positions[i]].seconds += Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            try drain(i)
        }
        // Tallies were cut back only at twice the limit on the way; make the per-task limit exact.
        for i in stats.indices { stats[i].capTallies() }
        let written = try writer.finish()
        if let collector {
            do { try collector.finish() } catch { throw TaskAbort(description: "stage \(phase.collectingStage!.stage.name): \(error)") }
            self.collector = nil
        } else {
            stats[stats.count - 1].bytesOut = written.reduce(0) { $0 + $1.bytes }
        }
        var outputFiles = written
        if let exclusions { outputFiles += try exclusions.finish() }
        for i in stages.indices {
            guard var writing = stages[i] as? any FileWritingStage else { continue }
            do { outputFiles += try writing.close() } catch { throw TaskAbort(description: "stage \(stages[i].name): \(error)") }
        }
        // Verify what is on disk before the task may be marked complete.
        var records: [WrittenFile] = []
        for file in outputFiles {
            let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
            let size = (attributes?[.size] as? NSNumber)?.int64Value
            guard size == file.bytes else {
                throw TaskAbort(description: "output \(file.path) has \(size.map(String.init) ?? "no") bytes on disk, expected \(file.bytes)")
            }
            var recorded = file
            recorded.path = layout.relative(file.path)
            records.append(recorded)
        }
        // Exclusion files of earlier phases stay part of the task's outputs.
        if let carried = phase.carried {
            records = carried.outputs.filter { $0.path.hasPrefix(layout.relative(layout.excluded) + "/") } + records
        }
        return TaskReport(task: plan.task, inputs: inputs, stages: stats, rejections: rejections, outputs: records,
                          started: started, finished: Date().timeIntervalSince1970)
    }

    private func reader(for input: Int) throws -> any DocumentReader {
        if let r = readers[input] { return r }
        let config = pipeline.inputs[input]
        let r = try Registry.reader(named: config.reader)!.build(config.options, config.source)
        readers[input] = r
        return r
    }

    private func read(_ record: InputRecord) throws {
        let config = pipeline.inputs[record.input]
        let unit = InputUnit(path: record.path, relativePath: record.relativePath, size: record.size,
                             kind: InputUnit.Kind(rawValue: record.kind) ?? .file)
        var reader = try reader(for: record.input)
        try InputWalker.forEachMember(of: unit, spec: config.inputSpec, body: { member in
            var member = member
            member.locator = unit.kind == .archive ? "\(unit.relativePath)!\(member.member ?? member.relativePath)" : unit.relativePath
            stats[0].documentsIn += 1
            stats[0].bytesIn += member.size ?? 0
            var context = ReaderContext(sink: { [unowned self] document in
                stats[0].documentsOut += 1
                stats[0].bytesOut += Int64(document.text.utf8.count)
                try push(document, to: 0)
            })
            // Downstream stages run inside the reader's call; their time is not the reader's.
            let downstreamBefore = downstreamSeconds()
            let t0 = DispatchTime.now().uptimeNanoseconds
            do {
                try reader.read(member, into: &context)
            } catch let abort as TaskAbort {
                throw abort
            } catch {
                rejections.append(Self.rejection(for: error, member: member))
            }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            stats[0].seconds += max(0, elapsed - (downstreamSeconds() - downstreamBefore))
            rejections += context.rejections
            for (reason, count) in context.dropped { stats[0].dropped[reason, default: 0] += count }
            publish(force: false)
        }, onReject: { rejection in
            rejections.append(rejection)
        })
        readers[record.input] = reader
    }

    /// Reads back one of the task's intermediate files (our own output: any error ends the task).
    private func readIntermediate(_ path: String) throws {
        let reader = JSONLDocumentReader(source: try Decompression.open(try FileByteSource(path: path)))
        while let result = try reader.next() {
            switch result {
            case .success(let record): try push(record.document, to: 0)
            case .failure(let error): throw TaskAbort(description: "intermediate file \(path): \(error)")
            }
        }
        publish(force: true)
    }

    private func downstreamSeconds() -> Double { stats[1...].reduce(0) { $0 + $1.seconds } }

    static func rejection(for error: any Error, member: InputMember) -> InputRejection {
        var r = InputRejection(file: member.file, member: member.member, reason: "\(error)")
        if let e = error as? InputError { r.offset = e.offset; r.reason = e.description }
        if let e = error as? XMLError { r.line = e.line }
        return r
    }

    /// Sends a document into stage `index` (or the writer, after the last stage).
    private func push(_ document: Document, to index: Int) throws {
        if index == stages.count {
            if let collector {
                let t0 = DispatchTime.now().uptimeNanoseconds
                defer { stats[phase.collectingStage!.index + 1].seconds += Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9 }
                do { try collector.observe(document) } catch {
                    throw TaskAbort(description: "stage \(phase.collectingStage!.stage.name) on \(document.id): \(error)")
                }
                do { try writer.write(document) } catch { throw TaskAbort(description: "writing \(document.id): \(error)") }
                return
            }
            let position = stats.count - 1
            stats[position].documentsIn += 1
            stats[position].bytesIn += Int64(document.text.utf8.count)
            let t0 = DispatchTime.now().uptimeNanoseconds
            do { try writer.write(document) } catch { throw TaskAbort(description: "writing \(document.id): \(error)") }
            stats[position].seconds += Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            stats[position].documentsOut += 1
            return
        }
        let position = positions[index]
        stats[position].documentsIn += 1
        stats[position].bytesIn += Int64(document.text.utf8.count)
        let t0 = DispatchTime.now().uptimeNanoseconds
        do {
            try stages[index].process(document, into: &outputs[index])
        } catch {
            throw TaskAbort(description: "stage \(stages[index].name) failed on \(document.id): \(error)")
        }
        stats[position].seconds += Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        try drain(index)
    }

    /// Passes what stage `index` produced downstream and records its drops.
    private func drain(_ index: Int) throws {
        let position = positions[index]
        var produced = StageOutput()
        swap(&produced, &outputs[index])
        if !produced.tallies.isEmpty { stats[position].addTallies(produced.tallies) }
        for (document, reason) in produced.dropped {
            stats[position].dropped[reason.rawValue, default: 0] += 1
            if let exclusions {
                var excluded = document
                excluded.metadata.extra["excluded"] = .object(["stage": .string(stages[index].name), "reason": .string(reason.rawValue)])
                do { try exclusions.write(excluded) } catch { throw TaskAbort(description: "writing exclusion: \(error)") }
            }
        }
        for document in produced.emitted {
            stats[position].documentsOut += 1
            stats[position].bytesOut += Int64(document.text.utf8.count)
            try push(document, to: index + 1)
        }
        produced.reset()
        swap(&produced, &outputs[index])
    }

    private func publish(force: Bool) {
        let now = Date()
        guard force || now.timeIntervalSince(lastPublished) > 0.2 else { return }
        lastPublished = now
        board.update(task: plan.task, stats: stats, bytes: bytesDone)
    }
}
