import CIF
import Foundation

/// Element names, trivial and mineral names.
enum Names {
    static let elementNames: [String: String] = {
        let text = """
        hydrogen H helium He lithium Li beryllium Be boron B carbon C nitrogen N oxygen O fluorine F neon Ne sodium Na \
        magnesium Mg aluminium Al aluminum Al silicon Si phosphorus P sulfur S sulphur S chlorine Cl argon Ar potassium K \
        calcium Ca scandium Sc titanium Ti vanadium V chromium Cr manganese Mn iron Fe cobalt Co nickel Ni copper Cu zinc Zn \
        gallium Ga germanium Ge arsenic As selenium Se bromine Br krypton Kr rubidium Rb strontium Sr yttrium Y zirconium Zr \
        niobium Nb molybdenum Mo technetium Tc ruthenium Ru rhodium Rh palladium Pd silver Ag cadmium Cd indium In tin Sn \
        antimony Sb tellurium Te iodine I xenon Xe caesium Cs cesium Cs barium Ba lanthanum La cerium Ce praseodymium Pr \
        neodymium Nd promethium Pm samarium Sm europium Eu gadolinium Gd terbium Tb dysprosium Dy holmium Ho erbium Er \
        thulium Tm ytterbium Yb lutetium Lu hafnium Hf tantalum Ta tungsten W rhenium Re osmium Os iridium Ir platinum Pt \
        gold Au mercury Hg thallium Tl lead Pb bismuth Bi polonium Po astatine At radon Rn francium Fr radium Ra \
        actinium Ac thorium Th protactinium Pa uranium U neptunium Np plutonium Pu americium Am curium Cm
        """
        let w = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        var d: [String: String] = [:]
        for k in stride(from: 0, to: w.count - 1, by: 2) { d[w[k]] = w[k + 1] }
        return d
    }()

