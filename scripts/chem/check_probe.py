#!/usr/bin/env python3
"""Checks `matcorpus chem canon` and `matcorpus chem annotate` against live pymatgen on notation the
development oracle does not contain: other compounds, contexts and phrasings of every kind (hydrates of
other nitrates, other glasses and cement phases, phase prefixes, ions, dopant notation, abbreviations,
names, look-alikes).

The cases below are authored (their *meaning*: an interpretation as `coefficient formula` terms, an
ion, a wt% dictionary, or None for "no canonical formula"); every expected canonical is computed here by
pymatgen (`Composition(...).reduced_formula`, `Ion.from_formula(...).reduced_formula`,
`Composition.from_weight_dict`), never written by hand.

Usage: check_probe.py --matcorpus BIN [--min-canon 0.97] [--min-annotate 0.93]
Exit status 0 when both rates reach their minimum.
"""
import argparse, json, os, subprocess, sys, tempfile

# (input, context, interpretation or None, kind)
C = "In Portland cement clinker and its hydrates,"
cases = [
 # hydrates
 ("Y(NO3)3·6H2O", "Y(NO3)3·6H2O was dissolved in water.", "Y(NO3)3 + 6 H2O", "hydrate"),
 ("Ce(NO3)3.6H2O", "Ce(NO3)3.6H2O (99.9%) was used.", "Ce(NO3)3 + 6 H2O", "hydrate"),
 ("Cr(NO3)3•9H2O", "Cr(NO3)3•9H2O was added dropwise.", "Cr(NO3)3 + 9 H2O", "hydrate"),
 ("Y(NO3)3*6H2O", "Y(NO3)3*6H2O from Aldrich.", "Y(NO3)3 + 6 H2O", "hydrate"),
 ("Zr(NO3)4·5H2O", "Zr(NO3)4·5H2O was the zirconium source.", "Zr(NO3)4 + 5 H2O", "hydrate"),
 ("MgSO4·7H2O", "MgSO4·7H2O crystals formed.", "MgSO4 + 7 H2O", "hydrate"),
 ("Na2B4O7·10H2O", "Borax, Na2B4O7·10H2O, was used as flux.", "Na2B4O7 + 10 H2O", "hydrate"),
 ("AlCl3·6H2O", "AlCl3·6H2O was hydrolysed.", "AlCl3 + 6 H2O", "hydrate"),
 ("ZrOCl2·8H2O", "ZrOCl2·8H2O was the precursor.", "ZrOCl2 + 8 H2O", "hydrate"),
 ("Fe(NO3)3 · 9H2O", "Fe(NO3)3 · 9H2O was dissolved.", "Fe(NO3)3 + 9 H2O", "hydrate"),
 # oxide sums
 ("K2O·Al2O3·4SiO2", "Leucite glass K2O·Al2O3·4SiO2 was crystallised.", "K2O + Al2O3 + 4 SiO2", "oxide_sum"),
 ("2MgO·2Al2O3·5SiO2", "Cordierite, 2MgO·2Al2O3·5SiO2, has low expansion.", "2 MgO + 2 Al2O3 + 5 SiO2", "oxide_sum"),
 ("12CaO·7Al2O3", "Mayenite 12CaO·7Al2O3 is an electride host.", "12 CaO + 7 Al2O3", "oxide_sum"),
 ("Li2O·2SiO2", "Lithium disilicate Li2O·2SiO2 glass-ceramics.", "Li2O + 2 SiO2", "oxide_sum"),
 ("70SiO2–30CaO", "Bioactive glass 70SiO2–30CaO was made by sol-gel.", "70 SiO2 + 30 CaO", "oxide_sum"),
 ("40Li2S-60P2S5", "The 40Li2S-60P2S5 glass conducts lithium.", "40 Li2S + 60 P2S5", "oxide_sum"),
 ("(Li2O)0.3(B2O3)0.7", "Glasses (Li2O)0.3(B2O3)0.7 were quenched.", "0.3 Li2O + 0.7 B2O3", "oxide_sum"),
 ("3Y2O3·5Al2O3", "YAG is 3Y2O3·5Al2O3.", "3 Y2O3 + 5 Al2O3", "oxide_sum"),
 ("10 mol% Sc2O3–ZrO2", "Electrolytes of 10 mol% Sc2O3–ZrO2 were sintered.", "0.1 Sc2O3 + 0.9 ZrO2", "oxide_sum"),
 # cement
 ("C4A3S̄", C + " ye'elimite C4A3S̄ hydrates fast.", "4 CaO + 3 Al2O3 + SO3", "cement"),
 ("C4A3$", C + " C4A3$ reacts with gypsum.", "4 CaO + 3 Al2O3 + SO3", "cement"),
 ("C2ASH8", C + " strätlingite (C2ASH8) forms in slag blends.", "2 CaO + Al2O3 + SiO2 + 8 H2O", "cement"),
 ("C12A7", C + " C12A7 is a minor phase.", "12 CaO + 7 Al2O3", "cement"),
 ("CA", "In calcium aluminate cement the main phase CA hydrates to CAH10.", "CaO + Al2O3", "cement"),
 ("CA2", "In calcium aluminate cement CA2 reacts slowly.", "CaO + 2 Al2O3", "cement"),
 ("C3AH6", C + " C3AH6 is the stable hydrogarnet.", "3 CaO + Al2O3 + 6 H2O", "cement"),
 ("C4AH13", C + " C4AH13 forms at low temperature.", "4 CaO + Al2O3 + 13 H2O", "cement"),
 ("Mc", C + " monocarbonate (Mc) was detected by XRD.", "4 CaO + Al2O3 + CO2 + 11 H2O", "cement"),
 ("Hc", C + " hemicarbonate (Hc) was detected by XRD.", "4 CaO + Al2O3 + 0.5 CO2 + 12 H2O", "cement"),
 ("N-A-S-H", "In alkali-activated fly ash binders, N-A-S-H gel forms.", None, "cement_variable"),
 ("C2S", C + " C2S hydrates slowly.", "2 CaO + SiO2", "cement"),
 # phase prefixes
 ("β-Ga2O3", "β-Ga2O3 is an ultrawide-bandgap semiconductor.", "Ga2O3", "phase_prefix"),
 ("κ-Al2O3", "κ-Al2O3 coatings were deposited by CVD.", "Al2O3", "phase_prefix"),
 ("1T-MoS2", "Metallic 1T-MoS2 was exfoliated.", "MoS2", "phase_prefix"),
 ("2H-WS2", "2H-WS2 flakes were transferred.", "WS2", "phase_prefix"),
 ("h-BN", "h-BN encapsulation protects graphene.", "BN", "phase_prefix"),
 ("δ-MnO2", "Layered δ-MnO2 nanosheets were grown.", "MnO2", "phase_prefix"),
 ("ε-Fe2O3", "ε-Fe2O3 has a giant coercivity.", "Fe2O3", "phase_prefix"),
 ("m-ZrO2", "Monoclinic m-ZrO2 transformed.", "ZrO2", "phase_prefix"),
 # ions
 ("Cr3+", "Cr3+ ions occupy octahedral sites.", "ion:Cr[+3]", "ion"),
 ("Cr(VI)", "Cr(VI) was reduced to Cr(III).", "ion:Cr[+6]", "ion"),
 ("Ce4+", "Ce4+ is reduced to Ce3+ in hydrogen.", "ion:Ce[+4]", "ion"),
 ("NO3−", "NO3− ions were exchanged.", "ion:NO3[-1]", "ion"),
 ("NH4+", "NH4+ was removed by heating.", "ion:NH4[+1]", "ion"),
 ("Mn(IV)", "Mn(IV) dominates at the surface.", "ion:Mn[+4]", "ion"),
 ("Y³⁺", "Y³⁺ substitutes for Zr⁴⁺.", "ion:Y[+3]", "ion"),
 ("SO₄²⁻", "SO₄²⁻ was detected.", "ion:SO4[-2]", "ion"),
 # doped
 ("Ba0.5Sr0.5Co0.8Fe0.2O3", "Ba0.5Sr0.5Co0.8Fe0.2O3 cathodes were tested.", "Ba0.5Sr0.5Co0.8Fe0.2O3", "doped"),
 ("La0.8Sr0.2Ga0.8Mg0.2O3", "La0.8Sr0.2Ga0.8Mg0.2O3 electrolyte.", "La0.8Sr0.2Ga0.8Mg0.2O3", "doped"),
 ("Sm0.2Ce0.8O1.9", "Sm0.2Ce0.8O1.9 interlayers.", "Sm0.2Ce0.8O1.9", "doped"),
 ("Li1.3Al0.3Ti1.7(PO4)3", "Li1.3Al0.3Ti1.7(PO4)3 pellets.", "Li1.3Al0.3Ti1.7(PO4)3", "doped"),
 ("Na3Zr2Si2PO12", "NASICON Na3Zr2Si2PO12 was sintered.", "Na3Zr2Si2PO12", "plain"),
 ("(K0.5Na0.5)NbO3", "(K0.5Na0.5)NbO3 ceramics are lead-free.", "K0.5Na0.5NbO3", "doped"),
 ("Ni50Mn25Ga25", "The Heusler alloy Ni50Mn25Ga25 was melted.", "Ni50Mn25Ga25", "doped"),
 # dopant notation
 ("Y3Al5O12:Ce3+", "Y3Al5O12:Ce3+ phosphor emits yellow light.", "Y3Al5O12", "dopant_notation"),
 ("ZnS:Mn", "ZnS:Mn nanocrystals glow orange.", "ZnS", "dopant_notation"),
 ("Er-doped Al2O3", "Er-doped Al2O3 waveguides.", "Al2O3", "dopant_notation"),
 # nonstoichiometric / variable
 ("La0.6Sr0.4CoO3−δ", "La0.6Sr0.4CoO3−δ cathodes were tested.", "La0.6Sr0.4CoO3", "nonstoichiometric"),
 ("CeO2−x", "Reduced CeO2−x films.", "CeO2", "nonstoichiometric"),
 ("SrFeO3-δ", "SrFeO3-δ loses oxygen.", "SrFeO3", "nonstoichiometric"),
 ("LixMn2O4", "LixMn2O4 was delithiated.", None, "variable_composition"),
 ("Cu2-xSe", "Cu2-xSe is a thermoelectric.", None, "variable_composition"),
 ("Li1-xCoO2", "Li1-xCoO2 with x = 0.5 is monoclinic.", "Li0.5CoO2", "variable_composition"),
 ("MoOx", "MoOx hole-transport layers.", None, "variable_composition"),
 # chemical systems, composites
 ("Al2O3–SiO2", "The Al2O3–SiO2 phase diagram.", None, "chemical_system"),
 ("Li2O-B2O3", "Li2O-B2O3 glasses.", None, "chemical_system"),
 ("Fe3O4@SiO2", "Fe3O4@SiO2 core-shell particles.", None, "composite"),
 ("Ni/Al2O3", "Ni/Al2O3 catalysts were reduced.", None, "composite"),
 ("La@C82", "The endohedral fullerene La@C82 was isolated.", "La1C82", "formula"),
 # names
 ("leucite", "Leucite crystallised in the glass.", "KAlSi2O6", "trivial_name"),
 ("cordierite", "Cordierite honeycombs support catalysts.", "Mg2Al4Si5O18", "trivial_name"),
 ("mayenite", "Mayenite is a cage compound.", "Ca12Al14O33", "trivial_name"),
 ("strätlingite", "Strätlingite formed in the metakaolin blend.", "Ca2Al2SiO7 + 8 H2O", "trivial_name"),
 ("titanium", "Titanium foil was anodised.", "Ti", "element_name"),
 ("tungsten", "Tungsten filaments evaporate.", "W", "element_name"),
 ("caesium", "Caesium vapour cells.", "Cs", "element_name"),
 ("chromia", "Chromia scales protect the alloy.", "Cr2O3", "trivial_name"),
 ("zirconia", "Yttria-stabilised zirconia electrolyte.", "ZrO2", "trivial_name"),
 ("quicklime", "Quicklime reacts violently with water.", "CaO", "trivial_name"),
 ("anhydrite", "Anhydrite was added as sulfate source.", "CaSO4", "trivial_name"),
 ("hematite", "Hematite nanorods.", "Fe2O3", "trivial_name"),
 ("soda ash", "Soda ash and limestone were batched.", "Na2CO3", "trivial_name"),
 # abbreviations
 ("LGPS", "LGPS is a superionic conductor.", "Li10GeP2S12", "abbreviation"),
 ("LTO", "LTO anodes do not form SEI.", "Li4Ti5O12", "abbreviation"),
 ("LMO", "LMO cathodes dissolve Mn.", "LiMn2O4", "abbreviation"),
 ("NCA", "NCA cathodes are used by Tesla.", "LiNi0.8Co0.15Al0.05O2", "abbreviation"),
 ("KNN", "KNN piezoceramics are lead-free.", "K0.5Na0.5NbO3", "abbreviation"),
 ("FAPbI3", "FAPbI3 perovskite films.", "CH(NH2)2PbI3", "abbreviation"),
 ("TTIP", "TTIP was hydrolysed.", "Ti(OCH(CH3)2)4", "abbreviation"),
 ("CTAB", "CTAB templated the mesopores.", "C19H42BrN", "abbreviation"),
 ("YSZ", "YSZ electrolytes.", None, "abbreviation"),
 ("PZT", "PZT films.", None, "abbreviation"),
 # molecular / plain
 ("C2H5OH", "C2H5OH was the solvent.", "C2H5OH", "molecular"),
 ("CH3CN", "CH3CN was used as solvent.", "CH3CN", "molecular"),
 ("Bi2Se3", "Bi2Se3 is a topological insulator.", "Bi2Se3", "plain"),
 ("GaN", "GaN LEDs.", "GaN", "plain"),
 ("ZnO", "ZnO nanowires.", "ZnO", "plain"),
 ("CsPbBr3", "CsPbBr3 nanocrystals.", "CsPbBr3", "plain"),
 # unicode/markup/pdf
 ("Cr₂O₃", "Cr₂O₃ scales.", "Cr2O3", "unicode"),
 ("ＺｎＯ", "ＺｎＯ powder.", "ZnO", "unicode"),
 ("Cr$_2$O$_3$", "Cr$_2$O$_3$ was used.", "Cr2O3", "markup"),
 ("Y<sub>2</sub>O<sub>3</sub>", "Y<sub>2</sub>O<sub>3</sub> powder.", "Y2O3", "markup"),
 ("Cr 2 O 3", "The Cr 2 O 3 layer.", "Cr2O3", "pdf_spaced"),
 # alloys and wt
 ("Al-4Cu", "The Al-4Cu alloy was aged.", "wt:Al:96,Cu:4", "alloy"),
 ("Ti-6Al-7Nb", "Ti-6Al-7Nb implants.", "wt:Ti:87,Al:6,Nb:7", "alloy"),
 # negatives
 ("PBE", "The PBE functional was used.", None, "not_a_formula"),
 ("HSE06", "HSE06 band gaps are larger.", None, "not_a_formula"),
 ("B3LYP", "B3LYP/6-31G* geometries.", None, "not_a_formula"),
 ("US", "Funded by the US Department of Energy.", None, "not_a_formula"),
 ("UK", "EPSRC (UK) funded this work.", None, "not_a_formula"),
 ("NIST", "NIST standards were used.", None, "not_a_formula"),
 ("P63/mmc", "It crystallises in space group P63/mmc.", None, "not_a_formula"),
 ("Fm-3m", "The Fm-3m rock salt structure.", None, "not_a_formula"),
 ("Pnma", "Orthorhombic Pnma symmetry.", None, "not_a_formula"),
 ("I4/mcm", "Tetragonal I4/mcm phase.", None, "not_a_formula"),
 ("LDA", "LDA underestimates band gaps.", None, "not_a_formula"),
 ("EDS", "EDS mapping showed Ni.", None, "not_a_formula"),
 ("XPS", "XPS spectra were recorded.", None, "not_a_formula"),
 ("BET", "The BET surface area was 120 m2/g.", None, "not_a_formula"),
 ("In", "In this study, we report a new method.", None, "not_a_formula"),
 ("As", "As expected, the gap closes.", None, "not_a_formula"),
 ("I", "I thank the referees.", None, "not_a_formula"),
 ("He", "He measured the samples.", None, "not_a_formula"),
 ("kV", "The tube ran at 40 kV.", None, "not_a_formula"),
 ("MPa", "The strength was 300 MPa.", None, "not_a_formula"),
 ("Tc", "The Tc was 92 K.", None, "not_a_formula"),
 ("HKUST-1", "HKUST-1 adsorbs CO2.", None, "not_a_formula"),
 ("MIL-101", "MIL-101 was synthesised.", None, "not_a_formula"),
 ("SS304", "SS304 substrates.", None, "not_a_formula"),
 ("S3", "see Fig. S3 for details.", None, "not_a_formula"),
 ("CoV", "The CoV of the data was 5%.", None, "not_a_formula"),
 ("perovskite", "Perovskite LEDs have improved.", None, "not_a_formula"),
 ("spinel", "The spinel structure of Co3O4.", None, "not_a_formula"),
]


