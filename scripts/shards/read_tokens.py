#!/usr/bin/env python3
"""Independent readers of llm.c and datatrove token files, written from their published layouts
(llm.c dev/data/data_common.py; datatrove pipeline/tokens/tokenizer.py) with numpy, sharing no code
with MatCorpus.

Usage: read_tokens.py llmc FILE.bin      -> {"tokens": [...]} (the whole file; llm.c keeps no boundaries)
       read_tokens.py datatrove FILE.ds  -> one {"ids": [...]} per document, from FILE.ds.index
Exit 3 without numpy."""
import json, os, sys
try:
    import numpy as np
except ImportError:
    print("numpy is not installed", file=sys.stderr); sys.exit(3)

kind, path = sys.argv[1], sys.argv[2]
if kind == "llmc":
    header = np.frombuffer(open(path, "rb").read(1024), "<i4")
    magic, version, n = int(header[0]), int(header[1]), int(header[2])
    dtype = {(20240520, 1): "<u2", (20240801, 7): "<u4"}[(magic, version)]
    tokens = np.fromfile(path, dtype=dtype, offset=1024)
    assert len(tokens) == n, "header count"
    print(json.dumps({"tokens": tokens.tolist()}))
elif kind == "datatrove":
    meta = open(path + ".metadata").read().split("\n")
    size = int(meta[0].rsplit("|", 1)[1])
    tokens = np.fromfile(path, dtype={2: "<u2", 4: "<u4"}[size])
    ends = np.fromfile(path + ".index", dtype="<u8")
    assert int(meta[1]) == len(tokens) and (len(ends) == 0 or ends[-1] == len(tokens))
    start = 0
    for end in ends.tolist():
        print(json.dumps({"ids": tokens[start:end].tolist()})); start = end