    /// Trivial and mineral names → a formula (general chemistry knowledge).
    static let trivial: [String: String] = [
        "lime": "CaO", "quicklime": "CaO", "burnt lime": "CaO", "slaked lime": "Ca(OH)2", "hydrated lime": "Ca(OH)2",
        "limestone": "CaCO3", "calcite": "CaCO3", "aragonite": "CaCO3", "vaterite": "CaCO3", "chalk": "CaCO3",
        "quartz": "SiO2", "silica": "SiO2", "fused silica": "SiO2", "cristobalite": "SiO2", "tridymite": "SiO2", "coesite": "SiO2",
        "alumina": "Al2O3", "corundum": "Al2O3", "sapphire": "Al2O3", "magnesia": "MgO", "periclase": "MgO",
        "gypsum": "CaSO4·2H2O", "anhydrite": "CaSO4", "bassanite": "CaSO4·0.5H2O", "rutile": "TiO2", "anatase": "TiO2", "brookite": "TiO2",
        "titania": "TiO2", "zirconia": "ZrO2", "baddeleyite": "ZrO2", "ceria": "CeO2", "yttria": "Y2O3", "hafnia": "HfO2",
        "hematite": "Fe2O3", "haematite": "Fe2O3", "maghemite": "Fe2O3", "magnetite": "Fe3O4", "wustite": "FeO", "wüstite": "FeO",
        "goethite": "FeO(OH)", "soda ash": "Na2CO3", "caustic soda": "NaOH", "baking soda": "NaHCO3", "washing soda": "Na2CO3·10H2O",
        "caustic potash": "KOH", "portlandite": "Ca(OH)2", "brucite": "Mg(OH)2", "gibbsite": "Al(OH)3", "boehmite": "AlO(OH)",
        "ettringite": "Ca6Al2(SO4)3(OH)12·26H2O", "alite": "Ca3SiO5", "belite": "Ca2SiO4", "albite": "NaAlSi3O8",
        "orthoclase": "KAlSi3O8", "sanidine": "KAlSi3O8", "microcline": "KAlSi3O8", "anorthite": "CaAl2Si2O8",
        "nepheline": "NaAlSiO4", "wollastonite": "CaSiO3", "forsterite": "Mg2SiO4", "fayalite": "Fe2SiO4", "enstatite": "MgSiO3",
        "fluorite": "CaF2", "halite": "NaCl", "sylvite": "KCl", "pyrite": "FeS2", "galena": "PbS", "sphalerite": "ZnS",
        "wurtzite": "ZnS", "cinnabar": "HgS", "molybdenite": "MoS2", "chalcopyrite": "CuFeS2", "cassiterite": "SnO2",
        "zincite": "ZnO", "cuprite": "Cu2O", "tenorite": "CuO", "kaolinite": "Al2Si2O5(OH)4", "metakaolin": "Al2Si2O7",
        "mullite": "Al6Si2O13", "spinel": "MgAl2O4", "perovskite": "CaTiO3", "ilmenite": "FeTiO3", "magnesite": "MgCO3",
        "dolomite": "CaMg(CO3)2", "siderite": "FeCO3", "barite": "BaSO4", "baryte": "BaSO4", "celestine": "SrSO4",
        "apatite": "Ca5(PO4)3F", "hydroxyapatite": "Ca5(PO4)3OH", "fluorapatite": "Ca5(PO4)3F", "cementite": "Fe3C",
        "moissanite": "SiC", "carborundum": "SiC", "graphite": "C", "diamond": "C", "graphene": "C", "talc": "Mg3Si4O10(OH)2",
        "muscovite": "KAl3Si3O10(OH)2", "leucite": "KAlSi2O6", "cordierite": "Mg2Al4Si5O18", "mayenite": "Ca12Al14O33",
        "gehlenite": "Ca2Al2SiO7", "akermanite": "Ca2MgSi2O7", "åkermanite": "Ca2MgSi2O7", "diopside": "CaMgSi2O6",
        "jadeite": "NaAlSi2O6", "spodumene": "LiAlSi2O6", "zircon": "ZrSiO4", "andalusite": "Al2SiO5", "kyanite": "Al2SiO5",
        "sillimanite": "Al2SiO5", "monticellite": "CaMgSiO4", "larnite": "Ca2SiO4", "hatrurite": "Ca3SiO5", "rankinite": "Ca3Si2O7",
        "pseudowollastonite": "CaSiO3", "hydrogarnet": "Ca3Al2(OH)12", "katoite": "Ca3Al2(OH)12", "strätlingite": "Ca2Al2SiO7·8H2O",
        "stratlingite": "Ca2Al2SiO7·8H2O", "hydrotalcite": "Mg6Al2CO3(OH)16·4H2O", "thenardite": "Na2SO4", "mirabilite": "Na2SO4·10H2O",
        "epsomite": "MgSO4·7H2O", "kieserite": "MgSO4·H2O", "trona": "Na3(CO3)(HCO3)·2H2O", "natron": "Na2CO3·10H2O",
        "borax": "Na2B4O7·10H2O", "water": "H2O", "ice": "H2O", "ammonia": "NH3", "methane": "CH4", "ethanol": "C2H5OH",
        "methanol": "CH3OH", "acetone": "C3H6O", "urea": "CO(NH2)2", "glucose": "C6H12O6", "sucrose": "C12H22O11",
        "potash": "K2CO3", "soda": "Na2O", "magnesite ore": "MgCO3", "lithia": "Li2O", "thoria": "ThO2", "beryllia": "BeO",
        "ferrite": "Fe", "austenite": "Fe", "martensite": "Fe", "ye'elimite": "Ca4Al6SO16", "yeelimite": "Ca4Al6SO16",
        "monosulfate": "Ca4Al2(SO4)(OH)12·6H2O", "hemicarbonate": "Ca4Al2(CO3)0.5(OH)13·5.5H2O", "monocarbonate": "Ca4Al2(CO3)(OH)12·5H2O",
        "friedel's salt": "Ca4Al2Cl2(OH)12·4H2O", "brownmillerite": "Ca2AlFeO5", "tricalcium silicate": "Ca3SiO5", "epsom salt": "MgSO4·7H2O", "epsom salts": "MgSO4·7H2O", "plaster of paris": "CaSO4·0.5H2O",
        "alum": "KAl(SO4)2·12H2O", "potash alum": "KAl(SO4)2·12H2O", "saltpeter": "KNO3", "saltpetre": "KNO3", "nitre": "KNO3",
        "blue vitriol": "CuSO4·5H2O", "green vitriol": "FeSO4·7H2O", "sal ammoniac": "NH4Cl", "lye": "NaOH", "dry ice": "CO2",
        "fumed silica": "SiO2", "silica fume": "SiO2", "vitreous silica": "SiO2", "amorphous silica": "SiO2", "silica gel": "SiO2",
        "quartz glass": "SiO2", "chile saltpeter": "NaNO3", "bauxite": "", "kaolin": "Al2Si2O5(OH)4", "tobermorite": "",
        "calcium silicate hydrate": "", "jennite": "", "hydrous ceria": "", "tricalcium phosphate": "Ca3(PO4)2",
        "dicalcium silicate": "Ca2SiO4", "tricalcium aluminate": "Ca3Al2O6", "sodium chloride": "NaCl", "table salt": "NaCl",
        "zinc oxide": "ZnO", "magnesium oxide": "MgO", "calcium oxide": "CaO", "aluminium oxide": "Al2O3", "aluminum oxide": "Al2O3",
        "titanium dioxide": "TiO2", "silicon dioxide": "SiO2", "silicon carbide": "SiC", "silicon nitride": "Si3N4", "boron nitride": "BN",
        "boron carbide": "B4C", "tungsten carbide": "WC", "titanium nitride": "TiN", "gallium nitride": "GaN", "zinc sulfide": "ZnS",
        "cadmium sulfide": "CdS", "calcium carbonate": "CaCO3", "sodium carbonate": "Na2CO3", "potassium carbonate": "K2CO3",
        "lithium carbonate": "Li2CO3", "sodium hydroxide": "NaOH", "potassium hydroxide": "KOH", "calcium hydroxide": "Ca(OH)2",
        "hydrogen peroxide": "H2O2", "carbon dioxide": "CO2", "carbon monoxide": "CO", "sulfuric acid": "H2SO4", "nitric acid": "HNO3",
        "hydrochloric acid": "HCl", "hydrofluoric acid": "HF", "phosphoric acid": "H3PO4", "cerium oxide": "CeO2", "zirconium dioxide": "ZrO2",
        "strontium titanate": "SrTiO3", "barium titanate": "BaTiO3", "lithium cobalt oxide": "LiCoO2", "lithium iron phosphate": "LiFePO4",
        // Oxide names of the -ia family.
        "calcia": "CaO", "baria": "BaO", "strontia": "SrO", "chromia": "Cr2O3", "vanadia": "V2O5", "scandia": "Sc2O3",
        "gallia": "Ga2O3", "germania": "GeO2", "boria": "B2O3", "niobia": "Nb2O5", "tantala": "Ta2O5", "urania": "UO2",
        // Oxides, hydroxides and halides.
        "lepidocrocite": "FeO(OH)", "akaganeite": "FeO(OH)", "bayerite": "Al(OH)3", "nordstrandite": "Al(OH)3", "diaspore": "AlO(OH)",
        "pyrolusite": "MnO2", "hausmannite": "Mn3O4", "bixbyite": "Mn2O3", "manganosite": "MnO", "bunsenite": "NiO", "eskolaite": "Cr2O3",
        "karelianite": "V2O3", "shcherbinaite": "V2O5", "molybdite": "MoO3", "tugarinovite": "MoO2", "thorianite": "ThO2", "uraninite": "UO2",
        "cerianite": "CeO2", "monteponite": "CdO", "litharge": "PbO", "massicot": "PbO", "minium": "Pb3O4", "plattnerite": "PbO2",
        "stishovite": "SiO2", "lechatelierite": "SiO2", "sassolite": "H3BO3", "cryolite": "Na3AlF6", "villiaumite": "NaF", "sellaite": "MgF2",
        "carnallite": "KMgCl3·6H2O", "bischofite": "MgCl2·6H2O", "antarcticite": "CaCl2·6H2O",
        // Spinels and titanates.
        "chromite": "FeCr2O4", "gahnite": "ZnAl2O4", "hercynite": "FeAl2O4", "franklinite": "ZnFe2O4", "jacobsite": "MnFe2O4",
        "trevorite": "NiFe2O4", "magnesioferrite": "MgFe2O4", "magnesiochromite": "MgCr2O4", "ulvospinel": "Fe2TiO4", "ulvöspinel": "Fe2TiO4",
        "chrysoberyl": "BeAl2O4", "pseudobrookite": "Fe2TiO5", "geikielite": "MgTiO3", "pyrophanite": "MnTiO3", "tausonite": "SrTiO3",
        "titanite": "CaTiSiO5", "sphene": "CaTiSiO5",
        // Sulfides.
        "greenockite": "CdS", "stibnite": "Sb2S3", "orpiment": "As2S3", "realgar": "As4S4", "bismuthinite": "Bi2S3", "chalcocite": "Cu2S",
        "covellite": "CuS", "bornite": "Cu5FeS4", "marcasite": "FeS2", "arsenopyrite": "FeAsS", "acanthite": "Ag2S", "argentite": "Ag2S",
        "alabandite": "MnS", "troilite": "FeS", "millerite": "NiS", "kesterite": "Cu2ZnSnS4", "stannite": "Cu2FeSnS4", "tungstenite": "WS2",
        "herzenbergite": "SnS", "berndtite": "SnS2", "clausthalite": "PbSe", "altaite": "PbTe", "tiemannite": "HgSe",
        // Carbonates, sulfates, phosphates, tungstates.
        "rhodochrosite": "MnCO3", "smithsonite": "ZnCO3", "cerussite": "PbCO3", "witherite": "BaCO3", "strontianite": "SrCO3",
        "malachite": "Cu2CO3(OH)2", "azurite": "Cu3(CO3)2(OH)2", "nesquehonite": "MgCO3·3H2O", "hydromagnesite": "Mg5(CO3)4(OH)2·4H2O",
        "huntite": "CaMg3(CO3)4", "nahcolite": "NaHCO3", "thermonatrite": "Na2CO3·H2O", "ikaite": "CaCO3·6H2O", "monohydrocalcite": "CaCO3·H2O",
        "anglesite": "PbSO4", "hexahydrite": "MgSO4·6H2O", "chalcanthite": "CuSO4·5H2O", "melanterite": "FeSO4·7H2O", "goslarite": "ZnSO4·7H2O",
        "glauberite": "Na2Ca(SO4)2", "arcanite": "K2SO4", "syngenite": "K2Ca(SO4)2·H2O", "jarosite": "KFe3(SO4)2(OH)6", "alunite": "KAl3(SO4)2(OH)6",
        "chlorapatite": "Ca5(PO4)3Cl", "brushite": "CaHPO4·2H2O", "monetite": "CaHPO4", "struvite": "NH4MgPO4·6H2O", "vivianite": "Fe3(PO4)2·8H2O",
        "berlinite": "AlPO4", "variscite": "AlPO4·2H2O", "xenotime": "YPO4", "triphylite": "LiFePO4", "lithiophilite": "LiMnPO4",
        "whewellite": "CaC2O4·H2O", "weddellite": "CaC2O4·2H2O", "scheelite": "CaWO4", "powellite": "CaMoO4", "wulfenite": "PbMoO4",
        "crocoite": "PbCrO4", "stolzite": "PbWO4",
        // Silicates.
        "tephroite": "Mn2SiO4", "ferrosilite": "FeSiO3", "hedenbergite": "CaFeSi2O6", "rhodonite": "MnSiO3", "petalite": "LiAlSi4O10",
        "eucryptite": "LiAlSiO4", "celsian": "BaAl2Si2O8", "kalsilite": "KAlSiO4", "sodalite": "Na8Al6Si6O24Cl2", "analcime": "NaAlSi2O6·H2O",
        "natrolite": "Na2Al2Si3O10·2H2O", "halloysite": "Al2Si2O5(OH)4", "dickite": "Al2Si2O5(OH)4", "nacrite": "Al2Si2O5(OH)4",
        "pyrophyllite": "Al2Si4O10(OH)2", "phlogopite": "KMg3AlSi3O10(OH)2", "chrysotile": "Mg3Si2O5(OH)4", "lizardite": "Mg3Si2O5(OH)4",
        "antigorite": "Mg3Si2O5(OH)4", "beryl": "Be3Al2Si6O18", "topaz": "Al2SiO4F2", "merwinite": "Ca3Mg(SiO4)2", "bredigite": "Ca7Mg(SiO4)4",
        "grossular": "Ca3Al2Si3O12", "pyrope": "Mg3Al2Si3O12", "almandine": "Fe3Al2Si3O12", "spessartine": "Mn3Al2Si3O12",
        "andradite": "Ca3Fe2Si3O12", "uvarovite": "Ca3Cr2Si3O12", "xonotlite": "Ca6Si6O17(OH)2", "afwillite": "Ca3(HSiO4)2·2H2O",
        "thaumasite": "Ca3Si(OH)6(CO3)(SO4)·12H2O", "spurrite": "Ca5(SiO4)2CO3", "ternesite": "Ca5(SiO4)2SO4", "willemite": "Zn2SiO4",
        "phenakite": "Be2SiO4", "thortveitite": "Sc2Si2O7", "benitoite": "BaTiSi3O9", "sillenite": "Bi12SiO20", "eulytite": "Bi4Si3O12",
        // Calcium aluminates and cement phases.
        "grossite": "CaAl4O7", "krotite": "CaAl2O4", "hibonite": "CaAl12O19", "srebrodolskite": "Ca2Fe2O5", "hydrocalumite": "Ca4Al2(OH)12Cl2·4H2O",
        "kuzel's salt": "Ca4Al2(SO4)0.5Cl(OH)12·5H2O", "monocalcium aluminate": "CaAl2O4",
        // Elements in named forms.
        "lonsdaleite": "C", "silicene": "Si", "germanene": "Ge", "phosphorene": "P", "borophene": "B", "stanene": "Sn",
        // More systematic names.
        "sodium nitrate": "NaNO3", "potassium nitrate": "KNO3", "ammonium nitrate": "NH4NO3", "ammonium chloride": "NH4Cl",
        "ammonium sulfate": "(NH4)2SO4", "sodium sulfate": "Na2SO4", "potassium chloride": "KCl", "calcium chloride": "CaCl2",
        "magnesium chloride": "MgCl2", "lithium chloride": "LiCl", "lithium hydroxide": "LiOH", "sodium bicarbonate": "NaHCO3",
        "sodium borohydride": "NaBH4", "sodium silicate": "", "acetic acid": "CH3COOH", "formic acid": "HCOOH", "oxalic acid": "H2C2O4",
        "citric acid": "C6H8O7", "boric acid": "H3BO3", "hydrogen sulfide": "H2S", "sulfur dioxide": "SO2", "nitrous oxide": "N2O",
        "nitric oxide": "NO", "nitrogen dioxide": "NO2", "silicon tetrachloride": "SiCl4", "titanium tetrachloride": "TiCl4",
        "lead sulfide": "PbS", "cadmium selenide": "CdSe", "cadmium telluride": "CdTe", "gallium arsenide": "GaAs",
        "indium phosphide": "InP", "aluminium nitride": "AlN", "aluminum nitride": "AlN", "silicon oxide": "", "iron oxide": "",
        // Compound classes and oxides of several valences: no one formula.
        "calcium aluminate": "", "calcium aluminates": "", "calcium silicate": "", "calcium silicates": "", "calcium sulfoaluminate": "",
        "calcium phosphate": "", "calcium phosphates": "", "aluminium silicate": "", "aluminum silicate": "", "magnesium silicate": "",
        "lithium silicate": "", "manganese oxide": "", "manganese oxides": "", "cobalt oxide": "", "copper oxide": "", "tin oxide": "",
        "titanium oxide": "", "vanadium oxide": "", "molybdenum oxide": "", "tungsten oxide": "", "chromium oxide": "", "lead oxide": "",
        "iron oxides": "", "nickel oxide": "NiO", "cerium oxides": "",
        "molybdenum disulfide": "MoS2", "tungsten disulfide": "WS2", "magnesium hydroxide": "Mg(OH)2", "aluminium hydroxide": "Al(OH)3",
    ]

