import Testing
@testable import Pipeline
import Shards

/// The `token_shards` options as the pipeline file gives them: `shuffle` takes the modes and,
/// as before, the booleans.
@Suite struct ShardOptionsTests {
    func pipeline(shuffle: String) -> String {
        """
        version = 1
        name = "t"
        [[inputs]]
        path = "in"
        reader = "text"
        [[stages]]
        type = "token_shards"
        tokenizer = "t.model"
        shuffle = \(shuffle)
        """
    }

    @Test func shuffleTakesModesAndBooleans() throws {
        for (value, mode) in [("true", ShuffleMode.file), ("false", .none), ("\"file\"", .file), ("\"global\"", .global), ("\"none\"", .none)] {
            let spec = try PipelineLoader.parse(pipeline(shuffle: value), file: "p.toml", baseDirectory: "/base", environment: [:])
            #expect(ShuffleMode(option: spec.stages[0].options.string("shuffle")!) == mode, "\(value)")
        }
        let plain = try PipelineLoader.parse(pipeline(shuffle: "false").replacingOccurrences(of: "shuffle = false", with: "shuffle_seed = 1"),
                                             file: "p.toml", baseDirectory: "/base", environment: [:])
        #expect(plain.stages[0].options.string("shuffle") == "none", "the default")
    }

    @Test func otherShuffleValuesAreRefusedWithTheChoices() {
        for value in ["\"random\"", "1"] {
            do {
                _ = try PipelineLoader.parse(pipeline(shuffle: value), file: "p.toml", baseDirectory: "/base", environment: [:])
                Issue.record("\(value) was accepted")
            } catch PipelineError.invalid(let issues) {
                #expect(issues.first?.message.contains("option \"shuffle\"") == true && issues.first?.message.contains("\"global\"") == true,
                        "\(issues)")
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    /// Only choices that list "true" and "false" take booleans.
    @Test func otherChoicesStillRefuseBooleans() {
        let text = pipeline(shuffle: "false").replacingOccurrences(of: "shuffle = false", with: "format = true")
        do {
            _ = try PipelineLoader.parse(text, file: "p.toml", baseDirectory: "/base", environment: [:])
            Issue.record("format = true was accepted")
        } catch PipelineError.invalid(let issues) {
            #expect(issues.first?.message.contains("option \"format\"") == true)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
