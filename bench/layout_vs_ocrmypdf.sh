#!/usr/bin/env bash
# Issue 16 benchmark: the text layer on pages laid out in columns and tables, dossier vs ocrmypdf
# (-l rus+eng+kaz), each page read back with pdftotext. Generated pages (two columns, Kazakh and
# Russian side by side, tables of payments, label/value forms; tests/fixtures/LayoutPages.cpp) and,
# when REAL_DIR is given, real public scans with known text.
#
# Usage: bench/layout_vs_ocrmypdf.sh [BUILD_DIR] [GENERATED_PAGES] [REAL_DIR] [REAL_PAGES]
#   REAL_DIR: a checkout (or bare git directory) of the scribeocr/ocr-benchmark corpus (AGPL-3.0
#   repository; page images from public documents: court filings, magazines, reports, tables),
#   img/<name>.png|jpg with ground_truth/<name>.truth.hocr. Not kept in this repository: clone it
#   and pass its path. REAL_PAGES: space-separated page names (default: every page with a truth).
#
# Per page it prints the character error rate of pdftotext's text against the known text in its
# reading order, and the share of "column phrases" found: the last two words of a line with the
# first two of the line below it in the same column (or, on tables and forms, a row's cells). Two
# columns read as one line lose these phrases even when every word is right. Real scans' truth
# lines come in the corpus's own order, which is not a checked reading order: there the phrases,
# taken from lines that sit one under the other, are the layout figure, the CER a rough one.
# Beside them, the word errors: words of the truth not read plus words read that are not in it,
# counted as bags of words (whatever their order), per 100 words of the truth: what was read,
# apart from the order it was read in.
#
# Both programs are told the same about a page's resolution: ocrmypdf takes every page for a
# 300 dpi scan (--image-dpi 300, which overrides the 96 dpi tag the corpus's PNGs carry), and
# dossier, which does not trust such a tag, is given 300 dpi as its fallback_dpi. dossier assumes
# it only for a page whose file, shape (A4) and print (the height of its letters) tell none.
#
# Environment: DOSSIER_CONFIG=FILE runs dossier with that configuration instead of the fallback
# above (the comparison is then on the information FILE gives); OCRMYPDF_CACHE=DIR keeps
# ocrmypdf's PDFs there and reuses them (its output does not change between runs of ours);
# KEEP_WORK=DIR keeps the pages, the case files and pdftotext's texts there for a closer look.
set -euo pipefail
BUILD_DIR="${1:-build}"
GENERATED="${2:-8}"
REAL_DIR="${3:-}"
REAL_PAGES="${4:-}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if [ -n "${KEEP_WORK:-}" ]; then
  WORK="$KEEP_WORK"
  rm -rf "$WORK" && mkdir -p "$WORK"
else
  WORK="$(mktemp -d /tmp/dossier-layout-bench.XXXXXX)"
  trap 'rm -rf "$WORK"' EXIT
fi
if [ -n "${DOSSIER_CONFIG:-}" ]; then
  CONFIG_ARGS=(--config "$DOSSIER_CONFIG")
else
  printf 'prepare:\n  fallback_dpi: 300\n' >"$WORK/dossier.yaml"
  CONFIG_ARGS=(--config "$WORK/dossier.yaml")
fi
export OMP_THREAD_LIMIT=1

command -v ocrmypdf >/dev/null || { echo "installing ocrmypdf for the comparison"; \
  ${SUDO:-$([ "$(id -u)" -eq 0 ] || echo sudo)} apt-get install -y -qq --no-install-recommends \
    ocrmypdf python3-img2pdf python3-levenshtein; }