    /// Words that follow an element name in a compound's name.
    static let anionWords: Set<String> = [
        "oxide", "oxides", "dioxide", "trioxide", "monoxide", "peroxide", "suboxide", "hydroxide", "hydroxides", "oxyhydroxide",
        "oxychloride", "oxynitride", "chloride", "chlorides", "bromide", "bromides", "iodide", "iodides", "fluoride", "fluorides",
        "sulfide", "sulfides", "sulphide", "sulphides", "selenide", "selenides", "telluride", "tellurides", "nitride", "nitrides",
        "carbide", "carbides", "boride", "borides", "phosphide", "phosphides", "arsenide", "antimonide", "hydride", "hydrides", "silicide",
        "nitrate", "nitrates", "nitrite", "sulfate", "sulfates", "sulphate", "sulphates", "sulfite", "carbonate", "carbonates",
        "bicarbonate", "phosphate", "phosphates", "silicate", "silicates", "aluminate", "aluminates", "titanate", "titanates",
        "zirconate", "niobate", "tantalate", "tungstate", "molybdate", "vanadate", "chromate", "dichromate", "manganate",
        "permanganate", "cobaltite", "cobaltate", "nickelate", "cuprate", "stannate", "antimonate", "bismuthate", "borate",
        "borohydride", "perchlorate", "chlorate", "hypochlorite", "acetate", "acetates", "oxalate", "citrate", "formate", "alkoxide",
        "isopropoxide", "ethoxide", "methoxide", "butoxide", "acetylacetonate", "cyanide", "thiocyanate", "amide", "azide",
        "halide", "halides", "chalcogenide", "chalcogenides", "ferrite", "ferrites", "ferrocyanide", "ferricyanide", "hexacyanoferrate",
        "silicon", "aluminosilicate", "aluminium", "aluminum", "gallate", "germanate", "indate", "ruthenate", "iridate", "osmate",
    ]

    static let leadVerbNext: Set<String> = ["to", "the", "a", "an", "us", "them", "it", "its", "their", "in", "into", "through", "directly",
                                            "eventually", "mainly", "also", "not", "only", "both", "either", "ultimately", "finally", "thus", "towards", "toward"]
    static let leadVerbPrevious: Set<String> = ["to", "will", "would", "can", "could", "may", "might", "should", "must", "which", "that", "they",
                                                "these", "those", "does", "do", "did", "not", "also", "could", "often", "generally", "usually", "and"]

    /// Words after a structure-type name that make it the structure (`perovskite solar cells`).
    static let structureFollowers: Set<String> = Set(["structure", "structures", "solar", "phase", "phases", "type", "lattice", "oxide", "oxides", "cells", "cell",
                                           "film", "films", "materials", "material", "compounds", "compound", "framework", "layer", "ferroelectric", "ferroelectrics",
                                           "nanocrystals", "quantum", "absorber", "absorbers", "devices", "device", "photovoltaics", "light-emitting", "led", "leds", "halide", "halides",
                                           "family", "structured", "related", "cathode", "cathodes", "anode", "anodes", "electrode", "electrodes", "catalyst", "catalysts", "membrane", "membranes", "ceramic", "ceramics", "composition", "compositions", "lattices", "electrolyte", "electrolytes", "manganite", "manganites", "cobaltite", "cobaltites", "ferrites", "titanates", "nickelates", "ferroelectric"])

