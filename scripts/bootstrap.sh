#!/usr/bin/env bash
# Installs the system packages MatCorpus builds against, if any are missing (Debian/Ubuntu).
set -euo pipefail
packages=(pkg-config libxml2-dev libsqlite3-dev libzstd-dev libicu-dev libarchive-dev zlib1g-dev zstd)
# Python (for the sample download and the reference peers in tests) may come from elsewhere, e.g. pyenv.
if ! { command -v python3 >/dev/null && python3 -m pip --version >/dev/null 2>&1; }; then
  packages+=(python3 python3-pip python3-venv)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "bootstrap: installing ${missing[*]}" >&2
  sudo=""; [[ $(id -u) != 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "bootstrap: swift (6.3) is not on PATH; install the Swift toolchain first" >&2; exit 1; }
