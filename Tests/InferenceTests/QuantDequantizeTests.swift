import Foundation
import Testing
import CorpusCore
import GGUF
import _CorpusTestSupport
@testable import Inference

/// The scalar reference dequantizers against an independent implementation, gguf-py
/// (`gguf.quants.dequantize`, numpy), on random blocks and on SmolLM2's real tensors.
@Suite struct QuantDequantizeTests {
    /// Both sides compute the same f32 expressions (d*sc*q - dmin*m, q*d + m, …), so they normally agree to
    /// the bit; 1e-6 relative (≈ 8 f32 ulps) of the block's largest magnitude allows for numpy evaluating a
    /// product in another order (e.g. (d*sc)*q vs d*(sc*q)), while any wrong bit of a layout (a nibble, a
    /// high bit, a scale) moves a value by at least one quant step, ≥ 1/64 of the block's range.
    static let dequantRelativeTolerance: Float = 1e-6

    static func compare(_ type: GGMLType, ours: [Float], reference: [Float], label: String) {
        #expect(ours.count == reference.count, "\(label): \(ours.count) vs \(reference.count) values")
        let block = max(type.blockSize, 32)
        var worst: Float = 0, bad = 0
        let n = min(ours.count, reference.count)
        for start in stride(from: 0, to: n, by: block) {
            let end = min(start + block, n)
            let scale = reference[start..<end].reduce(Float(0)) { max($0, abs($1)) }
            for i in start..<end {
                let diff = abs(ours[i] - reference[i])
                if !(diff <= dequantRelativeTolerance * scale) {
                    bad += 1
                    if bad <= 3 { Issue.record("\(label) element \(i): ours \(ours[i]) reference \(reference[i])") }
                }
                worst = max(worst, scale > 0 ? diff / scale : diff)
            }
        }
        #expect(bad == 0, "\(label): \(bad) values outside \(dequantRelativeTolerance) (worst relative \(worst))")
    }

    @Test func halfConversionsAgreeWithFloat16() {
        #if !(arch(x86_64) && os(macOS))
        for bits in 0...UInt16.max {
            let ours = HalfFloat.float(fromBits: bits), swift = Float(Float16(bitPattern: bits))
            #expect(ours.bitPattern == swift.bitPattern || (ours.isNaN && swift.isNaN), "half \(bits)")
            if ours.isNaN { continue }
            #expect(HalfFloat.bits(from: ours) == bits, "round trip of half \(bits)")
        }
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<200_000 {
            let f = Float(bitPattern: UInt32.random(in: 0...UInt32.max, using: &rng))
            if f.isNaN { continue }
            #expect(HalfFloat.bits(from: f) == Float16(f).bitPattern, "float \(f)")
        }
        // Ties between two halves round to the even one.
        #expect(HalfFloat.bits(from: 1 + 0x1p-11) == Float16(1).bitPattern)
        #expect(HalfFloat.bits(from: 1 + 3 * 0x1p-11) == Float16(1 + 0x1p-9).bitPattern)
        #endif
    }

    @Test(arguments: QuantTestSupport.weightTypes + [.q8_1])
    func dequantizerMatchesGGUFPy(_ type: GGMLType) throws {
        var rng = SeededGenerator(seed: 0x5EED + UInt64(type.rawValue))
        let count = type.blockSize == 256 ? 256 * 12 : 32 * 96
        let bytes = QuantTestSupport.randomRow(type, count: count, &rng)
        let ours = QuantTestSupport.dequantize(type, bytes, count: count)
        let dir = try Fixtures.temporaryDirectory("quant-dequant")
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.bin"), output = dir.appendingPathComponent("out.f32")
        try Data(bytes).write(to: input)
        guard let result = try QuantTestSupport.reference(["dequant", type.description, input.path, output.path], test: "dequantizerMatchesGGUFPy(\(type))") else { return }
        try #require(result.status == 0, "dequant_reference.py: \(result.stderr)")
        Self.compare(type, ours: ours, reference: QuantTestSupport.floats(try Data(contentsOf: output)), label: "\(type) random blocks")
    }

    /// Real tensors: the first rows of SmolLM2's Q4_1 matrices, its Q8_0 embedding and an F32 norm, read with
    /// the package's GGUF reader on our side and with `gguf.GGUFReader` on the reference side.
    @Test(arguments: ["blk.0.attn_q.weight", "blk.0.ffn_down.weight", "blk.29.ffn_up.weight", "token_embd.weight", "blk.0.attn_norm.weight"])
    func smolLM2TensorMatchesGGUFPy(_ name: String) throws {
        guard let path = Fixtures.smolLM2 else { print(Fixtures.smolLM2Missing); return }
        let file = try GGUFFile(path: path)
        let info = try #require(file.tensors.first { $0.name == name }, "no tensor \(name)")
        let type = try #require(GGMLType(rawValue: info.typeCode))
        let rowCount = info.dimensions[0], rows = min(48, info.dimensions.dropFirst().reduce(1, *))
        let bytes = try file.bytes(of: info, count: type.rowBytes(rowCount)! * rows)
        let ours = QuantTestSupport.dequantize(type, Array(bytes), count: rowCount * rows)
        let dir = try Fixtures.temporaryDirectory("quant-tensor")
        defer { try? FileManager.default.removeItem(at: dir) }
        let output = dir.appendingPathComponent("out.f32")
        guard let result = try QuantTestSupport.reference(["tensor", path, name, String(rows), output.path], test: "smolLM2TensorMatchesGGUFPy") else { return }
        try #require(result.status == 0, "dequant_reference.py: \(result.stderr)")
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(type) \(rowCount)")
        Self.compare(type, ours: ours, reference: QuantTestSupport.floats(try Data(contentsOf: output)), label: name)
    }
}
