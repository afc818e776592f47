#!/usr/bin/env python3
"""Encode JSON lines {"text": ...} with a tokenizer.json through Hugging Face `tokenizers`.

Usage: hf_encode.py TOKENIZER.json IN.jsonl OUT.jsonl   (writes {"ids": [...]} per line; exit 3 when
the `tokenizers` package is missing, so callers can skip)."""
import json, sys
try:
    from tokenizers import Tokenizer
except ImportError:
    print("the tokenizers package is not installed (pip install tokenizers)", file=sys.stderr)
    sys.exit(3)
tok = Tokenizer.from_file(sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as fin, open(sys.argv[3], "w") as fout:
    for line in fin:
        if line.strip():
            fout.write(json.dumps({"ids": tok.encode(json.loads(line)["text"], add_special_tokens=False).ids}) + "\n")
