import Testing
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
