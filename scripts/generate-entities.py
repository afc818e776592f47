#!/usr/bin/env python3
"""Generates Sources/PublisherXML/Entities/NamedCharacterReferences.swift.

The table the XML reader uses for named entities whose DTD it does not have (`&ndash;`, `&alpha;`,
`&thinsp;`, ...):

* every name ending in ';' in Python's `html.entities.html5` (the WHATWG list, which contains the
  MathML and ISO 8879 sets that HTML and MathML kept), except the five XML predefines;
* the ISO 8879 Greek sets that the WHATWG list dropped but that publisher DTDs (Elsevier, old NLM)
  still declare: ISOgrk1 (`&agr;`), ISOgrk2 (`&aacgr;`) and ISOgrk4 (bold Greek, `&b.alpha;`).
  Their characters are looked up by Unicode character name, so no code point is typed by hand.

Usage: python3 scripts/generate-entities.py [OUTPUT]   (default: the path above, from the repository root)
"""
import html.entities
import os
import sys
import unicodedata

PREDEFINED = {"lt", "gt", "amp", "apos", "quot"}

# ISOgrk1: monotonic Greek letters. name -> (case, letter as in Unicode names)
ISOGRK1 = [
    ("agr", "ALPHA"), ("bgr", "BETA"), ("ggr", "GAMMA"), ("dgr", "DELTA"), ("egr", "EPSILON"),
    ("zgr", "ZETA"), ("eegr", "ETA"), ("thgr", "THETA"), ("igr", "IOTA"), ("kgr", "KAPPA"),
    ("lgr", "LAMDA"), ("mgr", "MU"), ("ngr", "NU"), ("xgr", "XI"), ("ogr", "OMICRON"), ("pgr", "PI"),
    ("rgr", "RHO"), ("sgr", "SIGMA"), ("tgr", "TAU"), ("ugr", "UPSILON"), ("phgr", "PHI"),
    ("khgr", "CHI"), ("psgr", "PSI"), ("ohgr", "OMEGA"),
]

# ISOgrk2: accented Greek. name -> Unicode character name
ISOGRK2 = {
    "aacgr": "GREEK SMALL LETTER ALPHA WITH TONOS", "Aacgr": "GREEK CAPITAL LETTER ALPHA WITH TONOS",
    "eacgr": "GREEK SMALL LETTER EPSILON WITH TONOS", "Eacgr": "GREEK CAPITAL LETTER EPSILON WITH TONOS",
    "eeacgr": "GREEK SMALL LETTER ETA WITH TONOS", "EEacgr": "GREEK CAPITAL LETTER ETA WITH TONOS",
    "iacgr": "GREEK SMALL LETTER IOTA WITH TONOS", "Iacgr": "GREEK CAPITAL LETTER IOTA WITH TONOS",
    "idigr": "GREEK SMALL LETTER IOTA WITH DIALYTIKA", "Idigr": "GREEK CAPITAL LETTER IOTA WITH DIALYTIKA",
    "idiagr": "GREEK SMALL LETTER IOTA WITH DIALYTIKA AND TONOS",
    "oacgr": "GREEK SMALL LETTER OMICRON WITH TONOS", "Oacgr": "GREEK CAPITAL LETTER OMICRON WITH TONOS",
    "uacgr": "GREEK SMALL LETTER UPSILON WITH TONOS", "Uacgr": "GREEK CAPITAL LETTER UPSILON WITH TONOS",
    "udigr": "GREEK SMALL LETTER UPSILON WITH DIALYTIKA", "Udigr": "GREEK CAPITAL LETTER UPSILON WITH DIALYTIKA",
    "udiagr": "GREEK SMALL LETTER UPSILON WITH DIALYTIKA AND TONOS",
    "ohacgr": "GREEK SMALL LETTER OMEGA WITH TONOS", "OHacgr": "GREEK CAPITAL LETTER OMEGA WITH TONOS",
}

