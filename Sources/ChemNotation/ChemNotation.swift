// Module ChemNotation: chemical notation in running text.
