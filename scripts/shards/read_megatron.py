#!/usr/bin/env python3
"""An independent reader of Megatron indexed datasets (MMIDIDX v1), written from the published layout
(megatron/core/datasets/indexed_dataset.py) with numpy, sharing no code with MatCorpus.

Usage: read_megatron.py PREFIX  -> prints one JSON line per document: {"ids": [...]}; exit 3 without numpy."""
import json, sys
try:
    import numpy as np
except ImportError:
    print("numpy is not installed", file=sys.stderr); sys.exit(3)

prefix = sys.argv[1]
idx = open(prefix + ".idx", "rb").read()
assert idx[:9] == b"MMIDIDX\x00\x00", "magic"
version = np.frombuffer(idx, "<u8", 1, 9)[0]; assert version == 1, "version"
dtype = {8: np.dtype("<u2"), 4: np.dtype("<i4")}[idx[17]]
seq, docs = np.frombuffer(idx, "<u8", 2, 18)
seq, docs = int(seq), int(docs)
lengths = np.frombuffer(idx, "<i4", seq, 34)
pointers = np.frombuffer(idx, "<i8", seq, 34 + 4 * seq)
doc_index = np.frombuffer(idx, "<i8", docs, 34 + 12 * seq)
assert 34 + 12 * seq + 8 * docs == len(idx), "index size"
assert doc_index[0] == 0 and doc_index[-1] == seq
data = np.memmap(prefix + ".bin", dtype=dtype, mode="r")
for d in range(docs - 1):
    ids = []
    for s in range(doc_index[d], doc_index[d + 1]):
        start = int(pointers[s]) // dtype.itemsize
        ids += data[start:start + int(lengths[s])].tolist()
    print(json.dumps({"ids": ids}))
