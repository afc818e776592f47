#!/usr/bin/env bash
# bench/tokenizers: our encoders against sentencepiece (LLaMA-2) and tiktoken (LLaMA-3), and our BPE
# trainer against Hugging Face tokenizers, on the shared fixture text. Builds the release binary,
# installs the pinned Python peers if missing, then runs the three scripts (see README.md here).
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product matcorpus
bin="$(swift build -c release --show-bin-path)/matcorpus"
python3 -m pip install -q sentencepiece==0.2.3 tiktoken==0.14.0 tokenizers==0.23.3 >/dev/null 2>&1 || true
echo "machine: $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== SentencePiece (LLaMA-2)"; python3 bench/tokenizers/sp_bench.py --matcorpus "$bin"
echo "== tiktoken (LLaMA-3)"; python3 bench/tokenizers/tiktoken_bench.py --matcorpus "$bin"
echo "== BPE training"; python3 bench/tokenizers/train_bench.py --matcorpus "$bin" "$@"
