import Foundation
import Testing
import _CorpusTestSupport
import GGUF
@testable import Inference

/// The model loader on tiny hand-built LLaMA files: a valid one runs; broken, truncated and hostile
/// ones are refused with an error that names the problem, never a crash.
@Suite struct ModelLoadingTests {
    struct Tensor {
        var name: String
        var dims: [Int]
        var type: UInt32 = 0
        var bytes: [UInt8]? = nil   // nil: random f32 data of the right size
    }

    /// A little-endian GGUF v3 writer: metadata (string, uint32 and string-array values) and tensors.
    static func build(metadata: [(String, Any)], tensors: [Tensor], seed: UInt64 = 7) -> [UInt8] {
        var b: [UInt8] = []
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { b += $0 } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { b += $0 } }
        func string(_ s: String) { u64(UInt64(s.utf8.count)); b += Array(s.utf8) }
        u32(0x4655_4747); u32(3); u64(UInt64(tensors.count)); u64(UInt64(metadata.count))
        for (key, value) in metadata {
            string(key)
            switch value {
            case let s as String: u32(8); string(s)
            case let i as Int: u32(4); u32(UInt32(i))
            case let f as Float: u32(6); u32(f.bitPattern)
            case let a as [String]: u32(9); u32(8); u64(UInt64(a.count)); a.forEach(string)
            default: fatalError("unsupported test value")
            }
        }
        var state = seed
        func random() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2000) / 4000
        }
        var data: [[UInt8]] = []
        var offset = 0
        for t in tensors {
            string(t.name); u32(UInt32(t.dims.count)); t.dims.forEach { u64(UInt64($0)) }; u32(t.type); u64(UInt64(offset))
            let bytes = t.bytes ?? (0..<t.dims.reduce(1, *)).flatMap { _ in withUnsafeBytes(of: random().bitPattern.littleEndian) { Array($0) } }
            data.append(bytes)
            offset += (bytes.count + 31) / 32 * 32
        }
        while b.count % 32 != 0 { b.append(0) }
        for d in data { b += d; while b.count % 32 != 0 { b.append(0) } }
        return b
    }

    static var metadata: [(String, Any)] { [
        ("general.architecture", "llama"), ("llama.embedding_length", 8), ("llama.block_count", 1),
        ("llama.feed_forward_length", 16), ("llama.attention.head_count", 2), ("llama.attention.head_count_kv", 1),
        ("llama.context_length", 32), ("llama.attention.layer_norm_rms_epsilon", Float(1e-5)),
        ("tokenizer.ggml.tokens", ["a", "b", "c", "d", "e", "f", "g", "h"]),
    ] }

    static let tensors: [Tensor] = [
        Tensor(name: "token_embd.weight", dims: [8, 8]), Tensor(name: "output_norm.weight", dims: [8]),
        Tensor(name: "blk.0.attn_norm.weight", dims: [8]), Tensor(name: "blk.0.attn_q.weight", dims: [8, 8]),
        Tensor(name: "blk.0.attn_k.weight", dims: [8, 4]), Tensor(name: "blk.0.attn_v.weight", dims: [8, 4]),
        Tensor(name: "blk.0.attn_output.weight", dims: [8, 8]), Tensor(name: "blk.0.ffn_norm.weight", dims: [8]),
        Tensor(name: "blk.0.ffn_gate.weight", dims: [8, 16]), Tensor(name: "blk.0.ffn_up.weight", dims: [8, 16]),
        Tensor(name: "blk.0.ffn_down.weight", dims: [16, 8]),
    ]

    func load(_ bytes: [UInt8]) throws -> LlamaModel {
        let dir = try Fixtures.temporaryDirectory("model")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("m.gguf").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try LlamaModel(path: path)
    }

    /// The error's text when loading `bytes` fails, or nil when it loads.
    func failure(_ bytes: [UInt8]) -> String? {
        do { _ = try load(bytes); return nil } catch { return "\(error)" }
    }

    @Test func aTinyModelLoadsAndRunsTheSameInBothArithmetics() throws {
        let model = try load(Self.build(metadata: Self.metadata, tensors: Self.tensors))
        #expect(model.config.headDimension == 4 && model.config.kvHeadCount == 1 && model.output.name == "token_embd.weight")
        let fast = try LlamaContext(model: model, contextLength: 16, threads: 2)
        let exact = try LlamaContext(model: model, contextLength: 16, threads: 1, arithmetic: .float32)
        let a = try fast.evaluate(tokens: [1, 5, 2, 7], logits: .all)
        let b = try exact.evaluate(tokens: [1, 5, 2, 7], logits: .all)
        #expect(a.count == 4 && a.allSatisfy { $0.count == 8 && $0.allSatisfy(\.isFinite) })
        // F32 weights take f32 activations on both paths; only summation order differs.
        for (x, y) in zip(a.joined(), b.joined()) { #expect(abs(x - y) < 1e-4) }
        // Different positions give different logits (RoPE and attention are doing something).
        #expect(a[0] != a[1])
    }

    @Test func missingWrongAndUnsupportedTensorsAreNamed() {
        var missing = Self.tensors
        missing.removeAll { $0.name == "blk.0.ffn_down.weight" }
        #expect(failure(Self.build(metadata: Self.metadata, tensors: missing))?.contains("blk.0.ffn_down.weight is missing") == true)

        var wrongShape = Self.tensors
        wrongShape[4].dims = [8, 8]
        #expect(failure(Self.build(metadata: Self.metadata, tensors: wrongShape))?.contains("blk.0.attn_k.weight: 8 rows, expected 4") == true)

        var unsupported = Self.tensors
        unsupported[3] = Tensor(name: "blk.0.attn_q.weight", dims: [256, 8], type: 10, bytes: [UInt8](repeating: 0, count: 8 * 84))
        #expect(failure(Self.build(metadata: Self.metadata, tensors: unsupported))?.contains("ggml type 10") == true)

        var partialBlock = Self.tensors
        partialBlock[3] = Tensor(name: "blk.0.attn_q.weight", dims: [8, 8], type: 2, bytes: [UInt8](repeating: 0, count: 64))
        #expect(failure(Self.build(metadata: Self.metadata, tensors: partialBlock))?.contains("not a whole number of Q4_0 blocks") == true)
    }

    @Test func hostileMetadataIsRefused() {
        func with(_ key: String, _ value: Any) -> [(String, Any)] {
            Self.metadata.filter { $0.0 != key } + [(key, value)]
        }
        #expect(failure(Self.build(metadata: with("llama.block_count", 4_000_000_000), tensors: Self.tensors))?.contains("block_count") == true)
        #expect(failure(Self.build(metadata: with("llama.attention.head_count_kv", 3), tensors: Self.tensors))?.contains("KV heads") == true)
        #expect(failure(Self.build(metadata: with("general.architecture", "bert"), tensors: Self.tensors))?.contains("architecture bert") == true)
        #expect(failure(Self.build(metadata: Self.metadata.filter { $0.0 != "llama.embedding_length" }, tensors: Self.tensors))?.contains("missing llama.embedding_length") == true)
    }

    @Test func tensorDataPastTheEndIsRefusedAtEveryTruncation() {
        let whole = Self.build(metadata: Self.metadata, tensors: Self.tensors)
        #expect(failure(whole) == nil)
        // Cut anywhere: the header parser or the tensor bounds check must refuse, naming the file.
        var cuts = Array(stride(from: 0, to: whole.count, by: 97))
        cuts.append(whole.count - 1)
        for cut in cuts {
            let message = failure(Array(whole.prefix(cut)))
            #expect(message != nil, "cut at \(cut) loaded")
            #expect(message?.contains("m.gguf") == true, "cut at \(cut): \(message ?? "")")
        }
    }
}
