#!/usr/bin/env bash
# Generates the bundled sample packages, signs with a freshly made TEST certificate, processes
# them as the back office would (batch), and says where the case files are.
set -euo pipefail
BUILD_DIR="${1:-build}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DOSSIER="$ROOT/$BUILD_DIR/app/dossier"
SAMPLES="$ROOT/demo/inbox"
OUT="$ROOT/demo/out"
KEYS="$ROOT/demo/keys"

"$ROOT/$BUILD_DIR/tests/fixtures/dossier_make_samples" "$SAMPLES"
if [ ! -f "$KEYS/signer.p12" ]; then
  "$DOSSIER" keygen --out "$KEYS"
fi
cat > "$ROOT/demo/dossier.yaml" <<YAML
application_date: 2026-11-20
signing:
  p12_file: $KEYS/signer.p12
  password_file: $KEYS/signer.pass
YAML
"$DOSSIER" batch "$SAMPLES" --out "$OUT" --config "$ROOT/demo/dossier.yaml"

echo
echo "Case files (signed with a TEST certificate made for this demo):"
for pdf in "$OUT"/*/case.pdf; do echo "  $pdf"; done
for pdf in "$OUT"/*/receipt.pdf; do [ -e "$pdf" ] && echo "  receipt of refusal: $pdf"; done
echo "Summary: $OUT/summary.csv"
echo "Verify one: $DOSSIER verify $(ls "$OUT"/*/case.pdf | head -1)"
