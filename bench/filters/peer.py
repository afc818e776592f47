#!/usr/bin/env python3
"""Peer side of `matcorpus-bench filters` (bench/filters/README.md).

Reads the documents file the driver wrote (one JSON object a line: group, text, and our verdicts:
language, score, quality, repetition), then:
  * times datatrove's GopherQualityFilter and GopherRepetitionFilter (default settings) over all
    texts, one thread, --repeat times, and reports the medians;
  * counts the documents each of them drops, by group and reason, next to ours;
  * compares our language guesses with langid.py and langdetect on every document our detector
    decided (agreement by group, and the disagreements).
Prints a report, then one JSON line (the last line) with the medians for the driver.

  peer.py --ensure      installs the pinned peers into $MATCORPUS_BENCH_VENV
                        (default ~/.cache/matcorpus-bench/filters-venv) when missing; prints its python.
"""
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict

PINS = ["datatrove==0.10.1", "spacy==3.8.18", "regex", "nltk", "langid==1.1.6", "langdetect==1.0.9"]


def ensure():
    venv = os.environ.get("MATCORPUS_BENCH_VENV", os.path.expanduser("~/.cache/matcorpus-bench/filters-venv"))
    python = os.path.join(venv, "bin", "python")
    probe = "import datatrove, spacy, langid, langdetect, regex"
    if not (os.path.exists(python) and subprocess.run([python, "-c", probe], capture_output=True).returncode == 0):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q"] + PINS, check=True, stdout=sys.stderr)
    print(python)


def main():
    if "--ensure" in sys.argv:
        return ensure()
    path = sys.argv[1]
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 5
    from datatrove.data import Document
    from datatrove.pipeline.filters import GopherQualityFilter, GopherRepetitionFilter

    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    docs = [Document(text=r["text"], id=str(i)) for i, r in enumerate(rows)]
    quality, repetition = GopherQualityFilter(), GopherRepetitionFilter()

    def verdicts(f):
        out = []
        for d in docs:
            v = f.filter(d)
            out.append("" if v is True else (v[1] if isinstance(v, tuple) else "dropped"))
        return out

    # Untimed first pass (loads spaCy) with the verdicts.
    vq, vr = verdicts(quality), verdicts(repetition)
    groups = list(dict.fromkeys(r["group"] for r in rows))
    print("datatrove defaults vs ours, documents dropped by group (reasons: datatrove's most frequent):")
    for g in groups:
        idx = [i for i, r in enumerate(rows) if r["group"] == g]
        dq = Counter(vq[i] for i in idx if vq[i]); dr = Counter(vr[i] for i in idx if vr[i])
        oq = sum(1 for i in idx if rows[i]["quality"]); orr = sum(1 for i in idx if rows[i]["repetition"])
        n = len(idx)
        print(f"  {g:26s} {n:5d}  quality: datatrove {sum(dq.values()):5d} ({100*sum(dq.values())/n:5.1f}%) ours {oq:4d} ({100*oq/n:5.1f}%)"
              f"  repetition: datatrove {sum(dr.values()):5d} ({100*sum(dr.values())/n:5.1f}%) ours {orr:4d} ({100*orr/n:5.1f}%)"
              f"  [{', '.join(f'{k} {v}' for k, v in dq.most_common(2))}; {', '.join(f'{k} {v}' for k, v in dr.most_common(2))}]")

    tq, tr = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for d in docs:
            quality.filter(d)
        tq.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for d in docs:
            repetition.filter(d)
        tr.append(time.perf_counter() - t0)
    print("peer runs (s): quality " + " ".join(f"{x:.2f}" for x in tq) + " | repetition " + " ".join(f"{x:.2f}" for x in tr))

    # Language agreement with langid.py and langdetect.
    try:
        import langid
        from langdetect import DetectorFactory, detect
        DetectorFactory.seed = 0
        agree = defaultdict(lambda: [0, 0, 0])  # group -> [decided, langid agrees, langdetect agrees]
        disagreements = []
        undetermined = Counter()
        for r in rows:
            ours = r["language"]
            lid = langid.classify(r["text"])[0]
            try:
                ldt = detect(r["text"]).split("-")[0]
            except Exception:
                ldt = "none"
            if ours == "und":
                undetermined[lid] += 1
                continue
            a = agree[r["group"]]
            a[0] += 1; a[1] += ours == lid; a[2] += ours == ldt
            if ours != lid or ours != ldt:
                disagreements.append(f"{r['group']}: ours {ours} ({r['score']:.2f}) langid {lid} langdetect {ldt}: {r['text'][:90]!r}")
        total = [sum(a[k] for a in agree.values()) for k in range(3)]
        print(f"language agreement on {total[0]} documents our detector decided: langid {total[1]} ({100*total[1]/max(1,total[0]):.1f}%), "
              f"langdetect {total[2]} ({100*total[2]/max(1,total[0]):.1f}%)")
        for g, a in agree.items():
            print(f"  {g:26s} {a[0]:5d}  langid {100*a[1]/a[0]:5.1f}%  langdetect {100*a[2]/a[0]:5.1f}%")
        print(f"  undetermined by ours: {sum(undetermined.values())}; langid calls them {dict(undetermined.most_common(6))}")
        print(f"  disagreements ({len(disagreements)}), first 25:")
        for d in disagreements[:25]:
            print("    " + d)
    except ImportError as e:
        print(f"language agreement skipped: {e}")

    from importlib.metadata import version
    print(json.dumps({"version": version("datatrove"),
                      "quality_seconds": statistics.median(tq), "repetition_seconds": statistics.median(tr)}))


if __name__ == "__main__":
    main()
