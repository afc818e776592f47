#!/usr/bin/env bash
# bench/inference: our engine (`matcorpus generate`) against llama.cpp on SmolLM2-135M-Instruct Q4_1:
# pp512, tg128 and 16 x 128 batched generation, at 1 and 2 threads, medians of 3 runs (see README.md).
#
# llama.cpp: llama-cpp-python 0.3.36 from PyPI, built from source (CPU only, GGML_NATIVE=ON) into the
# venv .cache/llama-venv (git-ignored) the first time; the build takes 20-30 min on 2 cores and runs
# at nice 19, logged to .cache/llama-build.log. Or binaries: LLAMA_BENCH=/path/llama-bench (pp512,
# tg128) and LLAMA_BATCHED_BENCH=/path/llama-batched-bench (batched16); the venv is then needed only
# for the tests no binary covers (NO_LLAMA_PYTHON=1 skips it).
# Ours: MATCORPUS_BIN, else the release build of matcorpus (built here unless NO_BUILD=1); reported as
# "not available" while `matcorpus generate` does not exist.
# BENCH_NICE=-10 runs the measurement at that niceness (as ../shared/inference/bench did), so that
# builds beside it disturb it less.
# Arguments go to `compare.py run` (--threads 1,2, --repeat 3, --tests pp512,tg128,batched16,
# --model GGUF, --json-out FILE, --no-ours, --no-llama).
set -euo pipefail
cd "$(dirname "$0")/../.."

LLAMA_CPP_PYTHON_VERSION="${LLAMA_CPP_PYTHON_VERSION:-0.3.36}"
venv=".cache/llama-venv"
python_args=()
if [[ -z "${NO_LLAMA_PYTHON:-}" ]]; then
  if ! "$venv/bin/python" -c "import llama_cpp" >/dev/null 2>&1; then
    echo "building llama-cpp-python $LLAMA_CPP_PYTHON_VERSION from source into $venv (log: .cache/llama-build.log); this takes a while" >&2
    mkdir -p .cache
    [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
    "$venv/bin/pip" install -q --upgrade pip >/dev/null
    # cmake and ninja from PyPI when the system has none.
    command -v cmake >/dev/null 2>&1 || "$venv/bin/pip" install -q cmake
    command -v ninja >/dev/null 2>&1 || "$venv/bin/pip" install -q ninja
    PATH="$PWD/$venv/bin:$PATH" \
    CMAKE_ARGS="-DGGML_NATIVE=ON -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF" \
    CMAKE_BUILD_PARALLEL_LEVEL="$(nproc)" \
      nice -n 19 "$venv/bin/pip" install --no-binary llama-cpp-python "llama-cpp-python==$LLAMA_CPP_PYTHON_VERSION" -v \
      > .cache/llama-build.log 2>&1 || { echo "llama-cpp-python build failed: see .cache/llama-build.log" >&2; exit 1; }
  fi
  python_args=(--python "$venv/bin/python")
fi

if [[ -n "${MATCORPUS_BIN:-}" ]]; then
  bin="$MATCORPUS_BIN"
elif [[ -n "${NO_BUILD:-}" ]]; then
  bin="$(swift build -c release --show-bin-path)/matcorpus"
else
  swift build -c release --product matcorpus
  bin="$(swift build -c release --show-bin-path)/matcorpus"
fi

echo "machine: $(nproc) cores, $(uname -sr); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
nice_cmd=()
[[ -n "${BENCH_NICE:-}" ]] && nice_cmd=(nice -n "$BENCH_NICE")
exec "${nice_cmd[@]}" python3 bench/inference/compare.py run "${python_args[@]}" --matcorpus "$bin" "$@"
