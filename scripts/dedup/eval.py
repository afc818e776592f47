#!/usr/bin/env python3
"""Pair-level precision and recall of `matcorpus dedup` on the labeled evaluation set.

1. The evaluation set (scripts/dedup/build_eval.py) is read, or built into a temporary directory
   when --input is not given.
2. Exact Jaccard similarities are computed by brute force: every document's word 5-gram shingle set
   (words = maximal runs of Unicode letters, marks and digits, lowercased; the contract's
   definition) is interned as exact strings, an inverted index of shingles finds every pair that
   shares at least one shingle (every pair with Jaccard > 0), and each such pair's Jaccard is
   |A ∩ B| / |A ∪ B| counted exactly. No sampling, no hashing of shingles.
3. `matcorpus dedup` runs on the set (--matcorpus PATH, default .build/release/matcorpus or
   .build/debug/matcorpus; --engine datasketch runs the Python stand-in in bench/dedup/bench.py).
   Its output and removed files are checked against the contract and turned into clusters.
4. Truth pairs: Jaccard >= 0.8. Predicted pairs: every pair of documents in one cluster.
   recall = predicted truth pairs / truth pairs; precision = predicted pairs with Jaccard >= 0.8 /
   predicted pairs. Also shown: predicted pairs in [0.7, 0.8) (near misses) and below 0.7, recall
   by Jaccard band, a per-edit-type table (each variant against its base), the boilerplate-sharing
   distinct pairs wrongly merged, and the precision of the removals themselves (removed document
   against the document it is said to duplicate).

--check exits 1 when recall < 0.95 or precision < 0.95 or the output breaks the contract;
exit 2 means the command could not be run or its output could not be read.

Usage: eval.py [--input EVAL.jsonl --truth TRUTH.json] [--matcorpus PATH | --engine datasketch]
               [--shared DIR] [--seed N] [--json OUT.json] [--check] [-- EXTRA DEDUP ARGS]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
NGRAM = 5
DUP = 0.8     # truth threshold
NEAR = 0.7    # lower edge of the near-miss band
GOAL = 0.95


# --------------------------------------------------------------------------------------------
# shingles: the contract's definition

def _word_pattern() -> re.Pattern:
    # \w without "_" is str.isalnum(): letters (L*) and numbers (N*); add the marks (M*), which the
    # engine counts as word characters too (combining accents, Indic vowel signs).
    marks = []
    start = None
    for cp in range(0x110000):
        is_mark = unicodedata.category(chr(cp))[0] == "M"
        if is_mark and start is None:
            start = cp
        elif not is_mark and start is not None:
            marks.append((start, cp - 1))
            start = None
    cls = "".join(f"\\U{a:08x}-\\U{b:08x}" if a != b else f"\\U{a:08x}" for a, b in marks)
    return re.compile(f"(?:[^\\W_]|[{cls}])+")


WORD = _word_pattern()


def lower(text: str) -> str:
    low = text.lower()
    # str.lower() applies the Greek final-sigma rule; a per-scalar lowercase mapping does not.
    if "\u03a3" in text:
        low = "".join(c.lower() for c in text)
    return low


def words(text: str) -> list[str]:
    return WORD.findall(lower(text))


def shingle_strings(text: str, n: int = NGRAM) -> set[str]:
    w = words(text)
    if len(w) < n:
        return {" ".join(w)} if w else set()
    return {" ".join(w[i:i + n]) for i in range(len(w) - n + 1)}


class Similarity:
    """Exact shingle sets (as interned ids) and the Jaccard of every pair that shares a shingle."""

    def __init__(self, texts: list[str], keep_at_least: float = 0.5, n: int = NGRAM):
        intern: dict[str, int] = {}
        self.sets: list[frozenset[int]] = []
        postings: list[list[int]] = []
        self.pairs: dict[tuple[int, int], float] = {}   # pairs with Jaccard >= keep_at_least
        self.positive_pairs = 0                          # pairs with Jaccard > 0
        for d, text in enumerate(texts):
            ids = frozenset(intern.setdefault(s, len(intern)) for s in shingle_strings(text, n))
            while len(postings) < len(intern):
                postings.append([])
            inter: Counter = Counter()
            for s in ids:
                inter.update(postings[s])          # earlier documents containing s
            self.positive_pairs += len(inter)
            size = len(ids)
            for e, c in inter.items():
                j = c / (size + len(self.sets[e]) - c)
                if j >= keep_at_least:
                    self.pairs[(e, d)] = j
            for s in ids:
                postings[s].append(d)
            self.sets.append(ids)
        self.keep_at_least = keep_at_least
        self.distinct_shingles = len(intern)

    def jaccard(self, a: int, b: int) -> float:
        if a == b:
            return 1.0
        key = (a, b) if a < b else (b, a)
        j = self.pairs.get(key)
        if j is not None:
            return j
        A, B = self.sets[a], self.sets[b]
        if not A and not B:
            return 1.0
        c = len(A & B)
        return c / (len(A) + len(B) - c)


# --------------------------------------------------------------------------------------------
# running the command

def find_matcorpus(explicit: str | None) -> str:
    if explicit:
        return explicit
    for p in (os.environ.get("MATCORPUS_BIN"), os.path.join(REPO, ".build", "release", "matcorpus"),
              os.path.join(REPO, ".build", "debug", "matcorpus")):
        if p and os.access(p, os.X_OK):
            return p
    raise SystemExit("eval.py: no matcorpus binary (build it, or pass --matcorpus PATH)")


def run_dedup(command: list[str], input_path: str, workdir: str, extra: list[str]) -> tuple[str, str, str, float]:
    out = os.path.join(workdir, "kept.jsonl")
    removed = os.path.join(workdir, "removed.jsonl")
    report = os.path.join(workdir, "report.json")
    argv = command + ["dedup", input_path, "--output", out, "--removed", removed, "--report", report] + extra
    t0 = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.stderr.write(f"eval.py: {' '.join(argv)} exited {proc.returncode}\n{proc.stdout}{proc.stderr}\n")
        raise SystemExit(2)
    return out, removed, report, elapsed


def read_jsonl(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def read_clusters(ids: list[str], kept_path: str, removed_path: str,
                  keep_rule: str = "first") -> tuple[dict[str, str], dict, list[str]]:
    """cluster id per document, the removed documents' (duplicate_of, reason), and contract violations."""
    index = {d: i for i, d in enumerate(ids)}
    problems: list[str] = []
    cluster: dict[str, str] = {}
    removed_info: dict[str, tuple[str, str]] = {}
    sizes_claimed: dict[str, int] = {}

    def meta(rec: dict, where: str) -> dict:
        m = rec.get("metadata")
        if not isinstance(m, dict):
            problems.append(f"{where}: {rec.get('id')!r} has no metadata object")
            return {}
        return m

    kept = read_jsonl(kept_path)
    removed = read_jsonl(removed_path) if os.path.exists(removed_path) else []
    last = -1
    for rec in kept:
        did = rec.get("id")
        if did not in index:
            problems.append(f"output: unknown id {did!r}")
            continue
        if index[did] <= last:
            problems.append(f"output: {did!r} out of input order")
        last = index[did]
        m = meta(rec, "output")
        cid = m.get("minhash_cluster_id")
        if cid != did:
            problems.append(f"output: kept {did!r} has minhash_cluster_id {cid!r}, expected its own id")
        cluster[did] = str(cid) if cid is not None else did
        sizes_claimed[did] = m.get("minhash_cluster_size")
    for rec in removed:
        did = rec.get("id")
        if did not in index:
            problems.append(f"removed: unknown id {did!r}")
            continue
        m = meta(rec, "removed")
        cid, dup, reason = m.get("minhash_cluster_id"), m.get("duplicate_of"), m.get("dedup_reason")
        if did in cluster:
            problems.append(f"removed: {did!r} is also in the output")
        if reason not in ("exact", "near"):
            problems.append(f"removed: {did!r} has dedup_reason {reason!r}")
        if dup is None or dup not in index:
            problems.append(f"removed: {did!r} has duplicate_of {dup!r}, not an input id")
        cluster[did] = str(cid) if cid is not None else str(dup)
        removed_info[did] = (str(dup), str(reason))
        sizes_claimed[did] = m.get("minhash_cluster_size")
    missing = [d for d in ids if d not in cluster]
    if missing:
        problems.append(f"{len(missing)} input documents are in neither file (first: {missing[0]!r})")
        for d in missing:
            cluster[d] = d
    members: dict[str, list[str]] = defaultdict(list)
    for d in ids:
        members[cluster[d]].append(d)
    kept_set = {r.get("id") for r in kept}
    for cid, ms in members.items():
        if cid not in kept_set:
            problems.append(f"cluster {cid!r} has no kept document")
        elif keep_rule == "first" and ms[0] != cid:
            problems.append(f"cluster {cid!r}: kept document is not the first of its cluster in input order ({ms[0]!r} is)")
        elif keep_rule == "smallest-id" and min(ms) != cid:
            problems.append(f"cluster {cid!r}: kept document does not have the smallest id of its cluster ({min(ms)!r} has)")
        for d in ms:
            if sizes_claimed.get(d) is not None and sizes_claimed[d] != len(ms):
                problems.append(f"{d!r}: minhash_cluster_size {sizes_claimed[d]} but its cluster has {len(ms)} members")
                break
    for d, (dup, _) in removed_info.items():
        if dup != cluster[d]:
            problems.append(f"removed: {d!r} duplicate_of {dup!r} differs from its cluster id {cluster[d]!r}")
    return cluster, removed_info, problems


