import Testing
@testable import CIF

@Suite struct CIFSyntaxTests {
}
