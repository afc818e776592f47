#!/usr/bin/env bash
# bench/filters: builds matcorpus-bench in release mode and runs the filters benchmark: our
# gopher_quality and gopher_repetition against datatrove's GopherQualityFilter and
# GopherRepetitionFilter on the same fixture documents, plus pass rates by group and the language
# detector's agreement with langid.py and langdetect.
# Arguments are passed to `matcorpus-bench filters` (--repeat R, --fixtures DIR, --no-peer).
# The peers come from PyPI: peer.py --ensure installs datatrove, spaCy, langid and langdetect
# (pinned) into $MATCORPUS_BENCH_VENV (default ~/.cache/matcorpus-bench/filters-venv).
# Needs the fixtures (../shared/fixtures or $MATCORPUS_SHARED), or --fixtures DIR.
set -euo pipefail
cd "$(dirname "$0")/../.."
peer=yes
for a in "$@"; do [[ $a == --no-peer ]] && peer=no; done
python=python3
if [[ $peer == yes ]]; then
  python="$(python3 bench/filters/peer.py --ensure)"
fi
swift build -c release --product matcorpus-bench
bin="$(swift build -c release --show-bin-path)"
echo "machine: $(nproc) cores, $(uname -sr); load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
exec "$bin/matcorpus-bench" filters --python "$python" --peer bench/filters/peer.py "$@"
