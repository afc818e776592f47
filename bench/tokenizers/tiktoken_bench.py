#!/usr/bin/env python3
"""LLaMA-3 encoding speed: `matcorpus tokenizer encode` against tiktoken on the same text.

Text: the shared fixture documents (scripts/tokenizers/fixture_texts.py: every fixtures/text .txt
file and JSONL record, 4,021 documents, about 4.4 MB), each encoded as one document.

* tiktoken: `Encoding` built from the local ranks file (no download) with Meta's pattern, encoding
  one document at a time on one thread (`encode(..., allowed_special=set(), disallowed_special=())`).
* ours, in process: bench/tokenizers/encode_bench.swift, compiled here with `swiftc -O -wmo` together
  with Sources/Tokenizers/TokenEncoder.swift and Sources/Tokenizers/BytePair/*.swift, encodes the
  same documents one at a time on one thread (encode only; load time reported apart).
* ours, end to end: the release `matcorpus tokenizer encode --tokenizer <ranks> --jsonl <docs>`
  (process start, loading, JSON in and out, one thread).
* --hf-json PATH (optional): the same for a byte-level tokenizer.json, ours against Hugging Face
  `tokenizers` (`Tokenizer.encode` per document). `scripts/tokenizers/hf_parity.py --out DIR`
  writes LLaMA-3 as `DIR/llama3-full.tokenizer.json`.

Each figure is the median of --runs runs (default 5). The ids of both sides are compared too.
Usage: python3 bench/tokenizers/tiktoken_bench.py [--matcorpus .build/release/matcorpus] [--shared ../shared]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PAT = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"


def median_time(fn, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def run_ours(matcorpus, tokenizer, inp, out):
    with open(out, "wb") as fh:
        subprocess.run([matcorpus, "tokenizer", "encode", "--tokenizer", tokenizer, "--jsonl", inp], stdout=fh, check=True)


def build_driver(tmp):
    """Compiles encode_bench.swift with the encoder sources into tmp/encode_bench."""
    import glob, shutil
    src = os.path.join(tmp, "src")
    os.makedirs(src, exist_ok=True)
    shutil.copy(os.path.join(HERE, "encode_bench.swift"), os.path.join(src, "main.swift"))
    files = [os.path.join(ROOT, "Sources/Tokenizers/TokenEncoder.swift")]
    files += sorted(glob.glob(os.path.join(ROOT, "Sources/Tokenizers/BytePair/*.swift")))
    exe = os.path.join(tmp, "encode_bench")
    subprocess.run(["swiftc", "-O", "-wmo", "-module-name", "EncodeBench", "-o", exe, os.path.join(src, "main.swift")] + files,
                   check=True)
    return exe


def run_driver(exe, tokenizer, inp, runs, ids_out):
    out = subprocess.run([exe, tokenizer, inp, str(runs), ids_out], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def read_ids(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(l)["ids"] for l in fh if l.strip()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--matcorpus", default=os.path.join(ROOT, ".build/release/matcorpus"))
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(ROOT), "shared"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--hf-json", help="also compare with Hugging Face tokenizers on this tokenizer.json")
    args = ap.parse_args()
    try:
        import tiktoken
        from tiktoken.load import load_tiktoken_bpe
    except ImportError:
        print("tiktoken_bench: pip install tiktoken"); return 3
    if not os.access(args.matcorpus, os.X_OK):
        print(f"tiktoken_bench: no matcorpus at {args.matcorpus} (swift build -c release --product matcorpus)"); return 2
    sys.dont_write_bytecode = True
    sys.path.insert(0, os.path.join(ROOT, "scripts/tokenizers"))
    from fixture_texts import fixture_documents

    docs = [t for _, t in fixture_documents(args.shared)]
    nbytes = sum(len(t.encode("utf-8")) for t in docs)
    ranks_path = os.path.join(args.shared, "tokenizers/llama3-tokenizer.tiktoken")
    tmp = tempfile.mkdtemp(prefix="tiktoken-bench-")
    inp, out = os.path.join(tmp, "in.jsonl"), os.path.join(tmp, "out.jsonl")
    with open(inp, "w", encoding="utf-8") as fh:
        for t in docs:
            fh.write(json.dumps({"text": t}, ensure_ascii=False) + "\n")

    print(f"text: {len(docs)} documents, {nbytes / 1e6:.2f} MB; median of {args.runs} runs; one thread each; "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    driver = build_driver(tmp)
    mb = nbytes / 1e6
    rows = []

    def ours(tokenizer, peer_ids):
        d = run_driver(driver, tokenizer, inp, args.runs, out)
        same_in = sum(1 for a, b in zip(read_ids(out), peer_ids) if a == b)
        cli = median_time(lambda: run_ours(args.matcorpus, tokenizer, inp, out), args.runs)
        same_cli = sum(1 for a, b in zip(read_ids(out), peer_ids) if a == b)
        return d["load_s"], mb / d["median_s"], mb / cli, f"{same_in}/{len(docs)} in process, {same_cli}/{len(docs)} CLI"

    t = time.perf_counter()
    enc = tiktoken.Encoding(name="llama3-local", pat_str=PAT, mergeable_ranks=load_tiktoken_bpe(ranks_path), special_tokens={})
    tk_load = time.perf_counter() - t
    tk_ids = []
    def tk_encode():
        tk_ids.clear()
        for d in docs:
            tk_ids.append(enc.encode(d, allowed_special=set(), disallowed_special=()))
    tk = median_time(tk_encode, args.runs)
    rows.append(("LLaMA-3 ranks file", f"tiktoken {tiktoken.__version__}", tk_load, mb / tk) + ours(ranks_path, tk_ids))

    if args.hf_json:
        try:
            from tokenizers import Tokenizer, __version__ as hf_version
        except ImportError:
            print("tiktoken_bench: --hf-json needs `pip install tokenizers`"); return 3
        t = time.perf_counter()
        hf = Tokenizer.from_file(args.hf_json)
        hf_load = time.perf_counter() - t
        hf_ids = []
        def hf_encode():
            hf_ids.clear()
            for d in docs:
                hf_ids.append(hf.encode(d, add_special_tokens=False).ids)
        hft = median_time(hf_encode, args.runs)
        rows.append((os.path.basename(args.hf_json), f"tokenizers {hf_version}", hf_load, mb / hft) + ours(args.hf_json, hf_ids))

    print("| tokenizer | peer | peer load s | peer MB/s | ours load s | ours MB/s in process | ratio | ours MB/s CLI end to end | ids identical to the peer |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    for name, peer, pl, pmb, ol, omb, cmb, same in rows:
        print(f"| {name} | {peer} | {pl:.3f} | {pmb:.1f} | {ol:.3f} | {omb:.1f} | {omb / pmb:.1f}× | {cmb:.1f} | {same} |")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