mkdir -p "$WORK/pages" "$WORK/truth"
"$ROOT/$BUILD_DIR/tests/fixtures/dossier_make_layout_pages" "$WORK/gen" "$GENERATED" >/dev/null
for f in "$WORK"/gen/case/*; do
  [ -e "$f" ] || continue
  name="$(basename "${f%.*}")"
  cp "$f" "$WORK/pages/"
  cp "$WORK/gen/truth/$name.txt" "$WORK/truth/$name.txt"
  cp "$WORK/gen/phrases/$name.txt" "$WORK/truth/$name.phrases"
done

if [ -n "$REAL_DIR" ]; then
  if [ -d "$REAL_DIR/.git" ] || [ -d "$REAL_DIR/img" ]; then
    show() { cat "$REAL_DIR/$1"; }
    list() { (cd "$REAL_DIR" && ls ground_truth); }
  else
    show() { git --git-dir "$REAL_DIR" show "HEAD:$1"; }
    list() { git --git-dir "$REAL_DIR" ls-tree --name-only HEAD ground_truth/ | xargs -n1 basename; }
  fi
  names="$REAL_PAGES"
  [ -n "$names" ] || names="$(list | sed -n 's/\.truth\.hocr$//p')"
  for name in $names; do
    # The truth is ground_truth/<name>.truth.hocr, for a few pages <name>.hocr; a page with
    # neither is left out (the corpus has images without a truth, e.g. multicol_10).
    truth=""
    for candidate in "ground_truth/$name.truth.hocr" "ground_truth/$name.hocr"; do
      if show "$candidate" >"$WORK/truth/real_$name.hocr" 2>/dev/null; then truth="$candidate"; break; fi
    done
    if [ -z "$truth" ]; then
      rm -f "$WORK/truth/real_$name.hocr"
      echo "$name: no truth file in REAL_DIR, left out" >&2
      continue
    fi
    for ext in png jpg; do
      if show "img/$name.$ext" >"$WORK/pages/real_$name.$ext" 2>/dev/null; then break; fi
      rm -f "$WORK/pages/real_$name.$ext"
    done
  done
fi

mkdir -p "$WORK/ocrmypdf"
for page in "$WORK"/pages/*; do
  name="$(basename "${page%.*}")"
  mkdir -p "$WORK/cases/$name"
  cp "$page" "$WORK/cases/$name/"
  "$ROOT/$BUILD_DIR/app/dossier" process "$WORK/cases/$name" --out "$WORK/dossier/$name" \
    --jobs 1 --application-date 2026-11-20 --quiet --ocr-engine tesseract "${CONFIG_ARGS[@]}"
  cp "$WORK"/dossier/"$name"/*/case.pdf "$WORK/dossier/$name.pdf"
  cached="${OCRMYPDF_CACHE:+$OCRMYPDF_CACHE/$name.$(sha256sum "$page" | cut -c1-16).pdf}"
  if [ -n "$cached" ] && [ -s "$cached" ]; then
    cp "$cached" "$WORK/ocrmypdf/$name.pdf"
    continue
  fi
  # ocrmypdf refuses images with an alpha channel: it gets the page flattened on white. It also
  # refuses a resolution of 96 dpi or less, or none: --image-dpi 300 is used for every page.
  /usr/bin/python3 -c 'import sys; from PIL import Image; im = Image.open(sys.argv[1]);
flat = Image.new("RGB", im.size, "white"); flat.paste(im.convert("RGBA"), mask=im.convert("RGBA"));
flat.save(sys.argv[2], dpi=im.info.get("dpi", (300, 300)))' "$page" "$WORK/flat.png"
  taskset -c 0 ocrmypdf -q -l rus+eng+kaz --jobs 1 --output-type pdf --image-dpi 300 \
    "$WORK/flat.png" "$WORK/ocrmypdf/$name.pdf" || echo "ocrmypdf failed on $name" >&2
  if [ -n "$cached" ] && [ -s "$WORK/ocrmypdf/$name.pdf" ]; then
    mkdir -p "$OCRMYPDF_CACHE" && cp "$WORK/ocrmypdf/$name.pdf" "$cached"
  fi
done

/usr/bin/python3 - "$WORK" <<'PY'
import collections, glob, html, os, re, subprocess, sys
import Levenshtein

work = sys.argv[1]

def norm(text):
    return " ".join(text.replace("_", " ").split())

def page_texts(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    count = int(info.split("Pages:")[1].split()[0])
    return [subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(i), "-l", str(i), pdf, "-"],
                           capture_output=True, text=True).stdout for i in range(1, count + 1)]

