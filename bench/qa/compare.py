#!/usr/bin/env python3
"""bench/qa: QA synthesis with SmolLM2 on 2 cores, ours against llama.cpp on the same prompts.

Ours: `matcorpus qa synthesize` over the demo's documents (paragraph choice, prompts, batched generation,
parsing, validation), into a fresh directory each run (no checkpoint reuse). It writes every paragraph's
prompt ids and sampler seed (--dump-prompts).
llama.cpp: the same prompt ids through llama-cpp-python's low-level API, decoded in batches of the same
size with the same sampler chain (penalties, top-k, top-p, min-p, temperature, seeded draw; one seeded
sampler per paragraph), stopping at the vocabulary's end-of-generation tokens; its outputs then go
through the same parser and validator (`matcorpus qa parse`).
Reported: kept QA pairs per minute of model time and generated tokens per second, medians of --repeat runs.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def worker(args):
    """Runs in the llama-cpp-python venv: generates for every prompt in args.prompts, writes args.out."""
    import ctypes
    import llama_cpp.llama_cpp as L

    @L.llama_log_callback
    def quiet(level, text, user_data):
        pass
    L.llama_log_set(quiet, ctypes.c_void_p(0))

    prompts = [json.loads(l) for l in open(args.prompts, encoding="utf-8") if l.strip()]
    L.llama_backend_init()
    model = L.llama_model_load_from_file(args.model.encode(), L.llama_model_default_params())
    vocab = L.llama_model_get_vocab(model)
    cp = L.llama_context_default_params()
    cp.n_ctx = args.ctx * args.batch
    cp.n_batch = 2048
    cp.n_ubatch = 512
    cp.n_seq_max = args.batch
    cp.n_threads = args.threads
    cp.n_threads_batch = args.threads
    cp.kv_unified = False  # one KV stream per sequence: attention looks at its own sequence only, as ours does
    ctx = L.llama_init_from_model(model, cp)
    mem = L.llama_get_memory(ctx)
    batch = L.llama_batch_init(2048, 0, 1)

    def piece(t):
        buf = ctypes.create_string_buffer(256)
        n = L.llama_token_to_piece(vocab, t, buf, len(buf), 0, False)
        return buf.raw[:n]

    def decode(entries):
        for start in range(0, len(entries), 2048):
            chunk = entries[start:start + 2048]
            for i, (tok, pos, seq, logits) in enumerate(chunk):
                batch.token[i] = tok
                batch.pos[i] = pos
                batch.n_seq_id[i] = 1
                batch.seq_id[i][0] = seq
                batch.logits[i] = 1 if logits else 0
            batch.n_tokens = len(chunk)
            rc = L.llama_decode(ctx, batch)
            if rc != 0:
                raise RuntimeError(f"llama_decode returned {rc}")

    def sampler(seed):
        s = L.llama_sampler_chain_init(L.llama_sampler_chain_default_params())
        # The 0.3.36 binding still declares the old (n_vocab, last_n, repeat, freq, present) signature while the
        # library takes (last_n, repeat, freq, present): ints travel in integer registers and floats in vector
        # registers, so passing 64 for both leading ints gives last_n = 64 either way.
        L.llama_sampler_chain_add(s, L.llama_sampler_init_penalties(64, 64, args.repeat_penalty, 0.0, 0.0))
        if args.temperature <= 0:
            L.llama_sampler_chain_add(s, L.llama_sampler_init_greedy())
            return s
        L.llama_sampler_chain_add(s, L.llama_sampler_init_top_k(args.top_k))
        L.llama_sampler_chain_add(s, L.llama_sampler_init_top_p(args.top_p, 1))
        L.llama_sampler_chain_add(s, L.llama_sampler_init_min_p(args.min_p, 1))
        L.llama_sampler_chain_add(s, L.llama_sampler_init_temp(args.temperature))
        L.llama_sampler_chain_add(s, L.llama_sampler_init_dist(seed & 0xFFFFFFFF))
        return s

    outputs = []
    generated = 0
    t0 = time.perf_counter()
    for g in range(0, len(prompts), args.batch):
        group = prompts[g:g + args.batch]
        L.llama_memory_clear(mem, True)
        samplers = [sampler(p["seed"]) for p in group]
        for s, p in zip(samplers, group):  # the penalties see the prompt, as ours do
            for t in p["prompt_ids"]:
                L.llama_sampler_accept(s, t)
        # Each prompt in its own decode call (llama.cpp keeps only the last call's logits), its first token
        # sampled at once; then every step decodes one token of each live sequence.
        ids = [[] for _ in group]
        pos = [len(p["prompt_ids"]) for p in group]
        step = []
        for s, p in enumerate(group):
            decode([(t, i, s, i == len(p["prompt_ids"]) - 1) for i, t in enumerate(p["prompt_ids"])])
            tok = L.llama_sampler_sample(samplers[s], ctx, len(p["prompt_ids"]) - 1 if len(p["prompt_ids"]) <= 2048 else -1)
            ids[s].append(tok)
            if not L.llama_vocab_is_eog(vocab, tok) and args.max_tokens > 1:
                step.append((tok, pos[s], s, True))
                pos[s] += 1
        live = [e[2] for e in step]
        if live:
            decode(step)
        rows = {s: i for i, s in enumerate(live)}
        while live:
            step = []
            for s in live:
                tok = L.llama_sampler_sample(samplers[s], ctx, rows[s])
                ids[s].append(tok)
                if not L.llama_vocab_is_eog(vocab, tok) and len(ids[s]) < args.max_tokens:
                    step.append((tok, pos[s], s, True))
                    pos[s] += 1
            live = [e[2] for e in step]
            if not live:
                break
            decode(step)
            rows = {s: i for i, s in enumerate(live)}
        for s, p in enumerate(group):
            generated += len(ids[s])
            text_ids = ids[s][:-1] if ids[s] and L.llama_vocab_is_eog(vocab, ids[s][-1]) else ids[s]
            outputs.append({"doc_id": p["doc_id"], "paragraph": p["paragraph"],
                            "output": b"".join(piece(t) for t in text_ids).decode("utf-8", errors="replace")})
            L.llama_sampler_free(samplers[s])
    seconds = time.perf_counter() - t0
    with open(args.out, "w", encoding="utf-8") as f:
        for o in outputs:
            f.write(json.dumps(o, ensure_ascii=False) + "\n")
    print(json.dumps({"seconds": seconds, "generated_tokens": generated, "paragraphs": len(prompts)}))


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:3])} ... failed ({p.returncode}):\n{p.stderr[-3000:]}")
    return p.stdout


def driver(args):
    documents = sorted(os.path.join(args.documents, f) for f in os.listdir(args.documents) if ".jsonl" in f)
    if not documents:
        raise SystemExit(f"no document files in {args.documents}: run `make demo` first")
    common = ["--batch", str(args.batch), "--threads", str(args.threads), "--max-tokens", str(args.max_tokens),
              "--paragraphs-per-document", str(args.paragraphs_per_document), "--ctx", str(args.ctx)]
    ours, llama = [], []
    with tempfile.TemporaryDirectory() as tmp:
        prompts = os.path.join(tmp, "prompts.jsonl")
        for r in range(args.repeat):
            out = os.path.join(tmp, f"ours-{r}")
            summary = json.loads(run([args.matcorpus, "qa", "synthesize", *documents, "--model", args.model, "--output", out,
                                      "--dump-prompts", prompts, *common]))
            c = summary["counts"]
            ours.append({"pairs_per_minute": summary["model_pairs_per_minute"], "tokens_per_second": summary["generated_tokens_per_second"],
                         "paragraphs": c.get("paragraphs", 0), "with_pairs": c.get("paragraphs_with_pairs", 0),
                         "parsed": c.get("pairs_parsed", 0), "kept": c.get("pairs_kept", 0), "seconds": summary["generation_seconds"]})
            print(f"  ours  run {r + 1}: {ours[-1]['kept']} pairs kept of {ours[-1]['parsed']} parsed from {ours[-1]['paragraphs']} paragraphs "
                  f"in {ours[-1]['seconds']:.1f} s: {ours[-1]['pairs_per_minute']:.1f} pairs/min, {ours[-1]['tokens_per_second']:.1f} tokens/s", flush=True)
        if args.python:
            for r in range(args.repeat):
                out = os.path.join(tmp, f"llama-{r}.jsonl")
                stats = json.loads(run([args.python, __file__, "worker", "--model", args.model, "--prompts", prompts, "--out", out,
                                        "--batch", str(args.batch), "--threads", str(args.threads), "--max-tokens", str(args.max_tokens),
                                        "--ctx", str(args.ctx)]).strip().splitlines()[-1])
                parsed = json.loads(run([args.matcorpus, "qa", "parse", out]).strip().splitlines()[-1])
                c = parsed["counts"]
                kept = c.get("pairs_kept", 0)
                llama.append({"pairs_per_minute": kept / stats["seconds"] * 60, "tokens_per_second": stats["generated_tokens"] / stats["seconds"],
                              "paragraphs": stats["paragraphs"], "with_pairs": c.get("outputs_with_pairs", 0),
                              "parsed": c.get("pairs_parsed", 0), "kept": kept, "seconds": stats["seconds"]})
                print(f"  llama run {r + 1}: {kept} pairs kept of {llama[-1]['parsed']} parsed from {stats['paragraphs']} paragraphs "
                      f"in {stats['seconds']:.1f} s: {llama[-1]['pairs_per_minute']:.1f} pairs/min, {llama[-1]['tokens_per_second']:.1f} tokens/s", flush=True)

    def med(rows, key):
        return statistics.median(r[key] for r in rows) if rows else None

    print()
    print(f"QA synthesis, SmolLM2-135M-Instruct Q4_1, {args.threads} threads, batch {args.batch}, medians of {args.repeat}")
    print(f"{'':24}{'ours':>12}{'llama.cpp':>12}{'ratio':>8}")
    result = {"threads": args.threads, "batch": args.batch, "repeat": args.repeat, "ours": ours, "llama": llama}
    for key, label in [("pairs_per_minute", "QA pairs per minute"), ("tokens_per_second", "generated tokens/s")]:
        a, b = med(ours, key), med(llama, key)
        ratio = a / b if a and b else None
        result[key] = {"ours": a, "llama": b, "ratio": ratio}
        print(f"{label:24}{a:12.1f}{(f'{b:12.1f}' if b else '         n/a')}{(f'{ratio:7.2f}x' if ratio else '     n/a')}")
    for name, rows in [("ours", ours), ("llama.cpp", llama)]:
        if rows:
            r = rows[0]
            print(f"{name}: {r['with_pairs']}/{r['paragraphs']} paragraphs gave parsed pairs; {r['kept']} of {r['parsed']} pairs kept")
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(result, f, indent=1)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("run")
    d.add_argument("--matcorpus", required=True)
    d.add_argument("--python", help="python of the llama-cpp-python venv; omit to run ours only")
    d.add_argument("--model", required=True)
    d.add_argument("--documents", default="out/demo/documents")
    d.add_argument("--threads", type=int, default=2)
    d.add_argument("--batch", type=int, default=8)
    d.add_argument("--max-tokens", type=int, default=320)
    d.add_argument("--ctx", type=int, default=1536)
    d.add_argument("--paragraphs-per-document", type=int, default=2)
    d.add_argument("--repeat", type=int, default=3)
    d.add_argument("--json-out")
    w = sub.add_parser("worker")
    w.add_argument("--model", required=True)
    w.add_argument("--prompts", required=True)
    w.add_argument("--out", required=True)
    w.add_argument("--batch", type=int, default=8)
    w.add_argument("--threads", type=int, default=2)
    w.add_argument("--max-tokens", type=int, default=320)
    w.add_argument("--ctx", type=int, default=1536)
    # The sampler: QASynthesisSettings.defaultSampling.
    w.add_argument("--temperature", type=float, default=0.3)
    w.add_argument("--top-k", type=int, default=40)
    w.add_argument("--top-p", type=float, default=0.9)
    w.add_argument("--min-p", type=float, default=0.05)
    w.add_argument("--repeat-penalty", type=float, default=1.1)
    args = ap.parse_args()
    driver(args) if args.cmd == "run" else worker(args)


if __name__ == "__main__":
    main()
