import ArgumentParser
import Foundation
import Pipeline

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a pipeline file.",
        discussion: "Completed tasks of an earlier run in the same output directory are skipped; the rest are (re)done.")

    @Argument(help: "The pipeline file (TOML).")
    var pipeline: String

    @Option(name: .shortAndLong, help: "Output directory (default: the pipeline's [output] directory, else out/NAME).")
    var output: String?

    @Option(name: .shortAndLong, help: "Worker threads (default: the pipeline's `workers`, else one per core).")
    var workers: Int?

    @Flag(help: "Validate the pipeline, print the resolved plan, and stop.")
    var dryRun = false

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Delete the output directory's earlier run state and outputs first.")
    var restart = false

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
    }

    func run() throws {
        let spec: PipelineSpec
        do {
            spec = try PipelineLoader.load(path: pipeline)
        } catch let error as PipelineError {
            printError("\(error)")
            throw ExitCode(2)
        }
        let directory = output ?? spec.output.directory
        let workerCount = workers ?? spec.workers ?? ProcessInfo.processInfo.activeProcessorCount
        if dryRun {
            do {
                let plan = try Planner.plan(spec)
                print(PlanDescription.render(spec, plan: plan, outputDirectory: directory, workers: workerCount), terminator: "")
            } catch {
                printError("\(error)")
                throw ExitCode(2)
            }
            return
        }
        let executor = LocalExecutor(pipeline: spec, outputDirectory: directory, workers: workerCount)
        let display = quiet ? nil : ProgressDisplay(board: executor.progress)
        display?.start()
        let result: RunResult
        do {
            result = try executor.run(restart: restart)
        } catch let error as PipelineError {
            display?.stop()
            printError("\(error)")
            switch error {
            case .locked, .output: throw ExitCode(1)  // the run could not start
            default: throw ExitCode(2)                // the pipeline or its inputs are wrong; nothing ran
            }
        } catch {
            display?.stop()
            printError("\(error)")
            throw ExitCode(1)
        }
        display?.stop()
        if !quiet {
            var line = "\(result.tasksRun) task\(result.tasksRun == 1 ? "" : "s") run"
            if result.tasksSkipped > 0 { line += ", \(result.tasksSkipped) already complete" }
            line += "; \(result.summary.outputs.documents) documents in \(directory)"
            switch result.outcome {
            case .success: line += "; success"
            case .partial: line += "; partial success: \(result.summary.rejections.count) inputs rejected, \(result.summary.tasks.failed) tasks failed (see matcorpus stats \(directory))"
            case .failure: line += "; failed"
            }
            printError(line)
        }
        if result.outcome != .success { throw ExitCode(result.outcome.rawValue) }
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
