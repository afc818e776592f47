#!/usr/bin/env python3
"""BPE training: `matcorpus tokenizer train` against Hugging Face `tokenizers`' BpeTrainer.

Both learn a byte-level BPE vocabulary of --vocab-size with the LLaMA-3 split pattern and
min_frequency 2 on the same JSONL texts (fixture materials text and the general samples, repeated
to --mb MB). Prints each run, the medians, both throughputs in MB/s, their ratio, and how many of
the learned merges agree.

Usage: train_bench.py --matcorpus BIN [--mb 16] [--vocab-size 16000] [--repeat 3]"""
import argparse, glob, json, os, statistics, subprocess, sys, tempfile, time

LLAMA3 = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"

def texts(shared):
    out = []
    for f in sorted(glob.glob(os.path.join(shared, "fixtures/text/materials/**/*.txt"), recursive=True)):
        out.append(open(f, encoding="utf-8", errors="replace").read())
    for f in sorted(glob.glob(os.path.join(shared, "fixtures/text/general/*.jsonl"))):
        for line in open(f, encoding="utf-8"):
            try: out.append(json.loads(line)["text"])
            except (ValueError, KeyError): pass
    return out

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--matcorpus", required=True)
    ap.add_argument("--shared", default=os.environ.get("MATCORPUS_SHARED", "../shared"))
    ap.add_argument("--mb", type=float, default=16)
    ap.add_argument("--vocab-size", type=int, default=16000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers, Regex
    base = texts(a.shared)
    work = tempfile.mkdtemp()
    path = os.path.join(work, "train.jsonl")
    size, copies = 0, 0
    with open(path, "w", encoding="utf-8") as f:
        while size < a.mb * 1e6:
            for t in base:
                f.write(json.dumps({"text": t if copies == 0 else f"{t} (copy {copies})"}) + "\n")
                size += len(t.encode())
            copies += 1
    print(f"input: {size / 1e6:.1f} MB of text, vocabulary {a.vocab_size}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    ours, theirs = [], []
    for r in range(a.repeat):
        t0 = time.perf_counter()
        subprocess.run([a.matcorpus, "tokenizer", "train", path, "-o", os.path.join(work, "ours"), "--vocab-size", str(a.vocab_size),
                        "--special", "<|endoftext|>"], check=True, stdout=subprocess.DEVNULL)
        ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        tok = Tokenizer(models.BPE())
        tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Split(Regex(LLAMA3), "isolated"), pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
        trainer = trainers.BpeTrainer(vocab_size=a.vocab_size, min_frequency=2, special_tokens=["<|endoftext|>"],
                                      initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
        def lines():
            for line in open(path, encoding="utf-8"): yield json.loads(line)["text"]
        tok.train_from_iterator(lines(), trainer)
        theirs.append(time.perf_counter() - t0)
        print(f"  run {r + 1}: matcorpus {ours[-1]:.2f} s, HF tokenizers {theirs[-1]:.2f} s")
    tok.save(os.path.join(work, "hf.json"))
    mo, mh = statistics.median(ours), statistics.median(theirs)
    print(f"median: matcorpus {mo:.2f} s ({size / 1e6 / mo:.1f} MB/s), HF tokenizers {mh:.2f} s ({size / 1e6 / mh:.1f} MB/s); ratio {mh / mo:.2f}x")
    om = json.load(open(os.path.join(work, "ours", "tokenizer.json")))["model"]["merges"]
    hm = json.load(open(os.path.join(work, "hf.json")))["model"]["merges"]
    hm = [m if isinstance(m, str) else " ".join(m) for m in hm]
    same = sum(1 for x, y in zip(om, hm) if x == y)
    print(f"merges: ours {len(om)}, HF {len(hm)}; first {next((i for i, (x, y) in enumerate(zip(om, hm)) if x != y), min(len(om), len(hm)))} identical in order; "
          f"{len(set(om) & set(hm))} in common")

if __name__ == "__main__":
    sys.exit(main())
