#!/usr/bin/env bash
# bench/chem: builds matcorpus-bench in release mode and runs the chemistry benchmark:
# chem_annotate (annotate mode) against ICU NFKC on the materials fixture texts, one thread.
# Arguments are passed to `matcorpus-bench chem` (--repeat R, --mb N, --files DIR).
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product matcorpus-bench
bin="$(swift build -c release --show-bin-path)"
echo "machine: $(nproc) cores, $(uname -sr); load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
exec "$bin/matcorpus-bench" chem "$@"
