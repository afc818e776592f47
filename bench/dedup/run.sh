#!/usr/bin/env bash
# bench/dedup: `matcorpus dedup` against datasketch (MinHash + MinHashLSH, 14 bands x 8 rows) on the
# evaluation set scaled to tens of MB. Builds matcorpus in release mode (set MATCORPUS_BIN to use an
# existing binary), makes sure a python with datasketch exists (bench.py --ensure installs the pinned
# version into $MATCORPUS_BENCH_VENV, default ~/.cache/matcorpus-bench/venv), then runs bench.py run.
# Arguments are passed to `bench.py run` (--mb M, --repeat K, --threshold T, --keep DIR, --no-peer).
# Needs the fixture texts (../shared/fixtures/text or $MATCORPUS_SHARED).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ -n "${MATCORPUS_BIN:-}" ]]; then
  bin="$MATCORPUS_BIN"
else
  swift build -c release --product matcorpus
  bin="$(swift build -c release --show-bin-path)/matcorpus"
fi
python="$(python3 bench/dedup/bench.py --ensure)"
echo "machine: $(nproc) cores, $(uname -sr); load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
exec python3 bench/dedup/bench.py run --matcorpus "$bin" --python "$python" "$@"
