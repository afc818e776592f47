#!/usr/bin/env python3
"""Hugging Face `tokenizers` parity cases for HuggingFaceBPE (byte-level BPE tokenizer.json).

No vocabulary is downloaded: byte-level BPE tokenizers are trained here with `tokenizers`' own
trainer on the even-numbered shared fixture documents (fixture_texts.py), in several shapes that
real tokenizer.json files have:

  gpt2         ByteLevel(add_prefix_space=False, use_regex=True) (GPT-2), merges as ["a", "b"] pairs
  llama3       Sequence[Split(LLaMA-3 regex, Isolated), ByteLevel(use_regex=False)], ignore_merges,
               merges rewritten as legacy "a b" strings, BOS/EOS template post-processor
  qwen2        Sequence[Split(LLaMA-3 regex with \\p{N}, Isolated), ByteLevel(use_regex=False)]
  prefix       Sequence[Digits(individual_digits=True), ByteLevel(add_prefix_space=True)]
  llama3-full  LLaMA-3 itself, rebuilt as a tokenizer.json from the shared ranks file alone (merges =
               every split of a token into two tokens, sorted by (rank(token), rank(a), rank(b));
               ignore_merges; 256 special tokens), with the dev vectors' texts added to the cases

For each, the held-out (odd-numbered) documents plus edge strings are encoded with
`Tokenizer.encode(text, add_special_tokens=False)`. Writes, into --out, `<name>.tokenizer.json` and
`<name>.expected.jsonl` (lines {"source", "text", "ids"}). With --matcorpus BIN it also runs
`BIN tokenizer encode` on each and prints "hf parity: <name> N/M identical".

Exit status: 0 ok (and identical when checked), 1 differences, 3 `tokenizers` missing, 2 usage.
"""
import argparse, json, os, subprocess, sys

LLAMA3 = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
QWEN2 = LLAMA3.replace(r"\p{N}{1,3}", r"\p{N}")

