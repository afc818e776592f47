#!/usr/bin/env python3
"""bench/tokenizers (SentencePiece part): LLaMA-2 encoding, `matcorpus tokenizer encode` against
sentencepiece (the reference implementation, C++ behind its Python module, from PyPI).

Input: every document of ../shared/fixtures/text (4.4 MB of materials papers, paragraphs, MEDLINE, Python
and Perl docs), repeated until --mb MB, one JSONL line {"text": ...} per document.

Timings (wall clock, median of --repeat runs, the two tools interleaved):
* ours, whole command: `matcorpus tokenizer encode --tokenizer llama2-tokenizer.model --jsonl IN > OUT`
  (process start, model load, JSONL parse, encoding, JSON output); and the same command on a one-line file,
  to show the fixed cost (start + model load), so the encoding rate is (bytes) / (whole − fixed).
* peer, whole command: a Python process doing the same (load the model, read the JSONL, encode each
  text with `SentencePieceProcessor.encode`, one thread, write `{"ids": [...]}` lines);
* peer, encode only: `sp.encode(text)` over the texts in a loop (one thread), timed inside Python;
  and `sp.encode(texts, num_threads=N)` on all cores, for reference.
Both outputs are compared id for id.

Usage: python3 bench/tokenizers/sp_bench.py [--matcorpus .build/release/matcorpus] [--mb 16] [--repeat 3]
"""
import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

PEER = r"""
import json, sys, sentencepiece as spm
sp = spm.SentencePieceProcessor(model_file=sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as f, open(sys.argv[3], "w", encoding="utf-8") as out:
    for line in f:
        ids = sp.encode(json.loads(line)["text"])
        out.write('{"ids":[' + ",".join(map(str, ids)) + "]}\n")
"""


def documents(shared):
    base = os.path.join(shared, "fixtures", "text")
    texts = []
    for path in sorted(glob.glob(os.path.join(base, "materials", "**", "*.txt"), recursive=True)):
        with open(path, encoding="utf-8") as f:
            texts.append(f.read())
    for path, key in [("materials/supermat/supermat_paragraphs.jsonl", "text"),
                      ("materials/text-mined-synthesis/sol-gel_dataset_20200713.sample2000.jsonl", "paragraph_string")]:
        with open(os.path.join(base, path), encoding="utf-8") as f:
            texts += [json.loads(line)[key] for line in f]
    for path in sorted(glob.glob(os.path.join(base, "general", "*.sample.jsonl"))):
        with open(path, encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f]
    return texts


def timed(cmd, stdout=None):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=stdout)
    return time.perf_counter() - start


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--matcorpus", default=os.path.join(root, ".build", "release", "matcorpus"))
    ap.add_argument("--shared", default=os.environ.get("MATCORPUS_SHARED", os.path.join(os.path.dirname(root), "shared")))
    ap.add_argument("--mb", type=float, default=16)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    try:
        import sentencepiece as spm
    except ImportError:
        sys.exit("needs sentencepiece: python3 -m pip install sentencepiece==0.2.3")
    if not os.path.exists(args.matcorpus):
        sys.exit(f"no {args.matcorpus}: swift build -c release --product matcorpus")
    model = os.path.join(args.shared, "tokenizers", "llama2-tokenizer.model")
    base = documents(args.shared)
    texts = []
    while sum(len(t.encode()) for t in texts) < args.mb * 1e6:
        texts += base
    nbytes = sum(len(t.encode()) for t in texts)
    mb = nbytes / 1e6
    print(f"machine: {os.cpu_count()} cores; load average: {' '.join(open('/proc/loadavg').read().split()[:3])}")
    print(f"sentencepiece {spm.__version__}; input {len(texts)} documents, {mb:.1f} MB of text")

    with tempfile.TemporaryDirectory() as work:
        inp = os.path.join(work, "in.jsonl")
        with open(inp, "w", encoding="utf-8") as f:
            for t in texts:
                f.write(json.dumps({"text": t}, ensure_ascii=False) + "\n")
        one = os.path.join(work, "one.jsonl")
        with open(one, "w") as f:
            f.write('{"text": "x"}\n')
        ours_out, peer_out = os.path.join(work, "ours.jsonl"), os.path.join(work, "peer.jsonl")
        peer_py = os.path.join(work, "peer.py")
        with open(peer_py, "w") as f:
            f.write(PEER)
        ours, fixed, peer = [], [], []
        for _ in range(args.repeat):
            with open(ours_out, "w") as out:
                ours.append(timed([args.matcorpus, "tokenizer", "encode", "--tokenizer", model, "--jsonl", inp], out))
            with open(os.devnull, "w") as out:
                fixed.append(timed([args.matcorpus, "tokenizer", "encode", "--tokenizer", model, "--jsonl", one], out))
            peer.append(timed([sys.executable, peer_py, model, inp, peer_out]))
        with open(ours_out) as a, open(peer_out) as b:
            got = [json.loads(l)["ids"] for l in a]
            want = [json.loads(l)["ids"] for l in b]
        same = sum(1 for g, w in zip(got, want) if g == w)
        ntokens = sum(len(w) for w in want)

        sp = spm.SentencePieceProcessor(model_file=model)
        loop = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            for t in texts:
                sp.encode(t)
            loop.append(time.perf_counter() - start)
        start = time.perf_counter()
        sp.encode(texts, num_threads=os.cpu_count())
        batch = time.perf_counter() - start

    o, fx, p, l = (statistics.median(x) for x in (ours, fixed, peer, loop))
    print(f"ids identical: {same}/{len(texts)} documents ({ntokens:,} tokens)")
    print(f"ours, whole command:   {o:7.2f} s  {mb / o:6.1f} MB/s   (runs: {', '.join(f'{x:.2f}' for x in ours)})")
    print(f"ours, fixed cost:      {fx:7.2f} s  (start + model load, one-line input)")
    print(f"ours, encoding rate:   {mb / max(o - fx, 1e-9):6.1f} MB/s  (JSONL parse and output included)")
    print(f"peer, whole command:   {p:7.2f} s  {mb / p:6.1f} MB/s   (runs: {', '.join(f'{x:.2f}' for x in peer)})")
    print(f"peer, encode only:     {l:7.2f} s  {mb / l:6.1f} MB/s   (one thread)")
    print(f"peer, encode only:     {batch:7.2f} s  {mb / batch:6.1f} MB/s   ({os.cpu_count()} threads, one run)")
    print(f"ratio, whole command: {p / o:.2f}x; our encoding rate vs peer encode-only: {(mb / max(o - fx, 1e-9)) / (mb / l):.2f}x")
    return 0 if same == len(texts) else 1


if __name__ == "__main__":
    sys.exit(main())
