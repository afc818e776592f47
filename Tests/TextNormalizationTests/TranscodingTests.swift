import Testing
@testable import TextNormalization

@Suite struct TranscodingTests {
    @Test func matchesTheStandardLibrary() {
        var samples = ["", "ascii", "é Å µ ²", "€ ﬁ −", "😀 𝑥 👩\u{200D}🔬", "a\u{10FFFF}b\u{FFFF}\u{E000}"]
        // One sample per scalar length class edge: 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x10FFFF.
        samples.append(String(String.UnicodeScalarView([0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF].map { Unicode.Scalar($0)! })))
        for s in samples {
            #expect(Transcoding.utf16(s) == Array(s.utf16), "\(s.debugDescription)")
            #expect(Transcoding.string(Array(s.utf16)) == s, "\(s.debugDescription)")
        }
        #expect(Transcoding.string([0x61, 0xD800, 0x62]) == "a\u{FFFD}b")
    }
}
