import Foundation
import Testing
import _CorpusTestSupport
@testable import CIF

/// Parity with the oracle over every fixture block: cells and space-group numbers (gemmi) and
/// reduced formulas (pymatgen).
@Suite struct CIFOracleParityTests {
    struct Reading {
        var isStructure: Bool
        var cell: UnitCell?
        var spaceGroupNumber: Int?
        var reducedFormula: String?
        var siteCount: Int?
    }

    /// Our reading of every block, by (file, lower-cased block name).
    static func readAll(_ shared: URL, files: Set<String>) throws -> [String: Reading] {
        var out: [String: Reading] = [:]
        for file in files {
            let doc = CIFDocument(parsing: try CIFOracle.bytes(shared, file), file: file)
            for block in doc.blocks {
                let s = CrystalStructure(block: block)
                var reading = Reading(isStructure: CrystalStructure.isStructureBlock(block), cell: s.cell, spaceGroupNumber: s.spaceGroupNumber)
                if !s.sites.isEmpty {
                    let cell = s.expandedCell()
                    reading.reducedFormula = cell.composition.reducedFormula
                    reading.siteCount = cell.sites.count
                }
                let key = file + "#" + block.name.lowercased()
                if out[key] == nil { out[key] = reading }
            }
        }
        return out
    }

    @Test func cellsSpaceGroupsAndFormulas() throws {
        guard let shared = Fixtures.shared else {
            print(Fixtures.sharedMissing)
            return
        }
        let records = try CIFOracle.load(shared)
        let readings = try Self.readAll(shared, files: Set(records.map(\.file)))
        func reading(_ r: CIFOracleRecord) -> Reading? { readings[r.file + "#" + (r.block ?? "").lowercased()] }

        // Cells: every structure block with a cell, within 1e-4 (relative above 1).
        var cells = 0
        for r in records where r.isStructureBlock {
            guard let expected = r.cell else { continue }
            cells += 1
            let cell = try #require(reading(r)?.cell, "\(r.file)#\(r.block ?? "")")
            let ours = ["a": cell.a, "b": cell.b, "c": cell.c, "alpha": cell.alpha, "beta": cell.beta, "gamma": cell.gamma, "volume": cell.volume]
            for (key, value) in ours {
                let want = try #require(expected[key])
                #expect(abs(value - want) <= 1e-4 * max(1, abs(want)), "\(r.file)#\(r.block ?? ""): \(key) \(value) vs \(want)")
            }
        }
        #expect(cells == 394)

        // Space-group numbers: wherever the oracle has one.
        var groups = 0
        for r in records {
            guard let number = r.spaceGroupNumber else { continue }
            groups += 1
            #expect(reading(r)?.spaceGroupNumber == number, "\(r.file)#\(r.block ?? "")")
        }
        #expect(groups == 398)

        // Reduced formulas: ≥ 98% of the blocks pymatgen reads, every disagreement allowlisted.
        var agree = 0
        var total = 0
        var disagreements: [String: (ours: String?, theirs: String)] = [:]
        for r in records where r.pymatgenOK {
            guard let theirs = r.reducedFormula else { continue }
            total += 1
            let ours = reading(r)?.reducedFormula
            if ours == theirs { agree += 1 } else { disagreements[r.file + "#" + (r.block ?? "")] = (ours, theirs) }
        }
        #expect(total == 380)
        #expect(Double(agree) >= 0.98 * Double(total), "\(agree)/\(total)")
        let allowed = Dictionary(uniqueKeysWithValues: formulaParityAllowlist.map { ($0.file + "#" + $0.block, $0) })
        for (key, d) in disagreements.sorted(by: { $0.key < $1.key }) {
            let entry = allowed[key]
            #expect(entry != nil, "new disagreement \(key): ours \(d.ours ?? "nil"), pymatgen \(d.theirs)")
            if let entry { #expect(entry.ours == d.ours && entry.pymatgen == d.theirs, "\(key) changed: ours \(d.ours ?? "nil")") }
        }
        for key in allowed.keys where disagreements[key] == nil {
            Issue.record("allowlist entry \(key) no longer disagrees: remove it")
        }
    }

    /// `CIFBlockKind.structure` is exactly the oracle's `is_structure_block`; mmCIF blocks are told apart.
    @Test func blockKinds() throws {
        guard let shared = Fixtures.shared else {
            print(Fixtures.sharedMissing)
            return
        }
        let records = try CIFOracle.load(shared)
        var kinds: [String: CIFBlockKind] = [:]
        for file in Set(records.map(\.file)) {
            for block in CIFDocument(parsing: try CIFOracle.bytes(shared, file)).blocks {
                let key = file + "#" + block.name.lowercased()
                if kinds[key] == nil { kinds[key] = CIFBlockKind(block) }
            }
        }
        for r in records where r.block != nil {
            guard let kind = kinds[r.file + "#" + r.block!.lowercased()] else { continue }
            #expect((kind == .structure) == r.isStructureBlock, "\(r.file)#\(r.block!)")
        }
        #expect(kinds["cif/mmcif/gemmi__5i55.cif#5i55"] == .macromolecular)
    }

    /// Sites in the full cell follow pymatgen's merging too.
    @Test func siteCountsMatchPymatgen() throws {
        guard let shared = Fixtures.shared else {
            print(Fixtures.sharedMissing)
            return
        }
        let records = try CIFOracle.load(shared).filter { $0.pymatgenOK && $0.nsites != nil }
        let readings = try Self.readAll(shared, files: Set(records.map(\.file)))
        let allowed = Set(formulaParityAllowlist.map { $0.file + "#" + $0.block })
        var agree = 0
        for r in records {
            let key = r.file + "#" + (r.block ?? "")
            let ours = readings[r.file + "#" + (r.block ?? "").lowercased()]?.siteCount
            if ours == r.nsites { agree += 1 } else { #expect(allowed.contains(key), "\(key): \(ours ?? -1) sites vs \(r.nsites!)") }
        }
        #expect(agree >= records.count - allowed.count)
    }
}
