#!/usr/bin/env bash
# bench/qa: QA synthesis with SmolLM2-135M-Instruct on 2 cores, ours (`matcorpus qa synthesize`) against
# llama.cpp (llama-cpp-python) on the same prompts, batch size and sampler; both outputs go through the
# same parser and validator. Reports kept QA pairs per minute and generated tokens per second (medians).
# Needs the demo's documents (`make demo`) and the llama-cpp-python venv that bench/inference builds
# (.cache/llama-venv; NO_LLAMA_PYTHON=1 runs ours only). NO_BUILD=1 uses the existing release build.
# Arguments go to `compare.py run` (--threads, --batch, --repeat, --max-tokens, --json-out FILE).
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=".cache/llama-venv"
model="${MATCORPUS_SAMPLES:-.cache/samples}/SmolLM2-135M-Instruct.Q4_1.gguf"
[[ -f "$model" ]] || bash scripts/fetch-samples.sh >/dev/null
[[ -d out/demo/documents ]] || make demo >/dev/null
python_args=()
if [[ -z "${NO_LLAMA_PYTHON:-}" ]]; then
  if ! "$venv/bin/python" -c "import llama_cpp" >/dev/null 2>&1; then
    echo "llama-cpp-python is not in $venv: building it through bench/inference/run.sh (20-30 min)" >&2
    bash bench/inference/run.sh --no-ours --tests tg128 --repeat 1 >/dev/null
  fi
  python_args=(--python "$venv/bin/python")
fi
if [[ -z "${NO_BUILD:-}" ]]; then swift build -c release --product matcorpus; fi
bin="$(swift build -c release --show-bin-path)/matcorpus"
echo "machine: $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
exec python3 bench/qa/compare.py run "${python_args[@]}" --matcorpus "$bin" --model "$model" "$@"
