#!/usr/bin/env python3
"""Peer comparison: `matcorpus tokenizer encode/decode` against sentencepiece (pip install sentencepiece).

Encodes real text (every document of ../shared/fixtures/text: materials *.txt files, SuperMat and sol-gel
paragraphs, MEDLINE / Python / Perl samples) plus seeded random strings with the LLaMA-2 model, in both
tools, and counts identical id lists. Decodes random id sequences in both and counts identical texts.
Then does the same on smaller models that exercise options LLaMA-2 does not use: BPE models trained here
with sentencepiece's trainer (no byte fallback, remove_extra_whitespaces, no dummy prefix, user-defined
symbols, pieces spanning spaces) and hand-written models with UNUSED and USER_DEFINED pieces.

Usage: python3 scripts/tokenizers/sp_parity.py [--matcorpus .build/release/matcorpus] [--shared ../shared]
                                               [--random N] [--no-trained]
Exit status 1 if anything differs.
"""
import argparse
import glob
import io
import json
import os
import random
import struct
import subprocess
import sys
import tempfile

import sentencepiece as spm


def documents(shared):
    """(name, text) for every document of fixtures/text (the 4,021 the tokenizer README speaks of)."""
    base = os.path.join(shared, "fixtures", "text")
    docs = []
    for path in sorted(glob.glob(os.path.join(base, "materials", "**", "*.txt"), recursive=True)):
        with open(path, encoding="utf-8") as f:
            docs.append((os.path.relpath(path, base), f.read()))
    for path, key in [("materials/supermat/supermat_paragraphs.jsonl", "text"),
                      ("materials/text-mined-synthesis/sol-gel_dataset_20200713.sample2000.jsonl", "paragraph_string")]:
        full = os.path.join(base, path)
        if os.path.exists(full):
            with open(full, encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    docs.append((f"{path}#L{n}", json.loads(line)[key]))
    for path in sorted(glob.glob(os.path.join(base, "general", "*.sample.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                docs.append((f"{os.path.relpath(path, base)}#L{n}", json.loads(line)["text"]))
    return docs


def random_strings(count, seed):
    """Seeded strings mixing ASCII, whitespace of every kind, U+2581, combining marks, random BMP and
    astral scalars (never surrogates), and long runs."""
    rng = random.Random(seed)
    pools = [
        [chr(c) for c in range(0x20, 0x7F)],
        [" ", " ", "  ", "\t", "\n", "\r", "\r\n", "\x0b", "\x0c", "\x85", "\xa0", "\u2028", "\u3000", "\u2009", "\u2581"],
        ["\u0301", "\u0308", "\u200d", "\ufe0f", "\ufeff", "\u00ad", "\u200b"],
        ["°", "±", "µ", "μ", "Å", "\u212b", "₂", "⁻", "¹", "–", "—", "\u2212", "‘", "’", "“", "”", "ﬁ", "ﬂ", "½", "Ⅳ"],
        ["中", "文", "한", "국", "ア", "ー", "Ж", "ш", "ع", "ب", "ก", "क", "א", "\U0001F600", "\U0001F469", "\U0001F1EB"],
        ["<s>", "</s>", "<unk>", "<0x0A>", "<|begin_of_text|>", "▁▁", "\x00", "\x7f"],
    ]

    def scalar():
        while True:
            c = rng.choice([rng.randrange(0x80, 0xD800), rng.randrange(0xE000, 0x10000), rng.randrange(0x10000, 0x110000)])
            return chr(c)

    out = []
    for i in range(count):
        length = rng.choice([0, 1, 2, 5, 10, 30, 80, 200]) if i % 50 else rng.choice([500, 2000])
        parts = []
        while len(parts) < length:
            r = rng.random()
            if r < 0.03:
                parts.append(rng.choice([" ", "a", "\n", "=", "0", "\u2581"]) * rng.randrange(2, 40))
            elif r < 0.10:
                parts.append(scalar())
            else:
                parts.append(rng.choice(rng.choice(pools)))
        out.append("".join(parts))
    return out


def run_matcorpus(matcorpus, model, mode, items, workdir):
    key = "text" if mode == "encode" else "ids"
    inp = os.path.join(workdir, f"{mode}.in.jsonl")
    with open(inp, "w", encoding="utf-8") as f:
        for item in items:
            f.write(json.dumps({key: item}, ensure_ascii=False) + "\n")
    proc = subprocess.run([matcorpus, "tokenizer", mode, "--tokenizer", model, "--jsonl", inp],
                          capture_output=True)
    if proc.returncode != 0:
        sys.exit(f"matcorpus tokenizer {mode} failed: {proc.stderr.decode(errors='replace')[:500]}")
    got = [json.loads(line) for line in proc.stdout.decode("utf-8").split("\n") if line.strip()]
    if len(got) != len(items):
        sys.exit(f"matcorpus tokenizer {mode}: {len(got)} outputs for {len(items)} inputs")
    return [g["ids" if mode == "encode" else "text"] for g in got]


def compare(label, names, want, got, show=3):
    bad = [(n, w, g) for n, w, g in zip(names, want, got) if w != g]
    print(f"{label}: {len(want) - len(bad)}/{len(want)} identical")
    for n, w, g in bad[:show]:
        print(f"    differs: {n!r}: sentencepiece {str(w)[:160]} ours {str(g)[:160]}")
    return not bad


def random_ids(sp, count, seed):
    rng = random.Random(seed)
    size = sp.get_piece_size()
    byte_ids = [i for i in range(size) if sp.is_byte(i)]
    special = [i for i in range(size) if sp.is_control(i) or sp.is_unknown(i)]
    spaces = [i for i in range(size) if sp.id_to_piece(i).startswith("\u2581")]
    out = []
    for _ in range(count):
        seq = []
        for _ in range(rng.randrange(0, 25)):
            r = rng.random()
            pool = byte_ids if (r < 0.45 and byte_ids) else special if r < 0.55 else spaces if r < 0.75 else range(size)
            seq.append(rng.choice(pool))
        out.append(seq)
    return out


# --- hand-written models (same wire format as the Swift tests' SyntheticModel) ---

def varint(v):
    v &= (1 << 64) - 1
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def field_bytes(n, payload):
    return varint(n << 3 | 2) + varint(len(payload)) + payload


def field_int(n, v):
    return varint(n << 3) + varint(v)


def handwritten_model(extra=(), types=None, byte_fallback=True, add_dummy_prefix=True, remove_extra=False):
    """A small BPE model: the ids and flags of the Swift tests' SyntheticModel, `extra` pieces appended,
    and `types` overriding some pieces' types (e.g. {"ab": 5} for UNUSED)."""
    pieces = [("<unk>", 0.0, 2), ("<s>", 0.0, 3), ("</s>", 0.0, 3)]
    if byte_fallback:
        pieces += [(f"<0x{b:02X}>", 0.0, 6) for b in range(256)]
    pieces += [("\u2581", -1, 1), ("a", -2, 1), ("b", -3, 1), ("c", -4, 1), ("ab", -5, 1), ("\u2581a", -6, 1),
               ("abc", -7, 1), ("\u2581ab", -8, 1)]
    pieces += list(extra)
    out = b""
    for text, score, kind in pieces:
        kind = (types or {}).get(text, kind)
        p = field_bytes(1, text.encode()) + varint(2 << 3 | 5) + struct.pack("<f", score)
        if kind != 1:
            p += field_int(3, kind)
        out += field_bytes(1, p)
    trainer = field_int(3, 2) + (field_int(35, 1) if byte_fallback else b"")
    out += field_bytes(2, trainer)
    normalizer = field_bytes(1, b"identity") + field_int(3, int(add_dummy_prefix)) + field_int(4, int(remove_extra))
    out += field_bytes(3, normalizer)
    return out


def trained_model(sentences, **options):
    writer = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(sentences), model_writer=writer, model_type="bpe",
                                   normalization_rule_name="identity", minloglevel=2, **options)
    return writer.getvalue()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--matcorpus", default=None)
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(root), "shared"))
    ap.add_argument("--random", type=int, default=3000, help="random strings per model (default 3000)")
    ap.add_argument("--no-trained", action="store_true", help="skip the trained and hand-written models")
    args = ap.parse_args()
    matcorpus = args.matcorpus
    if matcorpus is None:
        for c in (".build/release/matcorpus", ".build/debug/matcorpus"):
            if os.path.exists(os.path.join(root, c)):
                matcorpus = os.path.join(root, c)
                break
    if matcorpus is None:
        sys.exit("no matcorpus binary: build it (swift build -c release --product matcorpus) or pass --matcorpus")
    model = os.path.join(args.shared, "tokenizers", "llama2-tokenizer.model")
    print(f"sentencepiece {spm.__version__}; matcorpus {matcorpus}")

    ok = True
    with tempfile.TemporaryDirectory() as work:
        sp = spm.SentencePieceProcessor(model_file=model)
        docs = documents(args.shared)
        names = [n for n, _ in docs]
        texts = [t for _, t in docs]
        mb = sum(len(t.encode()) for t in texts) / 1e6
        want = [sp.encode(t) for t in texts]
        got = run_matcorpus(matcorpus, model, "encode", texts, work)
        ok &= compare(f"LLaMA-2, fixtures/text documents ({mb:.1f} MB)", names, want, got)
        rand = random_strings(args.random, seed=20240607)
        ok &= compare(f"LLaMA-2, random strings", [r[:40] for r in rand], [sp.encode(t) for t in rand],
                      run_matcorpus(matcorpus, model, "encode", rand, work))
        ids = random_ids(sp, args.random, seed=7)
        ok &= compare("LLaMA-2, decode of random id sequences", [str(i[:8]) for i in ids], [sp.decode(i) for i in ids],
                      run_matcorpus(matcorpus, model, "decode", ids, work))
        ok &= compare("LLaMA-2, decode of the documents' ids", names, [sp.decode(w) for w in want],
                      run_matcorpus(matcorpus, model, "decode", want, work))

        if not args.no_trained:
            sentences = [line for t in texts[:1200] for line in t.split("\n") if line.strip()][:20000]
            sample = texts[::10] + rand[: args.random // 3]
            variants = {
                "trained: byte_fallback, keep spaces (LLaMA-like)": dict(vocab_size=1000, byte_fallback=True,
                    remove_extra_whitespaces=False, allow_whitespace_only_pieces=True, split_digits=True),
                "trained: no byte_fallback (<unk> runs), remove_extra_whitespaces": dict(vocab_size=800,
                    character_coverage=0.98),
                "trained: no dummy prefix, user-defined symbols": dict(vocab_size=800, byte_fallback=True,
                    add_dummy_prefix=False, remove_extra_whitespaces=False, user_defined_symbols=["Fe2O3", "°C", "<tag>", "the"]),
                "trained: pieces across spaces (split_by_whitespace=false)": dict(vocab_size=1200, byte_fallback=True,
                    remove_extra_whitespaces=False, split_by_whitespace=False),
            }
            for label, options in variants.items():
                path = os.path.join(work, "m.model")
                with open(path, "wb") as f:
                    f.write(trained_model(sentences, **options))
                m = spm.SentencePieceProcessor(model_file=path)
                ok &= compare(label, [s[:40] for s in sample], [m.encode(t) for t in sample],
                              run_matcorpus(matcorpus, path, "encode", sample, work))
                ids = random_ids(m, 500, seed=11)
                ok &= compare(label + ", decode", [str(i[:8]) for i in ids], [m.decode(i) for i in ids],
                              run_matcorpus(matcorpus, path, "decode", ids, work))
            alphabet = ["a", "b", "c", "d", " ", "\u2581", "bc", "ab"]
            rng = random.Random(3)
            small = ["abc", "ab", "cab", "abcabc", "a bc", "  a   b  ", "   ", "xyz", "axyb"] + [
                "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 16))) for _ in range(1000)]
            handwritten = {
                "hand-written: UNUSED 'ab'": handwritten_model(types={"ab": 5}),
                "hand-written: USER_DEFINED 'bc'": handwritten_model([("bc", -100, 4)]),
                "hand-written: no byte_fallback": handwritten_model(byte_fallback=False),
                "hand-written: remove_extra_whitespaces": handwritten_model(remove_extra=True),
                "hand-written: no dummy prefix": handwritten_model(add_dummy_prefix=False),
            }
            for label, blob in handwritten.items():
                path = os.path.join(work, "h.model")
                with open(path, "wb") as f:
                    f.write(blob)
                m = spm.SentencePieceProcessor(model_file=path)
                ok &= compare(label, small, [m.encode(t) for t in small], run_matcorpus(matcorpus, path, "encode", small, work))
    print("all identical" if ok else "DIFFERENCES FOUND")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
