import Testing
@testable import QualityFilters