    /// Names that also denote a structure type or a colour; null in those uses.
    static let structureTypes: Set<String> = ["spinel", "perovskite", "wurtzite", "fluorite", "rutile", "olivine", "garnet", "rock salt",
                                              "pyrochlore", "ilmenite", "zincblende", "chalcopyrite", "anatase", "apatite", "brownmillerite", "ferrite", "austenite", "martensite"]

    /// Whether `next`, the word after an element name (in lower case), makes the name the first word of a
    /// compound's name (`caesium lead bromide`, `sodium tungstate`). This verdict is all `read` takes from the
    /// next word, so the annotator keys such readings by it (`ChemAnnotator.nextWordSignature`).
    static func startsCompoundName(_ next: String) -> Bool {
        elementNames[next] != nil || anionWords.contains(next)
    }

    static func read(_ original: String, ctx: ReadingContext) -> FormulaReading? {
        guard let name = normalizedName(original) else { return nil }
        if name.hasBytes("soda-lime") || name.hasBytes("soda lime") { return .none("variable_composition") }
        if name == "lead", let (previous, after) = ctx.neighbours(of: original), rejectedByNeighbours(name, previous: previous, after: after) {
            return .none("not_a_formula")
        }
        if let sym = elementNames[name] {
            // The first word of a compound's name (`caesium lead bromide`, `sodium tungstate`) is no
            // element mention.
            if !name.utf8.contains(0x20) {
                let next = ctx.nextWord(of: original)
                if startsCompoundName(next) { return .none("not_a_formula") }
            }
            return elementNameReading(sym)
        }
        if name == "silicone" { return .none("not_a_formula") }
        guard let formula = trivial[name] else { return nil }
        if formula.isEmpty { return .none("variable_composition") }
        // Context rules for ambiguous names.
        if name == "soda" {
            let context = ctx.lower
            if !(context.hasBytes("glass") || context.hasBytes("batch") || context.hasBytes("melt")) { return nil }
        }
        if name == "lime" || structureTypes.contains(name), let (previous, written) = ctx.neighbours(of: original),
           rejectedByNeighbours(name, previous: previous, after: written) {
            return .none("not_a_formula")
        }
        return trivialReading(formula)
    }

    /// `original` as a name of the lexicon is looked up: in lower case, trimmed, without a Greek phase
    /// prefix; nil when it cannot be a name (a formula, a capital inside a word).
    static func normalizedName(_ original: String) -> String? {
        // Names are letters, spaces, apostrophes and hyphens (checked again below on Characters): a
        // byte test first turns formulas away cheaply.
        var previousLetter = false
        for b in original.utf8 where b < 0x80 {
            let letter = (b >= 97 && b <= 122) || (b >= 65 && b <= 90)
            guard letter || b == 0x20 || b == 0x09 || b == UInt8(ascii: "'") || b == UInt8(ascii: "-") else { return nil }
            if b >= 65, b <= 90, previousLetter { return nil }
            previousLetter = letter
        }
        if let ascii = asciiName(original) {
            // The byte test above already saw every byte: letters, spaces, tabs, apostrophes and hyphens.
            guard ascii.utf8.allSatisfy({ $0 != 0x09 }) else { return nil }
            return ascii
        }
        // Capitals only at the start of a word (`Slaked lime`, `plaster of Paris`), never inside one (`TiN`).
        guard zip(original, original.dropFirst()).allSatisfy({ !($0.1.isUppercase && $0.0.isLetter) }) else { return nil }
        let lower = original.lowercased()
        let trimmed = lower.first == " " || lower.last == " " || lower.utf8.contains(0x09) ? lower.trimmingCharacters(in: .whitespaces) : lower
        let name = withoutGreekPrefix(trimmed)
        guard name.allSatisfy({ $0.isLetter || $0 == " " || $0 == "'" || $0 == "-" }) else { return nil }
        return name
    }

    /// Whether `name` is one `rejectedByNeighbours` judges: then `read` looks at its neighbours.
    static func judgedByNeighbours(_ name: String) -> Bool {
        name == "lead" || name == "lime" || structureTypes.contains(name)
    }

    /// Whether the words around a `lead`, `lime` or structure-type name (`previous`, the word before in
    /// lower case; `after`, up to 48 characters as written) make it no material: the verb (`will lead to`),
    /// the colour (`lime-green`), the structure family (`double perovskite`, `spinel-type`, `spinel LiMn2O4`).
    /// This verdict is all `read` takes from the neighbours, so the annotator keys such readings by it
    /// (`neighbourSignature`).
    static func rejectedByNeighbours(_ name: String, previous: String, after written: Substring) -> Bool {
        var written = written
        if let verdict = written.withUTF8({ asciiRejectedByNeighbours(name, previous: previous, after: $0) }) { return verdict }
        return rejectedByNeighboursReference(name, previous: previous, after: written)
    }

    /// `rejectedByNeighboursReference` over the bytes of `after` when they are ASCII without a carriage return
    /// (so every Character is one byte and lower case is a bit): nil otherwise.
    static func asciiRejectedByNeighbours(_ name: String, previous: String, after b: UnsafeBufferPointer<UInt8>) -> Bool? {
        for x in b where x >= 0x80 || x == 0x0D { return nil }
        @inline(__always) func folded(_ x: UInt8) -> UInt8 { x >= 65 && x <= 90 ? x | 0x20 : x }
        @inline(__always) func isLetter(_ x: UInt8) -> Bool { (x | 0x20) &- 97 < 26 }
        func startsWith(_ prefix: StaticString) -> Bool {
            let n = prefix.utf8CodeUnitCount
            guard n <= b.count else { return false }
            let p = prefix.utf8Start
            for k in 0..<n where folded(b[k]) != p[k] { return false }
            return true
        }
        if name == "lead" {
            // The first word between spaces, without the punctuation at its ends.
            var s = 0
            while s < b.count, b[s] == 0x20 { s += 1 }
            var e = s
            while e < b.count, b[e] != 0x20 { e += 1 }
            while s < e, asciiPunctuation[Int(b[s])] { s += 1 }
            while e > s, asciiPunctuation[Int(b[e - 1])] { e -= 1 }
            return Self.leadVerbNextBytes.contains(b, s, e) || Self.leadVerbPrevious.contains(previous)
        }
        if name == "lime" && (startsWith("-") || startsWith(" green")) { return true }
        if name == "perovskite", !(previous == "mineral" || previous == "natural" || startsWith(" (catio3") || startsWith(" catio3")) {
            return true
        }
        if structureTypes.contains(name) {
            // The text trimmed of spaces and tabs, its first letters and hyphens, its first word up to a space.
            var s = 0, e = b.count
            while s < e, b[s] == 0x20 || b[s] == 0x09 { s += 1 }
            while e > s, b[e - 1] == 0x20 || b[e - 1] == 0x09 { e -= 1 }
            var k = s
            while k < e, isLetter(b[k]) || b[k] == UInt8(ascii: "-") { k += 1 }
            if startsWith("-") || Self.structureFollowerBytes.contains(b, s, k) { return true }
            if s < e, b[s] >= 65, b[s] <= 90 {
                var m = s + 1
                while m < e, b[m] != 0x20 {
                    if (b[m] >= 65 && b[m] <= 90) || (b[m] >= 48 && b[m] <= 57) { return true }
                    m += 1
                }
            }
        }
        return false
    }

    /// `leadVerbNext` and `structureFollowers` for words in bytes (every member is ASCII).
    static let leadVerbNextBytes = FoldedNameSet(leadVerbNext)
    static let structureFollowerBytes = FoldedNameSet(structureFollowers)

    /// The ASCII bytes in `CharacterSet.punctuationCharacters` (Unicode categories P*).
    static let asciiPunctuation: [Bool] = (0..<128).map { Array("!\"#%&'()*,-./:;?@[\\]_{}".utf8).contains(UInt8($0)) }

