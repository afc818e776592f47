#!/usr/bin/env python3
"""bench/dedup: `matcorpus dedup` against datasketch (MinHash + MinHashLSH) on the same input.

Subcommands:
  --ensure           print a python that imports datasketch, installing it (pinned) into
                     $MATCORPUS_BENCH_VENV (default ~/.cache/matcorpus-bench/venv) when needed;
  peer INPUT... --output OUT [--removed R] [--threshold T] [--ngram N] [--bands B] [--rows R] [--seed S]
                     the datasketch implementation of the `matcorpus dedup` contract (also the
                     stand-in scripts/dedup/eval.py --engine datasketch evaluates): exact duplicates
                     by the hash of the normalized word sequence, then MinHash(num_perm = B*R) over
                     word N-gram shingles, MinHashLSH(params=(B, R)), query-then-insert in input order,
                     candidates kept when the estimated Jaccard >= T, union-find clusters, first
                     document of a cluster kept;
  run --matcorpus BIN [--mb M] [--repeat K] [--threshold T]
                     builds the evaluation set (scripts/dedup/build_eval.py), scales it to M MB with
                     varied ids and small edits, runs both tools K times each (interleaved), prints
                     docs/s and MB/s (medians), the ratio, how far their decisions agree, and the
                     S-curve of the LSH parameters.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
PIN = "datasketch==2.0.0"
sys.path.insert(0, os.path.join(REPO, "scripts", "dedup"))


# --------------------------------------------------------------------------------------------
# environment

def venv_dir() -> str:
    return os.environ.get("MATCORPUS_BENCH_VENV") or os.path.expanduser("~/.cache/matcorpus-bench/venv")


def importable(python: str) -> bool:
    return subprocess.run([python, "-c", "import datasketch"], capture_output=True).returncode == 0


def ensure() -> str:
    if importable(sys.executable):
        return sys.executable
    venv = venv_dir()
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        print(f"bench/dedup: creating {venv}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    if not importable(python):
        print(f"bench/dedup: installing {PIN} into {venv} (once)", file=sys.stderr)
        subprocess.run([python, "-m", "pip", "install", "-q", PIN], check=True, stdout=sys.stderr)
    if not importable(python):
        sys.exit("bench/dedup: datasketch still not importable after installing it")
    return python


# --------------------------------------------------------------------------------------------
# the datasketch peer

def read_docs(paths: list[str]):
    for path in paths:
        if path.endswith(".zst"):
            proc = subprocess.Popen(["zstd", "-dc", path], stdout=subprocess.PIPE)
            stream = proc.stdout
        else:
            proc, stream = None, open(path, "rb")
        with stream:
            for line in stream:
                if line.strip():
                    yield json.loads(line)
        if proc and proc.wait() != 0:
            sys.exit(f"peer: zstd -dc {path} failed")


def peer(argv: list[str]) -> int:
    if argv[:1] == ["dedup"]:  # called as the `matcorpus` of `matcorpus dedup ...`
        argv = argv[1:]
    ap = argparse.ArgumentParser(prog="bench.py peer")
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--output", required=True)
    ap.add_argument("--removed")
    ap.add_argument("--report")
    ap.add_argument("--threshold", type=float, default=0.7)
    ap.add_argument("--ngram", type=int, default=5)
    ap.add_argument("--bands", type=int, default=14)
    ap.add_argument("--rows", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    from datasketch import MinHash, MinHashLSH
    from eval import words  # the contract's word definition (scripts/dedup/eval.py)

    t0 = time.perf_counter()
    k = a.bands * a.rows
    lsh = MinHashLSH(num_perm=k, params=(a.bands, a.rows))
    docs: list[dict] = []
    parent: list[int] = []
    exact_key: list[bytes] = []
    first_by_key: dict[bytes, int] = {}
    sigs: dict[int, MinHash] = {}
    candidates = verified = 0

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x: int, y: int) -> None:
        rx, ry = find(x), find(y)
        if rx != ry:  # the root is the earliest document, so the kept one is the cluster's first
            if rx < ry:
                parent[ry] = rx
            else:
                parent[rx] = ry

    for doc in read_docs(a.inputs):
        i = len(docs)
        docs.append(doc)
        parent.append(i)
        w = words(doc.get("text") or "")
        key = hashlib.blake2b("\x00".join(w).encode(), digest_size=16).digest()
        exact_key.append(key)
        if key in first_by_key:
            union(first_by_key[key], i)
            continue
        first_by_key[key] = i
        if not w:
            continue
        n = a.ngram
        sh = [" ".join(w[j:j + n]).encode() for j in range(len(w) - n + 1)] if len(w) >= n else [" ".join(w).encode()]
        m = MinHash(num_perm=k, seed=a.seed)
        m.update_batch(sh)
        for c in lsh.query(m):
            candidates += 1
            if m.jaccard(sigs[c]) >= a.threshold:
                verified += 1
                union(c, i)
        lsh.insert(i, m)
        sigs[i] = m

    members: dict[int, int] = {}
    for i in range(len(docs)):
        r = find(i)
        members[r] = members.get(r, 0) + 1
    removed_out = open(a.removed, "w", encoding="utf-8") if a.removed else None
    kept = exact = near = 0
    with open(a.output, "w", encoding="utf-8") as out:
        for i, doc in enumerate(docs):
            r = find(i)
            meta = dict(doc.get("metadata") or {})
            meta["minhash_cluster_id"] = str(docs[r].get("id"))
            meta["minhash_cluster_size"] = members[r]
            doc["metadata"] = meta
            if r == i:
                kept += 1
                out.write(json.dumps(doc, ensure_ascii=False) + "\n")
                continue
            reason = "exact" if exact_key[i] == exact_key[r] else "near"
            exact += reason == "exact"
            near += reason == "near"
            meta["duplicate_of"] = str(docs[r].get("id"))
            meta["dedup_reason"] = reason
            if removed_out:
                removed_out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    if removed_out:
        removed_out.close()
    report = {"documents": len(docs), "kept": kept, "removed_exact": exact, "removed_near": near,
              "lsh_candidates": candidates, "verified_pairs": verified, "seconds": time.perf_counter() - t0,
              "engine": f"datasketch MinHash(num_perm={k}) + MinHashLSH(params=({a.bands}, {a.rows}))"}
    if a.report:
        with open(a.report, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1)
    print(f"peer: {len(docs)} documents, kept {kept}, removed {exact} exact + {near} near "
          f"({candidates} candidates, {verified} verified) in {report['seconds']:.2f} s", file=sys.stderr)
    return 0


# --------------------------------------------------------------------------------------------
# scaled input

def scale(docs: list[dict], target_bytes: int, rng: random.Random) -> list[dict]:
    """The evaluation documents, then copies with new ids until target_bytes: half of the copies are
    near copies (about one word in a hundred replaced, line breaks moved), half are distinct
    documents made from the same words (words shuffled within each line)."""
    out = [{"id": d["id"], "text": d["text"]} for d in docs]
    size = sum(len(json.dumps(d, ensure_ascii=False).encode()) + 1 for d in out)
    copy = 0
    while size < target_bytes:
        copy += 1
        for d in docs:
            if size >= target_bytes:
                break
            toks = d["text"].split(" ")
            if rng.random() < 0.5:
                for _ in range(max(1, len(toks) // 100)):
                    toks[rng.randrange(len(toks))] = rng.choice(toks)
                text = " ".join(toks)
                if rng.random() < 0.5:
                    text = text.replace("\n", " ", rng.randint(1, 5))
            else:
                lines = []
                for line in d["text"].split("\n"):
                    ws = line.split(" ")
                    rng.shuffle(ws)
                    lines.append(" ".join(ws))
                text = "\n".join(lines)
            rec = {"id": f"{d['id']}-c{copy}", "text": text}
            out.append(rec)
            size += len(json.dumps(rec, ensure_ascii=False).encode()) + 1
    return out


def s_curve(bands: int, rows: int) -> list[tuple[float, float]]:
    return [(j / 100, 1 - (1 - (j / 100) ** rows) ** bands) for j in range(50, 100, 5)]


def run_once(argv: list[str], out_dir: str) -> tuple[float, dict]:
    t0 = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"bench/dedup: {' '.join(argv)} exited {proc.returncode}\n{proc.stdout}{proc.stderr}")
    return dt, proc


def decisions(path: str) -> dict[str, str]:
    res = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            res[rec["id"]] = rec.get("metadata", {}).get("minhash_cluster_id")
    return res


def run(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="bench.py run")
    ap.add_argument("--matcorpus", required=True)
    ap.add_argument("--python", default=None, help="python with datasketch (default: --ensure)")
    ap.add_argument("--mb", type=float, default=32, help="input size in MB (default 32)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threshold", type=float, default=0.7, help="passed to both tools (default 0.7)")
    ap.add_argument("--bands", type=int, default=14)
    ap.add_argument("--rows", type=int, default=8)
    ap.add_argument("--shared", default=None)
    ap.add_argument("--keep", help="keep the scaled input and outputs in this directory")
    ap.add_argument("--no-peer", action="store_true")
    a = ap.parse_args(argv)
    import build_eval

    python = a.python or (None if a.no_peer else ensure())
    work = a.keep or tempfile.mkdtemp(prefix="matcorpus-bench-dedup-")
    os.makedirs(work, exist_ok=True)
    try:
        docs, _ = build_eval.build(a.shared or build_eval.default_shared(), build_eval.DEFAULT_SEED)
        scaled = scale(docs, int(a.mb * 1e6), random.Random(7))
        inp = os.path.join(work, "input.jsonl")
        with open(inp, "w", encoding="utf-8") as f:
            for d in scaled:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
        nbytes, ndocs = os.path.getsize(inp), len(scaled)
        load = open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else ["n/a"]
        print(f"machine: {os.cpu_count()} cores; load average {' '.join(load)}")
        print(f"input: {ndocs} documents, {nbytes / 1e6:.1f} MB ({len(docs)} evaluation documents + scaled copies)")
        common = ["--threshold", str(a.threshold), "--bands", str(a.bands), "--rows", str(a.rows)]
        tools = {"matcorpus dedup": [a.matcorpus, "dedup", inp, "--output", os.path.join(work, "ours.jsonl"),
                                     "--removed", os.path.join(work, "ours.removed.jsonl")] + common,
                 "matcorpus 1 thread": [a.matcorpus, "dedup", inp, "--output", os.path.join(work, "ours1.jsonl"),
                                        "--workers", "1"] + common}
        if not a.no_peer:
            tools["datasketch 2.0.0"] = [python, os.path.abspath(__file__), "peer", inp, "--output",
                                        os.path.join(work, "peer.jsonl"), "--removed",
                                        os.path.join(work, "peer.removed.jsonl")] + common
        times: dict[str, list[float]] = {t: [] for t in tools}
        for r in range(a.repeat):
            for name, cmd in tools.items():
                dt, _ = run_once(cmd, work)
                times[name].append(dt)
                print(f"  run {r + 1}: {name}: {dt:.2f} s", flush=True)
        print()
        print(f"{'tool':<18} {'median s':>9} {'docs/s':>10} {'MB/s':>8}  runs")
        med = {}
        for name, ts in times.items():
            m = statistics.median(ts)
            med[name] = m
            print(f"{name:<18} {m:>9.2f} {ndocs / m:>10.0f} {nbytes / 1e6 / m:>8.2f}  {', '.join(f'{t:.2f}' for t in ts)}")
        if "datasketch 2.0.0" in med:
            ours, theirs = med["matcorpus dedup"], med["datasketch 2.0.0"]
            print(f"ratio (matcorpus / datasketch throughput): {theirs / ours:.1f}x all cores, "
                  f"{theirs / med['matcorpus 1 thread']:.1f}x on one thread (datasketch runs on one)")
            d_ours = decisions(os.path.join(work, "ours.jsonl")) | decisions(os.path.join(work, "ours.removed.jsonl"))
            d_peer = decisions(os.path.join(work, "peer.jsonl")) | decisions(os.path.join(work, "peer.removed.jsonl"))
            kept_o = sum(1 for k, v in d_ours.items() if k == v)
            kept_p = sum(1 for k, v in d_peer.items() if k == v)
            same = sum(1 for k in d_ours if (d_ours[k] == k) == (d_peer.get(k) == k))
            print(f"kept: matcorpus {kept_o}, datasketch {kept_p}; same keep/remove decision for "
                  f"{same}/{len(d_ours)} documents ({100 * same / max(1, len(d_ours)):.2f}%)")
        print()
        print(f"S-curve of (b, r) = ({a.bands}, {a.rows}): P(candidate | J) = 1 - (1 - J^{a.rows})^{a.bands}")
        print("  " + " ".join(f"{j:>6.2f}" for j, _ in s_curve(a.bands, a.rows)))
        print("  " + " ".join(f"{p:>6.3f}" for _, p in s_curve(a.bands, a.rows)))
        return 0
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    if sys.argv[1:2] == ["--ensure"]:
        print(ensure())
        return 0
    if sys.argv[1:2] == ["peer"]:
        return peer(sys.argv[2:])
    if sys.argv[1:2] == ["run"]:
        return run(sys.argv[2:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