C2 = "In the hydrated cement paste"
cases += [
 ("CoCl2·6H2O", "CoCl2·6H2O turns pink.", "CoCl2 + 6 H2O", "hydrate"),
 ("NiSO4·6H2O", "NiSO4·6H2O was electroplated.", "NiSO4 + 6 H2O", "hydrate"),
 ("Al2(SO4)3·18H2O", "Al2(SO4)3·18H2O coagulant.", "Al2(SO4)3 + 18 H2O", "hydrate"),
 ("Na2SiO3·9H2O", "Na2SiO3·9H2O activator.", "Na2SiO3 + 9 H2O", "hydrate"),
 ("(NH4)6Mo7O24·4H2O", "(NH4)6Mo7O24·4H2O was the Mo source.", "(NH4)6Mo7O24 + 4 H2O", "hydrate"),
 ("CaCl2.2H2O", "CaCl2.2H2O was dried.", "CaCl2 + 2 H2O", "hydrate"),
 ("SrCl2·6H2O", "SrCl2·6H2O solution.", "SrCl2 + 6 H2O", "hydrate"),
 ("BaCl2 2H2O", "BaCl2 2H2O was used.", "BaCl2 + 2 H2O", "hydrate"),
 ("Na2O·CaO·5SiO2", "Devitrite-like Na2O·CaO·5SiO2 glass.", "Na2O + CaO + 5 SiO2", "oxide_sum"),
 ("BaO·6Fe2O3", "Barium hexaferrite BaO·6Fe2O3.", "BaO + 6 Fe2O3", "oxide_sum"),
 ("CaO·Al2O3·2SiO2", "Anorthite CaO·Al2O3·2SiO2 crystallised.", "CaO + Al2O3 + 2 SiO2", "oxide_sum"),
 ("60SiO2-30CaO-10P2O5", "The 60SiO2-30CaO-10P2O5 bioglass.", "60 SiO2 + 30 CaO + 10 P2O5", "oxide_sum"),
 ("0.7Li2S-0.3P2S5", "0.7Li2S-0.3P2S5 glass-ceramic.", "0.7 Li2S + 0.3 P2S5", "oxide_sum"),
 ("3 mol% Y2O3–ZrO2", "Tetragonal 3 mol% Y2O3–ZrO2.", "0.03 Y2O3 + 0.97 ZrO2", "oxide_sum"),
 ("MgO·Al2O3", "Spinel MgO·Al2O3 was sintered.", "MgO + Al2O3", "oxide_sum"),
 ("C4AF", C2 + " C4AF reacts slowly.", "4 CaO + Al2O3 + Fe2O3", "cement"),
 ("C3A", C2 + " C3A reacts with gypsum.", "3 CaO + Al2O3", "cement"),
 ("CH", C2 + " CH was consumed.", "CaO + H2O", "cement"),
 ("C2AH8", C2 + " C2AH8 converts to C3AH6.", "2 CaO + Al2O3 + 8 H2O", "cement"),
 ("CAH10", C2 + " CAH10 forms below 15 °C.", "CaO + Al2O3 + 10 H2O", "cement"),
 ("AH3", C2 + " AH3 (gibbsite) precipitates.", "Al2O3 + 3 H2O", "cement"),
 ("C-A-S-H", C2 + " C-A-S-H takes up aluminium.", None, "cement_variable"),
 ("M-S-H", C2 + " M-S-H forms with magnesium.", None, "cement_variable"),
 ("α'-C2S", C2 + " α'-C2S is a high-temperature polymorph.", "2 CaO + SiO2", "cement"),
 ("γ-Al2O3", "γ-Al2O3 supports.", "Al2O3", "phase_prefix"),
 ("β-SiC", "β-SiC whiskers.", "SiC", "phase_prefix"),
 ("α-MnO2", "α-MnO2 nanowires.", "MnO2", "phase_prefix"),
 ("c-BN", "c-BN inserts cut steel.", "BN", "phase_prefix"),
 ("3C-SiC", "3C-SiC epilayers.", "SiC", "phase_prefix"),
 ("Fe2+", "Fe2+ oxidises in air.", "ion:Fe[+2]", "ion"),
 ("Co(II)", "Co(II) complexes.", "ion:Co[+2]", "ion"),
 ("V(V)", "V(V) species.", "ion:V[+5]", "ion"),
 ("PO43−", "PO43− groups were detected.", "ion:PO4[-3]", "ion"),
 ("OH−", "OH− ions attack silica.", "ion:OH[-1]", "ion"),
 ("Li+", "Li+ diffusion.", "ion:Li[+1]", "ion"),
 ("Mn^3+", "Mn^3+ is Jahn-Teller active.", "ion:Mn[+3]", "ion"),
 ("La0.5Sr0.5CoO3", "La0.5Sr0.5CoO3 electrodes.", "La0.5Sr0.5CoO3", "doped"),
 ("Ce0.8Gd0.2O1.9", "Ce0.8Gd0.2O1.9 electrolyte.", "Ce0.8Gd0.2O1.9", "doped"),
 ("LiNi0.6Co0.2Mn0.2O2", "LiNi0.6Co0.2Mn0.2O2 cathodes.", "LiNi0.6Co0.2Mn0.2O2", "doped"),
 ("Cu0.5Ni0.5", "Cu0.5Ni0.5 alloy.", "Cu0.5Ni0.5", "doped"),
 ("Pb(Mg1/3Nb2/3)O3", "Pb(Mg1/3Nb2/3)O3 relaxor.", "Pb(Mg0.33333333Nb0.66666667)O3", "doped"),
 ("GaN:Mg", "GaN:Mg layers are p-type.", "GaN", "dopant_notation"),
 ("Al2O3:Cr3+", "Ruby, Al2O3:Cr3+, lases.", "Al2O3", "dopant_notation"),
 ("Mn-doped ZnS", "Mn-doped ZnS quantum dots.", "ZnS", "dopant_notation"),
 ("BaTiO3−δ", "Reduced BaTiO3−δ.", "BaTiO3", "nonstoichiometric"),
 ("WO3−x", "Blue WO3−x.", "WO3", "nonstoichiometric"),
 ("Ni1−xO", "Ni1−xO is a p-type oxide.", None, "variable_composition"),
 ("Zn1−xMgxO", "Zn1−xMgxO with x = 0.2 was grown.", "Zn0.8Mg0.2O", "variable_composition"),
 ("MgO–SiO2", "The MgO–SiO2 system.", None, "chemical_system"),
 ("Pd@Pt", "Pd@Pt core-shell nanocubes.", None, "composite"),
 ("gibbsite", "Gibbsite dissolves in NaOH.", "Al(OH)3", "trivial_name"),
 ("brucite", "Brucite forms from MgO.", "Mg(OH)2", "trivial_name"),
 ("magnesite", "Magnesite was calcined.", "MgCO3", "trivial_name"),
 ("dolomite", "Dolomite decomposes in two steps.", "CaMg(CO3)2", "trivial_name"),
 ("anorthite", "Anorthite feldspar.", "CaAl2Si2O8", "trivial_name"),
 ("zircon", "Zircon grains were dated.", "ZrSiO4", "trivial_name"),
 ("cassiterite", "Cassiterite ore.", "SnO2", "trivial_name"),
 ("ilmenite", "Ilmenite sand was smelted.", "FeTiO3", "trivial_name"),
 ("barite", "Barite is a weighting agent.", "BaSO4", "trivial_name"),
 ("thenardite", "Thenardite crystallises above 32 °C.", "Na2SO4", "trivial_name"),
 ("epsomite", "Epsomite efflorescence.", "MgSO4 + 7 H2O", "trivial_name"),
 ("molybdenum", "Molybdenum boats were used.", "Mo", "element_name"),
 ("platinum", "Platinum wire electrodes.", "Pt", "element_name"),
 ("nitrogen", "Annealed under nitrogen.", "N2", "element_name"),
 ("sulfur", "Sulfur cathodes.", "S", "element_name"),
 ("LLTO", "LLTO electrolytes.", None, "abbreviation"),
 ("LCO", "LCO cathodes.", "LiCoO2", "abbreviation"),
 ("NMC622", "NMC622 cathodes.", "LiNi0.6Mn0.2Co0.2O2", "abbreviation"),
 ("MAPbBr3", "MAPbBr3 crystals.", "CH3NH3PbBr3", "abbreviation"),
 ("TEOS", "TEOS was hydrolysed.", "Si(OC2H5)4", "abbreviation"),
 ("ITO", "ITO glass.", None, "abbreviation"),
 ("CO", "CO oxidation over Pt.", "CO", "plain"),
 ("NO", "NO reduction with NH3.", "NO", "plain"),
 ("HF", "HF etching of silica.", "HF", "plain"),
 ("WC", "WC-Co hardmetals.", "WC", "plain"),
 ("Ca₁₀(PO₄)₆(OH)₂", "Ca₁₀(PO₄)₆(OH)₂ coatings.", "Ca10(PO4)6(OH)2", "unicode"),
 ("Li₇La₃Zr₂O₁₂", "Li₇La₃Zr₂O₁₂ garnet.", "Li7La3Zr2O12", "unicode"),
 ("SnO₂", "SnO₂ films.", "SnO2", "unicode"),
 ("DFT", "DFT calculations were run.", None, "not_a_formula"),
 ("SEM", "SEM images.", None, "not_a_formula"),
 ("TGA", "TGA was performed.", None, "not_a_formula"),
 ("DSC", "DSC curves.", None, "not_a_formula"),
 ("XRD", "XRD patterns.", None, "not_a_formula"),
 ("NMR", "NMR spectra.", None, "not_a_formula"),
 ("EIS", "EIS spectra.", None, "not_a_formula"),
 ("SCE", "Potentials vs SCE.", None, "not_a_formula"),
 ("RHE", "Potentials vs RHE.", None, "not_a_formula"),
 ("No", "No change was observed.", None, "not_a_formula"),
 ("At", "At 300 K the gap is 1.1 eV.", None, "not_a_formula"),
 ("Be", "Be careful with the furnace.", None, "not_a_formula"),
 ("U", "The Hubbard U was 4 eV.", None, "not_a_formula"),
 ("Cs", "The specific capacitance Cs was 300 F/g.", None, "not_a_formula"),
 ("mAh", "A capacity of 150 mAh was obtained.", None, "not_a_formula"),
 ("GHz", "Measured at 10 GHz.", None, "not_a_formula"),
 ("P21/c", "Monoclinic P21/c.", None, "not_a_formula"),
 ("R-3m", "Layered R-3m structure.", None, "not_a_formula"),
 ("PBEsol", "PBEsol lattice constants.", None, "not_a_formula"),
 ("SCAN", "The SCAN functional.", None, "not_a_formula"),
 ("ZIF-67", "ZIF-67 was carbonised.", None, "not_a_formula"),
 ("SBA-16", "SBA-16 silica.", None, "not_a_formula"),
 ("IN625", "IN625 superalloy.", None, "not_a_formula"),
 ("2D", "2D materials.", None, "not_a_formula"),
 ("O1s", "The O1s spectrum.", None, "not_a_formula"),
 ("Fe2p", "The Fe2p region.", None, "not_a_formula"),
 ("NaN", "NaN values were dropped.", None, "not_a_formula"),
]


