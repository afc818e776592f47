#!/usr/bin/env python3
"""Reads Megatron shards with Megatron-LM's own IndexedDataset (PyPI megatron-core, needs torch) and
compares every document with the independent numpy reader in read_megatron.py.

Usage: megatron_core_check.py SHARDS_DIR...   (every *_text_document.idx below each directory)
Exit 0 when every document of every shard agrees; 3 when megatron-core or torch is missing."""
import glob, json, os, subprocess, sys
try:
    import numpy as np
    from megatron.core.datasets.indexed_dataset import IndexedDataset
    import megatron.core, torch
except ImportError as e:
    print(f"megatron-core/torch not installed: {e}", file=sys.stderr); sys.exit(3)

here = os.path.dirname(os.path.abspath(__file__))
prefixes = sorted(p[:-4] for d in sys.argv[1:] for p in glob.glob(os.path.join(d, "**", "*_text_document.idx"), recursive=True))
if not prefixes:
    print("no shards found", file=sys.stderr); sys.exit(2)
total_docs = total_tokens = bad = 0
dtypes = set()
for prefix in prefixes:
    ds = IndexedDataset(prefix, mmap=True)
    ours = [json.loads(l)["ids"] for l in subprocess.run([sys.executable, os.path.join(here, "read_megatron.py"), prefix],
                                                           check=True, capture_output=True, text=True).stdout.splitlines()]
    # Megatron's document_indices are sequence boundaries per document.
    docs = ds.document_indices
    theirs = []
    for d in range(len(docs) - 1):
        ids = []
        for s in range(int(docs[d]), int(docs[d + 1])):
            ids += ds[s].tolist()
        theirs.append(ids)
    dtypes.add(str(ds.index.dtype))
    if theirs != ours:
        bad += 1
        print(f"MISMATCH {prefix}: {len(theirs)} vs {len(ours)} documents", file=sys.stderr)
    total_docs += len(theirs); total_tokens += sum(map(len, theirs))
print(json.dumps({"megatron_core": megatron.core.__version__, "torch": torch.__version__, "shards": len(prefixes),
                  "documents": total_docs, "tokens": total_tokens, "dtypes": sorted(dtypes), "mismatched_shards": bad}))
sys.exit(1 if bad else 0)
