import Foundation
import CorpusCore
import _CorpusTestSupport
@testable import Inference

/// Random rows and reference-script plumbing shared by the Quant* tests.
enum QuantTestSupport {
    /// The weight types the engine reads.
    static let weightTypes: [GGMLType] = [.f32, .f16, .bf16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q4_K, .q5_K, .q6_K]

    /// A finite half of magnitude about `scale` (random sign unless `positive`).
    static func randomHalf(_ scale: Float, positive: Bool = false, _ rng: inout SeededGenerator) -> UInt16 {
        let v = Float.random(in: 0.05...1, using: &rng) * scale
        return HalfFloat.bits(from: positive || Bool.random(using: &rng) ? v : -v)
    }

    /// `count` elements of `type`: random bytes for the quants, finite random fp16 scales (positive for the
    /// K-quants' d/dmin, as llama.cpp's quantizers write them), finite random floats for the float types.
    static func randomRow(_ type: GGMLType, count: Int, _ rng: inout SeededGenerator) -> [UInt8] {
        var bytes = (0..<type.rowBytes(count)!).map { _ in UInt8.random(in: 0...255, using: &rng) }
        func put16(_ v: UInt16, _ at: Int) { bytes[at] = UInt8(v & 0xFF); bytes[at + 1] = UInt8(v >> 8) }
        func put32(_ v: UInt32, _ at: Int) { for k in 0..<4 { bytes[at + k] = UInt8((v >> (8 * UInt32(k))) & 0xFF) } }
        for b in 0..<(count / type.blockSize) {
            let o = b * type.blockBytes
            switch type {
            case .f32: put32(Float.random(in: -2...2, using: &rng).bitPattern, o)
            case .f16: put16(HalfFloat.bits(from: Float.random(in: -2...2, using: &rng)), o)
            case .bf16: put16(HalfFloat.bf16Bits(from: Float.random(in: -2...2, using: &rng)), o)
            case .q4_0, .q5_0, .q8_0: put16(randomHalf(0.01, &rng), o)
            case .q4_1, .q5_1: put16(randomHalf(0.01, &rng), o); put16(randomHalf(0.05, &rng), o + 2)
            case .q8_1: put16(randomHalf(0.01, &rng), o); put16(randomHalf(0.5, &rng), o + 2)
            case .q4_K, .q5_K: put16(randomHalf(0.002, positive: true, &rng), o); put16(randomHalf(0.002, positive: true, &rng), o + 2)
            case .q6_K: put16(randomHalf(0.002, &rng), o + 208)
            case .q8_K: put32(Float.random(in: 0.001...0.02, using: &rng).bitPattern, o)
            }
        }
        return bytes
    }

    /// Activation-like floats: mostly small, a few outliers (as in a transformer's hidden state).
    static func randomActivations(_ count: Int, _ rng: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in
            let v = Float.random(in: -1...1, using: &rng)
            return UInt8.random(in: 0...255, using: &rng) < 4 ? v * 20 : v
        }
    }

    static func dequantize(_ type: GGMLType, _ bytes: [UInt8], count: Int) -> [Float] {
        var out = [Float](repeating: .nan, count: count)
        bytes.withUnsafeBytes { src in out.withUnsafeMutableBufferPointer { Dequantize.row(type, from: src.baseAddress!, count: count, into: $0.baseAddress!) } }
        return out
    }

    static func quantize(_ x: [Float], as type: GGMLType) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: type.rowBytes(x.count)!)
        x.withUnsafeBufferPointer { xs in out.withUnsafeMutableBytes { ActivationQuantizer.quantize(xs.baseAddress!, count: x.count, as: type, into: $0.baseAddress!) } }
        return out
    }

    static func floatBytes(_ x: [Float]) -> [UInt8] { x.withUnsafeBytes { Array($0) } }

    static func floats(_ data: Data) -> [Float] {
        data.withUnsafeBytes { raw in (0..<(raw.count / 4)).map { raw.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) } }
    }

    /// Runs `scripts/inference/dequant_reference.py` with `arguments` (file paths under `dir`); nil (after
    /// printing why) when numpy/gguf are missing or gguf-py does not implement the conversion.
    static func reference(_ arguments: [String], test: String) throws -> CommandRunner.Result? {
        let result = try Fixtures.python("scripts/inference/dequant_reference.py", arguments)
        if result.status == 3 || result.status == 4 {
            print("\(test): skipped: \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
            return nil
        }
        return result
    }
}
