import Foundation
import Testing
@testable import TextNormalization

@Suite struct UnicodeNormalizerTests {
    @Test func composesAndFoldsLikeFoundation() throws {
        // Foundation's own normalization (a separate ICU build inside swift-corelibs-foundation) is the reference.
        let samples = ["e\u{301}cole", "ﬁbre ﬂow", "Ｆｅ２Ｏ３", "SO₄²⁻", "Å", "µm and μm", "plain ascii"]
        let nfc = try UnicodeNormalizer(form: .nfc)
        let nfkc = try UnicodeNormalizer(form: .nfkc)
        let nfd = try UnicodeNormalizer(form: .nfd)
        for s in samples {
            #expect(try nfc.normalize(s) == s.precomposedStringWithCanonicalMapping, "\(s)")
            #expect(try nfkc.normalize(s) == s.precomposedStringWithCompatibilityMapping, "\(s)")
            #expect(try nfd.normalize(s).unicodeScalars.elementsEqual(s.decomposedStringWithCanonicalMapping.unicodeScalars), "\(s)")
        }
        #expect(try nfc.normalize("e\u{301}") == "\u{E9}")
        #expect(try nfkc.normalize("ﬁ") == "fi")
        // NFC keeps chemistry's sub- and superscripts; NFKC folds them (why NFC is the default).
        #expect(try nfc.normalize("SO₄²⁻") == "SO₄²⁻")
        #expect(try nfkc.normalize("SO₄²⁻") == "SO42−")
    }
}
