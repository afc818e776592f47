#!/usr/bin/env bash
# bench/cif: builds matcorpus-bench in release mode and runs the CIF benchmark: ours against gemmi
# and pymatgen (bench/cif/peers.py) on the same files.
# Arguments are passed to `matcorpus-bench cif` (--repeat R, --files DIR, --mb N, --pymatgen-copies K, --no-peers).
# The peers come from PyPI: peers.py --ensure installs gemmi and pymatgen (pinned) into
# $MATCORPUS_BENCH_VENV (default ~/.cache/matcorpus-bench/venv) when python3 cannot import them.
# Needs the CIF fixtures (../shared/fixtures/cif or $MATCORPUS_SHARED), or --files DIR.
set -euo pipefail
cd "$(dirname "$0")/../.."
peers=yes
for a in "$@"; do [[ $a == --no-peers ]] && peers=no; done
python=python3
if [[ $peers == yes ]]; then
  python="$(python3 bench/cif/peers.py --ensure)"
fi
swift build -c release --product matcorpus-bench
bin="$(swift build -c release --show-bin-path)"
echo "machine: $(nproc) cores, $(uname -sr); load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
exec "$bin/matcorpus-bench" cif --python "$python" --peers bench/cif/peers.py "$@"