# ISOgrk4: bold Greek, named after the ISOgrk3 names (as HTML5 maps them) with a "b." prefix.
ISOGRK4 = [
    "alpha", "beta", "gamma", "Gamma", "gammad", "Gammad", "delta", "Delta", "epsi", "epsiv", "zeta", "eta",
    "thetas", "Theta", "thetav", "iota", "kappa", "kappav", "lambda", "Lambda", "mu", "nu", "xi", "Xi", "pi",
    "Pi", "piv", "rho", "rhov", "sigma", "Sigma", "sigmav", "tau", "upsi", "Upsi", "phi", "Phi", "phiv", "chi",
    "psi", "Psi", "omega", "Omega",
]
# ISOgrk3 names whose HTML5 mapping is not the plain letter the bold set means.
ISOGRK4_BASE = {"thetas": "theta", "Upsi": "Upsilon"}


def bold(char):
    """The MATHEMATICAL BOLD counterpart of a Greek character, by Unicode name."""
    name = unicodedata.name(char)
    for old, new in [
        ("GREEK SMALL LETTER FINAL SIGMA", "MATHEMATICAL BOLD SMALL FINAL SIGMA"),
        ("GREEK SMALL LETTER DIGAMMA", "MATHEMATICAL BOLD SMALL DIGAMMA"),
        ("GREEK LETTER DIGAMMA", "MATHEMATICAL BOLD CAPITAL DIGAMMA"),
        ("GREEK LUNATE EPSILON SYMBOL", "MATHEMATICAL BOLD EPSILON SYMBOL"),
        ("GREEK SMALL LETTER ", "MATHEMATICAL BOLD SMALL "),
        ("GREEK CAPITAL LETTER ", "MATHEMATICAL BOLD CAPITAL "),
        ("GREEK ", "MATHEMATICAL BOLD "),
    ]:
        if name.startswith(old):
            return unicodedata.lookup(new + name[len(old):])
    raise KeyError(name)


def table():
    entries = {}
    for key, value in html.entities.html5.items():
        if key.endswith(";") and key[:-1] not in PREDEFINED:
            entries[key[:-1]] = value
    html5_count = len(entries)
    extras = {}
    for name, letter in ISOGRK1:
        extras[name] = unicodedata.lookup("GREEK SMALL LETTER " + letter)
        # Capitals double the first letter's case for two-letter transliterations: EEgr, THgr, PHgr, KHgr, PSgr, OHgr.
        digraph = name[:-2]
        capital = (digraph.upper() if len(digraph) == 2 else digraph.capitalize()) + "gr"
        extras[capital] = unicodedata.lookup("GREEK CAPITAL LETTER " + letter)
    extras["sfgr"] = unicodedata.lookup("GREEK SMALL LETTER FINAL SIGMA")
    for name, uname in ISOGRK2.items():
        extras[name] = unicodedata.lookup(uname)
    for base in ISOGRK4:
        extras["b." + base] = bold(html.entities.html5[ISOGRK4_BASE.get(base, base) + ";"])
    for name, value in extras.items():
        assert name not in entries, name
        entries[name] = value
    return entries, html5_count, len(extras)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        root, "Sources/PublisherXML/Entities/NamedCharacterReferences.swift")
    entries, html5_count, extra_count = table()
    lines = [
        "// Generated by scripts/generate-entities.py; do not edit.",
        f"// {html5_count} names from Python {sys.version_info.major}.{sys.version_info.minor}'s html.entities.html5 (names ending in ';',",
        f"// without the five XML predefines) and {extra_count} ISO 8879 Greek names (ISOgrk1, ISOgrk2, ISOgrk4).",
        "",
        "enum NamedCharacterReferences {",
        "    /// One entity per line: its name, then the hexadecimal code points of its replacement text.",
        '    static let data = """',
    ]
    for name in sorted(entries, key=lambda n: (n.lower(), n)):
        lines.append("    " + name + " " + " ".join("%X" % ord(c) for c in entries[name]))
    lines += ['    """', "", f"    static let count = {len(entries)}", "}", ""]
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    print(f"{out}: {len(entries)} entities ({html5_count} HTML5, {extra_count} ISO Greek)")


if __name__ == "__main__":
    main()
