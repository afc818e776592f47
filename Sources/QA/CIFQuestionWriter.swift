import CIF
import CorpusCore

/// Writes deterministic question–answer pairs about a crystal structure from its CIF fields, no
/// model involved: formula, space group (symbol and number), crystal system, lattice parameters,
/// cell volume, density, elements and site count, plus two tasks that show trimmed CIF text and ask
/// for the formula or the space group, as LLaMat-CIF does.
///
/// Each task has several hand-written phrasings (`CIFQuestionTemplates`); which one a document gets
/// is drawn from XXH64 of its id and the task, seeded with `seed`, so output depends only on
/// (seed, document). Answers are sentences with units (Å, °, Å³, g/cm³) and the numbers as the CIF
/// states them. A task whose facts are missing, malformed or contradictory is skipped.
///
/// ```swift
/// let writer = CIFQuestionWriter(seed: 7)
/// for q in writer.questions(for: document) { print(q.task, q.pair.question, q.pair.answer) }
/// ```
public struct CIFQuestionWriter: Sendable {
    /// Seeds the choice of phrasing.
    public var seed: UInt64
    /// Distinct phrasings written per task and document (at least 1; at most the task's count).
    public var phrasingsPerTask: Int
    /// The longest CIF text (characters) a question may show; structures whose trimmed CIF is longer
    /// get no `formula_from_cif` or `space_group_from_cif` question.
    public var maxEmbeddedCIFLength: Int = 6000

    /// The tasks, in the order their questions are written.
    public static var tasks: [String] { CIFQuestionTemplates.tasks }

    /// A writer; `seed` picks the phrasings, `phrasingsPerTask` how many per task.
    public init(seed: UInt64 = 0, phrasingsPerTask: Int = 1) {
        self.seed = seed
        self.phrasingsPerTask = phrasingsPerTask
    }

    /// Questions about the structure in `document` (a `cif` document from the CIF reader), from its
    /// metadata (falling back to parsing `document.text` with the CIF module when a field is missing
    /// from metadata or unusable). Empty when the document is not a structure or has none of the
    /// fields. Deterministic in (seed, document.id) for a given document.
    public func questions(for document: Document) -> [CIFQuestion] {
        let values = Self.values(for: document, maxEmbeddedCIFLength: maxEmbeddedCIFLength)
        guard !values.isEmpty else { return [] }
        var out: [CIFQuestion] = []
        for task in Self.tasks {
            let rendered = CIFQuestionTemplates.templates(task).enumerated().compactMap { i, template in
                template.render(values).map { (id: "\(task).\(i + 1)", pair: $0) }
            }
            guard !rendered.isEmpty else { continue }
            for i in choice(of: min(max(1, phrasingsPerTask), rendered.count), from: rendered.count, document: document.id, task: task) {
                out.append(CIFQuestion(pair: rendered[i].pair, task: task, template: rendered[i].id))
            }
        }
        return out
    }

    /// The placeholder values for `document`: metadata first, the parsed text for what it lacks;
    /// empty when it is not a structure with a formula.
    static func values(for document: Document, maxEmbeddedCIFLength: Int) -> [String: String] {
        let fromMetadata = CIFStructureFacts(metadata: document.metadata)
        guard document.source == .cif || fromMetadata.formula != nil else { return [:] }
        let structure = CIFTextStructure.structure(in: document)
        let facts = fromMetadata.filling(from: structure.map(CIFStructureFacts.init(structure:)) ?? CIFStructureFacts())
        let embedded = structure.flatMap { EmbeddedCIF(structure: $0, maxLength: maxEmbeddedCIFLength) }
        return CIFQuestionValues.values(facts, embedded: embedded)
    }

    /// `count` distinct indices below `n`: the start of a Fisher–Yates shuffle driven by SplitMix64
    /// seeded with XXH64(id, task; seed).
    private func choice(of count: Int, from n: Int, document id: String, task: String) -> [Int] {
        var rng = SplitMix64(seed: XXH64.hash(id + "\u{1F}" + task, seed: seed))
        var indices = Array(0..<n)
        for i in 0..<count {
            let j = i + Int(rng.next() % UInt64(n - i))
            indices.swapAt(i, j)
        }
        return Array(indices.prefix(count))
    }
}
