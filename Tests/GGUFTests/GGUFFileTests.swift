import Foundation
import Testing
import _CorpusTestSupport
@testable import GGUF

/// The GGUF reader against hand-built files (every field known) and, when present, the SmolLM2
/// model the checks download (`~/.cache/matcorpus-checks/smollm2` or `$MATCORPUS_SMOLLM2`).
@Suite struct GGUFFileTests {
    /// A little-endian GGUF writer for tests.
    struct Builder {
        var bytes: [UInt8] = []
        mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
        mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
        mutating func string(_ s: String) { u64(UInt64(s.utf8.count)); bytes += Array(s.utf8) }
    }

    static func sample(alignment: UInt32 = 32) -> [UInt8] {
        var b = Builder()
        b.u32(0x4655_4747); b.u32(3); b.u64(1); b.u64(4)
        b.string("general.architecture"); b.u32(8); b.string("llama")
        b.string("general.alignment"); b.u32(4); b.u32(alignment)
        b.string("tokenizer.ggml.tokens"); b.u32(9); b.u32(8); b.u64(3); b.string("<s>"); b.string("a"); b.string("▁b")
        b.string("llama.attention.layer_norm_rms_epsilon"); b.u32(6); b.u32(Float(1e-5).bitPattern)
        b.string("token_embd.weight"); b.u32(2); b.u64(4); b.u64(3); b.u32(0); b.u64(0)
        while b.bytes.count % Int(alignment) != 0 { b.bytes.append(0) }
        for i in 0..<12 { b.u32(Float(i).bitPattern) }
        return b.bytes
    }

    func write(_ bytes: [UInt8]) throws -> (URL, String) {
        let dir = try Fixtures.temporaryDirectory("gguf")
        let path = dir.appendingPathComponent("m.gguf").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (dir, path)
    }

    @Test func readsHeaderMetadataAndTensorInfos() throws {
        let (dir, path) = try write(Self.sample())
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = try GGUFFile(path: path)
        #expect(f.version == 3 && f.alignment == 32)
        #expect(f["general.architecture"]?.stringValue == "llama")
        #expect(f["tokenizer.ggml.tokens"]?.arrayValue?.compactMap(\.stringValue) == ["<s>", "a", "▁b"])
        #expect(abs((f["llama.attention.layer_norm_rms_epsilon"]?.doubleValue ?? 0) - 1e-5) < 1e-12)
        #expect(f.tensors.map(\.name) == ["token_embd.weight"] && f.tensors[0].dimensions == [4, 3] && f.tensors[0].elementCount == 12)
        let data = try f.bytes(of: f.tensors[0], count: 48)
        #expect(data.load(fromByteOffset: 44, as: Float.self) == 11)
        #expect(f.dataOffset % 32 == 0)
    }

    @Test func everyTruncationIsAnErrorWithAnOffsetNeverACrash() throws {
        let full = Self.sample()
        let (dir, path) = try write(full)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Cut inside the header, metadata and tensor infos: every prefix must fail cleanly.
        let headerEnd = try GGUFFile(path: path).dataOffset
        for cut in stride(from: 0, to: headerEnd - 1, by: 3) {
            try Data(full.prefix(cut)).write(to: URL(fileURLWithPath: path))
            #expect(throws: GGUFError.self, "cut at \(cut)") { _ = try GGUFFile(path: path) }
        }
    }

    @Test func hugeCountsAreRefusedBeforeAllocating() throws {
        var b = Builder()
        b.u32(0x4655_4747); b.u32(3); b.u64(0); b.u64(1)
        b.string("tokenizer.ggml.tokens"); b.u32(9); b.u32(8); b.u64(UInt64(1) << 60)
        let (dir, path) = try write(b.bytes)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect { _ = try GGUFFile(path: path) } throws: { "\($0)".contains("array elements announced") && "\($0)".contains("m.gguf") }
        var c = Builder()
        c.u32(0x4655_4747); c.u32(3); c.u64(UInt64.max); c.u64(0)
        try Data(c.bytes).write(to: URL(fileURLWithPath: path))
        #expect { _ = try GGUFFile(path: path) } throws: { "\($0)".contains("tensors announced") }
    }

    @Test func badFieldsAreNamed() throws {
        var bad = Self.sample(alignment: 24)
        var (dir, path) = try write(bad)
        #expect { _ = try GGUFFile(path: path) } throws: { "\($0)".contains("power of two") }
        try? FileManager.default.removeItem(at: dir)
        bad = Self.sample()
        bad[0] = UInt8(ascii: "X")
        (dir, path) = try write(bad)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect { _ = try GGUFFile(path: path) } throws: { "\($0)".contains("not a GGUF file") }
    }

    @Test func readsTheSmolLM2Model() throws {
        guard let path = Fixtures.smolLM2 else { print(Fixtures.smolLM2Missing); return }
        let f = try GGUFFile(path: path)
        #expect(f["general.architecture"]?.stringValue == "llama")
        #expect(f["llama.block_count"]?.intValue == 30 && f["llama.embedding_length"]?.intValue == 576)
        #expect(f["tokenizer.ggml.model"]?.stringValue == "gpt2")
        #expect(f["tokenizer.ggml.tokens"]?.arrayValue?.count == 49152)
        #expect(f["tokenizer.ggml.merges"]?.arrayValue?.count == 48900)
        #expect(f.tensors.count == 272)
        #expect(f.tensors.first { $0.name == "token_embd.weight" }?.typeCode == 8)
    }
}
