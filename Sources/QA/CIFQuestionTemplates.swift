/// The hand-written phrasings of every CIF task, in the spirit of LLaMat-CIF's structure tasks
/// (formula, space group, crystal system, lattice parameters, density, and reading CIF text).
///
/// Template ids are `task.N`, N counting from 1 in the order listed here: add new phrasings at the
/// end of a task's list so that existing ids keep their meaning. Placeholders are documented in
/// `CIFQuestionValues`; a template renders only for structures that have every value it names.
enum CIFQuestionTemplates {
    /// The tasks, in the order questions are written.
    static let tasks: [String] = catalog.map(\.task)

    /// The templates of `task` (empty for an unknown task).
    static func templates(_ task: String) -> [CIFQuestionTemplate] {
        catalog.first { $0.task == task }?.templates ?? []
    }

    typealias T = CIFQuestionTemplate

    static let catalog: [(task: String, templates: [CIFQuestionTemplate])] = [
        ("formula", [
            T("A crystal structure in space group {sg} has the formula sum {formula_sum} in its CIF. What is its reduced chemical formula?",
              "The formula sum {formula_sum} reduces to {formula}."),
            T("Write the reduced formula of the compound whose CIF gives _chemical_formula_sum '{formula_sum}'.",
              "Its reduced formula is {formula}."),
            T("What is the chemical formula, in reduced form, of the crystal structure in space group No. {sg_number} whose formula sum is {formula_sum}?",
              "The reduced formula is {formula}."),
            T("Express the CIF formula sum {formula_sum} as a reduced chemical formula.",
              "Written as a reduced formula, {formula_sum} is {formula}."),
            T("Which compound has a crystal structure in space group {sg} with the CIF formula sum {formula_sum}? Give its reduced formula.",
              "That is {formula}, whose formula sum is {formula_sum}."),
        ]),
        ("space_group", [
            T("What is the space group of {structure_by_cell}?",
              "It crystallizes in space group {sg_both}, number {sg_number} in the International Tables."),
            T("In which space group does {structure_by_cell} crystallize?",
              "This {formula} structure belongs to space group {sg_both}, No. {sg_number}."),
            T("Give the Hermann–Mauguin symbol and the number of the space group of {structure_by_cell}.",
              "The space group is {sg_both}, number {sg_number}."),
            T("Which space group describes the symmetry of {structure_by_cell}?",
              "Its symmetry is that of space group {sg_both}, No. {sg_number}."),
            T("What is the space group of {structure_by_cell}? Give its Hermann–Mauguin symbol.",
              "Its space group is {sg_both}."),
            T("Name the space group of {structure_by_cell}.",
              "The structure has space group {sg_both}."),
        ]),
        ("space_group_number", [
            T("What is the International Tables number of space group {sg}, the space group of {structure_by_cell}?",
              "Space group {sg} is number {sg_number}."),
            T("What is the space-group number of {structure_by_cell}?",
              "Its space-group number is {sg_number}."),
            T("A crystal structure of {formula} has space group {sg}. What is the number of this space group in the International Tables for Crystallography?",
              "Space group {sg} is No. {sg_number} in the International Tables for Crystallography."),
            T("Which number, from 1 to 230, identifies the space group of {structure_by_cell}?",
              "Its space group is number {sg_number} of the 230."),
            T("Give the space-group number of {structure_by_cell}.",
              "{Structure_by_cell} has space group No. {sg_number}."),
        ]),
        ("crystal_system", [
            T("What is the crystal system of {structure}?",
              "It is {system}: space groups {system_range} make up the {system} crystal system, and this one is No. {sg_number}."),
            T("To which crystal system does {structure} belong?",
              "It belongs to the {system} crystal system."),
            T("Is {structure} triclinic, monoclinic, orthorhombic, tetragonal, trigonal, hexagonal or cubic?",
              "It is {system}, since its space group, No. {sg_number}, lies in the {system} range {system_range}."),
            T("Which of the seven crystal systems does {structure} have?",
              "{System}: space group No. {sg_number} is one of the {system} space groups, {system_range}."),
            T("Name the crystal system of {structure}.",
              "The crystal system is {system}."),
        ]),
        ("lattice_parameters", [
            T("What are the lattice parameters of {structure}?",
              "The lattice parameters are {lengths}, with angles {angles}{cell_system_note}."),
            T("Give the unit-cell dimensions (a, b, c, α, β, γ) of {structure}.",
              "The unit cell has {lengths} and {angles}{cell_system_note}."),
            T("List the cell lengths and angles of {structure}.",
              "Cell lengths: {lengths}. Cell angles: {angles}."),
            T("Describe the unit cell of {structure} by its lattice constants.",
              "Its lattice constants are {lengths}; the angles are {angles}{cell_system_note}."),
            T("What are a, b, c, α, β and γ for {structure}?",
              "They are a = {a} Å, b = {b} Å, c = {c} Å, α = {alpha}°, β = {beta}° and γ = {gamma}°."),
        ]),
        ("cell_volume", [
            T("What is the unit-cell volume of {structure}?",
              "The unit cell has a volume of {volume} Å³."),
            T("How large is the unit cell of {structure}, in cubic ångströms?",
              "Its volume is {volume} Å³."),
            T("Give the cell volume of {structure}.",
              "The cell volume is {volume} Å³."),
            T("{Structure} has {lengths} and {angles}. What is the volume of its unit cell?",
              "The unit-cell volume is {volume} Å³."),
        ]),
        ("density", [
            T("What is the density of {structure}?",
              "Its calculated density is {density} g/cm³."),
            T("What is the calculated (X-ray) density of {structure}, in g/cm³?",
              "The calculated density is {density} g/cm³."),
            T("How dense is {structure}?",
              "{Structure} has a density of {density} g/cm³."),
            T("From the contents and volume of its unit cell, what is the density of {structure}?",
              "The mass of the cell contents divided by the cell volume gives {density} g/cm³."),
            T("{Structure} has a unit-cell volume of {volume} Å³. What is its density?",
              "Its density is {density} g/cm³."),
        ]),
        ("elements", [
            T("Which elements does {structure} contain?",
              "It contains {element_count_phrase}: {elements_list}."),
            T("List the chemical elements present in {structure}.",
              "{Structure} contains {elements_list}."),
            T("How many different elements are there in {structure}, and which are they?",
              "There are {element_count_phrase}: {elements_list}."),
            T("What elements make up {structure}?",
              "It is made up of {elements_list}."),
        ]),
        ("site_count", [
            T("How many atomic sites does the unit cell of {structure} contain?",
              "The unit cell contains {nsites_phrase}."),
            T("Counting every symmetry-equivalent position, how many sites are there in the unit cell of {structure}?",
              "There are {nsites_phrase} in the unit cell."),
            T("What is the number of sites in the full unit cell of {structure}?",
              "The full unit cell has {nsites_phrase}."),
            T("After applying the space-group symmetry to the asymmetric unit, how many sites does the unit cell of {structure} have?",
              "Applying the symmetry gives {nsites_phrase} in the unit cell."),
        ]),
        ("formula_from_cif", [
            T("Here is a crystal structure in CIF format:\n\n{cif_formula_text}\n\nWhat is the chemical formula of this compound?",
              "The unit cell contains {cif_cell_formula}, so the reduced formula is {cif_formula}."),
            T("What compound does the following CIF describe? Give its reduced formula.\n\n{cif_formula_text}",
              "The CIF describes {cif_formula}; its unit cell holds {cif_cell_formula}."),
            T("Read the CIF below and state the formula of the material.\n\n{cif_formula_text}",
              "The material is {cif_formula} (cell contents {cif_cell_formula})."),
            T("{cif_formula_text}\n\nWhich chemical formula corresponds to the crystal structure above?",
              "Expanding the sites by the symmetry operations gives {cif_cell_formula} per cell, which is {cif_formula}."),
        ]),
        ("space_group_from_cif", [
            T("Here is a crystal structure in CIF format, with its space-group name and number left out:\n\n{cif_sg_text}\n\nWhat is its space group?",
              "The symmetry operations are those of space group {cif_sg_both}, number {cif_sg_number}."),
            T("Which space group do the symmetry operations of this CIF form?\n\n{cif_sg_text}",
              "They form space group {cif_sg_both}, No. {cif_sg_number}."),
            T("Identify the space group (symbol and number) of the structure described below.\n\n{cif_sg_text}",
              "The space group is {cif_sg_both}, number {cif_sg_number}."),
            T("{cif_sg_text}\n\nThe CIF above lists its symmetry operations but not its space group. Which space group is it?",
              "It is space group {cif_sg_both}, No. {cif_sg_number}."),
        ]),
    ]
}
