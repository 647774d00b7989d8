#!/usr/bin/env bash
# Runs each libFuzzer target for a while from seeds made by tests/fixtures/make_hostile_corpus.py
# (small valid files of every format, the broken ones made from them, the small attacks;
# nothing stored) and prints, per target, the executions, seconds and what it found.
# Usage: tests/fuzz/run_fuzzers.sh BUILD_FUZZ_DIR SECONDS [TARGET...]
#   (build: cmake -S . -B build-fuzz -DDOSSIER_FUZZ=ON -DDOSSIER_TESTS=OFF
#    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ && ninja -C build-fuzz <targets>)
# A crash, leak or timeout leaves its input in BUILD_FUZZ_DIR/findings/<target>/; add it to
# tests/fuzz/regressions/ and to the test that replays them.
set -uo pipefail
BUILD=${1:?build-fuzz directory}
SECONDS_EACH=${2:?seconds per target}
shift 2
TARGETS=("$@")
[[ ${#TARGETS[@]} -gt 0 ]] || TARGETS=(ingest_fuzz pdf_fuzz tiff_fuzz manifest_fuzz mrz_parser_fuzz)
SOURCE=$(cd "$(dirname "$0")/../.." && pwd)
CORPUS=$BUILD/corpus
mkdir -p "$CORPUS"/{ingest_fuzz,pdf_fuzz,tiff_fuzz,manifest_fuzz,mrz_parser_fuzz}
python3 - "$SOURCE/tests/fixtures" "$CORPUS" <<'PY'
import sys
from pathlib import Path
fixtures, corpus = sys.argv[1], Path(sys.argv[2])
sys.path.insert(0, fixtures)
sys.argv = sys.argv[:1]
import make_hostile_corpus as m
files = [(b"seed%d.%s" % (i, ext.encode()), data) for i, (ext, data) in enumerate(m.small_seeds())]
files += m.malformed(60)
# The small attacks only: seeds that take seconds each (the page bombs) leave no time to mutate.
files += [(name, data) for name, data, _ in m.attacks(False)
          if isinstance(data, bytes) and 0 < len(data) < 5_000]
for name, data in files:
    safe = name.decode("latin-1").replace("/", "_")
    (corpus / "ingest_fuzz" / safe).write_bytes(data)
    if data[:5] == b"%PDF-":
        (corpus / "pdf_fuzz" / safe).write_bytes(data)
    if data[:4] in (b"II*\0", b"MM\0*"):
        (corpus / "tiff_fuzz" / safe).write_bytes(data[4:])  # the target adds the header
(corpus / "manifest_fuzz" / "a.yaml").write_text(
    "service: permanent-residence\napplication_date: 2026-11-20\ncategories: [eaeu-citizen]\n"
    "co_applicants:\n  - {relation: child, birth_date: 2012-05-01}\n")
(corpus / "manifest_fuzz" / "b.yaml").write_text("service: temporary-residence\npurpose: work\n")
(corpus / "mrz_parser_fuzz" / "td3.txt").write_text(
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n")
PY
printf '%-16s %10s %8s %8s  %s\n' target executions seconds "exec/s" findings
for target in "${TARGETS[@]}"; do
    findings=$BUILD/findings/$target
    mkdir -p "$findings"
    log=$BUILD/findings/$target.log
    started=$(date +%s)
    OMP_THREAD_LIMIT=1 "$BUILD/tests/fuzz/$target" -max_total_time="$SECONDS_EACH" -timeout=20 \
        -rss_limit_mb=2048 -max_len=200000 -print_final_stats=1 -artifact_prefix="$findings/" \
        "$CORPUS/$target" >"$log" 2>&1
    took=$(($(date +%s) - started))
    # libFuzzer prints its totals only when it ends without a finding; its last status line has
    # the executions either way.
    runs=$(awk '/^Done [0-9]+ runs in/ {print $2}' "$log")
    [[ -n $runs ]] || runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    rate=$((${runs:-0} / (took > 0 ? took : 1)))
    found=$(ls "$findings" | tr '\n' ' ')
    printf '%-16s %10s %8s %8s  %s\n' "$target" "${runs:-?}" "${took:-?}" "${rate:-?}" \
        "${found:-none}"
done