    /// `rejectedByNeighbours` over Characters: the reference for any text.
    static func rejectedByNeighboursReference(_ name: String, previous: String, after written: Substring) -> Bool {
        if name == "lead" {
            // The verb: `will lead to`, `lead the way`.
            let next = written.lowercased().split(separator: " ").first.map { String($0).trimmingCharacters(in: .punctuationCharacters) } ?? ""
            return Self.leadVerbNext.contains(next) || Self.leadVerbPrevious.contains(previous)
        }
        let after = written.lowercased()
        if name == "lime" && (after.hasPrefix("-") || after.hasPrefix(" green")) { return true }
        // In materials papers "perovskite" is the structure family (`double perovskite`, `layered
        // perovskite`, `perovskite photocatalysts`); it is the mineral CaTiO3 only when said so.
        if name == "perovskite", !(previous == "mineral" || previous == "natural" || after.hasPrefix(" (catio3") || after.hasPrefix(" catio3")) {
            return true
        }
        if structureTypes.contains(name) {
            // `perovskite solar cells`, `spinel-type`, `spinel LiMn2O4`: the structure, not the mineral.
            let tail = written.trimmedWhitespace
            let next = String(tail.prefix { $0.isLetter || $0 == "-" }).lowercased()
            if after.hasPrefix("-") || Self.structureFollowers.contains(next) { return true }
            // Followed by a formula (`spinel LiMn2O4`, `wurtzite GaN`): a capital and then a digit or another
            // capital; not a title-case word (`Perovskite Oxide`, caught above) nor a sentence start.
            // The first word: `tail` (trimmed) starts with no space, so `split(separator: " ").first` is
            // the prefix up to the first space, and nil only when `tail` is empty.
            if let w = tail.isEmpty ? nil : tail.prefix(while: { $0 != " " }), let first = w.first, first.isUppercase, first.isASCII,
               w.dropFirst().contains(where: { ($0.isUppercase && $0.isASCII) || $0.isNumber }) { return true }
        }
        return false
    }

    /// The neighbour part of a cache signature for a mention (`ChemAnnotator`): for a name that
    /// `rejectedByNeighbours` judges, its verdict (`+` rejected, `-` not or no neighbours found), since
    /// that is all `read` takes from them; for any other mention the neighbours as written.
    static func neighbourSignature(of token: String, ctx: ReadingContext) -> String {
        let cleaned = Cleanup.clean(token)
        if let name = normalizedName(cleaned), judgedByNeighbours(name) {
            guard let (previous, after) = ctx.neighbours(of: cleaned) else { return "-" }
            return rejectedByNeighbours(name, previous: previous, after: after) ? "+" : "-"
        }
        return ctx.neighbourSignature(of: token)
    }

    /// For a mention of ASCII bytes only (which the byte test in `read` has checked to be letters,
    /// spaces, tabs, apostrophes and hyphens with no capital after a letter): the name in lower case and
    /// trimmed of spaces and tabs, as `lowercased()` and `trimmingCharacters(in: .whitespaces)` give it.
    /// Nil when there is a non-ASCII byte.
    static func asciiName(_ original: String) -> String? {
        var u = Array(original.utf8)
        for k in u.indices {
            let b = u[k]
            if b >= 0x80 { return nil }
            if b >= 65, b <= 90 { u[k] = b + 32 }
        }
        var start = 0, end = u.count
        while start < end, u[start] == 0x20 || u[start] == 0x09 { start += 1 }
        while end > start, u[end - 1] == 0x20 || u[end - 1] == 0x09 { end -= 1 }
        return String(decoding: u[start..<end], as: UTF8.self)
    }

    /// `Canon.make([symbol: 1], kind: "element_name")`, made once per element.
    static func elementNameReading(_ symbol: String) -> FormulaReading {
        if let known = elementNameReadings[symbol] { return known }
        return Canon.make([symbol: 1], kind: "element_name")
    }

    private static let elementNameReadings: [String: FormulaReading] = {
        var d: [String: FormulaReading] = [:]
        for sym in Set(elementNames.values) { d[sym] = Canon.make([sym: 1], kind: "element_name") }
        return d
    }()

    /// The reading of a lexicon formula as a trivial name (nil when it reads as no formula), made once
    /// per formula: `readFormula` and `Canon.make(_, kind: "trivial_name")`.
    static func trivialReading(_ formula: String) -> FormulaReading? {
        if let known = trivialReadings.get(formula) { return known }
        let r = readFormula(formula).map { Canon.make($0, kind: "trivial_name") }
        trivialReadings.put(formula, r)
        return r
    }

    private static let trivialReadings = LockedCache<String, FormulaReading?>()

    /// `name` without a Greek phase prefix (`α-alumina` → `alumina`).
    static func withoutGreekPrefix(_ name: String) -> String {
        guard let first = name.unicodeScalars.first, first.value >= 0x3B1, first.value <= 0x3C9,
              name.unicodeScalars.dropFirst().first == "-" else { return name }
        return String(name.unicodeScalars.dropFirst(2))
    }

    /// `isName` for the ASCII phrase at `s..<e` without a hyphen (so no `soda-lime` and no Greek prefix): its
    /// bytes, capitals folded, among the lexicon's names.
    static func isASCIIName(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        lexiconNameSet.contains(bytes, s, e)
    }

    /// The scanner's lexicon names (`MentionScanner.lexiconNames`) for `isASCIIName`. Its `soda-lime`, which
    /// `isName` finds inside a phrase, never equals a phrase without a hyphen.
    static let lexiconNameSet = FoldedNameSet(MentionScanner.lexiconNames)

    /// Whether `phrase` (any case, maybe with a Greek prefix such as `α-`) is a name in the lexicon.
    static func isName(_ phrase: String) -> Bool {
        let name = withoutGreekPrefix(phrase.lowercased())
        return elementNames[name] != nil || trivial[name] != nil || name == "silicone" || name.hasBytes("soda-lime")
    }

    /// The amounts of a lexicon formula (`CaSO4·2H2O`), read once per formula and kept.
    static func readFormula(_ f: String) -> [String: Double]? {
        if let known = formulaAmounts.get(f) { return known }
        let amounts: [String: Double]?
        if FormulaParser.isElement(f) {
            amounts = [f: 1]
        } else {
            let r = Structure.read(f, basis: "mol", ctx: ReadingContext("", cement: false))
            amounts = r.canonical == nil ? nil : r.elements
        }
        formulaAmounts.put(f, amounts)
        return amounts
    }

    /// The lexicon's formulas read so far, shared by all threads (a few hundred entries at most).
    private static let formulaAmounts = LockedCache<String, [String: Double]?>()
}

/// Abbreviations that fix a stoichiometry.
enum Abbreviations {
    static let table: [String: String] = [
        "LLZO": "Li7La3Zr2O12", "LFP": "LiFePO4", "LCO": "LiCoO2", "STO": "SrTiO3", "BFO": "BiFeO3", "BTO": "BaTiO3",
        "LGPS": "Li10GeP2S12", "LTO": "Li4Ti5O12", "LMO": "LiMn2O4", "LNMO": "LiNi0.5Mn1.5O4", "NCA": "LiNi0.8Co0.15Al0.05O2",
        "TEOS": "Si(OC2H5)4", "TMOS": "Si(OCH3)4", "TTIP": "Ti(OCH(CH3)2)4", "CTAB": "C19H42BrN", "LATP": "Li1.3Al0.3Ti1.7(PO4)3",
        "LAGP": "Li1.5Al0.5Ge1.5(PO4)3", "LMFP": "LiMn0.5Fe0.5PO4", "LNO": "LiNiO2", "PTO": "PbTiO3", "LAO": "LaAlO3",
        "NVP": "Na3V2(PO4)3", "LPS": "Li3PS4", "BSCF": "Ba0.5Sr0.5Co0.8Fe0.2O3", "DMF": "C3H7NO", "DMSO": "C2H6OS", "NMP": "C5H9NO",
        "EDTA": "C10H16N2O8", "THF": "C4H8O", "YAG": "Y3Al5O12", "LuAG": "Lu3Al5O12", "YIG": "Y3Fe5O12", "GGG": "Gd3Ga5O12", "BBO": "BaB2O4",
        "LBO": "LiB3O5", "KTP": "KTiOPO4", "BNT": "(Bi0.5Na0.5)TiO3", "LLTO": "", "LSM": "", "LSC": "", "LSGM": "", "SDC": "", "BZY": "", "PMMA": "", "PEO": "", "PVP": "", "PEG": "", "YSZ": "", "PZT": "", "ITO": "", "FTO": "", "BST": "", "LSCF": "", "GDC": "", "PVDF": "",
    ]
    static let cations: [String: String] = ["MA": "(CH3NH3)", "FA": "(CH(NH2)2)"]

