#!/usr/bin/env python3
"""bench/cif peers: gemmi and pymatgen reading the same CIF files as `matcorpus-bench cif`.

Passes (each over a list of files, one after the other, on one thread):

  gemmi_parse        gemmi.cif.read_file(path)                               (parse only)
  gemmi_structure    + gemmi.make_small_structure_from_block(block)          (structure blocks)
  gemmi_expand       + SmallStructure.get_all_unit_cell_sites()              (the full cell)
  pymatgen_parse     pymatgen.io.cif.CifFile.from_file(path)                 (pymatgen's parse only)
  pymatgen_full      CifParser(path).parse_structures(primitive=False)       (full read)

A structure block is one that states `_cell_length_a` (or `_cell.length_a`) and has
`_atom_site_fract_x` (or `_atom_site.fract_x`): the rule of `CIFBlockKind.structure`.
Files a reader rejects are counted as failed; their time (up to the error) counts.
Only the loops are timed (time.perf_counter), not the interpreter start or the imports.

Usage:
  peers.py --ensure
      make sure gemmi and pymatgen can be imported (else create the cache venv
      $MATCORPUS_BENCH_VENV or ~/.cache/matcorpus-bench/venv and pip-install the pinned
      versions into it) and print the path of the Python that has them.
  peers.py --once --list WORK.txt [--pymatgen-list PM.txt] [--passes a,b,...]
      driver mode (`matcorpus-bench cif`): one repetition of each pass over the paths listed
      one per line; prints one JSON object.
  peers.py [--files DIR] [--repeat R] [--mb N] [--pymatgen-copies K]
      standalone: medians of R repetitions over every .cif under DIR, the list repeated to
      reach N MB (pymatgen: K copies).
"""
import os

# One core each: no BLAS/OpenMP thread pools behind numpy (pymatgen).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import json
import math
import pathlib
import statistics
import subprocess
import sys
import time
import warnings

PINS = ["gemmi==0.7.5", "pymatgen==2026.10.24"]
ALL_PASSES = ["gemmi_parse", "gemmi_structure", "gemmi_expand", "pymatgen_parse", "pymatgen_full"]


def venv_dir() -> pathlib.Path:
    env = os.environ.get("MATCORPUS_BENCH_VENV")
    return pathlib.Path(env) if env else pathlib.Path.home() / ".cache" / "matcorpus-bench" / "venv"


def peers_importable(python: str) -> bool:
    probe = "import gemmi, pymatgen.io.cif"
    return subprocess.run([python, "-c", probe], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0


def ensure_peers() -> None:
    """Re-executes this script with a Python that has gemmi and pymatgen, installing them if needed."""
    try:
        import gemmi  # noqa: F401
        import pymatgen.io.cif  # noqa: F401
        return
    except ImportError:
        pass
    if os.environ.get("MATCORPUS_BENCH_REEXEC"):
        sys.exit("bench/cif: gemmi and pymatgen still not importable after installing them")
    venv = venv_dir()
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"bench/cif: creating {venv}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    if not peers_importable(str(python)):
        print(f"bench/cif: installing {' '.join(PINS)} into {venv} (once)", file=sys.stderr)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PINS], check=True, stdout=sys.stderr)
    os.environ["MATCORPUS_BENCH_REEXEC"] = "1"
    os.execv(str(python), [str(python), os.path.abspath(__file__), *sys.argv[1:]])


def is_structure_block(block) -> bool:
    cell = block.find_value("_cell_length_a") is not None or block.find_value("_cell.length_a") is not None
    fract = len(block.find_values("_atom_site_fract_x")) > 0 or len(block.find_values("_atom_site.fract_x")) > 0
    return cell and fract


