#!/usr/bin/env python3
"""Reference LLaMA-3 ids from tiktoken for the shared fixture texts (a peer for TiktokenEncoder).

Builds tiktoken's Encoding from the local ranks file alone (no download), with Meta's pattern and
256 special tokens, and encodes through Meta's wrapper rules (400,000-character slices, runs of more
than 25,000 (non-)whitespace characters cut) with special-token text as plain text. Writes one JSON
line {"source", "text", "ids"} per fixture document (fixture_texts.py), plus some pathological inputs, to --out.

Exit status: 0 written, 3 when the `tiktoken` package is missing (callers skip), 2 on bad usage.
"""
import argparse, json, os, sys

PAT = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"


def special_tokens():
    names = ["<|begin_of_text|>", "<|end_of_text|>"] + [f"<|reserved_special_token_{i}|>" for i in range(4)]
    names += ["<|start_header_id|>", "<|end_header_id|>", "<|reserved_special_token_4|>", "<|eot_id|>"]
    names += [f"<|reserved_special_token_{i}|>" for i in range(5, 251)]
    return {n: 128000 + i for i, n in enumerate(names)}


def meta_pieces(s, max_chars=400_000, max_run=25_000):
    """Meta's Tokenizer.encode cutting (llama/tokenizer.py), restated."""
    for i in range(0, len(s), max_chars):
        window = s[i:i + max_chars]
        run, is_space, start = 0, window[0].isspace() if window else False, 0
        for j, ch in enumerate(window):
            now = ch.isspace()
            if now != is_space:
                run, is_space = 1, now
            else:
                run += 1
                if run > max_run:
                    yield window[start:j]
                    start, run = j, 1
        yield window[start:]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", required=True)
    ap.add_argument("--out", required=True, help="JSONL file to write")
    args = ap.parse_args()
    try:
        import tiktoken
        from tiktoken.load import load_tiktoken_bpe
    except ImportError:
        print("tiktoken_parity: the `tiktoken` package is not installed (pip install tiktoken)")
        return 3
    ranks = load_tiktoken_bpe(os.path.join(args.shared, "tokenizers/llama3-tokenizer.tiktoken"))
    enc = tiktoken.Encoding(name="llama3-local", pat_str=PAT, mergeable_ranks=ranks, special_tokens=special_tokens())

    def encode(text):
        ids = []
        for piece in meta_pieces(text):
            ids += enc.encode(piece, allowed_special=set(), disallowed_special=())
        return ids

    sys.dont_write_bytecode = True
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from fixture_texts import fixture_documents
    cases = fixture_documents(args.shared)
    # Pathological inputs where Meta's cutting matters.
    cases.append(("edge:long-run", "x" * 60_001 + " " + "é" * 30_000))
    cases.append(("edge:long-space", " " * 26_000 + "a\n" + "\t" * 50_001 + "b"))
    cases.append(("edge:long-text", ("Lorem ipsum dolor sit amet, 12345 consectetur. " * 9_000)[:430_000]))
    with open(args.out, "w", encoding="utf-8") as out:
        for source, text in cases:
            out.write(json.dumps({"source": source, "text": text, "ids": encode(text)}, ensure_ascii=False) + "\n")
    print(f"tiktoken_parity: {len(cases)} texts written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
