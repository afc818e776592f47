import CorpusCore
import Foundation
import _CorpusTestSupport

/// Real texts from `../shared/fixtures/text` and small hand-made ones for the filter tests.
enum FilterFixtures {
    /// Every materials-science document of the fixtures: each `.txt` file under `text/materials`
    /// (papers' synthesis sections with title and DOI) and each `text`/`paragraph_string` of a
    /// `.jsonl` line there (paragraphs), by folder name; nil when `../shared` is absent.
    static func materials() throws -> [String: [String]]? {
        guard let shared = Fixtures.shared else { return nil }
        return try texts(under: shared.appendingPathComponent("fixtures/text/materials"))
    }

    /// The general-English samples (`text/general/*.sample.jsonl`) by file name; nil when absent.
    static func general() throws -> [String: [String]]? {
        guard let shared = Fixtures.shared else { return nil }
        return try texts(under: shared.appendingPathComponent("fixtures/text/general"))
    }

    static func texts(under root: URL) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        let files = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []).sorted()
        for rel in files {
            let url = root.appendingPathComponent(rel)
            let group = rel.hasSuffix(".txt") ? (rel.split(separator: "/").first.map(String.init) ?? rel) : url.lastPathComponent
            if rel.hasSuffix(".txt") {
                result[group, default: []].append(try String(contentsOf: url, encoding: .utf8))
            } else if rel.hasSuffix(".jsonl") {
                let data = try Data(contentsOf: url)
                for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                    guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { continue }
                    if let text = (object["text"] ?? object["paragraph_string"]) as? String { result[group, default: []].append(text) }
                }
            }
        }
        return result
    }

    static func document(_ text: String, source: DocumentSource = .paper) -> Document {
        Document(id: "d1", text: text, source: source, provenance: Provenance(file: "test.txt"))
    }

    /// Runs a stage on one document.
    static func run<S: Stage>(_ stage: inout S, _ text: String) throws -> StageOutput {
        var output = StageOutput()
        try stage.process(document(text), into: &output)
        return output
    }

    /// A methods section as extracted from a paper: formulas, `{`, `±`, `°C`, a TeX fragment, units,
    /// a small pipe table and a display formula.
    static let methodsSection = """
        ## 2. Experimental

        ### 2.1 Synthesis of La0.6Sr0.4Co0.2Fe0.8O3-δ

        LSCF powders were prepared by a modified Pechini method. Stoichiometric amounts of La(NO3)3·6H2O \
        (99.9%), Sr(NO3)2 (99%), Co(NO3)2·6H2O and Fe(NO3)3·9H2O were dissolved in deionized water, and citric \
        acid and EDTA were added in a molar ratio of {metal ions}:{CA}:{EDTA} = 1:1.5:1. The pH was adjusted to 7 \
        with NH4OH, and the solution was heated at 80 °C until a gel formed. The gel was dried at 250 °C for 5 h \
        and calcined at 950 ± 5 °C for 4 h in air (heating rate 5 °C min^-1).

        The phase purity was checked by XRD (Cu Kα, λ = 1.5406 Å, 2θ = 20–80°, step 0.02°). Rietveld refinement \
        in the space group R-3c gave a = 5.4921(3) Å and c = 13.3584(8) Å; the fit of $\\chi^{2} = 1.42$ and \
        R_{wp} = 6.8% confirmed a single phase. The specific surface area was 12.4 ± 0.3 m^2 g^-1 (BET, N2 at −196 °C).

        Table 1. Lattice parameters and conductivity of LSCF at 800 °C.

        | x | a (Å) | c (Å) | σ (S cm^-1) |
        |---|---|---|---|
        | 0.2 | 5.4921 | 13.3584 | 312 ± 4 |
        | 0.4 | 5.4877 | 13.3411 | 287 ± 6 |
        | 0.6 | 5.4812 | 13.3298 | 254 ± 5 |

        The electrical conductivity σ follows the small-polaron relation σT = A exp(−E_a/k_B T), with E_a = 0.12 \
        ± 0.01 eV between 300 and 800 °C. Symmetric cells LSCF|GDC|LSCF were screen-printed on Ce0.9Gd0.1O1.95 \
        pellets sintered at 1450 °C for 10 h, and the area-specific resistance was 0.08 Ω cm^2 at 750 °C.

        $$R_{p} = \\frac{1}{2}\\left(Z'(\\omega \\to 0) - Z'(\\omega \\to \\infty)\\right) \\quad (1)$$
        """

    /// A CIF text rendering as the `cif` reader writes it (`render = "text"`), from a fixture CIF.
    static let cifRendering = """
        P2Pb3O8 (Z = 4), C 1 2/c 1 (No. 15), monoclinic
        a = 11.1793 Å, b = 8.8939 Å, c = 9.0265 Å, α = 90.00°, β = 113.30°, γ = 90.00°, V = 824.28 Å³
        P0 P 8 (0.2119, 0.2972, 0.6985)
        Pb1 Pb 8 (0.1495, 0.0460, 0.9398)
        Pb2 Pb 4 (0.0000, 0.4134, 0.2500)
        O3 O 8 (0.1361, 0.2001, 0.2377)
        O4 O 8 (0.1551, 0.1387, 0.6427)
        O5 O 8 (0.1581, 0.4169, 0.5607)
        O6 O 8 (0.1720, 0.3430, 0.8409)
        """

    /// A high-symmetry rendering whose site rows repeat numbers (`O O 8 (0.0000, 0.0000, …`).
    static let cifRenderingSymmetric = """
        C (Z = 8), F m m m (No. 69), orthorhombic
        a = 2.4560 Å, b = 4.2540 Å, c = 6.6960 Å, α = 90.00°, β = 90.00°, γ = 90.00°, V = 69.96 Å³
        C C 8 (0.0000, 0.1667, 0.0000)
        Fe1 Fe 4 (0.0000, 0.0000, 0.0000) occ 0.50
        Fe2 Fe 4 (0.0000, 0.0000, 0.5000) occ 0.50
        O1 O 8 (0.0000, 0.0000, 0.2500) occ 0.25
        O2 O 8 (0.0000, 0.5000, 0.2500) occ 0.25
        O3 O 8 (0.5000, 0.0000, 0.2500) occ 0.25
        O4 O 8 (0.5000, 0.5000, 0.2500) occ 0.25
        """

    /// The start of a disordered structure's rendering (a fixture CIF): sites sharing a position
    /// repeat their coordinates with another element and occupancy.
    static let cifRenderingDisordered = """
        Mg21.88Be5.88Al57.08Fe7.96Si19.2O160 (Z = 1), P 1 21/c 1 (No. 14), monoclinic
        a = 16.1150 Å, b = 14.3710 Å, c = 11.2540 Å, α = 90.00°, β = 90.90°, γ = 90.00°, V = 2605.98 Å³
        Fe1 Fe 4 (0.0677, 0.1595, 0.9402) occ 0.04
        Al1 Al 4 (0.0677, 0.1595, 0.9402) occ 0.96
        Fe2 Fe 4 (0.3069, 0.1590, 0.6835) occ 0.02
        Al2 Al 4 (0.3069, 0.1590, 0.6835) occ 0.98
        Fe3 Fe 4 (0.1881, 0.0566, 0.8155) occ 0.07
        Al3 Al 4 (0.1881, 0.0566, 0.8155) occ 0.93
        Fe4 Fe 4 (0.4395, 0.0570, 0.5614) occ 0.24
        Mg4 Mg 4 (0.4395, 0.0570, 0.5614) occ 0.76
        Fe5 Fe 4 (0.0722, 0.3684, 0.9354) occ 0.18
        Mg5 Mg 4 (0.0722, 0.3684, 0.9354) occ 0.57
        Al5 Al 4 (0.0722, 0.3684, 0.9354) occ 0.25
        Fe6 Fe 4 (0.3041, 0.3732, 0.6884) occ 0.21
        Mg6 Mg 4 (0.3041, 0.3732, 0.6884) occ 0.79
        """
}
