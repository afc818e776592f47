#!/usr/bin/env bash
# bench/io: builds matcorpus-bench in release mode and runs the I/O benchmark.
# Arguments are passed to `matcorpus-bench io` (--mb N, --repeat R, --workers W, --breakdown, ...).
# Needs the zstd command-line tool and the text fixtures (../shared/fixtures/text or $MATCORPUS_SHARED).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v zstd >/dev/null || { echo "bench/io: the zstd command-line tool is required" >&2; exit 1; }
swift build -c release --product matcorpus-bench
bin="$(swift build -c release --show-bin-path)"
echo "machine: $(nproc) cores, $(uname -sr); load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
exec "$bin/matcorpus-bench" io "$@"