EDGE = [
    "", " ", "  ", "\n", "\r\n", "a\n\n  b", "  leading and trailing  ", "\t\tindented\n", "x\u000by\u0085z\u00a0w\u3000v",
    "H\u2082O at 25\u00b0C, \u0394H = \u221212.5 kJ\u00b7mol\u207b\u00b9", "\u00b5m vs \u03bcm, \u00c5 vs \u212b",
    "It's, IT'S, we'll, WE'LL, they're, x'\u017f", "1234567890 and 3.14159 and \uff11\uff12\uff13", "\u2163 \u00bd \u00b2",
    "e\u0301 \ufb01 \ufb02 \u01c5 \u200b \ufeff \u00ad", "\U0001F469\u200D\U0001F52C \U0001F1EB\U0001F1F7 \U0001F44D\U0001F3FD",
    "\u65e5\u672c\u8a9e \ud55c\uad6d\uc5b4 \u0645\u0631\u062d\u0628\u0627 \u041f\u0440\u0438\u0432\u0435\u0442 \u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35",
    "def f(x):\n    return {'a': [1, 2]}\n", "$\\alpha_{2}^{3}$ \\cite{x}", "https://example.org/a?b=c&d=e#f",
    "a" * 500, "." * 300, "\n" * 50, "0" * 257, " " * 100 + "x", "\U0001F600" * 50,
    "\u0101\u0100\u0120\u010a",  # byte-level alphabet characters as real text
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", required=True)
    ap.add_argument("--out", required=True, help="directory to write")
    ap.add_argument("--matcorpus", help="also check `matcorpus tokenizer encode` against the cases")
    ap.add_argument("--vocab-size", type=int, default=4000)
    args = ap.parse_args()
    try:
        from tokenizers import Tokenizer, Regex, models, pre_tokenizers, trainers, decoders, processors
    except ImportError:
        print("hf_parity: the `tokenizers` package is not installed (pip install tokenizers)")
        return 3
    sys.dont_write_bytecode = True
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from fixture_texts import fixture_documents

    docs = fixture_documents(args.shared)
    train = [t for i, (_, t) in enumerate(docs) if i % 2 == 0]
    held = [(s, t) for i, (s, t) in enumerate(docs) if i % 2 == 1]
    held += [(f"edge#{i}", t) for i, t in enumerate(EDGE)]
    os.makedirs(args.out, exist_ok=True)

    def build(name, pre, ignore_merges=False, specials=("<|endoftext|>",), template=False, legacy_merges=False):
        tok = Tokenizer(models.BPE(ignore_merges=ignore_merges))
        tok.pre_tokenizer = pre
        tok.decoder = decoders.ByteLevel()
        trainer = trainers.BpeTrainer(vocab_size=args.vocab_size, show_progress=False, special_tokens=list(specials),
                                      initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
        tok.train_from_iterator(train, trainer=trainer)
        if template:
            bos, eos = specials[0], specials[1]
            tok.post_processor = processors.TemplateProcessing(
                single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} $B {eos}",
                special_tokens=[(bos, tok.token_to_id(bos)), (eos, tok.token_to_id(eos))])
        path = os.path.join(args.out, f"{name}.tokenizer.json")
        tok.save(path)
        if legacy_merges:
            with open(path, encoding="utf-8") as fh:
                spec = json.load(fh)
            spec["model"]["merges"] = [m if isinstance(m, str) else f"{m[0]} {m[1]}" for m in spec["model"]["merges"]]
            with open(path, "w", encoding="utf-8") as fh:
                json.dump(spec, fh, ensure_ascii=False)
            tok = Tokenizer.from_file(path)
        specials_set = set(specials)
        expected = os.path.join(args.out, f"{name}.expected.jsonl")
        n = 0
        with open(expected, "w", encoding="utf-8") as out:
            for source, text in held:
                if any(s in text for s in specials_set):
                    continue  # tokenizers would extract them; we encode them as plain text
                ids = tok.encode(text, add_special_tokens=False).ids
                out.write(json.dumps({"source": source, "text": text, "ids": ids}, ensure_ascii=False) + "\n")
                n += 1
        return path, expected, n

    configs = {
        "gpt2": dict(pre=pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)),
        "llama3": dict(pre=pre_tokenizers.Sequence([
            pre_tokenizers.Split(Regex(LLAMA3), behavior="isolated", invert=False),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)]),
            ignore_merges=True, specials=("<|begin_of_text|>", "<|end_of_text|>"), template=True, legacy_merges=True),
        "qwen2": dict(pre=pre_tokenizers.Sequence([
            pre_tokenizers.Split(Regex(QWEN2), behavior="isolated", invert=False),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)]), ignore_merges=True),
        "prefix": dict(pre=pre_tokenizers.Sequence([
            pre_tokenizers.Digits(individual_digits=True),
            pre_tokenizers.ByteLevel(add_prefix_space=True, use_regex=True)])),
    }
    def llama3_full():
        """The recipe of shared/tokenizers/README.md (cross-check), built without training."""
        import base64
        ranks = {}
        with open(os.path.join(args.shared, "tokenizers/llama3-tokenizer.tiktoken"), "rb") as fh:
            for line in fh:
                if line.strip():
                    tok, rank = line.split()
                    ranks[base64.b64decode(tok)] = int(rank)
        bs = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
        cs, n = bs[:], 0
        for b in range(256):
            if b not in bs:
                bs.append(b); cs.append(256 + n); n += 1
        char = dict(zip(bs, map(chr, cs)))
        text = lambda bt: "".join(char[b] for b in bt)
        vocab = {text(t): r for t, r in ranks.items()}
        merges = []
        for t, r in ranks.items():
            for k in range(1, len(t)):
                a, b = t[:k], t[k:]
                if a in ranks and b in ranks:
                    merges.append((r, ranks[a], ranks[b], text(a), text(b)))
        merges.sort()
        specials = ["<|begin_of_text|>", "<|end_of_text|>"] + [f"<|reserved_special_token_{i}|>" for i in range(4)]
        specials += ["<|start_header_id|>", "<|end_header_id|>", "<|reserved_special_token_4|>", "<|eot_id|>"]
        specials += [f"<|reserved_special_token_{i}|>" for i in range(5, 251)]
        tok = Tokenizer(models.BPE(vocab=vocab, merges=[(m[3], m[4]) for m in merges], ignore_merges=True))
        tok.pre_tokenizer = pre_tokenizers.Sequence([
            pre_tokenizers.Split(Regex(LLAMA3), behavior="isolated", invert=False),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
        tok.decoder = decoders.ByteLevel()
        from tokenizers import AddedToken
        tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in specials])
        path = os.path.join(args.out, "llama3-full.tokenizer.json")
        tok.save(path)
        cases = list(held)
        with open(os.path.join(args.shared, "tokenizers/vectors-dev.jsonl"), encoding="utf-8") as fh:
            vectors = [json.loads(l) for l in fh if l.strip()]
        cases += [(f"vectors-dev#{i}", v["text"]) for i, v in enumerate(vectors)]
        expected = os.path.join(args.out, "llama3-full.expected.jsonl")
        n = 0
        with open(expected, "w", encoding="utf-8") as out:
            for source, t in cases:
                if any(s in t for s in ("<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>", "<|start_header_id|>", "<|end_header_id|>", "<|reserved_special_token")):
                    continue
                out.write(json.dumps({"source": source, "text": t, "ids": tok.encode(t, add_special_tokens=False).ids}, ensure_ascii=False) + "\n")
                n += 1
        # The peer itself agrees with tiktoken's reference ids on every dev vector kept.
        disagree = [v["text"] for v in vectors if "<|" not in v["text"] and tok.encode(v["text"], add_special_tokens=False).ids != v["llama3_ids"]]
        if disagree:
            print(f"hf parity: llama3-full: tokenizers itself differs from llama3_ids on {len(disagree)} vectors")
        return path, expected, n

    status = 0
    builders = {name: (lambda cfg=cfg, name=name: build(name, **cfg)) for name, cfg in configs.items()}
    builders["llama3-full"] = llama3_full
    for name, make in builders.items():
        path, expected, n = make()
        line = f"hf parity: {name}: {n} texts written"
        if args.matcorpus:
            with open(expected, encoding="utf-8") as fh:
                cases = [json.loads(l) for l in fh]
            inp = os.path.join(args.out, f"{name}.in.jsonl")
            with open(inp, "w", encoding="utf-8") as fh:
                for c in cases:
                    fh.write(json.dumps({"text": c["text"]}, ensure_ascii=False) + "\n")
            run = subprocess.run([args.matcorpus, "tokenizer", "encode", "--tokenizer", path, "--jsonl", inp],
                                 capture_output=True, text=True)
            got = [json.loads(l)["ids"] for l in run.stdout.splitlines() if l.strip()]
            same = sum(1 for c, g in zip(cases, got) if c["ids"] == g)
            line = f"hf parity: {name}: {same}/{len(cases)} identical"
            if run.returncode != 0 or same != len(cases) or len(got) != len(cases):
                status = 1
                line += f" (exit {run.returncode}: {run.stderr.strip()[:200]})" if run.returncode else ""
        print(line)
    return status


if __name__ == "__main__":
    sys.exit(main())
