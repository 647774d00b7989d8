#!/usr/bin/env bash
# Issue 14: each hostile input of tests/fixtures/make_hostile_corpus.py (full sizes) beside a
# valid page, one `dossier process` each with the default configuration and real Tesseract; then
# every attack at once in one case (`hostile`) and 300 broken files at once (`many-malformed`).
# Prints exit status, peak RSS (/usr/bin/time -v), wall and CPU (user + system) seconds and the
# issue codes of the hostile entries, with "| valid page" when the valid page is in a document.
# Usage: bench/hostile_bench.sh [BUILD_DIR] [PATTERN]   (PATTERN: only cases whose name matches)
set -uo pipefail
BUILD_DIR=${1:-build}
PATTERN=${2:-.}
DOSSIER=${DOSSIER:-$BUILD_DIR/app/dossier}
ENGINE=${OCR_ENGINE:-tesseract}
WORK=$(mktemp -d /tmp/dossier-hostile-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export OMP_THREAD_LIMIT=1
GENERATOR="$(dirname "$0")/../tests/fixtures/make_hostile_corpus.py"
python3 "$GENERATOR" "$WORK/inbox" --full --one-per-case > "$WORK/expected.json"
# The all-at-once case, beside the others (its manifest cases are the same as above: not kept).
python3 "$GENERATOR" "$WORK/together" --full --many=0 > /dev/null
mv "$WORK/together/hostile" "$WORK/inbox/hostile"
printf '%-34s %4s %9s %8s %8s  %s\n' case exit "RSS MB" "wall s" "CPU s" "issues of the entries"
for dir in "$WORK"/inbox/*/; do
    name=$(basename "$dir")
    [[ $name =~ $PATTERN ]] || continue
    /usr/bin/time -v -o "$WORK/time.txt" "$DOSSIER" process "$dir" --out "$WORK/out" --quiet \
        --ocr-engine "$ENGINE" --application-date 2026-11-20 >/dev/null 2>"$WORK/err.txt"
    status=$?
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$WORK/time.txt")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time.txt" |
        awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
    cpu=$(awk -F': ' '/User time|System time/ {sum += $2} END {printf "%.1f", sum}' "$WORK/time.txt")
    codes=$(python3 - "$WORK/out/$name/report.json" <<'PY'
import json, sys
try:
    report = json.load(open(sys.argv[1]))
except OSError:
    print("no report.json"); sys.exit()
codes = {}
for i in report["issues"]:
    if i.get("file") not in (None, "page-valid.png"):
        codes[i["code"]] = codes.get(i["code"], 0) + 1
valid = any(p["file"] == "page-valid.png" for d in report["documents"] for p in d["pages"])
shown = ",".join(c if n == 1 else f"{c} x{n}" for c, n in sorted(codes.items()))
print(shown or "-", "| valid page" + ("" if valid else " MISSING"))
PY
)
    printf '%-34s %4s %9s %8s %8s  %s\n' "$name" "$status" "$rss" "$wall" "$cpu" "$codes"
    rm -rf "$WORK/out"
done