cases += [
 ("CP", "CP titanium grade 2 was used.", None, "not_a_formula"),
 ("PE", "PE films were stretched.", None, "not_a_formula"),
 ("PET", "PET bottles.", None, "not_a_formula"),
 ("PTFE", "PTFE-lined autoclave.", None, "not_a_formula"),
 ("PANI", "PANI nanofibres.", None, "not_a_formula"),
 ("rGO", "rGO sheets were reduced.", None, "not_a_formula"),
 ("GO", "GO was reduced by hydrazine.", None, "not_a_formula"),
 ("CNF", "CNF mats.", None, "not_a_formula"),
 ("MOF", "The MOF was activated.", None, "not_a_formula"),
 ("COF", "The COF was crystalline.", None, "not_a_formula"),
 ("SAXS", "SAXS patterns.", None, "not_a_formula"),
 ("STEM", "STEM images.", None, "not_a_formula"),
 ("HAADF", "HAADF contrast.", None, "not_a_formula"),
 ("EELS", "EELS spectra.", None, "not_a_formula"),
 ("ICP-MS", "ICP-MS analysis.", None, "not_a_formula"),
 ("XANES", "XANES spectra.", None, "not_a_formula"),
 ("EXAFS", "EXAFS fitting.", None, "not_a_formula"),
 ("AFM", "AFM topography.", None, "not_a_formula"),
 ("CV", "CV curves at 10 mV/s.", None, "not_a_formula"),
 ("OCV", "The OCV was 1.1 V.", None, "not_a_formula"),
 ("SEI", "The SEI grows.", None, "not_a_formula"),
 ("CEI", "The CEI layer.", None, "not_a_formula"),
 ("HER", "HER activity.", None, "not_a_formula"),
 ("OER", "OER catalysts.", None, "not_a_formula"),
 ("ORR", "ORR kinetics.", None, "not_a_formula"),
 ("PEC", "PEC water splitting.", None, "not_a_formula"),
 ("DOS", "The DOS at the Fermi level.", None, "not_a_formula"),
 ("VBM", "The VBM lies at Γ.", None, "not_a_formula"),
 ("CBM", "The CBM is at X.", None, "not_a_formula"),
 ("NEB", "NEB barriers.", None, "not_a_formula"),
 ("MD", "MD simulations.", None, "not_a_formula"),
 ("ML", "ML models predict band gaps.", None, "not_a_formula"),
 ("GNN", "A GNN model.", None, "not_a_formula"),
 ("EU", "Funded by the EU.", None, "not_a_formula"),
 ("USA", "Sigma-Aldrich, USA.", None, "not_a_formula"),
 ("China", "Made in China.", None, "not_a_formula"),
 ("Inc", "Sigma-Aldrich Inc.", None, "not_a_formula"),
 ("Co", "Merck & Co. supplied the salts.", None, "not_a_formula"),
 ("S", "The entropy S increases.", None, "not_a_formula"),
 ("K", "The temperature was 300 K.", None, "not_a_formula"),
 ("V", "The cell was charged to 4.2 V.", None, "not_a_formula"),
 ("W", "The laser power was 5 W.", None, "not_a_formula"),
 ("F", "The Faraday constant F.", None, "not_a_formula"),
 ("B", "The magnetic field B was 1 T.", None, "not_a_formula"),
 ("H", "The enthalpy H was computed.", None, "not_a_formula"),
 ("Tg", "The Tg was 120 °C.", None, "not_a_formula"),
 ("Ms", "The saturation magnetisation Ms was 60 emu/g.", None, "not_a_formula"),
 ("Hc", "The coercivity Hc was 200 Oe.", None, "not_a_formula"),
 ("Mn", "The number-average molecular weight Mn was 10 kDa.", None, "not_a_formula"),
 ("Ea", "The activation energy Ea was 0.5 eV.", None, "not_a_formula"),
 ("Eg", "The band gap Eg is 3.2 eV.", None, "not_a_formula"),
 ("Pt", "Pt mesh was used as counter electrode.", "Pt", "element_symbol"),
 ("Au", "Au nanoparticles were grown.", "Au", "element_symbol"),
 ("corundum", "Corundum abrasives.", "Al2O3", "trivial_name"),
 ("quartz", "Quartz crucibles.", "SiO2", "trivial_name"),
 ("slaked lime", "Slaked lime mortar.", "Ca(OH)2", "trivial_name"),
 ("hydrated lime", "Hydrated lime was added.", "Ca(OH)2", "trivial_name"),
 ("plaster of Paris", "Plaster of Paris casts.", "CaSO4 + 0.5 H2O", "trivial_name"),
 ("caustic potash", "Caustic potash solution.", "KOH", "trivial_name"),
 ("Epsom salt", "Epsom salt was dissolved.", "MgSO4 + 7 H2O", "trivial_name"),
 ("magnetite", "Magnetite nanoparticles.", "Fe3O4", "trivial_name"),
 ("goethite", "Goethite needles.", "FeO(OH)", "trivial_name"),
 ("boehmite", "Boehmite sol.", "AlO(OH)", "trivial_name"),
 ("kaolin", "Kaolin clay.", "Al2Si2O5(OH)4", "trivial_name"),
 ("talc", "Talc filler.", "Mg3Si4O10(OH)2", "trivial_name"),
 ("fluorapatite", "Fluorapatite crystals.", "Ca5(PO4)3F", "trivial_name"),
 ("sphalerite", "Sphalerite ore.", "ZnS", "trivial_name"),
 ("galena", "Galena crystals.", "PbS", "trivial_name"),
 ("chalcopyrite", "Chalcopyrite leaching.", "CuFeS2", "trivial_name"),
 ("cinnabar", "Cinnabar pigment.", "HgS", "trivial_name"),
 ("wüstite", "Wüstite forms at high temperature.", "FeO", "trivial_name"),
 ("åkermanite", "Åkermanite crystallised.", "Ca2MgSi2O7", "trivial_name"),
 ("sulphur", "Sulphur was sublimed.", "S", "element_name"),
 ("aluminium", "Aluminium alloys.", "Al", "element_name"),
 ("caesium", "Caesium lead bromide.", None, "not_a_formula"),
]


