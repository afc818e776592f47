import Foundation
import Testing
import _CorpusTestSupport
@testable import Pipeline

/// Every pipeline file shipped in `pipelines/` validates against the registry (with its environment
/// defaults), so a renamed stage or option cannot leave them broken.
@Suite struct ShippedPipelinesTests {
    @Test func everyShippedPipelineValidates() throws {
        let dir = Fixtures.repositoryRoot.appendingPathComponent("pipelines")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".toml") }.sorted()
        #expect(files.contains("demo.toml") && files.contains("r2cid.toml") && files.contains("scale.toml"))
        for name in files {
            var environment = ProcessInfo.processInfo.environment
            environment["MATCORPUS_SCALE_INPUT"] = environment["MATCORPUS_SCALE_INPUT"] ?? "/tmp"
            do {
                _ = try PipelineLoader.load(path: dir.appendingPathComponent(name).path, environment: environment)
            } catch {
                Issue.record("\(name): \(error)")
            }
        }
    }
}
