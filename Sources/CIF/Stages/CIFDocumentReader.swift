import CorpusCore

/// Reader `cif`: one document per crystal-structure data block, its text the canonical CIF (or a
/// short text rendering, or both), its structured fields in metadata (`cell` as the canonical CIF writes it).
///
/// Blocks that hold no structure are dropped with a reason (`mmcif`, `no_cell`, `no_atom_sites`).
/// Syntax errors are recovered from the way gemmi reports them: the structures that still read are
/// emitted with the errors listed in `metadata.cif_errors`; a file that yields nothing because of its
/// errors is rejected with the first error's line, column and rule. With `strict`, any syntax error
/// rejects the whole file.
public struct CIFDocumentReader: DocumentReader {
    /// What a document's text holds.
    public enum Rendering: String, Sendable, CaseIterable {
        case cif, text, both
    }

    public let name = "cif"
    public var source: DocumentSource
    public var rendering: Rendering
    public var options: CanonicalCIFOptions
    public var strict: Bool

    public init(source: DocumentSource = .cif, rendering: Rendering = .cif, options: CanonicalCIFOptions = CanonicalCIFOptions(),
                strict: Bool = false) {
        self.source = source
        self.rendering = rendering
        self.options = options
        self.strict = strict
    }

    public mutating func read(_ member: InputMember, into context: inout ReaderContext) throws {
        let document = try CIFDocument(reading: member.source, file: member.displayName)
        func rejection(_ error: CIFSyntaxError) -> InputRejection {
            InputRejection(file: member.file, member: member.member, line: error.location.line,
                           reason: "line \(error.location.line), column \(error.location.column): \(error.rule.message)")
        }
        if strict, let first = document.errors.first {
            context.reject(rejection(first))
            return
        }
        var emitted = 0
        var seen: [String: Int] = [:]
        for block in document.blocks {
            let kind = CIFBlockKind(block)
            guard kind == .structure else {
                context.drop(reason: DropReason(String(kind.description.map { $0 == "-" ? "_" : $0 })))
                continue
            }
            let structure = CrystalStructure(block: block)
            let summary = structure.summary()
            var text: String
            do {
                switch rendering {
                case .cif: text = try CanonicalCIF.render(structure, options: options)
                case .text: text = StructureText.render(structure, options: options) ?? ""
                case .both:
                    text = (StructureText.render(structure, options: options).map { $0 + "\n\n" } ?? "")
                        + (try CanonicalCIF.render(structure, options: options))
                }
            } catch {
                context.reject(InputRejection(file: member.file, member: member.member, line: block.location.line,
                                              reason: "block \(block.name): \(error)"))
                continue
            }
            if text.isEmpty {
                context.drop(reason: "no_text")
                continue
            }
            // Block names can repeat within a file; the occurrence number keeps ids distinct and stable.
            let occurrence = seen[block.name, default: 0]
            seen[block.name] = occurrence + 1
            let locator = member.locator + "#" + block.name + (occurrence > 0 ? "#\(occurrence)" : "")
            var metadata = Metadata()
            metadata.extra["block"] = .string(block.name)
            if let v = structure.formulaSum { metadata.extra["formula_sum"] = .string(v) }
            if let v = summary.reducedFormula { metadata.extra["reduced_formula"] = .string(v) }
            if !summary.elements.isEmpty { metadata.extra["elements"] = .array(summary.elements.map(JSONValue.string)) }
            if let v = summary.spaceGroupNumber { metadata.extra["spacegroup_number"] = .int(Int64(v)) }
            if let v = summary.spaceGroupSymbol { metadata.extra["spacegroup_hm"] = .string(v) }
            if let v = summary.crystalSystem { metadata.extra["crystal_system"] = .string(v.rawValue) }
            if let v = summary.cell, let cell = Self.cellMetadata(v, decimals: options.decimals) { metadata.extra["cell"] = cell }
            if let v = summary.siteCount { metadata.extra["nsites"] = .int(Int64(v)) }
            if let v = summary.density, v.isFinite { metadata.extra["density"] = .double((v * 1e4).rounded() / 1e4) }
            if summary.cell != nil { metadata.extra["duplicate_key"] = .string(summary.duplicateKey()) }
            if !document.errors.isEmpty {
                metadata.extra["cif_errors"] = .array(document.errors.prefix(20).map {
                    .string("\($0.location.line):\($0.location.column): \($0.rule.message)")
                })
            }
            try context.emit(Document(text: text, source: source, locator: locator, metadata: metadata,
                                      provenance: Provenance(file: member.file, member: member.member, line: block.location.line)))
            emitted += 1
        }
        if emitted == 0, let first = document.errors.first {
            context.reject(rejection(first))
        }
    }

    /// `cell` metadata: `{a, b, c, alpha, beta, gamma, volume}` as the canonical CIF writes them (each
    /// parameter rounded to `decimals`, the volume computed from the rounded cell and rounded the same
    /// way); nil when a parameter is not finite.
    static func cellMetadata(_ cell: UnitCell, decimals: Int) -> JSONValue? {
        func r(_ v: Double) -> Double { CanonicalNumber.rounded(v, decimals: decimals) }
        let rounded = UnitCell(a: r(cell.a), b: r(cell.b), c: r(cell.c), alpha: r(cell.alpha), beta: r(cell.beta), gamma: r(cell.gamma))
        let values = ["a": rounded.a, "b": rounded.b, "c": rounded.c, "alpha": rounded.alpha, "beta": rounded.beta,
                      "gamma": rounded.gamma, "volume": r(rounded.volume)]
        guard values.values.allSatisfy(\.isFinite) else { return nil }
        return .object(values.mapValues(JSONValue.double))
    }
}
