/// A problem in what a block means (its syntax being fine): a number that is not one, an
/// operation that does not parse, a symbol no table knows. Reading goes on without the bad item.
public struct CIFStructureIssue: Sendable, Hashable, CustomStringConvertible {
    /// Where the offending value is, when it comes from the file.
    public var location: CIFLocation?
    /// What is wrong.
    public var kind: Kind

    /// The kinds of issue.
    public enum Kind: Sendable, Hashable {
        /// A value that should be a number is not (`_cell_length_a abc`).
        case invalidNumber(tag: String, text: String)
        /// Cell lengths are missing, so there is no cell (angles default to 90°).
        case incompleteCell(missing: [String])
        /// A symmetry operation that does not parse; the whole list is then ignored, as pymatgen does.
        case invalidSymmetryOperation(String)
        /// A Hermann–Mauguin symbol the space-group table does not know.
        case unknownSpaceGroupSymbol(String)
        /// A Hall symbol the table does not know.
        case unknownHallSymbol(String)
        /// The stated number and the stated symbol name different groups.
        case inconsistentSpaceGroup(number: Int, symbol: String, symbolNumber: Int)
        /// No operations, symbol, Hall symbol or number: the identity (P 1) is used.
        case noSymmetry
        /// An atom site whose coordinates are not numbers; it is left out.
        case missingCoordinates(label: String)
        /// Occupancies at one position of the expanded cell sum to more than the tolerance
        /// (pymatgen rejects the structure).
        case occupancyExceeded(label: String, total: Double)
    }

    /// An issue.
    public init(location: CIFLocation?, kind: Kind) {
        self.location = location
        self.kind = kind
    }

    /// `line:column: message`.
    public var description: String {
        let message: String
        switch kind {
        case .invalidNumber(let tag, let text): message = "\(tag): '\(text)' is not a number"
        case .incompleteCell(let missing): message = "no cell: \(missing.joined(separator: ", ")) missing"
        case .invalidSymmetryOperation(let text): message = "symmetry operation '\(text)' does not parse; the listed operations are ignored"
        case .unknownSpaceGroupSymbol(let s): message = "unknown Hermann-Mauguin symbol '\(s)'"
        case .unknownHallSymbol(let s): message = "unknown Hall symbol '\(s)'"
        case .inconsistentSpaceGroup(let n, let s, let sn): message = "space group number \(n) but symbol '\(s)' is No. \(sn)"
        case .noSymmetry: message = "no symmetry stated: P 1 assumed"
        case .missingCoordinates(let label): message = "atom site \(label) has no numeric fractional coordinates; left out"
        case .occupancyExceeded(let label, let total): message = "occupancies at the position of \(label) sum to \(total) > 1"
        }
        return location.map { "\($0): \(message)" } ?? message
    }
}
