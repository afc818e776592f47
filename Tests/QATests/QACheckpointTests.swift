import Foundation
import Testing
@testable import QA

@Suite struct QACheckpointTests {
    func temporaryPath() -> String {
        NSTemporaryDirectory() + "qa-checkpoint-\(UUID().uuidString)/task-000000.jsonl"
    }

    @Test func entriesSurviveReopening() throws {
        let path = temporaryPath()
        let first = try QACheckpoint(path: path)
        #expect(first.count == 0)
        try first.record([.init(key: "a", output: "Q: x?\nA: y", tokens: 7, truncated: false),
                          .init(key: "b", output: "{\"q\": 1}", tokens: 320, truncated: true)])
        try first.record([.init(key: "c", output: "", tokens: 1, truncated: false)])
        let again = try QACheckpoint(path: path)
        #expect(again.count == 3)
        #expect(again.entry("a")?.output == "Q: x?\nA: y")
        #expect(again.entry("b")?.truncated == true)
        #expect(again.entry("c")?.tokens == 1)
        #expect(again.entry("d") == nil)
        #expect(again.discardedLines == 0)
    }

    @Test func aTornLastLineIsCutOffAndLaterAppendsReadBack() throws {
        let path = temporaryPath()
        let checkpoint = try QACheckpoint(path: path)
        try checkpoint.record([.init(key: "kept", output: "fine", tokens: 3, truncated: false)])
        // An interrupted append: half a line, no newline.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"key\":\"torn\",\"outp".utf8))
        try handle.close()
        let reopened = try QACheckpoint(path: path)
        #expect(reopened.discardedLines == 1)
        #expect(reopened.count == 1)
        #expect(reopened.entry("torn") == nil)
        try reopened.record([.init(key: "next", output: "after", tokens: 2, truncated: false)])
        let last = try QACheckpoint(path: path)
        #expect(last.discardedLines == 0)
        #expect(last.entry("kept")?.output == "fine")
        #expect(last.entry("next")?.output == "after")
    }
}
