/// One setting of one of the 230 space groups, from the table generated from gemmi 0.7.5
/// (`SpaceGroupTable+Data.swift`, 564 settings).
///
/// ```swift
/// let sg = SpaceGroup(hermannMauguin: "P 21/c")!      // P 1 21/c 1, No. 14
/// sg.operations.count                                  // 4
/// SpaceGroup(number: 227)!.extendedHermannMauguin      // "F d -3 m:1"
/// ```
public struct SpaceGroup: Sendable, Hashable, CustomStringConvertible {
    let index: Int

    init(index: Int) { self.index = index }

    var setting: SpaceGroupTable.Setting { SpaceGroupTable.settings[index] }

    /// The International Tables number, 1…230.
    public var number: Int { setting.number }
    /// The full Hermann–Mauguin symbol of this setting, e.g. `P 1 21/c 1`.
    public var hermannMauguin: String { setting.hm }
    /// The setting's extension: origin choice `1`/`2`, or `H`/`R` axes; "" for none.
    public var extensionCode: String { setting.ext }
    /// The Hall symbol, e.g. `-P 2ybc`.
    public var hall: String { setting.hall }
    /// True for the setting International Tables treat as standard (origin choice 2, hexagonal axes).
    public var isReferenceSetting: Bool { setting.isReference }
    /// The symbol with its extension, e.g. `F d -3 m:1`, `R -3 m:H`.
    public var extendedHermannMauguin: String { setting.ext.isEmpty ? setting.hm : "\(setting.hm):\(setting.ext)" }
    /// The short symbol without spaces, e.g. `P21/c`, `Fm-3m`, `R-3m`.
    public var shortSymbol: String { SpaceGroupTable.shortSymbol(setting.hm) }
    /// The crystal system.
    public var crystalSystem: CrystalSystem { CrystalSystem(spaceGroupNumber: setting.number)! }

    /// All operations, centring translations included (translations in [0, 1)).
    public var operations: [SymmetryOperation] { SpaceGroupTable.operations(of: index) }

    /// `P 1 21/c 1 (14)`.
    public var description: String { "\(extendedHermannMauguin) (\(number))" }

    /// The default setting of space group `number`: gemmi's choice, the first tabulated
    /// (origin choice 1, hexagonal axes, unique axis b).
    public init?(number: Int) {
        guard let i = SpaceGroupTable.firstByNumber[number] else { return nil }
        index = i
    }

    /// The setting named by a Hermann–Mauguin symbol, in any of the spellings CIF files use:
    /// full or short (`P 1 21/c 1`, `P21/c`), with or without spaces, screw axes written `2_1`,
    /// `2(1)` or `2~1~`, old cubic symbols without the bar (`Fm3m`), `e`-glide names (`Cmce`),
    /// and an origin or axes suffix (`:1`, `:2`, `:H`, `:R`, a trailing ` S`/` Z` for origin
    /// 1/2, or `H`/`R`). Without a suffix, a rhombohedral group takes rhombohedral axes when
    /// `rhombohedralCell` is true, else hexagonal axes; a group with two origins takes origin 1.
    public init?(hermannMauguin symbol: String, rhombohedralCell: Bool = false) {
        guard let i = SpaceGroupTable.find(hermannMauguin: symbol, rhombohedralCell: rhombohedralCell) else { return nil }
        index = i
    }

    /// The setting with this Hall symbol (spaces, `_` for spaces and case ignored), e.g. `-P 2ybc`.
    public init?(hall symbol: String) {
        guard let i = SpaceGroupTable.find(hall: symbol) else { return nil }
        index = i
    }

    /// The setting whose operations are exactly `operations` (modulo lattice translations);
    /// nil when they are not a tabulated setting.
    public init?(operations: [SymmetryOperation]) {
        guard let i = SpaceGroupTable.find(operations: operations) else { return nil }
        index = i
    }

    /// Every tabulated setting, in table order.
    public static var allSettings: [SpaceGroup] { SpaceGroupTable.settings.indices.map { SpaceGroup(index: $0) } }
}