    static func read(_ s0: String, ctx: ReadingContext) -> FormulaReading? {
        // A surface written after it: `STO(001)`.
        let s = s0.endsWith(")") ? ReaderMatch.withoutOrientation(s0) : s0
        if s == "KNN" {
            let context = ctx.lower
            guard context.hasBytes("piezo") || context.hasBytes("ceramic") || context.hasBytes("lead-free") else { return .none("not_a_formula") }
            return reading("(K0.5Na0.5)NbO3")
        }
        if let f = table[s] { return f.isEmpty ? .none("abbreviation") : reading(f) }
        if ReaderMatch.hasPrefix(s, "NMC") || ReaderMatch.hasPrefix(s, "NCM"), let m = Patterns.groups(s, #"^(NMC|NCM)([0-9])([0-9])([0-9])$"#) {
            let a = Double(m[2])!, b = Double(m[3])!, c = Double(m[4])!
            let t = a + b + c
            let (mn, co) = m[1] == "NMC" ? (b, c) : (c, b)
            return Canon.make(["Li": 1, "Ni": a / t, "Mn": mn / t, "Co": co / t, "O": 2], kind: "abbreviation")
        }
        if ReaderMatch.hasPrefix(s, "MA") || ReaderMatch.hasPrefix(s, "FA"), let m = Patterns.groups(s, #"^(MA|FA)((?:Pb|Sn)[A-Za-z0-9]*)$"#) {
            return reading(cations[m[1]]! + m[2])
        }
        return nil
    }

    static func reading(_ f: String) -> FormulaReading {
        guard let a = Names.readFormula(f) else { return .none("abbreviation") }
        return Canon.make(a, kind: "abbreviation")
    }
}

/// Cement chemistry notation.
enum Cement {
    static let oxides: [String: String] = ["C": "CaO", "S": "SiO2", "A": "Al2O3", "F": "Fe2O3", "M": "MgO", "K": "K2O", "N": "Na2O",
                                           "T": "TiO2", "P": "P2O5", "H": "H2O", "$": "SO3", "S\u{304}": "SO3", "C\u{304}": "CO2"]
    static let keywords = ["cement", "clinker", "portland", "pozzolan", "portlandite", "ettringite", "c-s-h", "c–s–h", "hydration products",
                           "carboaluminate", "monosulfate", "afm", "aft", "mortar", "concrete", "slag", "binder", "geopolymer", "alkali-activated",
                           "gypsum", "calcium silicate hydrate", "thermodynamic database", "metakaolin", "fly ash", "blended", "blends", "calcium aluminate",
                           "sulfoaluminate", "csa cement", "hydration", "hydrate assemblage", "stratlingite", "strätlingite", "hydrogarnet", "katoite", "pozzolanic", "hemicarbonate", "monocarbonate", "ye'elimite", "belite", "alite"]
    static let variablePhases: Set<String> = ["C-S-H", "C-A-S-H", "N-A-S-H", "M-S-H", "K-A-S-H", "C-N-A-S-H", "N-C-A-S-H", "CSH", "CASH", "NASH", "AFm", "C-S-H(I)", "C-S-H(II)"]

