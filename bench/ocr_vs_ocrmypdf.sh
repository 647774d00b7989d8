#!/usr/bin/env bash
# Issue 2 benchmark: dossier vs ocrmypdf on the same generated scanned pages (single core each).
# Prints seconds per page, their ratio, text-layer character error rate (pdftotext vs truth) and
# dossier's share of time outside Tesseract recognition. Usage: bench/ocr_vs_ocrmypdf.sh [BUILD_DIR] [PAGES]
set -euo pipefail
BUILD_DIR="${1:-build}"
PAGES="${2:-10}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d /tmp/dossier-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

command -v ocrmypdf >/dev/null || { echo "installing ocrmypdf for the comparison"; \
  ${SUDO:-$([ "$(id -u)" -eq 0 ] || echo sudo)} apt-get install -y -qq --no-install-recommends ocrmypdf python3-img2pdf; }

"$ROOT/$BUILD_DIR/tests/fixtures/dossier_make_samples" pages "$WORK/pages" "$PAGES"
export OMP_THREAD_LIMIT=1

start=$(date +%s.%N)
"$ROOT/$BUILD_DIR/app/dossier" process "$WORK/pages/case" --out "$WORK/dossier" --jobs 1 \
  --application-date 2026-11-20 --quiet --ocr-engine tesseract
dossier_s=$(echo "$(date +%s.%N) - $start" | bc)

/usr/bin/python3 -m img2pdf "$WORK"/pages/case/*.jpg -o "$WORK/input.pdf"
start=$(date +%s.%N)
taskset -c 0 ocrmypdf -q -l rus+eng+kaz --jobs 1 --output-type pdf "$WORK/input.pdf" "$WORK/ocrmypdf.pdf"
ocrmypdf_s=$(echo "$(date +%s.%N) - $start" | bc)

python3 - "$WORK" "$PAGES" "$dossier_s" "$ocrmypdf_s" <<'PY'
import difflib, json, subprocess, sys, glob, os
work, pages, d_s, o_s = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])

def norm(t): return " ".join(t.split())

def cer(hyp, ref):
    # Edit distance of the truth against the best-matching stretch of the page's text: what the
    # case file adds above and below the scan (page notes, labels) is not an OCR error.
    a, b = norm(hyp), norm(ref)
    prev = list(range(len(b) + 1))
    best = prev[len(b)]
    for i, ca in enumerate(a, 1):
        cur = [0] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
        best = min(best, prev[len(b)])
    return best / max(1, len(b))

truth = [open(f, encoding="utf-8").read() for f in sorted(glob.glob(f"{work}/pages/truth/*.txt"))]
def page_texts(pdf, first):
    out = []
    for i in range(len(truth)):
        t = subprocess.run(["pdftotext", "-f", str(first + i), "-l", str(first + i), "-enc", "UTF-8",
                            pdf, "-"], capture_output=True, text=True).stdout
        out.append(t)
    return out
case_pdf = glob.glob(f"{work}/dossier/*/case.pdf")[0]
report = json.load(open(glob.glob(f"{work}/dossier/*/report.json")[0]))
def page_count(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return int(info.split("Pages:")[1].split()[0])
def texts_of(pdf):
    return [subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), "-enc", "UTF-8", pdf, "-"],
                           capture_output=True, text=True).stdout for i in range(1, page_count(pdf) + 1)]
def matched_cer(pdf):
    # The case file puts a cover first and orders documents by the legal list: each truth page is
    # paired with the page whose words follow it most closely (in order), then scored by CER.
    pages = texts_of(pdf)
    errors = 0.0
    for ref in truth:
        best = max(pages, key=lambda h: difflib.SequenceMatcher(None, norm(h).split(),
                                                                norm(ref).split(), False).ratio())
        errors += cer(best, ref) * len(norm(ref))
        if os.environ.get("BENCH_DEBUG"):
            print(f"  {os.path.basename(pdf)}: page CER {cer(best, ref) * 100:.1f} %", file=sys.stderr)
    return errors / sum(len(norm(r)) for r in truth)
d_cer = matched_cer(case_pdf)
o_cer = matched_cer(f"{work}/ocrmypdf.pdf")
recognition = report["timings_ms"].get("ocr_cpu", 0) / 1000.0
print(f"pages: {pages}")
print(f"dossier:  {d_s / pages:.2f} s/page, text-layer CER {d_cer * 100:.2f} %")
print(f"ocrmypdf: {o_s / pages:.2f} s/page, text-layer CER {o_cer * 100:.2f} %")
print(f"speed-up: {o_s / d_s:.2f}x")
print(f"dossier time outside recognition: {max(0.0, d_s - recognition) / d_s * 100:.1f} % (recognition {recognition:.1f} s of {d_s:.1f} s)")
PY
