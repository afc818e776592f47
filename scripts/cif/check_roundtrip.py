#!/usr/bin/env python3
"""Check `matcorpus cif` against gemmi and pymatgen run live on every fixture CIF.

Two parts, both over every `.cif` under the fixtures folder (default ../shared/fixtures/cif):

1. **Readings** (`matcorpus cif inspect --json`, one record per data block) against gemmi and
   pymatgen run here, now:
   * cell: ours against gemmi's (`make_small_structure_from_block`, all six parameters stated;
     blocks that spell the cell `_cell.length_a` through gemmi's mmCIF reader) and against
     pymatgen's structure lattice, within 1e-3 relative (absolute below 1);
   * space-group number: ours against gemmi's resolution of what the block states
     (`determine_and_set_spacegroup("N1HS")`: number, then H-M symbol, then Hall symbol, then the
     listed operations), and against the group of the operations pymatgen expands with
     (`CifParser.get_symops`, identified by `gemmi.find_spacegroup_by_ops`);
   * reduced formula and number of sites: ours against pymatgen's `Structure` for every block
     pymatgen reads (the issue asks for at least 98% formula agreement).
2. **Round trip**: for every block pymatgen reads, our canonical CIF (`matcorpus cif
   canonicalize FILE`) parsed by pymatgen gives the same structure as the original: same reduced
   formula, same number of sites, lattice parameters within 1e-3 relative, every site matched to
   a site of the same species within 0.01 Å (periodic), and `StructureMatcher().fit` True
   (`--no-matcher` skips it). And canonicalizing the canonical CIF gives identical bytes.

pymatgen is run per block as `CifParser.parse_structures` runs it (`_get_structure` on each
parsed block, default `check_occu=True`; an exception means no structure for the block). Species
are compared without oxidation states: the canonical CIF writes element symbols by design.

Every disagreement must be listed in ALLOWLIST below with its reason; the script prints a
summary and exits 1 on any disagreement that is not listed, and on a listed one that was checked
and no longer happens. Exit 2: the peers are missing or the command line is wrong.

Usage:
  python3 scripts/cif/check_roundtrip.py [--matcorpus BIN] [--fixtures DIR] [--only SUBDIR,...]
                                         [--every K] [--no-matcher] [--verbose] [--json OUT]

gemmi and pymatgen: if `python3` cannot import them, the script re-runs itself with the Python of
the benchmark's cache venv ($MATCORPUS_BENCH_VENV, default ~/.cache/matcorpus-bench/venv) when that
has them; `python3 bench/cif/peers.py --ensure` creates it (gemmi 0.7.5, pymatgen 2026.10.24).
"""
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import collections
import json
import pathlib
import subprocess
import sys
import tempfile
import time
import warnings

ROOT = pathlib.Path(__file__).resolve().parents[2]

# (check, file relative to the fixtures' parent, block) -> reason. Checks: cell-gemmi, cell-pymatgen,
# sg-gemmi, sg-pymatgen-ops, formula, nsites, block-kind, canonical-missing, roundtrip-parse,
# roundtrip-formula, roundtrip-nsites, roundtrip-lattice, roundtrip-sites, roundtrip-match, idempotence.
_BADSPACEGROUP = ("The block states only the symbol 'C2:b1' (gemmi's name for C 1 2 1, unique axis b, cell choice 1). "
                  "We expand with that group's 4 operations (40 sites); pymatgen does not know the suffix, falls back "
                  "to P 1 and keeps the 12 asymmetric-unit sites.")
ALLOWLIST: dict[tuple[str, str, str], str] = {
    ("sg-pymatgen-ops", "cif/cod/codtools__1100978.cif", "1100978"):
        "The block states 'Cc' (No. 9) but lists only x,y,z and x,-y,z+1/2, without the C-centring: the listed "
        "operations form P c (No. 7). inspect reports the stated number (as gemmi's stated reading and the oracle do); "
        "pymatgen, gemmi and we all expand with the two listed operations.",
    ("formula", "cif/cod/diffpy__badspacegroup.cif", "1100106"): _BADSPACEGROUP,
    ("nsites", "cif/cod/diffpy__badspacegroup.cif", "1100106"): _BADSPACEGROUP,
    ("sg-pymatgen-ops", "cif/cod/diffpy__badspacegroup.cif", "1100106"): _BADSPACEGROUP,
    # Our canonical CIF writes the C 1 2 1 operations we expanded with, so pymatgen reads back our
    # 40-site cell, not its own 12-site P 1 reading of the original.
    ("roundtrip-formula", "cif/cod/diffpy__badspacegroup.cif", "1100106"): _BADSPACEGROUP,
    ("roundtrip-nsites", "cif/cod/diffpy__badspacegroup.cif", "1100106"): _BADSPACEGROUP,
    ("roundtrip-sites", "cif/cod/diffpy__badspacegroup.cif", "1100106"): _BADSPACEGROUP,
    ("roundtrip-match", "cif/cod/diffpy__badspacegroup.cif", "1100106"): _BADSPACEGROUP,
}