def expected(interp):
    from pymatgen.core import Composition
    from pymatgen.core.ion import Ion
    if interp is None:
        return None
    if interp.startswith("ion:"):
        return Ion.from_formula(interp[4:]).reduced_formula
    if interp.startswith("wt:"):
        weights = {k: float(v) for k, v in (p.split(":") for p in interp[3:].split(","))}
        return Composition.from_weight_dict(weights).reduced_formula
    total = Composition()
    for term in interp.split("+"):
        parts = term.strip().split(" ")
        total += float(parts[0]) * Composition(parts[1]) if len(parts) == 2 else Composition(parts[0])
    return total.reduced_formula


def agrees(got, interp, exp):
    from pymatgen.core import Composition
    if exp is None:
        return got is None
    if interp.startswith("wt:"):
        return got is not None and Composition(got).almost_equals(Composition(exp), rtol=1e-3)
    return got == exp


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--matcorpus", required=True)
    ap.add_argument("--min-canon", type=float, default=0.97)
    ap.add_argument("--min-annotate", type=float, default=0.93)
    args = ap.parse_args()
    exp = [expected(interp) for _, _, interp, _ in cases]

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        f.write("\n".join(json.dumps({"input": i, "context": c}) for i, c, _, _ in cases) + "\n")
    canon = subprocess.run([args.matcorpus, "chem", "canon", "--jsonl", f.name],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    os.unlink(f.name)
    hits = 0
    for (i, c, interp, kind), e, line in zip(cases, exp, canon):
        got = json.loads(line)["canonical"]
        if agrees(got, interp or "", e):
            hits += 1
        else:
            print(f"canon miss: {kind}: {i!r} expected {e!r} got {got!r}")

    texts = "\n".join(json.dumps({"text": c}) for _, c, _, _ in cases) + "\n"
    annotated = subprocess.run([args.matcorpus, "chem", "annotate", "--jsonl"], input=texts,
                               capture_output=True, text=True, check=True).stdout.splitlines()
    found = 0
    for (i, c, interp, kind), e, line in zip(cases, exp, annotated):
        mentions = json.loads(line)["mentions"]
        start = c.find(i)
        span = (start, start + len(i))
        over = [m for m in mentions if m["start"] < span[1] and m["end"] > span[0]]
        ok = all(m["canonical"] is None for m in over) if e is None else any(agrees(m["canonical"], interp, e) for m in over)
        if ok:
            found += 1
        else:
            print(f"annotate miss: {kind}: {i!r} expected {e!r} got {[(m['text'], m['canonical']) for m in over]}")
    n = len(cases)
    print(f"canon: {hits}/{n}; annotate: {found}/{n}")
    sys.exit(0 if hits / n >= args.min_canon and found / n >= args.min_annotate else 1)


if __name__ == "__main__":
    main()