def run_pass(name: str, paths: list[str]) -> dict:
    import gemmi
    from pymatgen.io.cif import CifFile, CifParser

    counts = {"files": len(paths), "failed": 0, "blocks": 0, "structures": 0, "sites": 0}
    start = time.perf_counter()
    if name == "gemmi_parse":
        for path in paths:
            try:
                counts["blocks"] += len(gemmi.cif.read_file(path))
            except Exception:
                counts["failed"] += 1
    elif name in ("gemmi_structure", "gemmi_expand"):
        expand = name == "gemmi_expand"
        for path in paths:
            try:
                doc = gemmi.cif.read_file(path)
            except Exception:
                counts["failed"] += 1
                continue
            for block in doc:
                counts["blocks"] += 1
                if not is_structure_block(block):
                    continue
                structure = gemmi.make_small_structure_from_block(block)
                counts["structures"] += 1
                counts["sites"] += len(structure.get_all_unit_cell_sites()) if expand else len(structure.sites)
    elif name == "pymatgen_parse":
        for path in paths:
            try:
                counts["blocks"] += len(CifFile.from_file(path).data)
            except Exception:
                counts["failed"] += 1
    elif name == "pymatgen_full":
        for path in paths:
            try:
                structures = CifParser(path).parse_structures(primitive=False)
            except Exception:  # ValueError: no structure in the file; anything else pymatgen raises
                counts["failed"] += 1
                continue
            counts["structures"] += len(structures)
            counts["sites"] += sum(len(s) for s in structures)
    else:
        raise SystemExit(f"unknown pass {name}")
    counts["seconds"] = time.perf_counter() - start
    return counts


def warm_up(paths: list[str]) -> None:
    """Untimed: lazy imports and first-call costs (pymatgen loads symmetry tables on first use)."""
    sample = paths[: min(len(paths), 40)]
    for name in ALL_PASSES:
        run_pass(name, sample)


def versions() -> dict:
    import gemmi
    from importlib.metadata import version
    return {"python": sys.version.split()[0], "gemmi": gemmi.__version__, "pymatgen": version("pymatgen")}


def read_list(path: str) -> list[str]:
    return [line for line in pathlib.Path(path).read_text().splitlines() if line]


def cif_files(directory: str) -> list[str]:
    return sorted(str(p) for p in pathlib.Path(directory).rglob("*.cif") if p.is_file())


def default_files_dir() -> str:
    shared = os.environ.get("MATCORPUS_SHARED")
    if shared:
        return os.path.join(shared, "fixtures", "cif")
    return str(pathlib.Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "cif")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ensure", action="store_true")
    ap.add_argument("--once", action="store_true")
    ap.add_argument("--list")
    ap.add_argument("--pymatgen-list")
    ap.add_argument("--passes", default=",".join(ALL_PASSES))
    ap.add_argument("--files")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--pymatgen-copies", type=int, default=1)
    args = ap.parse_args()

    ensure_peers()
    warnings.simplefilter("ignore")  # pymatgen warns a lot (P1 fallback, stoichiometry); not our subject
    if args.ensure:
        print(sys.executable)
        return

    passes = [p for p in args.passes.split(",") if p]
    if args.once:
        work = read_list(args.list)
        pm_work = read_list(args.pymatgen_list) if args.pymatgen_list else work
        warm_up(work)
        out = {"versions": versions(), "passes": {}}
        for name in passes:
            out["passes"][name] = run_pass(name, pm_work if name.startswith("pymatgen") else work)
        print(json.dumps(out))
        return

    files = cif_files(args.files or default_files_dir())
    if not files:
        sys.exit("no .cif files found; pass --files DIR")
    set_bytes = sum(os.path.getsize(f) for f in files)
    copies = max(1, math.ceil(args.mb * 1e6 / set_bytes))
    work, pm_work = files * copies, files * args.pymatgen_copies
    print(f"peers: {len(files)} files, {set_bytes / 1e6:.2f} MB; gemmi passes read the list {copies} times, "
          f"pymatgen {args.pymatgen_copies}; {args.repeat} repetitions; {versions()}")
    warm_up(files)
    times: dict[str, list[float]] = {p: [] for p in passes}
    for r in range(args.repeat):
        for name in passes:
            times[name].append(run_pass(name, pm_work if name.startswith("pymatgen") else work)["seconds"])
        print(f"run {r + 1}: " + ", ".join(f"{p} {times[p][-1]:.3f} s" for p in passes), flush=True)
    for name in passes:
        n = args.pymatgen_copies if name.startswith("pymatgen") else copies
        t = statistics.median(times[name])
        print(f"  {name:16s} {len(files) * n / t:9.1f} files/s {set_bytes * n / 1e6 / t:8.2f} MB/s")


if __name__ == "__main__":
    main()
