#!/usr/bin/env bash
# Runs every benchmark and prints its figures (nothing here asserts: the figures go to the README).
# Usage: bench/run_all.sh [BUILD_DIR]. Takes about 30 minutes on the 2-core machine.
set -euo pipefail
BUILD_DIR="${1:-build}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh" bench
export OMP_THREAD_LIMIT=1

section() { printf '\n== %s\n' "$1"; }
section "ingest (ms per page by input kind)"
"$BUILD_DIR/tests/ingest/ingest_bench"
section "orientation (12 document pages x 4 rotations)"
"$BUILD_DIR/tests/prepare/orientation_bench" --pages 12
section "MRZ gate (12 identity pages, 12 pages of print)"
"$BUILD_DIR/tests/pipeline/mrz_gate_bench" --identity 12 --print 12
section "MRZ over print geometries (2 OCR-B faces x pitch 90/100/110 % x 9 captures, 8 pages each)"
"$BUILD_DIR/tests/ocr/mrz_bench" --per-cell 8
section "photo check"
"$BUILD_DIR/tests/photo/photo_bench" --binary "$BUILD_DIR/app/dossier"
section "classification and rules (60 packages)"
"$BUILD_DIR/tests/classify/classify_bench" --packages 60
section "language identification (Tesseract output, scan and phone)"
"$BUILD_DIR/tests/classify/language_bench"
section "case file build and signing"
"$BUILD_DIR/tests/pdf/pdf_bench"
section "dossier vs ocrmypdf (10 pages, one core each)"
bench/ocr_vs_ocrmypdf.sh "$BUILD_DIR" 10
section "text layer on columns, tables and forms vs ocrmypdf (8 generated pages; real scans: DOSSIER_LAYOUT_SCANS)"
bench/layout_vs_ocrmypdf.sh "$BUILD_DIR" 8 "${DOSSIER_LAYOUT_SCANS:-}"
section "batch throughput (20 packages, --jobs 1 and 2)"
bench/batch_bench.sh "$BUILD_DIR" 20 2
if [ -n "${DOSSIER_DEVSET:-}" ]; then
    section "labelled packages from an independent generator ($DOSSIER_DEVSET)"
    bench/devset_bench "$DOSSIER_DEVSET" --build "$BUILD_DIR" --out "$BUILD_DIR/devset-out"
fi
