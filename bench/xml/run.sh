#!/usr/bin/env bash
# bench/xml: builds matcorpus-bench in release mode and runs the XML benchmark.
# Arguments are passed to `matcorpus-bench xml` (--repeat R, --mb N, --files DIR).
# Needs xmllint (libxml2-utils) and the XML fixtures (../shared/fixtures/xml or $MATCORPUS_SHARED).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v xmllint >/dev/null || { echo "bench/xml: xmllint is required (apt-get install libxml2-utils)" >&2; exit 1; }
swift build -c release --product matcorpus-bench
bin="$(swift build -c release --show-bin-path)"
echo "machine: $(nproc) cores, $(uname -sr); load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
exec "$bin/matcorpus-bench" xml "$@"