def ensure_peers() -> None:
    try:
        import gemmi  # noqa: F401
        import pymatgen.io.cif  # noqa: F401
        return
    except ImportError:
        pass
    venv = pathlib.Path(os.environ.get("MATCORPUS_BENCH_VENV") or pathlib.Path.home() / ".cache" / "matcorpus-bench" / "venv")
    python = venv / "bin" / "python"
    if not os.environ.get("MATCORPUS_CHECK_REEXEC") and python.exists() and subprocess.run(
            [str(python), "-c", "import gemmi, pymatgen.io.cif"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
        os.environ["MATCORPUS_CHECK_REEXEC"] = "1"
        os.execv(str(python), [str(python), os.path.abspath(__file__), *sys.argv[1:]])
    sys.stderr.write("check_roundtrip: gemmi and pymatgen are not importable; "
                     "`python3 bench/cif/peers.py --ensure` installs them into ~/.cache/matcorpus-bench/venv\n")
    sys.exit(2)


def close(ours: float | None, ref: float, rel: float = 1e-3) -> bool:
    return isinstance(ours, (int, float)) and abs(ours - ref) <= rel * max(1.0, abs(ref))


CELL_KEYS = ("a", "b", "c", "alpha", "beta", "gamma")


def cell_differs(ours: dict | None, ref: dict) -> bool:
    return ours is None or not all(close(ours.get(k), ref[k]) for k in CELL_KEYS)


def fmt_cell(c: dict | None) -> str:
    return "none" if c is None else "(" + ", ".join(f"{c[k]:.5g}" for k in CELL_KEYS if k in c) + ")"


# ----------------------------------------------------------------------------------------------
# The three readers.

def ours_inspect(binary: str, paths: list[pathlib.Path]) -> dict[str, list[dict]]:
    """`matcorpus cif inspect --json` over all files: records per path, in block order."""
    out: dict[str, list[dict]] = collections.defaultdict(list)
    for i in range(0, len(paths), 64):
        chunk = [str(p) for p in paths[i:i + 64]]
        p = subprocess.run([binary, "cif", "inspect", "--json", *chunk], capture_output=True, text=True)
        if p.returncode not in (0, 3):
            raise SystemExit(f"matcorpus cif inspect failed ({p.returncode}): {p.stderr[-2000:]}")
        for line in p.stdout.splitlines():
            record = json.loads(line)
            out[record["file"]].append(record)
    return out


def gemmi_blocks(path: pathlib.Path) -> tuple[list[dict], str | None]:
    """Each block gemmi reads: name, cell (when stated in full), space-group number."""
    import gemmi
    try:
        doc = gemmi.cif.read_file(str(path))
    except Exception as e:  # gemmi rejects the file
        return [], str(e).splitlines()[0]
    blocks = []
    for block in doc:
        record = {"block": block.name, "cell": None, "sg": None}
        try:
            st = gemmi.make_small_structure_from_block(block)
        except Exception as e:
            record["error"] = str(e)
            blocks.append(record)
            continue
        stated = [block.find_value(t) for t in ("_cell_length_a", "_cell_length_b", "_cell_length_c",
                                                "_cell_angle_alpha", "_cell_angle_beta", "_cell_angle_gamma")]
        if all(v not in (None, "?", ".") for v in stated):
            c = st.cell
            record["cell"] = dict(zip(CELL_KEYS, (c.a, c.b, c.c, c.alpha, c.beta, c.gamma)))
        try:
            st.determine_and_set_spacegroup("N1HS")
            record["sg"] = st.spacegroup.number if st.spacegroup else None
        except Exception:
            record["sg"] = None
        dotted = [block.find_value(t) for t in ("_cell.length_a", "_cell.length_b", "_cell.length_c",
                                                "_cell.angle_alpha", "_cell.angle_beta", "_cell.angle_gamma")]
        if record["cell"] is None and all(v not in (None, "?", ".") for v in dotted):
            # DDL2 spellings: gemmi's macromolecular reader.
            try:
                mm = gemmi.make_structure_from_block(block)
                c = mm.cell
                record["cell"] = dict(zip(CELL_KEYS, (c.a, c.b, c.c, c.alpha, c.beta, c.gamma)))
                if record["sg"] is None and mm.spacegroup_hm:
                    sg = gemmi.find_spacegroup_by_name(mm.spacegroup_hm)
                    record["sg"] = sg.number if sg else None
            except Exception:
                pass
        blocks.append(record)
    return blocks, None


def pymatgen_blocks(path: pathlib.Path) -> tuple[list[dict], str | None]:
    """Each block pymatgen parses: header, Structure or None, the group of the operations it applies."""
    import gemmi
    from pymatgen.io.cif import CifParser
    try:
        parser = CifParser(str(path))
    except Exception as e:
        return [], f"{type(e).__name__}: {e}".splitlines()[0]
    blocks = []
    for header, data in parser._cif.data.items():
        record = {"block": header, "structure": None, "ops_sg": None}
        try:
            record["structure"] = parser._get_structure(data, primitive=False, symmetrized=False, check_occu=True)
        except Exception as e:  # KeyError/ValueError: no structure for the block; others would abort parse_structures
            record["error"] = f"{type(e).__name__}: {e}".splitlines()[0]
        if record["structure"] is not None:
            try:
                ops = gemmi.GroupOps([gemmi.Op(op.as_xyz_str().replace(" ", "")) for op in parser.get_symops(data)])
                sg = gemmi.find_spacegroup_by_ops(ops)
                record["ops_sg"] = sg.number if sg else None
            except Exception:
                record["ops_sg"] = None
        blocks.append(record)
    return blocks, None


def pymatgen_from_text(text: str):
    from pymatgen.io.cif import CifParser
    return CifParser.from_str(text).parse_structures(primitive=False)


# ----------------------------------------------------------------------------------------------
# Structure comparison.

def lattice_params(s) -> dict:
    lat = s.lattice
    return dict(zip(CELL_KEYS, (lat.a, lat.b, lat.c, lat.alpha, lat.beta, lat.gamma)))


def sites_match(s1, s2, tolerance: float = 0.01) -> str | None:
    """Every site of s1 pairs with a distinct site of s2 with the same species (occupancies within
    1e-4) within `tolerance` Å, minimum image. None when they all do, else what failed."""
    import numpy as np
    if len(s1) != len(s2):
        return f"{len(s1)} vs {len(s2)} sites"

    def key(site):
        return tuple(sorted((str(sp), round(float(occ), 4)) for sp, occ in site.species.items()))

    groups1, groups2 = collections.defaultdict(list), collections.defaultdict(list)
    for i, site in enumerate(s1):
        groups1[key(site)].append(i)
    for i, site in enumerate(s2):
        groups2[key(site)].append(i)
    if {k: len(v) for k, v in groups1.items()} != {k: len(v) for k, v in groups2.items()}:
        return "different species per site"
    matrix = s2.lattice.matrix
    for k, idx1 in groups1.items():
        f1 = np.array([s1[i].frac_coords for i in idx1])
        f2 = np.array([s2[i].frac_coords for i in groups2[k]])
        d = f1[:, None, :] - f2[None, :, :]
        d -= np.round(d)
        dist = np.linalg.norm(d @ matrix, axis=2)
        used = set()
        for row in range(len(idx1)):
            order = np.argsort(dist[row])
            j = next((j for j in order if j not in used and dist[row, j] <= tolerance), None)
            if j is None:
                return f"site {idx1[row]} {k[0][0]} at {np.round(f1[row], 4).tolist()}: nearest {dist[row].min():.4f} Å"
            used.add(j)
    return None


# ----------------------------------------------------------------------------------------------

class Report:
    def __init__(self) -> None:
        self.counts = collections.Counter()
        self.disagreements: list[tuple[str, str, str, str]] = []  # check, file, block, detail
        self.evaluated: set[tuple[str, str, str]] = set()

    def check(self, name: str, ok: bool, rel: str, block: str, detail: str = "") -> None:
        self.counts[name + ":n"] += 1
        self.evaluated.add((name, rel, block))
        if ok:
            self.counts[name + ":ok"] += 1
        else:
            self.disagreements.append((name, rel, block, detail))

    def rate(self, name: str) -> str:
        return f"{self.counts[name + ':ok']}/{self.counts[name + ':n']}"


def default_fixtures() -> pathlib.Path:
    shared = os.environ.get("MATCORPUS_SHARED")
    return pathlib.Path(shared) / "fixtures" / "cif" if shared else ROOT.parent / "shared" / "fixtures" / "cif"


def default_binary() -> str:
    for candidate in (os.environ.get("MATCORPUS_BIN"), ROOT / ".build" / "release" / "matcorpus", ROOT / ".build" / "debug" / "matcorpus"):
        if candidate and os.access(candidate, os.X_OK):
            return str(candidate)
    raise SystemExit("no matcorpus binary: build it (swift build --product matcorpus) or pass --matcorpus")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--matcorpus", help="the matcorpus binary (default $MATCORPUS_BIN, .build/release, .build/debug)")
    ap.add_argument("--fixtures", help="folder of .cif files (default $MATCORPUS_SHARED/fixtures/cif or ../shared/fixtures/cif)")
    ap.add_argument("--only", help="comma-separated subfolders of the fixtures folder to check (default: all)")
    ap.add_argument("--every", type=int, default=1,
                    help="check every K-th file of the sorted list (plus the allowlisted files); default 1: all")
    ap.add_argument("--no-matcher", action="store_true", help="skip StructureMatcher (site-by-site matching still runs)")
    ap.add_argument("--verbose", action="store_true", help="also list the allowlisted disagreements")
    ap.add_argument("--json", help="write the counts and disagreements to this file")
    args = ap.parse_args()

    ensure_peers()
    warnings.simplefilter("ignore")
    import gemmi
    from importlib.metadata import version
    from pymatgen.analysis.structure_matcher import StructureMatcher

    fixtures = pathlib.Path(args.fixtures) if args.fixtures else default_fixtures()
    if not fixtures.is_dir():
        print(f"check_roundtrip: no fixtures folder {fixtures}", file=sys.stderr)
        return 2
    binary = args.matcorpus or default_binary()
    # Files are named like the oracle and the Swift allowlists: relative to the fixtures' parent.
    base = fixtures.parent
    paths = sorted(p for p in fixtures.rglob("*.cif") if p.is_file())
    if args.only:
        subdirs = [s.strip("/") for s in args.only.split(",") if s]
        paths = [p for p in paths if any(p.relative_to(fixtures).parts[0] == s for s in subdirs)]
    if args.every > 1:
        listed = {k[1] for k in ALLOWLIST}
        paths = [p for i, p in enumerate(paths) if i % args.every == 0 or str(p.relative_to(base)) in listed]
    if not paths:
        print(f"check_roundtrip: no .cif files under {fixtures}", file=sys.stderr)
        return 2
    print(f"check_roundtrip: {len(paths)} files under {fixtures}; matcorpus {binary}; "
          f"gemmi {gemmi.__version__}, pymatgen {version('pymatgen')}", flush=True)
    start = time.monotonic()
    report = Report()
    matcher = None if args.no_matcher else StructureMatcher()
    ours_by_file = ours_inspect(binary, paths)
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="check-roundtrip-"))
    timings = collections.Counter()

    for path in paths:
        rel = str(path.relative_to(base))
        ours = ours_by_file.get(str(path), [])
        ours_by_name: dict[str, dict] = {}
        for record in ours:
            ours_by_name.setdefault(record["block"], record)
        t0 = time.monotonic()
        gemmi_records, gemmi_error = gemmi_blocks(path)
        t1 = time.monotonic()
        pm_records, pm_error = pymatgen_blocks(path)
        timings["gemmi"] += t1 - t0
        timings["pymatgen"] += time.monotonic() - t1
        report.counts["files"] += 1
        report.counts["files gemmi reads"] += gemmi_error is None
        report.counts["files pymatgen parses"] += pm_error is None

        # --- gemmi: cell and space group of every block it reads.
        for g in gemmi_records:
            if "error" in g:
                continue
            report.counts["blocks gemmi reads"] += 1
            o = ours_by_name.get(g["block"])
            if g["cell"] is not None:
                report.check("cell-gemmi", o is not None and not cell_differs(o.get("cell"), g["cell"]), rel, g["block"],
                             f"ours {fmt_cell((o or {}).get('cell'))} gemmi {fmt_cell(g['cell'])}")
            if g["sg"] is not None:
                report.check("sg-gemmi", o is not None and o.get("spacegroup_number") == g["sg"], rel, g["block"],
                             f"ours {(o or {}).get('spacegroup_number')} gemmi {g['sg']}")

        # --- pymatgen: cell, formula, sites, the group of its operations.
        readable: list[tuple[dict, dict]] = []
        for p in pm_records:
            s = p["structure"]
            if s is None:
                continue
            report.counts["blocks pymatgen reads"] += 1
            # pymatgen keeps the first 74 characters of a block name.
            o = ours_by_name.get(p["block"]) or next((r for r in ours if r["block"][:74] == p["block"]), None)
            if o is None:
                report.check("block-kind", False, rel, p["block"], "pymatgen reads a block that inspect does not report")
                continue
            report.check("block-kind", o["kind"] == "structure", rel, o["block"], f"ours {o['kind']}")
            report.check("cell-pymatgen", not cell_differs(o.get("cell"), lattice_params(s)), rel, o["block"],
                         f"ours {fmt_cell(o.get('cell'))} pymatgen {fmt_cell(lattice_params(s))}")
            report.check("formula", o.get("reduced_formula") == s.composition.reduced_formula, rel, o["block"],
                         f"ours {o.get('reduced_formula')} pymatgen {s.composition.reduced_formula}")
            report.check("nsites", o.get("nsites") == len(s), rel, o["block"], f"ours {o.get('nsites')} pymatgen {len(s)}")
            if p["ops_sg"] is not None:
                report.check("sg-pymatgen-ops", o.get("spacegroup_number") == p["ops_sg"], rel, o["block"],
                             f"ours {o.get('spacegroup_number')}, group of pymatgen's operations {p['ops_sg']}")
            readable.append((o, p))
        if not readable:
            continue

        # --- Round trip through our canonical CIF.
        t2 = time.monotonic()
        canon = subprocess.run([binary, "cif", "canonicalize", str(path)], capture_output=True)
        text = canon.stdout.decode("utf-8", errors="replace")
        # Split the output at its `data_` lines (the canonical form has no other line starting so).
        parts: list[tuple[str, list[str]]] = []
        for line in text.splitlines(keepends=True):
            if line.startswith("data_"):
                parts.append((line[5:].rstrip("\n"), [line]))
            elif parts:
                parts[-1][1].append(line)
        canonical_blocks: dict[str, str] = {}
        for name, lines in parts:
            canonical_blocks.setdefault(name, "".join(lines))
        canonical_file = scratch / "canonical.cif"
        canonical_file.write_bytes(canon.stdout)
        again = subprocess.run([binary, "cif", "canonicalize", str(canonical_file)], capture_output=True)
        timings["matcorpus canonicalize"] += time.monotonic() - t2
        report.check("idempotence", again.returncode == 0 and again.stdout == canon.stdout, rel, "*",
                     f"re-canonicalizing gives {len(again.stdout)} bytes, first pass {len(canon.stdout)}")
        for o, p in readable:
            original = p["structure"]
            cleaned = "".join(ch if " " < ch < "\x7f" else "_" for ch in o["block"]) or "structure"
            block_text = canonical_blocks.get(cleaned)
            report.check("canonical-missing", block_text is not None, rel, o["block"], canon.stderr.decode(errors="replace").strip()[:200])
            if block_text is None:
                continue
            t3 = time.monotonic()
            try:
                back = pymatgen_from_text(block_text)
                error = None if len(back) == 1 else f"{len(back)} structures"
            except Exception as e:
                back, error = [], f"{type(e).__name__}: {e}".splitlines()[0]
            report.check("roundtrip-parse", error is None, rel, o["block"], error or "")
            if error is not None:
                continue
            # The canonical CIF writes element symbols (charges dropped by design), so compare
            # without oxidation states; pymatgen's deuterium species then become H as well.
            original = original.copy()
            original.remove_oxidation_states()
            s2 = back[0].copy()
            s2.remove_oxidation_states()
            report.counts["round trips"] += 1
            report.check("roundtrip-formula", s2.composition.reduced_formula == original.composition.reduced_formula, rel, o["block"],
                         f"{original.composition.reduced_formula} -> {s2.composition.reduced_formula}")
            report.check("roundtrip-nsites", len(s2) == len(original), rel, o["block"], f"{len(original)} -> {len(s2)} sites")
            l1, l2 = lattice_params(original), lattice_params(s2)
            report.check("roundtrip-lattice", all(abs(l1[k] - l2[k]) <= 1e-3 * abs(l1[k]) for k in CELL_KEYS), rel, o["block"],
                         f"{fmt_cell(l1)} -> {fmt_cell(l2)}")
            problem = sites_match(original, s2)
            report.check("roundtrip-sites", problem is None, rel, o["block"], problem or "")
            timings["pymatgen round trip"] += time.monotonic() - t3
            if matcher is not None:
                t4 = time.monotonic()
                try:
                    fit = matcher.fit(original, s2)
                except Exception as e:
                    fit = False
                report.check("roundtrip-match", bool(fit), rel, o["block"], "StructureMatcher().fit is False")
                timings["StructureMatcher"] += time.monotonic() - t4

    # --- Summary.
    allowed, unexpected = [], []
    seen_allowed = set()
    for d in report.disagreements:
        key = d[:3]
        (allowed if key in ALLOWLIST else unexpected).append(d)
        seen_allowed.add(key)
    # A listed disagreement that was checked and no longer happens is stale.
    stale = [k for k in ALLOWLIST if k in report.evaluated and k not in seen_allowed]
    elapsed = time.monotonic() - start
    c = report.counts
    print(f"files: {c['files']} ({c['files gemmi reads']} read by gemmi, {c['files pymatgen parses']} parsed by pymatgen); "
          f"blocks: {c['blocks gemmi reads']} read by gemmi, {c['blocks pymatgen reads']} with a pymatgen structure")
    print("readings, ours against the peers (agree/compared):")
    print(f"  cell vs gemmi {report.rate('cell-gemmi')}, vs pymatgen {report.rate('cell-pymatgen')}; "
          f"space group vs gemmi (stated) {report.rate('sg-gemmi')}, vs the group of pymatgen's operations {report.rate('sg-pymatgen-ops')}")
    f_n = c["formula:n"]
    print(f"  reduced formula vs pymatgen {report.rate('formula')} ({100 * c['formula:ok'] / max(1, f_n):.1f}%); "
          f"sites {report.rate('nsites')}; inspect calls pymatgen's blocks structures {report.rate('block-kind')}")
    print(f"round trip through our canonical CIF ({c['round trips']} blocks):")
    print(f"  canonical CIF written {report.rate('canonical-missing')}, pymatgen reads it {report.rate('roundtrip-parse')}; "
          f"formula {report.rate('roundtrip-formula')}, sites {report.rate('roundtrip-nsites')}, lattice {report.rate('roundtrip-lattice')}, "
          f"site-by-site {report.rate('roundtrip-sites')}"
          + ("" if matcher is None else f", StructureMatcher {report.rate('roundtrip-match')}"))
    print(f"  canonicalizing the canonical CIF gives the same bytes: {report.rate('idempotence')} files")
    print("time: " + ", ".join(f"{k} {v:.1f} s" for k, v in sorted(timings.items())) + f"; total {elapsed:.1f} s")
    if allowed:
        print(f"allowlisted disagreements: {len(allowed)}")
        for d in allowed:
            print(f"  {d[0]} {d[1]}#{d[2]}: {d[3]}" + (f"\n      reason: {ALLOWLIST[d[:3]]}" if args.verbose else ""))
    for d in unexpected:
        print(f"UNEXPECTED {d[0]} {d[1]}#{d[2]}: {d[3]}")
    for k in stale:
        print(f"STALE allowlist entry (no longer disagrees): {k[0]} {k[1]}#{k[2]}")
    formula_ok = c["formula:ok"] >= 0.98 * f_n
    if not formula_ok:
        print(f"FAIL: reduced formula agreement below 98%")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps({
            "counts": dict(c), "allowlisted": allowed, "unexpected": unexpected, "stale": stale, "seconds": elapsed}, indent=1))
    ok = not unexpected and not stale and formula_ok
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
