import CIF

/// The texts templates put in their `{placeholders}`, from checked facts. A placeholder is present
/// only when its fact is known, so a template that names one renders only for structures that have
/// it.
///
/// Numbers are written as stated, trailing zeros dropped (`4.0060` → `4.006`). Equal cell lengths
/// or angles are written as equal (`a = b = c = 4.006 Å`), compared as written.
enum CIFQuestionValues {
    static func values(_ facts: CIFStructureFacts, embedded: EmbeddedCIF?) -> [String: String] {
        var v: [String: String] = [:]
        guard let formula = facts.formula else { return v }
        v["formula"] = formula
        if let sum = facts.formulaSum { v["formula_sum"] = sum }
        if !facts.elements.isEmpty {
            v["elements_list"] = QANumberText.list(facts.elements)
            v["element_count_phrase"] = QANumberText.count(facts.elements.count, "element", "elements")
        }

        var symbol: String?
        if let hm = facts.spaceGroupSymbol {
            let compact = SpaceGroupSymbolText.compact(hm)
            symbol = compact
            v["sg"] = compact
            v["sg_hm"] = hm
            v["sg_both"] = compact == hm ? compact : "\(compact) ('\(hm)' in CIF notation)"
        }
        if let number = facts.spaceGroupNumber { v["sg_number"] = String(number) }
        if let system = facts.crystalSystem {
            v["system"] = system.rawValue
            if let number = facts.spaceGroupNumber, range(of: system).contains(number) {
                let r = range(of: system)
                v["system_range"] = "\(r.lowerBound)–\(r.upperBound)"
            }
        }

        var lengths: String?
        if let cell = facts.cell, let l = grouped(["a", "b", "c"], [cell.a, cell.b, cell.c], unit: " Å"),
           let g = grouped(["α", "β", "γ"], [cell.alpha, cell.beta, cell.gamma], unit: "°") {
            lengths = l
            v["lengths"] = l
            v["angles"] = g
            for (key, value) in [("a", cell.a), ("b", cell.b), ("c", cell.c), ("alpha", cell.alpha), ("beta", cell.beta), ("gamma", cell.gamma)] {
                v[key] = QANumberText.format(value)
            }
            v["cell_system_note"] = facts.crystalSystem.flatMap { systemNote($0, cell) } ?? ""
            if let volume = cell.volume.flatMap({ QANumberText.format($0) }) { v["volume"] = volume }
        }
        if let n = facts.siteCount {
            v["nsites"] = String(n)
            v["nsites_phrase"] = QANumberText.count(n, "atomic site", "atomic sites")
        }
        if let d = facts.density.flatMap({ QANumberText.format($0) }) { v["density"] = d }

        let subject = "the crystal structure of \(formula)"
        if let symbol {
            v["structure"] = "\(subject) in space group \(symbol)"
        } else if let number = facts.spaceGroupNumber {
            v["structure"] = "\(subject) in space group No. \(number)"
        } else if let lengths {
            v["structure"] = "\(subject) with \(lengths)"
        } else {
            v["structure"] = subject
        }
        if let lengths {
            v["structure_by_cell"] = "\(subject) with \(lengths)"
        } else if let phrase = v["nsites_phrase"] {
            v["structure_by_cell"] = "\(subject) with \(phrase) in its unit cell"
        } else {
            v["structure_by_cell"] = subject
        }

        if let e = embedded {
            if let text = e.formulaQuestionText, let f = e.formula, let cf = e.cellFormula {
                v["cif_formula_text"] = text
                v["cif_formula"] = f
                v["cif_cell_formula"] = cf
            }
            if let text = e.spaceGroupQuestionText, let hm = e.spaceGroupSymbol, let number = e.spaceGroupNumber {
                let compact = SpaceGroupSymbolText.compact(hm)
                v["cif_sg_text"] = text
                v["cif_sg"] = compact
                v["cif_sg_both"] = compact == hm ? compact : "\(compact) ('\(hm)' in CIF notation)"
                v["cif_sg_number"] = String(number)
            }
        }
        return v
    }

    /// The space-group numbers of a crystal system.
    static func range(of system: CrystalSystem) -> ClosedRange<Int> {
        switch system {
        case .triclinic: return 1...2
        case .monoclinic: return 3...15
        case .orthorhombic: return 16...74
        case .tetragonal: return 75...142
        case .trigonal: return 143...167
        case .hexagonal: return 168...194
        case .cubic: return 195...230
        }
    }

    /// `a = b = 3.9 Å, c = 4.1 Å`: the values as written, names with equal values joined; nil when
    /// one cannot be written.
    static func grouped(_ names: [String], _ values: [Double], unit: String) -> String? {
        var groups: [(names: [String], text: String)] = []
        for (name, value) in zip(names, values) {
            guard let text = QANumberText.format(value) else { return nil }
            if let i = groups.firstIndex(where: { $0.text == text }) { groups[i].names.append(name) } else { groups.append(([name], text)) }
        }
        return groups.map { $0.names.joined(separator: " = ") + " = " + $0.text + unit }.joined(separator: ", ")
    }

    /// `, as required for a cubic cell` when the cell as written meets the system's metric
    /// conditions; nil when it does not (or the system sets none).
    static func systemNote(_ system: CrystalSystem, _ cell: CIFStructureFacts.Cell) -> String? {
        let t = [cell.a, cell.b, cell.c, cell.alpha, cell.beta, cell.gamma].map { QANumberText.format($0) ?? "" }
        let (a, b, c, alpha, beta, gamma) = (t[0], t[1], t[2], t[3], t[4], t[5])
        let right = [alpha, beta, gamma].filter { $0 == "90" }.count
        let hexagonalAxes = a == b && alpha == "90" && beta == "90" && gamma == "120"
        let ok: Bool
        var axes = ""
        switch system {
        case .triclinic: return nil
        case .monoclinic: ok = right >= 2
        case .orthorhombic: ok = right == 3
        case .tetragonal: ok = a == b && right == 3
        case .cubic: ok = a == b && b == c && right == 3
        case .hexagonal: ok = hexagonalAxes
        case .trigonal:
            if hexagonalAxes {
                ok = true
                axes = " on hexagonal axes"
            } else {
                ok = a == b && b == c && alpha == beta && beta == gamma && alpha != "90"
                axes = " on rhombohedral axes"
            }
        }
        guard ok else { return nil }
        return ", as required for \(system == .orthorhombic ? "an" : "a") \(system.rawValue) cell\(axes)"
    }
}