    /// Whether `text` is written in cement shorthand only: oxide letters (maybe barred) or `$`, each with an
    /// optional count. The bytes are checked first.
    static func isShorthand(_ text: String) -> Bool {
        shorthandBytes(text) && Patterns.matches(text, #"^(?:(?:[CSAFMKNTPH]\x{0304}?|\$)(?:[0-9]+(?:\.[0-9]+)?)?)+$"#)
    }

    /// Whether every byte of `text` may occur in cement shorthand: the oxide letters, `$`, digits, `.` and
    /// the combining macron U+0304 (CC 84). The shorthand pattern matches nothing else, so a `false`
    /// here spares the regular expression.
    static func shorthandBytes(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "C"), UInt8(ascii: "S"), UInt8(ascii: "A"), UInt8(ascii: "F"), UInt8(ascii: "M"), UInt8(ascii: "K"),
                 UInt8(ascii: "N"), UInt8(ascii: "T"), UInt8(ascii: "P"), UInt8(ascii: "H"), UInt8(ascii: "$"), UInt8(ascii: "."),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), 0xCC: break
            case 0x84 where previous == 0xCC: break
            default: return false
            }
            previous = b
        }
        return true
    }

    /// Two-letter cement phases read without a count (`CH` = portlandite).
    static let shortPhases: Set<String> = ["CH", "CA", "MH", "CS", "AH", "FH"]
    static let ordinaryMolecules: Set<String> = ["CH4", "CH3", "CH2", "NH3", "NH4", "NH2", "CS2", "CN", "HCN", "C2H2", "C2H4", "C2H6", "C3H6", "C3H8", "C4H10",
                                                 "SF6", "NF3", "CF4", "C2F6", "KF", "NaF", "KCN", "C60", "C70", "CNT", "PH3", "SH", "C2N2", "C3N4", "C2N", "CH3NH3"]

    /// Whether `context` (in lower case) holds a cement keyword, or a clinker shorthand as a word
    /// (`c3s`, `c-s-h`): one pass over the bytes, trying the keywords that start with each byte pair.
    static func isCementContext(_ context: String) -> Bool {
        var text = context
        return text.withUTF8 { isCementContext(bytes: $0) }
    }

    /// `isCementContext` over the UTF-8 bytes of a lower-case text.
    static func isCementContext(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        guard n >= 2 else { return false }
        let pairs = keywordPairs
        for i in 0..<(n - 1) {
            let pair = Int(bytes[i]) << 8 | Int(bytes[i + 1])
            guard pairs[pair >> 6] >> UInt64(pair & 63) & 1 != 0, let candidates = keywordIndex[UInt16(pair)] else { continue }
            for (word, bounded) in candidates where i + word.count <= n {
                var k = 0
                while k < word.count, bytes[i + k] == word[k] { k += 1 }
                guard k == word.count else { continue }
                if !bounded { return true }
                let before = i == 0 ? 0x20 : bytes[i - 1], after = i + k == n ? 0x20 : bytes[i + k]
                if !isLowerAlnum(before), !isLowerAlnum(after) { return true }
            }
        }
        return false
    }

    /// `isCementContext` of the sentence `bytes[s..<e]` in lower case: ASCII capitals are folded byte by byte
    /// and other bytes kept. That is what `String.lowercased()` gives as far as the keywords can tell, unless
    /// the text holds `Ä` (whose small form is in `strätlingite`), `İ` or the Kelvin sign (whose small forms
    /// hold an ASCII letter): such text goes through `String.lowercased()`.
    static func isCementSentence(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let sentence = UnsafeBufferPointer(rebasing: bytes[s..<e])
        if foldingMayDiffer(sentence) {
            return isCementContext(String(decoding: sentence, as: UTF8.self).lowercased())
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, sentence.count)) { lower in
            for k in sentence.indices { let b = sentence[k]; lower[k] = b >= 65 && b <= 90 ? b | 0x20 : b }
            return isCementContext(bytes: UnsafeBufferPointer(rebasing: lower[..<sentence.count]))
        }
    }

    /// Whether the UTF-8 text holds `Ä` (C3 84), `İ` (C4 B0) or the Kelvin sign (E2 84 AA).
    static func foldingMayDiffer(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var k = 0
        while k + 1 < text.count {
            let b = text[k], c = text[k + 1]
            if (b == 0xC3 && c == 0x84) || (b == 0xC4 && c == 0xB0) || (b == 0xE2 && c == 0x84 && k + 2 < text.count && text[k + 2] == 0xAA) { return true }
            k += 1
        }
        return false
    }

    /// A bit per byte pair that starts a keyword of `keywordIndex`: most pairs of a sentence start none, and
    /// are passed over without a dictionary lookup.
    private static let keywordPairs: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 65536 / 64)
        for key in keywordIndex.keys { bits[Int(key) >> 6] |= 1 << UInt64(key & 63) }
        return bits
    }()

    private static func isLowerAlnum(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 48 && b <= 57) }

    /// The keywords (anywhere) and clinker shorthands (whole words only) by their first two bytes.
    private static let keywordIndex: [UInt16: [([UInt8], Bool)]] = {
        var index: [UInt16: [([UInt8], Bool)]] = [:]
        // `afm` and `aft` only as words: "after" is no cement keyword. C3S and C2S are no evidence of
        // cement by themselves (they are also carbon sulfides); C3A, C4AF and C-S-H are.
        let entries = keywords.map { (Array($0.utf8), $0 == "afm" || $0 == "aft") } + ["c3a", "c4af", "c-s-h", "c–s–h", "c-a-s-h"].map { (Array($0.utf8), true) }
        for (word, bounded) in entries where word.count >= 2 {
            index[UInt16(word[0]) << 8 | UInt16(word[1]), default: []].append((word, bounded))
        }
        return index
    }()

    static func read(_ s: String, ctx: ReadingContext) -> FormulaReading? {
        var body = s
        if s.hasBytes("-"), let m = Shapes.phasePrefix(s, polytypes: false) { body = m.rest }
        let hasBar = body.hasBytes("$") || body.hasBytes("\u{304}")
        // A clinker phase with a polymorph prefix (`β-C2S`) is cement notation anywhere; bare `C3S` needs cement context.
        let clinker = body != s && body.hasPrefix("C") && Patterns.matches(body, #"^C[0-9]+(S|A|AF|A[0-9]S|AS)$"#)
        // Letters that are not element symbols (A, $, a bar) can only be cement notation.
        let nonElement = body.hasBytes("A") && body.contains(where: { $0.isNumber }) && isShorthand(body)
        let inCement = ctx.cement || nonElement
        guard inCement || hasBar || clinker else { return nil }
        if variablePhases.contains(body) { return .none("cement_variable") }
        // The AFt and AFm phases by their short names (in cement text: checked above).
        switch body {
        case "CH": if inCement { return expand("CH") }
        case "AFt": return expand("C6AS\u{304}3H32")
        case "Mc": return expand("C4AC\u{304}H11")
        case "Hc": return expand("C4AC\u{304}0.5H12")
        case "Ms": return expand("C4AS\u{304}H12")
        default: break
        }
        // Ordinary molecules that happen to use cement letters (`CH4`, `NH3`, `H2S`) keep their usual reading.
        if !hasBar, ordinaryMolecules.contains(body) || body.hasPrefix("C") && Patterns.matches(body, #"^C[0-9]+H[0-9]+$"#) || body.first.map({ !"CMNKAF".contains($0) }) == true { return nil }
        if !inCement && !hasBar && !clinker { return nil }
        guard isShorthand(body) else { return nil }
        // Cement strings need at least two oxide letters, one of them a letter, and a count, a bar or a
        // known short phase (`CH`, `CA`): `AFM`, `ACS` and `MSC` in a cement paper are acronyms. Counts
        // stay below 40 (`C6AS̄3H32`), so `K3C60` stays a fulleride.
        let letters = body.filter { $0.isLetter || $0 == "$" }
        guard letters.count >= 2, body.contains(where: { $0.isASCII && $0.isLetter }) else { return nil }
        guard hasBar || body.contains(where: { $0.isNumber }) || shortPhases.contains(body) else { return nil }
        // Lime or alumina is in every cement phase written this way; `NH4F`, `KHF2` and `K2S` are ordinary formulas.
        guard hasBar || body.hasBytes("C") || body.hasBytes("A") else { return nil }
        let counts = body.split(whereSeparator: { !($0.isASCII && ($0.isNumber || $0 == ".")) }).compactMap { Double($0) }
        if counts.contains(where: { $0 > 40 }) { return nil }
        var text = body
        // A bar lost in extraction: `CSH2` next to gypsum/anhydrite.
        if !hasBar, ["gypsum", "anhydrite", "bassanite", "hemihydrate"].contains(where: { ctx.lower.contains($0) }),
           Patterns.matches(body, #"^CSH[0-9.]*$|^CS$"#) {
            text = "CS\u{304}" + body.dropFirst(2)
        }
        if !inCement && !hasBar && !clinker { return nil }
        return expand(text)
    }

    static func expand(_ text: String) -> FormulaReading? {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        var terms: [(Double, [String: Double])] = []
        while i < scalars.count {
            var key = String(scalars[i]); i += 1
            if i < scalars.count, scalars[i] == "\u{304}" { key.unicodeScalars.append(scalars[i]); i += 1 }
            guard let oxide = oxides[key], let a = try? FormulaParser.parse(oxide, vars: [:]) else { return nil }
            var num = ""
            while i < scalars.count, CharacterSet(charactersIn: "0123456789.").contains(scalars[i]) { num.unicodeScalars.append(scalars[i]); i += 1 }
            let n = num.isEmpty ? 1 : (Double(num) ?? 1)
            terms.append((n, a))
        }
        let r = Canon.make(Canon.sum(terms), kind: "cement")
        return r
    }
}

/// Look-alikes that are not formulas: acronyms, units, labels.
enum Rejection {
    static let units: Set<String> = ["mA", "mAh", "GPa", "MPa", "kPa", "Pa", "eV", "meV", "keV", "nm", "Hz", "kHz", "MHz", "GHz", "kOe", "Oe", "ppm",
                                     "mV", "kV", "mW", "kW", "MW", "mM", "mL", "mg", "kg", "cm", "mm", "mS", "mol", "wt", "at", "Wh", "kWh", "kJ", "mJ"]
    static let allCapsCompounds: Set<String> = ["CO", "NO", "HF", "BN", "WC", "HCOOH", "HCN", "HI"]
    static let labels: Set<String> = ["NaN", "CoV", "Nan", "COVID", "InP-"]

    /// Capitals only (`XRD`, `DFT`, `ACKNOWLEDGEMENTS`) that are no curated abbreviation, no all-capital
    /// compound (`CO`, `HF`) and, in cement text, no cement phase (`CH`, `CSH`): the same verdict the
    /// rules below reach, given before any of them runs.
    static func isAcronym(_ s: String, cement: Bool) -> Bool {
        // Both verdicts below need two capitals first (`Fe2O3` is turned away at its second byte).
        var head = s.utf8.makeIterator()
        guard let b0 = head.next(), b0 >= 65, b0 <= 90, let b1 = head.next(), b1 >= 65, b1 <= 90 else { return false }
        if isPluralAcronym(s) { return true }
        let u = s.utf8
        guard u.count >= 2, u.allSatisfy({ $0 >= 65 && $0 <= 90 }) else { return false }
        if Abbreviations.table[s] != nil || s == "KNN" || allCapsCompounds.contains(s) || s == "CH" { return false }
        if cement, Cement.variablePhases.contains(s) || Cement.shortPhases.contains(s) { return false }
        return true
    }

    /// `^[A-Z]{2,}s$`: `CNTs`, `SOFCs`.
    static func isPluralAcronym(_ s: String) -> Bool {
        let u = s.utf8
        return u.count >= 3 && u.last == UInt8(ascii: "s") && u.dropLast().allSatisfy { $0 >= 65 && $0 <= 90 }
    }

    /// A capital that starts no element symbol (`J`, `Q`, `X`, `E`, `G`, `L`, `R`, `Z`; `A` and `M`
    /// outside cement text), in a token that is no name, no curated abbreviation and no `MA`/`FA`
    /// perovskite: `JSM-6340F`, `RGO`, `HSZ-931HOA`, `GPa`, `MWCNT@MPC`. The reader gives such a token
    /// no canonical formula: at most a variable composition around a placeholder (`SrCo1−xMxO3−δ`,
    /// M any metal), which is no mention worth keeping. D and T are left to the reader (`Ti3C2Tx`).
    static func hasStrayCapital(_ s: String, cement: Bool) -> Bool {
        // The scan first (most mentions have no stray capital), then the exemptions, which only turn
        // a stray capital into no verdict: the same answer as exemptions first.
        var text = s
        let stray = text.withUTF8 { all -> Bool in
            // After a colon come dopants, which may be placeholders (`SrY2O4:RE3+`): only the host counts.
            var end = 0
            while end < all.count, all[end] != UInt8(ascii: ":") { end += 1 }
            let u = UnsafeBufferPointer(rebasing: all[0..<end])
            var i = 0
            while i < u.count {
                let c = u[i]
                if c >= 65, c <= 90 {
                    if let n = MentionScanner.elementSymbolLength(u, at: i, end: u.count) {
                        i += n
                        continue
                    } else {
                        switch c {
                        case UInt8(ascii: "D"), UInt8(ascii: "T"): break
                        case UInt8(ascii: "A"), UInt8(ascii: "M"): if !cement { return isNotName(u) }
                        default: return isNotName(u)
                        }
                    }
                }
                i += 1
            }
            return false
        }
        guard stray else { return false }
        // Abbreviations are the reader's.
        if ReaderMatch.hasPrefix(s, "MA") || ReaderMatch.hasPrefix(s, "FA") || ReaderMatch.hasPrefix(s, "NMC") || ReaderMatch.hasPrefix(s, "NCM")
            || s == "KNN" || Abbreviations.table[s] != nil {
            return false
        }
        return true
    }

    /// Whether the host bytes `u` are no name (`Quartz`, `Lime`: a capital, then small letters, spaces,
    /// apostrophes and hyphens), which is the reader's.
    private static func isNotName(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = u.first, first >= 65, first <= 90 else { return true }
        return !u.dropFirst().allSatisfy({ ($0 >= 97 && $0 <= 122) || $0 == 0x20 || $0 == 0x27 || $0 == 0x2D })
    }

    /// One element-like capital (and small letter) with a count that is no familiar molecule: `A1`,
    /// `S30`, `C11`, `P123`. The rules below reject these whatever the sentence says.
    static func isLabel(_ s: String) -> Bool {
        // A label starts with a capital and ends with a digit or `'`: anything else is none (and is not copied).
        let v = s.utf8
        guard let first = v.first, first >= 65, first <= 90, let last = v.last, (last >= 48 && last <= 57) || last == UInt8(ascii: "'") else { return false }
        return isLabelBytes(Array(v), s)
    }

    private static func isLabelBytes(_ u: [UInt8], _ s: String) -> Bool {
        guard u.count >= 2, u[0] >= 65, u[0] <= 90 else { return false }
        var i = 1
        if u[i] >= 97, u[i] <= 122 { i += 1 }
        let digits = i
        while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
        guard i > digits else { return false }
        if i < u.count, u[i] == UInt8(ascii: "'") { i += 1 }
        return i == u.count && !Structure.molecularElements.contains(s)
    }

    static func rejects(_ s: String, ctx: ReadingContext) -> Bool {
        // Units and labels are ASCII words of at most five bytes.
        if s.utf8.count <= 5, units.contains(s) || labels.contains(s) { return true }
        if s.endsWith("+") || s.endsWith("-") { return false }
        if s == "OH" || s == "HO" { return true }
        // Plural acronyms: `SDs`, `CNTs`, `ICCs` (not Ds, Ts, Cs).
        if isPluralAcronym(s) { return true }
        var letterCount = 0, hasDigit = false, hasLower = false
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            for b in s.utf8 {
                if b >= 65, b <= 90 { letterCount += 1 } else if b >= 97, b <= 122 { letterCount += 1; hasLower = true } else if b >= 48, b <= 57 { hasDigit = true }
            }
        } else if let units = ReaderUnits.encode(s) {
            // One unit per Character: `δ` is a small letter, `·` neither letter nor digit.
            for b in units {
                if b >= 65, b <= 90 { letterCount += 1 } else if (b >= 97 && b <= 122) || b == ReaderUnits.delta { letterCount += 1; hasLower = true } else if b >= 48, b <= 57 { hasDigit = true }
            }
        } else {
            let letters = s.filter { $0.isLetter }
            letterCount = letters.count
            hasDigit = s.contains { $0.isNumber }
            hasLower = letters.contains { $0.isLowercase }
        }
        // Capitals only, unless it is an oxidation state (`V(V)`, `I(III)`).
        if letterCount > 0, !hasDigit, !hasLower, letterCount >= 2, !allCapsCompounds.contains(s),
           !(s.endsWith(")") && ReaderMatch.oxidationState(s) != nil) {
            if s == "CH" && (ctx.lower.hasBytes("radical") || ctx.lower.hasBytes("plasma")) { return false }
            return true
        }
        if s == "CH" { return true }
        // Grades and labels: SS316, IN718, P1, S2 after "Fig.", space groups.
        if s.utf8.count >= 4, ReaderMatch.gradeLabel(s), s.last?.isNumber == true || s.last?.isUppercase == true { return true }
        // One element with a count that is no familiar molecule (`S1`, `C11`, `P123`) is never a formula.
        if isLabel(s) { return true }
        // Space-group and point-group symbols in a symmetry context: `P21`, `C2`, `R3`.
        // (A phrase whose bytes are not in the sentence is not in it as Characters either: the byte search
        // answers most sentences, and a hit is confirmed by `contains`.)
        if ReaderMatch.spaceGroupLike(s), s.last?.isNumber == true,
           symmetryPhrases.contains(where: { ctx.lower.hasBytes($0) && ctx.lower.contains($0) }) { return true }
        // Space groups and labels (`P1`, `C2`, `Fig. S2`); `O2`, `H2` and `N2` are never asked about.
        // Lower-casing makes ASCII letters of ASCII capitals only (the Kelvin sign's `k` is in no word
        // here), so a word the text before does not end with, ASCII folded, it cannot end with lowered.
        if s.utf8.count <= 12, ReaderMatch.symbolOrLabel(s), let (b, _) = ctx.around(s),
           labelWords.contains(where: { endsWithFolded(b, $0) }) {
            let before = b.lowercased()
            if before.hasSuffix("space group ") { return true }
            if ReaderMatch.capitalNumber(s) {
                for w in labelWords where before.hasSuffix(w) { return true }
            }
        }
        return false
    }

    static let symmetryPhrases = ["space group", "symmetry", "crystallizes in", "crystallises in", "point group"]
    /// The words before a label (`Fig. S2`, `sample C3`); `space group ` is among them.
    static let labelWords = ["fig. ", "figure ", "table ", "sample ", "samples ", "space group ", "eq. ", "scheme ", "step ", "route "]

    /// Whether `text`'s bytes end with `word`'s (ASCII lower case), ASCII capitals folded.
    static func endsWithFolded(_ text: Substring, _ word: String) -> Bool {
        let t = text.utf8, w = word.utf8
        guard t.count >= w.count else { return false }
        var i = t.endIndex, j = w.endIndex
        while j != w.startIndex {
            i = t.index(before: i); j = w.index(before: j)
            var b = t[i]
            if b >= 65, b <= 90 { b |= 0x20 }
            if b != w[j] { return false }
        }
        return true
    }
}
