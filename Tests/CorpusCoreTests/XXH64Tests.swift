import Foundation
import Testing
import _CorpusTestSupport
@testable import CorpusCore

/// Expected values computed with the `xxhash` Python package (an independent implementation).
@Suite struct XXH64Tests {
    static let vectors: [(String, UInt64, UInt64)] = [
        ("", 0xEF46_DB37_51D8_E999, 0xC434_9FC9_3C01_0000),
        ("a", 0xD24E_C4F1_A98C_6E5B, 0x9A7C_6D2E_A455_68C9),
        ("abc", 0x44BC_2CF5_AD77_0999, 0x2ED0_F59D_6B43_AC8B),
        ("Nobody inspects the spammish repetition", 0xFBCE_A83C_8A37_8BF1, 0xEB8B_157C_A26C_BF34),
    ]

    @Test func matchesReferenceVectors() {
        for (input, seed0, seed2) in Self.vectors {
            #expect(XXH64.hash(input) == seed0, "\(input)")
            #expect(XXH64.hash(input, seed: DocumentID.seed2) == seed2, "\(input)")
        }
    }

    @Test func longInputAndStreamingAgree() {
        let bytes = (0..<3).flatMap { _ in (0..<256).map { UInt8($0) } }
        let oneShot = bytes.withUnsafeBytes { XXH64.hash($0) }
        #expect(oneShot == 0x8E03_C838_C596_036F)
        // Feeding in uneven pieces must give the same result as one shot.
        for split in [1, 7, 31, 32, 33, 100] {
            var h = XXH64()
            var i = 0
            bytes.withUnsafeBytes { all in
                while i < all.count {
                    let n = min(split, all.count - i)
                    h.update(UnsafeRawBufferPointer(rebasing: all[i..<(i + n)]))
                    i += n
                }
            }
            #expect(h.finalize() == oneShot, "split \(split)")
        }
    }

    @Test func documentIDsAreStableAndDistinguishSources() {
        let a = DocumentID.make(source: .paper, locator: "x.xml")
        #expect(a == DocumentID.make(source: .paper, locator: "x.xml"))
        #expect(a != DocumentID.make(source: .cif, locator: "x.xml"))
        #expect(a != DocumentID.make(source: .paper, locator: "y.xml"))
        #expect(a.hasPrefix("paper-") && a.count == "paper-".count + 32)
    }
}

/// Cross-check against the Python `xxhash` package on pseudo-random inputs of many lengths, when it is installed.
@Suite struct XXH64PythonParityTests {
    @Test func matchesPythonXXHashOnRandomInputs() throws {
        var generator = SeededGenerator(seed: 42)
        var inputs: [[UInt8]] = []
        for length in [0, 1, 3, 4, 7, 8, 15, 31, 32, 33, 63, 64, 100, 1000, 4097] {
            inputs.append((0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        }
        let hexInputs = inputs.map { $0.map { String(format: "%02x", $0) }.joined() }
        let script = "import sys, xxhash\nfor h in sys.argv[1:]:\n    b = bytes.fromhex(h[1:])\n    print(xxhash.xxh64(b).intdigest(), xxhash.xxh64(b, seed=0x9E3779B97F4A7C15).intdigest())"
        let result = try CommandRunner.run(["python3", "-c", script] + hexInputs.map { "x" + $0 }, executable: URL(fileURLWithPath: "/usr/bin/env"))
        guard result.status == 0 else {
            print("python3 with the xxhash package is not available (pip install xxhash): skipping the parity check")
            return
        }
        let expected = result.stdout.split(separator: "\n").map { $0.split(separator: " ").map { UInt64($0)! } }
        #expect(expected.count == inputs.count)
        for (input, pair) in zip(inputs, expected) {
            #expect(input.withUnsafeBytes { XXH64.hash($0) } == pair[0], "length \(input.count)")
            #expect(input.withUnsafeBytes { XXH64.hash($0, seed: DocumentID.seed2) } == pair[1], "length \(input.count)")
        }
    }
}

/// UTF-8 validation agrees with the standard library's decoder, and names the first bad byte.
@Suite struct UTF8ValidationTests {
    @Test func agreesWithTheStandardLibraryOnRandomBytes() {
        var generator = SeededGenerator(seed: 7)
        for round in 0..<5000 {
            let length = Int(generator.next() % 24)
            // Mostly high bytes, so multi-byte sequences and their edge cases come up often.
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next() | (round % 3 == 0 ? 0 : 0x80)) }
            let ours = bytes.withUnsafeBytes { UTF8Validation.firstInvalidOffset($0) }
            #expect((ours == nil) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
            if let bad = ours {
                // Everything before the reported offset is valid on its own.
                #expect(String(validating: bytes[..<bad], as: UTF8.self) != nil, "\(bytes) at \(bad)")
            }
        }
        let cases: [([UInt8], Int?)] = [([0x61, 0xC3, 0xA9], nil), ([0x61, 0xC3], 1), ([0xE0, 0x80, 0x80], 0),
                                         ([0xED, 0xA0, 0x80], 0), ([0xF4, 0x90, 0x80, 0x80], 0), ([0x41, 0x42, 0xFF], 2)]
        for (bytes, expected) in cases {
            #expect(bytes.withUnsafeBytes { UTF8Validation.firstInvalidOffset($0) } == expected, "\(bytes)")
        }
    }
}
