import Testing
@testable import CIF

@Suite struct SpaceGroupTests {
    @Test func tableCoversEveryGroup() {
        let all = SpaceGroup.allSettings
        #expect(all.count == 564)
        #expect(Set(all.map(\.number)) == Set(1...230))
        for number in 1...230 { #expect(SpaceGroup(number: number)?.number == number) }
        #expect(SpaceGroup(number: 231) == nil)
    }

    /// Each setting's operations are closed under composition (modulo lattice translations),
    /// contain the identity, and have the group's order.
    @Test func operationsFormGroups() {
        for sg in SpaceGroup.allSettings {
            let ops = sg.operations
            let keys = Set(ops.map(\.seitzKey))
            #expect(keys.count == ops.count, "\(sg)")
            #expect(keys.contains(SymmetryOperation.identity.seitzKey), "\(sg)")
            for a in ops.prefix(6) {
                for b in ops { #expect(keys.contains(a.composed(after: b).seitzKey), "\(sg) not closed") }
            }
            #expect(SpaceGroup(operations: ops)?.number == sg.number)
        }
        #expect(SpaceGroup(number: 225)?.operations.count == 192)
        #expect(SpaceGroup(number: 14)?.operations.count == 4)
    }

    @Test(arguments: [
        ("P 1 21/c 1", 14), ("P21/c", 14), ("P 21/c", 14), ("P2_1/c", 14), ("P2(1)/c", 14), ("P_1_21/a_1", 14),
        ("P 1 21/n 1", 14), ("Pnma", 62), ("P b n m", 62), ("Fm-3m", 225), ("F m 3 m", 225), ("Fm3m", 225), ("P m 3", 200),
        ("F d 3", 203), ("Ia-3d", 230), ("Cmce", 64), ("C m c a", 64), ("Aem2", 39), ("P4_12_12", 92), ("P3_221", 154),
        ("Pmn2(1)", 31), ("R -3 m", 166), ("R-3mH", 166), ("R 3 2 :H", 155), ("P 63/m m c", 194), ("'P -1'", 2),
        ("F d -3 m S", 227), ("C2:b1", 5),
    ])
    func hermannMauguinSpellings(symbol: String, number: Int) {
        #expect(SpaceGroup(hermannMauguin: symbol)?.number == number, "\(symbol)")
    }

    @Test func settingsAndExtensions() throws {
        #expect(SpaceGroup(hermannMauguin: "F d -3 m")?.extensionCode == "1")
        #expect(SpaceGroup(hermannMauguin: "F d -3 m :2")?.extensionCode == "2")
        #expect(SpaceGroup(hermannMauguin: "F d -3 m Z")?.extensionCode == "2")
        #expect(SpaceGroup(hermannMauguin: "R -3 m")?.extensionCode == "H")
        #expect(SpaceGroup(hermannMauguin: "R -3 m", rhombohedralCell: true)?.extensionCode == "R")
        #expect(SpaceGroup(hermannMauguin: "R -3 m:R")?.operations.count == 12)
        #expect(SpaceGroup(hermannMauguin: "P 21/c")?.hermannMauguin == "P 1 21/c 1")
        #expect(SpaceGroup(hermannMauguin: "P 1 21/c 1")?.shortSymbol == "P21/c")
        #expect(SpaceGroup(number: 227)?.extendedHermannMauguin == "F d -3 m:1")
        #expect(SpaceGroup(number: 194)?.crystalSystem == .hexagonal)
        for bad in ["P?", "", "Q 42", "P 2/m 2/m 2/m 2"] { #expect(SpaceGroup(hermannMauguin: bad) == nil, "\(bad)") }
        #expect(SpaceGroup(hall: "-P 2ybc")?.number == 14)
        #expect(SpaceGroup(hall: "-p_2yab")?.number == 14)
        #expect(SpaceGroup(hall: " -F 4 2 3")?.number == 225)
    }

    @Test func tripletsParseAndPrint() throws {
        let cases: [(String, String)] = [
            ("x,y,z", "x,y,z"), ("-x+1/2, y, -z", "-x+1/2,y,-z"), ("1/2+X,1/2-Y,Z", "x+1/2,-y+1/2,z"),
            ("x-y,x,z+1/6", "x-y,x,z+1/6"), ("x+0.5,y,z-0.25", "x+1/2,y,z-1/4"), ("-y+x, +x , 2/3+z", "x-y,x,z+2/3"),
            ("x,y,z,+1", "x,y,z"), ("2*x,y,z", "2*x,y,z"), ("x, y, z+0.6667", "x,y,z+0.6667"),
        ]
        for (text, canonical) in cases {
            let op = try #require(SymmetryOperation(triplet: text), "\(text)")
            #expect(op.triplet == canonical, "\(text)")
        }
        for bad in ["", "x,y", "x,y,q", "x,,z", "x y z", "x,y,z,+2", "x,y,1/0"] { #expect(SymmetryOperation(triplet: bad) == nil, "\(bad)") }
        let op = try #require(SymmetryOperation(triplet: "-x+1/2,y+1/2,-z"))
        #expect(op.apply(SIMD3(0.1, 0.2, 0.3)) == SIMD3(0.4, 0.7, -0.3))
        #expect(op.composed(after: op).wrapped.triplet == "x,y,z")
    }
}
