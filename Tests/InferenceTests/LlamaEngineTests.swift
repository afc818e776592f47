import Foundation
import Testing
import _CorpusTestSupport
@testable import Inference
import Tokenizers

/// The engine against llama.cpp's reference vectors and the independent numpy reference in
/// `../shared/inference` (tolerances from its README, "Numerics").
@Suite(.serialized) struct LlamaEngineTests {
    /// Largest |ours − llama.cpp| allowed at the last prompt position: the README's alert level for an
    /// engine that quantizes activations (implementations that do differ by 0.6–0.9 there).
    static let maximumLogitDifference: Float = 1.5
    /// KL(llama.cpp ‖ ours) at the last prompt position, in nats (numpy f32 gives 0.003–0.009).
    static let maximumKL = 0.02
    /// f32 arithmetic against the numpy f32 reference (f32 K/V both sides): summation order only.
    static let float32Tolerance: Float = 0.01

    struct Reference {
        let name: String
        let promptIDs: [Int]
        let top10: [(Int, Float)]
        let greedy: [Int]
        let clearGreedySteps: Int
        let llamaLogits: [Float]
        let numpyLogits: [Float]
    }

    static func load() throws -> (LlamaModel, [Reference])? {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return nil }
        guard let path = Fixtures.smolLM2 else { print(Fixtures.smolLM2Missing); return nil }
        let dir = shared.appendingPathComponent("inference")
        var refs: [Reference] = []
        for name in ["p1_raw", "p2_chatml_perovskite", "p3_chatml_c3s", "p4_chatml_custom_system"] {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("ref_\(name).json"))) as! [String: Any]
            let last = object["last_prompt_position"] as! [String: Any]
            let greedy = object["greedy"] as! [String: Any]
            func floats(_ file: String) throws -> [Float] {
                let data = try Data(contentsOf: dir.appendingPathComponent("logits/\(name).\(file)"))
                return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            }
            refs.append(Reference(
                name: name, promptIDs: object["prompt_token_ids"] as! [Int],
                top10: (last["top10"] as! [[Any]]).map { (($0[0] as! NSNumber).intValue, ($0[1] as! NSNumber).floatValue) },
                greedy: greedy["token_ids"] as! [Int], clearGreedySteps: greedy["compare_prefix_margin_ge_0_2"] as! Int,
                llamaLogits: try floats("last_prompt_logits.llamacpp.f32"), numpyLogits: try floats("last_prompt_logits.numpy_f32.f32")))
        }
        return (try LlamaModel(path: path), refs)
    }

    static func kl(_ p: [Float], _ q: [Float]) -> Double {
        func logSoftmax(_ x: [Float]) -> [Double] {
            let m = Double(x.max()!)
            let lse = log(x.reduce(0.0) { $0 + exp(Double($1) - m) }) + m
            return x.map { Double($0) - lse }
        }
        let lp = logSoftmax(p), lq = logSoftmax(q)
        return zip(lp, lq).reduce(0.0) { $0 + exp($1.0) * ($1.0 - $1.1) }
    }

    @Test func lastPromptPositionAgreesWithLlamaCpp() throws {
        guard let (model, refs) = try Self.load() else { return }
        let ctx = try LlamaContext(model: model, contextLength: 256, threads: 1)
        for ref in refs {
            ctx.reset()
            let logits = try ctx.evaluate(tokens: ref.promptIDs)[0]
            let ours = Generator.highest(logits, 10).map(\.id)
            let theirs = ref.top10.map(\.0)
            let margin = ref.top10[0].1 - ref.top10[1].1
            #expect(ours[0] == theirs[0] || (margin < 0.3 && theirs.prefix(2).contains(ours[0])), "\(ref.name): top-1 \(ours[0]) vs \(theirs[0])")
            #expect(Set(ours).intersection(theirs).count >= 8, "\(ref.name): top-10 overlap")
            let maxDiff = zip(logits, ref.llamaLogits).map { abs($0 - $1) }.max()!
            #expect(maxDiff < Self.maximumLogitDifference, "\(ref.name): max |Δlogit| \(maxDiff)")
            let divergence = Self.kl(ref.llamaLogits, logits)
            #expect(divergence < Self.maximumKL, "\(ref.name): KL \(divergence)")
        }
    }

    @Test func greedyContinuationFollowsLlamaCppWhileItsMarginsAreClear() throws {
        guard let (model, refs) = try Self.load() else { return }
        let ctx = try LlamaContext(model: model, contextLength: 256, threads: 1)
        for ref in refs {
            let request = GenerationRequest(promptIDs: ref.promptIDs, maximumTokens: ref.clearGreedySteps, endOfGeneration: [0, 2, 4])
            let result = try Generator.generate(request, context: ctx) { logits, _, _ in Generator.highest(logits, 1)[0].id }
            #expect(Array(result.ids[0].prefix(ref.clearGreedySteps)) == Array(ref.greedy.prefix(ref.clearGreedySteps)), "\(ref.name)")
        }
    }

    @Test func float32ArithmeticMatchesTheNumpyReference() throws {
        guard let (model, refs) = try Self.load() else { return }
        let ctx = try LlamaContext(model: model, contextLength: 128, threads: 2, arithmetic: .float32)
        for ref in [refs[0], refs[3]] {
            ctx.reset()
            let logits = try ctx.evaluate(tokens: ref.promptIDs)[0]
            let maxDiff = zip(logits, ref.numpyLogits).map { abs($0 - $1) }.max()!
            #expect(maxDiff < Self.float32Tolerance, "\(ref.name): max |Δlogit| vs numpy f32 \(maxDiff)")
        }
    }

    @Test func batchSizeThreadsAndNeighbourSequencesDoNotChangeLogits() throws {
        guard let (model, refs) = try Self.load() else { return }
        let prompt = refs[0].promptIDs, other = refs[3].promptIDs
        let whole = try LlamaContext(model: model, contextLength: 128, threads: 1)
        let expected = try whole.evaluate(tokens: prompt)[0]
        // Token by token, two threads, small batches.
        let stepwise = try LlamaContext(model: model, contextLength: 128, threads: 2, maximumBatch: 5)
        var last: [Float] = []
        for t in prompt { last = try stepwise.evaluate(tokens: [t])[0] }
        #expect(last == expected)
        stepwise.reset()
        #expect(try stepwise.evaluate(tokens: prompt)[0] == expected)
        // Two sequences in one batch: each gets the logits it gets alone.
        let pair = try LlamaContext(model: model, contextLength: 128, sequences: 2, threads: 2)
        _ = try pair.evaluate(tokens: Array(other.dropLast()), sequences: Array(repeating: 1, count: other.count - 1), logits: .none)
        _ = try pair.evaluate(tokens: Array(prompt.dropLast()), sequences: Array(repeating: 0, count: prompt.count - 1), logits: .none)
        let both = try pair.evaluate(tokens: [prompt.last!, other.last!], sequences: [0, 1])
        whole.reset()
        let alone = try whole.evaluate(tokens: other)[0]
        #expect(both[0] == expected)
        #expect(both[1] == alone)
    }

    @Test func batchedPromptsGenerateWhatEachGeneratesAlone() throws {
        guard let (model, refs) = try Self.load() else { return }
        // Three chat prompts share their system-prompt prefix; the raw prompt shares nothing.
        let prompts = [refs[1].promptIDs, refs[2].promptIDs, refs[0].promptIDs, refs[3].promptIDs]
        let eog: Set<Int> = [0, 2, 4]
        let greedy: (inout [Float], [Int], Int) -> Int = { logits, _, _ in logits.withUnsafeBufferPointer { Sampler.argmax($0) } }
        let single = try LlamaContext(model: model, contextLength: 160, threads: 2)
        var alone: [[Int]] = []
        for p in prompts {
            alone.append(try Generator.generate(GenerationRequest(promptIDs: p, maximumTokens: 12, endOfGeneration: eog), context: single, choose: greedy).ids[0])
        }
        let batch = try LlamaContext(model: model, contextLength: 160, sequences: 4, threads: 2)
        let shared = try Generator.generate(BatchGenerationRequest(prompts: Array(prompts[0..<2]), maximumTokens: 12, endOfGeneration: eog), context: batch, choose: greedy)
        #expect(shared.sharedPrefixTokens > 10)
        #expect(shared.ids == Array(alone[0..<2]))
        var emitted = [[Int]](repeating: [], count: 4)
        let all = try Generator.generate(BatchGenerationRequest(prompts: prompts, maximumTokens: 12, endOfGeneration: eog), context: batch,
                                         choose: greedy, emit: { s, id in emitted[s].append(id); return true })
        #expect(all.sharedPrefixTokens == 0)
        #expect(all.ids == alone)
        #expect(emitted == alone)
        #expect(all.promptTokensEvaluated == prompts.reduce(0) { $0 + $1.count })
        // A stop from `emit` ends only that sequence.
        let stopped = try Generator.generate(BatchGenerationRequest(prompts: prompts, maximumTokens: 12, endOfGeneration: eog), context: batch,
                                             choose: greedy, emit: { s, _ in s != 1 })
        #expect(stopped.ids[1].count == 1)
        #expect(stopped.ids[3] == alone[3])
        #expect(throws: InferenceError.self) {
            try Generator.generate(BatchGenerationRequest(prompts: prompts, maximumTokens: 150, endOfGeneration: eog), context: batch, choose: greedy)
        }
    }

    @Test func perplexityIsWithinTwoPercentOfLlamaCpp() throws {
        guard let shared = Fixtures.shared else { print(Fixtures.sharedMissing); return }
        guard let path = Fixtures.smolLM2 else { print(Fixtures.smolLM2Missing); return }
        let model = try LlamaModel(path: path)
        let text = try String(contentsOf: shared.appendingPathComponent("inference/ppl-text.txt"), encoding: .utf8)
        let ids = try TokenizerLoader.encoder(for: model.file).encode(text)
        #expect(ids.count == 981)
        let ctx = try LlamaContext(model: model, contextLength: 128, threads: 2, maximumBatch: 128)
        let r = try Perplexity.compute(tokens: ids, context: 128, on: ctx)
        #expect(r.scoredTokens == 441 && r.perChunk.count == 7)
        #expect(abs(r.perplexity - 13.4143) / 13.4143 < 0.02, "ppl \(r.perplexity)")
    }

    @Test func requestsPastTheContextOrVocabularyAreRefused() throws {
        guard let path = Fixtures.smolLM2 else { print(Fixtures.smolLM2Missing); return }
        let ctx = try LlamaContext(model: LlamaModel(path: path), contextLength: 4, threads: 1)
        #expect(throws: InferenceError.self) { try ctx.evaluate(tokens: [1, 2, 3, 4, 5]) }
        #expect(throws: InferenceError.self) { try ctx.evaluate(tokens: [49152]) }
        #expect(throws: InferenceError.self) { try ctx.evaluate(tokens: [1], sequences: [1]) }
        #expect(ctx.sequenceLengths == [0])
    }
}
