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
"$BUILD_DIR/tests/pipeline/ingest_bench"
section "orientation (12 document pages x 4 rotations)"
"$BUILD_DIR/tests/pipeline/orientation_bench" --pages 12
section "MRZ gate (12 identity pages, 12 pages of print)"
"$BUILD_DIR/tests/pipeline/mrz_gate_bench" --identity 12 --print 12
section "MRZ (200 scan + 100 phone pages)"
"$BUILD_DIR/tests/ocr/mrz_bench" --scan 200 --phone 100
section "photo check"
"$BUILD_DIR/tests/classify/photo_bench" --binary "$BUILD_DIR/pipeline/dossier"
section "classification and rules (60 packages)"
"$BUILD_DIR/tests/classify/classify_bench" --packages 60
section "case file build and signing"
"$BUILD_DIR/tests/pdf/pdf_bench"
section "dossier vs ocrmypdf (10 pages, one core each)"
bench/ocr_vs_ocrmypdf.sh "$BUILD_DIR" 10
section "text layer on columns, tables and forms vs ocrmypdf (8 generated pages; real scans: DOSSIER_LAYOUT_SCANS)"
bench/layout_vs_ocrmypdf.sh "$BUILD_DIR" 8 "${DOSSIER_LAYOUT_SCANS:-}"
section "batch throughput (20 packages, --jobs 1 and 2)"
bench/batch_bench.sh "$BUILD_DIR" 20 2
