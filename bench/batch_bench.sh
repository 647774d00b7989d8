#!/usr/bin/env bash
# Batch throughput: 20 generated packages with --jobs 1 and --jobs 2; packages/hour, ratio, peak RSS.
# Usage: bench/batch_bench.sh [BUILD_DIR] [PACKAGES] [PAGES_PER_PACKAGE]
set -euo pipefail
BUILD_DIR=${1:-build}
PACKAGES=${2:-20}
PAGES=${3:-2}
DOSSIER=${DOSSIER:-$BUILD_DIR/app/dossier}
ENGINE=${OCR_ENGINE:-tesseract}  # "none" measures everything but OCR
WORK=$(mktemp -d /tmp/dossier-batch-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export OMP_THREAD_LIMIT=1

# Scanned pages with known text, made by the project's own fixture generator (no ImageMagick).
"$BUILD_DIR/tests/fixtures/dossier_make_samples" pages "$WORK/pages" "$PAGES" >/dev/null
mkdir -p "$WORK/inbox"
for i in $(seq -w 1 "$PACKAGES"); do
    mkdir -p "$WORK/inbox/2026-11-20-00$i"
    cp "$WORK"/pages/case/*.jpg "$WORK/inbox/2026-11-20-00$i/"
    printf 'service: permanent-residence\napplication_date: 2026-11-20\n' > "$WORK/inbox/2026-11-20-00$i/case.yaml"
done

run() {  # jobs -> "seconds peak_kb"
    local out="$WORK/out$1"
    local start end
    start=$(date +%s.%N)
    /usr/bin/time -f '%M %U %S' -o "$WORK/rss$1" "$DOSSIER" batch "$WORK/inbox" --out "$out" \
        --jobs "$1" --quiet --ocr-engine "$ENGINE" >/dev/null
    end=$(date +%s.%N)
    echo "$(echo "$end - $start" | bc -l) $(cat "$WORK/rss$1")"
}
read -r t1 rss1 u1 s1 < <(run 1)
read -r t2 rss2 u2 s2 < <(run 2)
awk -v n="$PACKAGES" -v p="$PAGES" -v t1="$t1" -v t2="$t2" -v r1="$rss1" -v r2="$rss2" \
    -v c1="$(echo "$u1 + $s1" | bc -l)" -v c2="$(echo "$u2 + $s2" | bc -l)" \
    -v engine="$ENGINE" 'BEGIN {
    printf "batch bench: %d packages x %d pages, OCR engine %s, %d cores\n", n, p, engine, '"$(getconf _NPROCESSORS_ONLN)"'
    printf "  --jobs 1: %7.1f s  %7.0f packages/hour  peak RSS %4.0f MB  CPU %.1f s (%.2f cores busy)\n", t1, n*3600/t1, r1/1024, c1, c1/t1
    printf "  --jobs 2: %7.1f s  %7.0f packages/hour  peak RSS %4.0f MB  CPU %.1f s (%.2f cores busy)\n", t2, n*3600/t2, r2/1024, c2, c2/t2
    printf "  speed-up jobs 2 / jobs 1: %.2f (target >= 1.8)\n", t1/t2
}'
