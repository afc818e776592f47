/// The symmetry a block states, and the operations used to expand its asymmetric unit.
public struct CrystalSymmetry: Sendable {
    /// The stated Hermann–Mauguin symbol, unquoted and trimmed.
    public var hermannMauguin: String?
    /// The stated Hall symbol.
    public var hall: String?
    /// The stated International Tables number.
    public var statedNumber: Int?
    /// The operations the block lists (`_space_group_symop_operation_xyz`, `_symmetry_equiv_pos_as_xyz`).
    public var listedOperations: [SymmetryOperation]
    /// The space-group setting named by the stated number, symbol or Hall symbol (in that order,
    /// the symbol choosing the setting when it agrees with the number), or matched by the listed
    /// operations when nothing is stated.
    public var spaceGroup: SpaceGroup?
    /// The operations used for expansion: the listed ones, else those of the space group, else the
    /// identity.
    public var operations: [SymmetryOperation]
    /// Where `operations` come from.
    public var operationsSource: OperationsSource

    /// Where expansion operations come from.
    public enum OperationsSource: String, Sendable, Hashable {
        /// The block's own list of operations.
        case listed
        /// The table setting named by the Hermann–Mauguin symbol.
        case hermannMauguin
        /// The table setting named by the Hall symbol.
        case hall
        /// The default setting of the stated number.
        case number
        /// Nothing stated: P 1.
        case identity
    }

    /// The space-group number: stated, else from the H-M symbol, else from the Hall symbol, else
    /// from the listed operations.
    public var number: Int? { statedNumber ?? spaceGroup?.number }

    /// The crystal system of `number`.
    public var crystalSystem: CrystalSystem? { number.flatMap(CrystalSystem.init(spaceGroupNumber:)) }

    /// The number of the group the listed operations form, when they form a tabulated setting.
    public var numberFromListedOperations: Int? {
        listedOperations.isEmpty ? nil : SpaceGroup(operations: listedOperations)?.number
    }
}
