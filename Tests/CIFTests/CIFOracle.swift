import Foundation
import _CorpusTestSupport

/// Reference answers from gemmi 0.7.5 and pymatgen 2026.10.24 for every fixture block
/// (`../shared/checks/data/cif-oracle-dev.jsonl`; fields in `README-cif-oracle.md`).
struct CIFOracleRecord {
    var file: String
    var block: String?
    var gemmiOK: Bool
    var gemmiError: String?
    var pymatgenOK: Bool
    var isStructureBlock: Bool
    var cell: [String: Double]?
    var spaceGroupNumber: Int?
    var reducedFormula: String?
    var nsites: Int?
    var formulaSum: String?

    init(_ o: [String: Any]) {
        file = o["file"] as! String
        block = o["block"] as? String
        gemmiOK = o["gemmi_ok"] as? Bool ?? false
        gemmiError = o["gemmi_error"] as? String
        pymatgenOK = o["pymatgen_ok"] as? Bool ?? false
        isStructureBlock = o["is_structure_block"] as? Bool ?? false
        cell = (o["cell"] as? [String: Any])?.compactMapValues { ($0 as? NSNumber)?.doubleValue }
        spaceGroupNumber = o["spacegroup_number"] as? Int
        reducedFormula = o["reduced_formula"] as? String
        nsites = o["nsites"] as? Int
        formulaSum = o["formula_sum"] as? String
    }

    /// The location gemmi's error names: `file:LINE:COL(OFFSET): …` (0-based column) or
    /// `file:LINE in data_X: …` (line only).
    var gemmiLocation: (line: Int, column: Int?)? {
        guard let e = gemmiError else { return nil }
        let afterFile = e.dropFirst(file.count)
        guard afterFile.hasPrefix(":") else { return nil }
        let digits = afterFile.dropFirst().prefix { $0.isNumber }
        guard let line = Int(digits) else { return nil }
        let rest = afterFile.dropFirst(1 + digits.count)
        if rest.hasPrefix(":") {
            let col = rest.dropFirst().prefix { $0.isNumber }
            return (line, Int(col).map { $0 + 1 })
        }
        return (line, nil)
    }
}

enum CIFOracle {
    static func load(_ shared: URL) throws -> [CIFOracleRecord] {
        let url = shared.appendingPathComponent("checks/data/cif-oracle-dev.jsonl")
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            CIFOracleRecord(try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any])
        }
    }

    static func bytes(_ shared: URL, _ file: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: shared.appendingPathComponent("fixtures").appendingPathComponent(file)))
    }
}