# --------------------------------------------------------------------------------------------
# metrics

BANDS = [(0.8, 0.85), (0.85, 0.9), (0.9, 0.95), (0.95, 1.0), (1.0, 1.01)]


def band_name(lo: float, hi: float) -> str:
    return "1.0 (identical sets)" if lo == 1.0 else f"[{lo:.2f}, {hi:.2f})"


def evaluate(docs: list[dict], truth: dict, sim: Similarity, cluster: dict[str, str],
             removed_info: dict[str, tuple[str, str]]) -> dict:
    ids = [d["id"] for d in docs]
    index = {d: i for i, d in enumerate(ids)}
    members: dict[str, list[int]] = defaultdict(list)
    for d in ids:
        members[cluster[d]].append(index[d])
    same = lambda a, b: cluster[ids[a]] == cluster[ids[b]]

    truth_pairs = {p for p, j in sim.pairs.items() if j >= DUP}
    predicted: list[tuple[int, int]] = []
    for ms in members.values():
        for x in range(len(ms)):
            for y in range(x + 1, len(ms)):
                predicted.append((ms[x], ms[y]))
    pj = [sim.jaccard(a, b) for a, b in predicted]
    tp = sum(1 for j in pj if j >= DUP)
    near = sum(1 for j in pj if NEAR <= j < DUP)
    far = sum(1 for j in pj if j < NEAR)
    hit = sum(1 for a, b in truth_pairs if same(a, b))
    recall = hit / len(truth_pairs) if truth_pairs else 1.0
    precision = tp / len(predicted) if predicted else 1.0

    by_band = []
    for lo, hi in BANDS:
        ps = [p for p in truth_pairs if lo <= sim.pairs[p] < hi]
        by_band.append({"band": band_name(lo, hi), "pairs": len(ps), "found": sum(1 for a, b in ps if same(a, b))})

    # each variant against its base, by edit type
    tdocs = {t["id"]: t for t in truth["documents"]}
    per_type: dict[str, dict] = {}
    for t in truth["documents"]:
        if t.get("role") != "variant" or t["id"] not in index or t["base"] not in index:
            continue
        a, b = index[t["id"]], index[t["base"]]
        j = sim.jaccard(a, b)
        row = per_type.setdefault(t["edit"], {"variants": 0, "jaccards": [], "dup": 0, "dup_found": 0,
                                              "nondup": 0, "nondup_merged": 0})
        row["variants"] += 1
        row["jaccards"].append(j)
        if j >= DUP:
            row["dup"] += 1
            row["dup_found"] += same(a, b)
        else:
            row["nondup"] += 1
            row["nondup_merged"] += same(a, b)
    order = {e: i for i, e in enumerate(truth.get("edit_types", []))}
    edit_rows = []
    for e in sorted(per_type, key=lambda e: (order.get(e, 99), e)):
        r = per_type[e]
        js = r.pop("jaccards")
        r.update(edit=e, jaccard_min=min(js), jaccard_median=statistics.median(js),
                 recall=(r["dup_found"] / r["dup"]) if r["dup"] else None)
        edit_rows.append(r)

    # boilerplate-sharing distinct documents
    bp = {"pairs": 0, "distinct_pairs": 0, "wrongly_merged": 0, "jaccard_max": 0.0, "groups": []}
    for name, g in sorted(truth.get("boilerplate_groups", {}).items()):
        gi = [index[d] for d in g["ids"] if d in index]
        gp = gm = 0
        jmax = 0.0
        for x in range(len(gi)):
            for y in range(x + 1, len(gi)):
                j = sim.jaccard(gi[x], gi[y])
                jmax = max(jmax, j)
                bp["pairs"] += 1
                if j < DUP:
                    gp += 1
                    gm += same(gi[x], gi[y])
        bp["distinct_pairs"] += gp
        bp["wrongly_merged"] += gm
        bp["jaccard_max"] = max(bp["jaccard_max"], jmax)
        bp["groups"].append({"group": name, "block_words": g.get("block_words"), "docs": len(gi),
                             "jaccard_max": jmax, "wrongly_merged": gm})

    # the removals themselves: removed document against the document it is said to duplicate
    rem_ok = rem_near = 0
    reasons = Counter()
    exact_wrong = 0
    for d, (dup, reason) in removed_info.items():
        reasons[reason] += 1
        if dup in index:
            j = sim.jaccard(index[d], index[dup])
            rem_ok += j >= DUP
            rem_near += NEAR <= j < DUP
            if reason == "exact" and j < 1.0:
                exact_wrong += 1

    # reference: exact Jaccard >= 0.8 joined by union-find (what a noise-free engine would report);
    # its precision is below 1 only where clusters chain pairs below 0.8 together
    parent = list(range(len(ids)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for a_, b_ in truth_pairs:
        ra, rb = root(a_), root(b_)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups_o: dict[int, list[int]] = defaultdict(list)
    for i in range(len(ids)):
        groups_o[root(i)].append(i)
    o_pairs = o_tp = 0
    for ms in groups_o.values():
        for x in range(len(ms)):
            for y in range(x + 1, len(ms)):
                o_pairs += 1
                o_tp += sim.jaccard(ms[x], ms[y]) >= DUP

    sizes = Counter(len(ms) for ms in members.values())
    return {
        "oracle": {"predicted_pairs": o_pairs, "true_positives": o_tp, "precision": o_tp / o_pairs if o_pairs else 1.0},
        "documents": len(ids),
        "truth_pairs": len(truth_pairs),
        "pairs_with_jaccard_above_0": sim.positive_pairs,
        "predicted_pairs": len(predicted),
        "true_positives": tp,
        "predicted_near_miss_0.7_0.8": near,
        "predicted_below_0.7": far,
        "found_truth_pairs": hit,
        "recall": recall,
        "precision": precision,
        "truth_pairs_in_0.7_0.8": sum(1 for j in sim.pairs.values() if NEAR <= j < DUP),
        "recall_by_jaccard": by_band,
        "edit_types": edit_rows,
        "boilerplate": bp,
        "removed": {"documents": len(removed_info), "reasons": dict(reasons), "jaccard_ge_0.8": rem_ok,
                    "jaccard_0.7_0.8": rem_near,
                    "precision": rem_ok / len(removed_info) if removed_info else 1.0,
                    "exact_reason_but_sets_differ": exact_wrong},
        "clusters": {"count": len(members), "largest": max(sizes) if sizes else 0,
                     "size_histogram": {str(k): v for k, v in sorted(sizes.items())}},
    }


def print_summary(r: dict, engine: str, elapsed: float | None, problems: list[str]) -> None:
    p = print
    p(f"engine: {engine}" + (f"  ({elapsed:.1f} s)" if elapsed is not None else ""))
    p(f"documents {r['documents']}, pairs with Jaccard > 0: {r['pairs_with_jaccard_above_0']}, "
      f"truth pairs (J >= {DUP}): {r['truth_pairs']}, pairs in [0.7, 0.8): {r['truth_pairs_in_0.7_0.8']}")
    p(f"clusters {r['clusters']['count']}, largest {r['clusters']['largest']}, "
      f"removed {r['removed']['documents']} {r['removed']['reasons']}")
    p("")
    p(f"  recall    {r['recall']:.4f}   ({r['found_truth_pairs']} / {r['truth_pairs']} truth pairs in one cluster)")
    p(f"  precision {r['precision']:.4f}   ({r['true_positives']} / {r['predicted_pairs']} same-cluster pairs with J >= {DUP}; "
      f"{r['predicted_near_miss_0.7_0.8']} in [0.7, 0.8), {r['predicted_below_0.7']} below 0.7)")
    o = r["oracle"]
    p(f"  (oracle: exact J >= {DUP} + union-find would have precision {o['precision']:.4f}, "
      f"{o['true_positives']} / {o['predicted_pairs']}, recall 1)")
    rm = r["removed"]
    p(f"  removals  {rm['precision']:.4f}   ({rm['jaccard_ge_0.8']} / {rm['documents']} removed documents with J >= {DUP} "
      f"to their kept document; {rm['jaccard_0.7_0.8']} in [0.7, 0.8); 'exact' with different sets: {rm['exact_reason_but_sets_differ']})")
    p("")
    p("recall by true Jaccard:")
    p(f"  {'band':<22} {'pairs':>6} {'found':>6} {'recall':>7}")
    for b in r["recall_by_jaccard"]:
        rec = f"{b['found'] / b['pairs']:.3f}" if b["pairs"] else "-"
        p(f"  {b['band']:<22} {b['pairs']:>6} {b['found']:>6} {rec:>7}")
    p("")
    p("variant vs its base, by edit type (J = exact Jaccard; dup = J >= 0.8):")
    p(f"  {'edit':<48} {'n':>4} {'J min':>6} {'J med':>6} {'dup':>4} {'found':>5} {'recall':>6} {'<0.8':>5} {'merged':>6}")
    for e in r["edit_types"]:
        rec = f"{e['recall']:.3f}" if e["recall"] is not None else "-"
        p(f"  {e['edit']:<48} {e['variants']:>4} {e['jaccard_min']:>6.3f} {e['jaccard_median']:>6.3f} {e['dup']:>4} "
          f"{e['dup_found']:>5} {rec:>6} {e['nondup']:>5} {e['nondup_merged']:>6}")
    bp = r["boilerplate"]
    p("")
    p(f"boilerplate-sharing distinct documents: {bp['distinct_pairs']} pairs (max J {bp['jaccard_max']:.3f}), "
      f"wrongly merged: {bp['wrongly_merged']}")
    for g in bp["groups"]:
        p(f"  {g['group']}: {g['docs']} docs, block {g['block_words']} words, max J {g['jaccard_max']:.3f}, merged pairs {g['wrongly_merged']}")
    if problems:
        p("")
        p(f"contract violations ({len(problems)}):")
        for x in problems[:20]:
            p(f"  {x}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 epilog="Arguments after -- are passed to `matcorpus dedup` (e.g. -- --threshold 0.8).")
    ap.add_argument("--input", help="evaluation JSONL (default: build one with build_eval.py into a temporary directory)")
    ap.add_argument("--truth", help="truth JSON written with --input")
    ap.add_argument("--shared", help="shared directory for building the set (default ../shared or $MATCORPUS_SHARED)")
    ap.add_argument("--seed", type=int, default=None, help="build_eval.py seed when building")
    ap.add_argument("--matcorpus", help="matcorpus executable (default .build/release or .build/debug)")
    ap.add_argument("--engine", choices=["matcorpus", "datasketch"], default="matcorpus",
                    help="datasketch: evaluate the Python stand-in (bench/dedup/bench.py peer) instead")
    ap.add_argument("--json", help="write the metrics as JSON here")
    ap.add_argument("--keep", help="keep the command's output files in this directory")
    ap.add_argument("--keep-rule", choices=["first", "smallest-id", "any"], default="smallest-id",
                    help="which document of a cluster the contract keeps (default: the first in input order)")
    ap.add_argument("--check", action="store_true", help=f"exit 1 unless recall and precision >= {GOAL}")
    ap.add_argument("extra", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    extra = a.extra[1:] if a.extra[:1] == ["--"] else a.extra

    work = tempfile.mkdtemp(prefix="matcorpus-dedup-eval-")
    try:
        if a.input:
            if not a.truth:
                ap.error("--input needs --truth")
            input_path, truth_path = a.input, a.truth
        else:
            sys.path.insert(0, HERE)
            import build_eval
            shared = a.shared or build_eval.default_shared()
            if not os.path.isdir(os.path.join(shared, "fixtures", "text")):
                print(f"eval.py: no fixture texts under {shared} (pass --shared)", file=sys.stderr)
                return 2
            seed = a.seed if a.seed is not None else build_eval.DEFAULT_SEED
            out, truth = build_eval.build(shared, seed)
            input_path, truth_path = os.path.join(work, "eval.jsonl"), os.path.join(work, "truth.json")
            build_eval.write(out, truth, input_path, truth_path)
        docs = read_jsonl(input_path)
        with open(truth_path, encoding="utf-8") as f:
            truth = json.load(f)

        if a.engine == "datasketch":
            bench = os.path.join(REPO, "bench", "dedup", "bench.py")
            python = subprocess.run([sys.executable, bench, "--ensure"], check=True, capture_output=True,
                                    text=True).stdout.strip()
            command, engine = [python, bench, "peer"], "datasketch stand-in (bench/dedup/bench.py peer)"
        else:
            binary = find_matcorpus(a.matcorpus)
            command, engine = [binary], binary
        kept, removed, _, elapsed = run_dedup(command, input_path, work, extra)
        if extra:
            engine += " " + " ".join(extra)

        t0 = time.perf_counter()
        sim = Similarity([d["text"] for d in docs])
        t_sim = time.perf_counter() - t0
        cluster, removed_info, problems = read_clusters([d["id"] for d in docs], kept, removed, a.keep_rule)
        r = evaluate(docs, truth, sim, cluster, removed_info)
        r["engine"] = engine
        r["dedup_seconds"] = elapsed
        r["contract_violations"] = problems
        print_summary(r, engine, elapsed, problems)
        print(f"\n(exact Jaccard of all {r['pairs_with_jaccard_above_0']} sharing pairs: {t_sim:.1f} s, "
              f"{sim.distinct_shingles} distinct shingles)")
        if a.json:
            with open(a.json, "w", encoding="utf-8") as f:
                json.dump(r, f, indent=1)
                f.write("\n")
        if a.keep:
            os.makedirs(a.keep, exist_ok=True)
            for pth in (kept, removed, os.path.join(work, "report.json")):
                if os.path.exists(pth):
                    shutil.copy(pth, a.keep)
        ok = r["recall"] >= GOAL and r["precision"] >= GOAL and not problems
        verdict = "PASS" if ok else "FAIL"
        print(f"\ndedup eval: recall {r['recall']:.4f} precision {r['precision']:.4f} "
              f"(goal >= {GOAL}), boilerplate merges {r['boilerplate']['wrongly_merged']}, "
              f"contract violations {len(problems)}: {verdict}")
        if a.check and not ok:
            return 1
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