def hocr_lines(path):
    # (text, x0, y0, x1, y1) of every ocr_line, in the file's order.
    lines = []
    source = open(path, encoding="utf-8").read()
    for match in re.finditer(r"<span class=['\"]ocr_line['\"] title=\"bbox ([\d. ]+);.*?\">(.*?)</span>\s*</span>",
                             source, re.S):
        box = [float(v) for v in match.group(1).split()[:4]]
        words = re.findall(r"class=['\"]ocrx_word['\"][^>]*>(.*?)</span>", match.group(2) + "</span>", re.S)
        text = " ".join(html.unescape(re.sub("<[^>]+>", "", w)).strip() for w in words).strip()
        if text:
            lines.append((text, *box))
    return lines

def column_phrases(lines):
    # Last two words of a line with the first two of the line right under it in the same column.
    phrases = []
    for a in lines:
        below = [b for b in lines if b is not a and 0 <= b[2] - a[4] < 0.9 * (a[4] - a[2])
                 and abs(b[1] - a[1]) < 0.6 * (a[4] - a[2]) + 5
                 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5 * min(a[3] - a[1], b[3] - b[1])]
        if len(below) != 1:
            continue
        wa, wb = a[0].split(), below[0][0].split()
        if len(wa) >= 2 and len(wb) >= 2:
            phrases.append(" ".join(wa[-2:] + wb[:2]))
    return phrases

def found(phrase, words):
    # The phrase, or a stretch of as many words within 10 % edits of it (OCR errors allowed).
    k = len(phrase.split())
    return any(Levenshtein.ratio(phrase, " ".join(words[i:i + k])) >= 0.9
               for i in range(max(1, len(words) - k + 1)))

def score(pdf, truth, phrases):
    pages = page_texts(pdf)
    best = max(pages, key=lambda t: Levenshtein.ratio(norm(t), truth))
    with open(pdf[:-4] + ".txt", "w", encoding="utf-8") as out:
        out.write(best)
    cer = Levenshtein.distance(norm(best), truth) / max(1, len(truth))
    words = norm(best).split()
    hits = sum(found(p, words) for p in phrases)
    read, known = collections.Counter(words), collections.Counter(truth.split())
    word_errors = (sum((known - read).values()) + sum((read - known).values())) / max(1, sum(known.values()))
    return cer, hits, word_errors

rows = []
for truth_file in sorted(glob.glob(f"{work}/truth/*.txt")) + sorted(glob.glob(f"{work}/truth/*.hocr")):
    name = os.path.basename(truth_file).rsplit(".", 1)[0]
    if truth_file.endswith(".hocr"):
        lines = hocr_lines(truth_file)
        truth = norm("\n".join(l[0] for l in lines))
        phrases = column_phrases(lines)
        if not truth:
            print(f"{name}: no line in its truth file (another hOCR layout), left out", file=sys.stderr)
            continue
    else:
        truth = norm(open(truth_file, encoding="utf-8").read())
        phrases = [p for p in open(f"{work}/truth/{name}.phrases", encoding="utf-8").read().splitlines() if p]
    d = score(f"{work}/dossier/{name}.pdf", truth, phrases)
    other = f"{work}/ocrmypdf/{name}.pdf"
    o = score(other, truth, phrases) if os.path.exists(other) else (1.0, 0, 1.0)
    rows.append((name, d, o, len(phrases)))
    print(f"scored {name}", file=sys.stderr)

print(f"{'page':28} {'CER dossier':>12} {'CER ocrmypdf':>13} {'phrases dossier':>16} {'phrases ocrmypdf':>17}"
      f" {'word errors dossier':>20} {'word errors ocrmypdf':>21}")
not_worse = words_not_worse = 0
for name, d, o, n in rows:
    print(f"{name:28} {d[0] * 100:11.1f}% {o[0] * 100:12.1f}% {d[1]:>9}/{n:<6} {o[1]:>10}/{n:<6}"
          f" {d[2] * 100:19.1f}% {o[2] * 100:20.1f}%")
    not_worse += d[0] <= o[0] + 1e-9
    words_not_worse += d[2] <= o[2] + 1e-9
print(f"pages where dossier's CER is at most ocrmypdf's: {not_worse}/{len(rows)}")
print(f"pages where dossier's word errors are at most ocrmypdf's: {words_not_worse}/{len(rows)}")
PY
