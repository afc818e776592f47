#!/usr/bin/env python3
"""Replicates the general corpus of ../shared/fixtures/text/general/BUILD.md to a target size, with
varied ids (`rN:` prefixes), into files of about 256 MB: the input of the scale benchmark.

Usage: replicate.py SOURCE_DIR OUT_DIR GIGABYTES"""
import os, sys
src, out, gb = sys.argv[1], sys.argv[2], float(sys.argv[3])
os.makedirs(out, exist_ok=True)
files = sorted(os.path.join(src, f) for f in os.listdir(src) if f.endswith(".jsonl"))
target, written, part, copy = gb * 1e9, 0, 0, 0
f = open(os.path.join(out, f"part-{part:04d}.jsonl"), "w", encoding="utf-8")
while written < target:
    for path in files:
        for line in open(path, encoding="utf-8"):
            line = line.replace('{"id": "', '{"id": "r%d:' % copy, 1)
            f.write(line); written += len(line)
            if f.tell() > 256e6:
                f.close(); part += 1
                f = open(os.path.join(out, f"part-{part:04d}.jsonl"), "w", encoding="utf-8")
            if written >= target: break
        if written >= target: break
    copy += 1
f.close()
print(f"{written / 1e9:.2f} GB in {part + 1} files, {copy} copies")
