import Testing
@testable import Inference

@Suite struct GGMLTypeTests {
    @Test func rowBytesFollowTheBlockLayouts() {
        #expect(GGMLType.q4_1.rowBytes(576) == 18 * 20)
        #expect(GGMLType.q8_0.rowBytes(576) == 18 * 34)
        #expect(GGMLType.q6_K.rowBytes(512) == 2 * 210)
        #expect(GGMLType.q4_K.rowBytes(100) == nil)
        #expect(GGMLType.f16.rowBytes(3) == 6)
    }
}
