import Foundation
import Testing
@testable import QA

@Suite struct QAPairTests {
    @Test func roundTripsThroughJSON() throws {
        let pair = QAPair(question: "What is the band gap of TiO2?", answer: "3.2 eV")
        let data = try JSONEncoder().encode(pair)
        #expect(try JSONDecoder().decode(QAPair.self, from: data) == pair)
    }
}
